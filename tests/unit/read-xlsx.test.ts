// The streaming workbook reader (server/upload/read-xlsx.ts) against exceljs' full reader, which
// it replaced: on every workbook in the fixtures and on workbooks built here with each kind of
// cell, both must give the same cells in the same rows of the same sheets.
import ExcelJS from 'exceljs';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_COLUMNS } from '../../server/upload/limits';
import { clean, type Cell } from '../../server/upload/normalize';
import { readXlsx } from '../../server/upload/read-xlsx';
import { UploadRefusal } from '../../server/upload/refusal';

type Rows = { row: number; cells: (Cell | null)[] }[];

const isPercentFormat = (numFmt: string | undefined) => !!numFmt && numFmt.replace(/"[^"]*"/g, '').includes('%');

/** The cell mapping the importer used with exceljs' full reader (the reference). */
function reference(value: ExcelJS.CellValue, numFmt: string | undefined): Cell | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number')
    return isPercentFormat(numFmt)
      ? { t: 'number', v: Number((value * 100).toPrecision(12)), percent: true }
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
  if ('hyperlink' in value) return reference(value.text, numFmt);
  if ('formula' in value || 'sharedFormula' in value) {
    const formula = 'formula' in value ? value.formula : value.sharedFormula;
    const result = value.result as ExcelJS.CellValue | undefined;
    if (result === undefined || result === null) return { t: 'formula', formula: String(formula ?? '') };
    return reference(result, numFmt);
  }
  return null;
}

async function withExcelJs(bytes: Buffer): Promise<Map<string, Rows>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  const out = new Map<string, Rows>();
  for (const ws of workbook.worksheets) {
    if (ws.state === 'veryHidden') continue;
    const rows: Rows = [];
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: (Cell | null)[] = [];
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        if (col <= MAX_COLUMNS) cells[col - 1] = reference(cell.value, cell.numFmt);
      });
      if (cells.some((c) => c)) rows.push({ row: rowNumber, cells: Array.from(cells, (c) => c ?? null) });
    });
    out.set(ws.name, rows);
  }
  return out;
}

async function withOurs(bytes: Buffer): Promise<Map<string, Rows>> {
  const out = new Map<string, Rows>();
  await readXlsx(bytes, (name) => {
    const rows: Rows = [];
    out.set(name, rows);
    return {
      row: (row, cells) => {
        // Trailing empty cells are not part of what a row says.
        const last = cells.findLastIndex((c) => c !== null);
        rows.push({ row, cells: cells.slice(0, last + 1) });
        return true;
      },
      end: () => {},
    };
  });
  return out;
}

const trimmed = (sheets: Map<string, Rows>) =>
  new Map(
    [...sheets].map(([name, rows]) => [
      name,
      rows.map((r) => ({ row: r.row, cells: r.cells.slice(0, r.cells.findLastIndex((c) => c !== null) + 1) })),
    ]),
  );

const fixtureDirs = ['tests/fixtures/uploads', 'tests/fixtures/bad'].map((d) => path.resolve(d));
const fixtures = fixtureDirs.flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.xlsx'))
    .map((f) => path.join(dir, f)),
);

describe('the streaming reader gives what exceljs full reader gives', () => {
  it.each(fixtures.map((f) => [path.relative(process.cwd(), f), f]))('%s', async (_name, file) => {
    const bytes = readFileSync(file);
    let expected: Map<string, Rows> | null = null;
    try {
      expected = await withExcelJs(bytes);
    } catch {
      // Not a workbook exceljs can open: ours must refuse it too (with a message), not guess.
    }
    if (expected === null) {
      await expect(withOurs(bytes)).rejects.toBeInstanceOf(UploadRefusal);
      return;
    }
    let ours: Map<string, Rows>;
    try {
      ours = await withOurs(bytes);
    } catch (err) {
      // Refused before reading (zip bomb, absurd dimension …): a refusal with a message, by design.
      expect(err).toBeInstanceOf(UploadRefusal);
      return;
    }
    expect(trimmed(ours)).toEqual(trimmed(expected));
  });

  it('every kind of cell, merged ranges, hidden sheets and the 1904 date system', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('报送');
    ws.addRow(['2022年报送表']);
    ws.mergeCells('A1:E1');
    ws.addRow(['指标代码', '指标名称', '数值', null, '备注']);
    ws.addRow([null, null, '上月', '本月', null]);
    ws.mergeCells('C2:D2');
    ws.mergeCells('A2:A3');
    ws.addRow([
      'I-41-1',
      { richText: [{ text: '供应' }, { text: '产业用地', font: { bold: true } }] },
      1200,
      1500.5,
      '正常',
    ]);
    ws.addRow(['I-41-2', '比率', 0.052, 0.0625, { formula: 'A1', result: '公式结果' }]);
    ws.getCell('C5').numFmt = '0.0%';
    ws.getCell('D5').numFmt = '0.00%';
    ws.addRow(['I-41-3', '日期', new Date(Date.UTC(2022, 9, 31)), { formula: 'C4*2', result: 2400 }, true]);
    ws.addRow(['I-41-4', '错误', { error: '#DIV/0!' }, { formula: 'X1/0' }, false]);
    ws.addRow(['I-41-5', '合并', 7, 8, '合并备注']);
    ws.addRow(['I-41-6', null, 9, 10, null]);
    ws.mergeCells('E8:E9');
    ws.mergeCells('B8:B9');
    ws.addRow([' ', '  ', null, null, null]);
    ws.addRow([{ text: '链接', hyperlink: 'https://example.org' }, 'x', 1e308, -0.5, '\u3000']);
    const hidden = wb.addWorksheet('隐藏', { state: 'hidden' });
    hidden.addRow(['指标代码', '本月数值']);
    hidden.addRow(['I-1-1', 3]);
    const veryHidden = wb.addWorksheet('很隐藏', { state: 'veryHidden' });
    veryHidden.addRow(['secret']);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const ours = await withOurs(bytes);
    expect([...ours.keys()]).toEqual(['报送', '隐藏']);
    expect(trimmed(ours)).toEqual(trimmed(await withExcelJs(bytes)));
    // And what that means, spelled out for the cells that matter most.
    const rows = ours.get('报送')!;
    const cellAt = (row: number, col: number) => rows.find((r) => r.row === row)?.cells[col - 1] ?? null;
    expect(cellAt(5, 3)).toEqual({ t: 'number', v: 5.2, percent: true });
    expect(cellAt(6, 3)).toEqual({ t: 'date', v: '2022-10-31' });
    expect(cellAt(7, 4)).toEqual({ t: 'formula', formula: 'X1/0' });
    expect(cellAt(9, 5)).toEqual({ t: 'text', v: '合并备注' });
    expect(cellAt(3, 1)).toEqual({ t: 'text', v: '指标代码' });

    const wb1904 = new ExcelJS.Workbook();
    wb1904.properties.date1904 = true;
    wb1904.addWorksheet('s').addRow([new Date(Date.UTC(2022, 0, 15)), 'x']);
    const bytes1904 = Buffer.from(await wb1904.xlsx.writeBuffer());
    expect(trimmed(await withOurs(bytes1904))).toEqual(trimmed(await withExcelJs(bytes1904)));
  });
});

describe('merged cells in a sheet too large to look ahead', () => {
  it('are refused with the ranges named, not read as blanks', { timeout: 60_000 }, async () => {
    const { parseFile } = await import('../../server/upload/parse');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('报送');
    ws.addRow(['指标代码', '指标名称', '本月数值', '报告期', '备注']);
    for (let i = 0; i < 60_000; i++)
      ws.addRow([`I-41-${(i % 5) + 1}`, '供应产业用地供应产业用地', i, '2022-10', `第${i}行说明`]);
    ws.mergeCells('E100:E102');
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const refusal = await parseFile({ bytes: new Uint8Array(bytes), report: '2022-10', sheet: null }, () => {}).catch(
      (e: unknown) => e,
    );
    expect(refusal).toBeInstanceOf(UploadRefusal);
    expect((refusal as UploadRefusal).code).toBe('merged_cells');
    expect((refusal as UploadRefusal).message).toContain('E100:E102');
  });
});
