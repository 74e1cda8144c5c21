// .xlsx → sheets of cells. The zip is checked first (zip-guard.ts); then exceljs loads it (the
// full reader keeps formula results, error values and merged cells, which its streaming reader
// drops). This runs in the parse worker, whose heap ceiling bounds what a hostile file can cost.
import ExcelJS from 'exceljs';
import { HEADER_SEARCH_ROWS, MAX_COLUMNS, MAX_DATA_ROWS } from './limits';
import { refusals } from './messages';
import { clean, type Cell } from './normalize';
import { UploadRefusal } from './refusal';
import type { Sheet } from './table';
import { checkWorkbookZip } from './zip-guard';

const isPercentFormat = (numFmt: string | undefined) => !!numFmt && numFmt.replace(/"[^"]*"/g, '').includes('%');
const noNoise = (n: number) => Number(n.toPrecision(12));

function fromValue(value: ExcelJS.CellValue, numFmt: string | undefined): Cell | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number')
    return isPercentFormat(numFmt)
      ? { t: 'number', v: noNoise(value * 100), percent: true }
      : { t: 'number', v: value };
  if (typeof value === 'string') return clean(value) === '' ? null : { t: 'text', v: value };
  if (typeof value === 'boolean') return { t: 'bool', v: value };
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? null : { t: 'date', v: value.toISOString().slice(0, 10) };
  if ('error' in value) return { t: 'error', v: String(value.error) };
  if ('richText' in value) {
    const text = value.richText.map((r) => r.text).join('');
    return clean(text) === '' ? null : { t: 'text', v: text };
  }
  if ('hyperlink' in value) {
    const text = value.text as unknown;
    if (typeof text === 'string') return { t: 'text', v: text };
    return fromValue(text as ExcelJS.CellValue, numFmt);
  }
  if ('formula' in value || 'sharedFormula' in value) {
    const formula = 'formula' in value ? value.formula : value.sharedFormula;
    const result = value.result as ExcelJS.CellValue | undefined;
    if (result === undefined || result === null) return { t: 'formula', formula: String(formula ?? '') };
    return fromValue(result, numFmt);
  }
  return null;
}

export async function readXlsx(bytes: Buffer): Promise<Sheet[]> {
  checkWorkbookZip(bytes);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch {
    throw new UploadRefusal('unreadable_xlsx', refusals.unreadableXlsx());
  }
  const keep = MAX_DATA_ROWS + HEADER_SEARCH_ROWS + 2;
  return workbook.worksheets
    .filter((ws) => ws.state !== 'veryHidden')
    .map((ws) => {
      const sheet: Sheet = { name: ws.name, rows: [], truncated: false };
      ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
        if (sheet.rows.length >= keep) {
          sheet.truncated = true;
          return;
        }
        const cells: (Cell | null)[] = [];
        row.eachCell({ includeEmpty: false }, (cell, col) => {
          if (col <= MAX_COLUMNS) cells[col - 1] = fromValue(cell.value, cell.numFmt);
        });
        if (cells.some((c) => c)) sheet.rows.push({ row: rowNumber, cells: Array.from(cells, (c) => c ?? null) });
      });
      return sheet;
    });
}
