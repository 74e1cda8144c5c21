// One table to .xlsx or .csv, for the chart data and the data export. Every text cell goes
// through safeCell; numbers stay numbers. The .xlsx carries a title and notes (source, report
// month) above a frozen header row; the .csv is the header and rows only, so tools read it as is.
import { csvFile, safeCell } from './safe-cell';

export type SheetValue = string | number | null;

export interface SheetDoc {
  sheetName: string;
  title: string;
  /** Lines under the title in the .xlsx (source, report month, filters). */
  notes: string[];
  columns: string[];
  rows: SheetValue[][];
  /** Column widths in characters; defaults to a width from the header. */
  widths?: number[];
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_TYPE = 'text/csv; charset=utf-8';

/** Excel refuses sheet names over 31 characters or with []:*?/\ in them. */
function sheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Sheet1';
}

export async function sheetXlsx(doc: SheetDoc): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = '方案监测 Plan Monitor';
  const headerRow = 2 + doc.notes.length;
  const ws = book.addWorksheet(sheetName(doc.sheetName), { views: [{ state: 'frozen', ySplit: headerRow }] });
  ws.columns = doc.columns.map((c, i) => ({ width: doc.widths?.[i] ?? Math.max(10, c.length * 2 + 2) }));
  const last = ws.getColumn(Math.max(1, doc.columns.length)).letter;
  const lead = [doc.title, ...doc.notes];
  lead.forEach((text, i) => {
    ws.mergeCells(`A${i + 1}:${last}${i + 1}`);
    const cell = ws.getCell(`A${i + 1}`);
    cell.value = safeCell(text);
    if (i === 0) cell.font = { bold: true, size: 14 };
    else cell.font = { color: { argb: 'FF595959' } };
  });
  const header = ws.getRow(headerRow);
  header.values = doc.columns.map((c) => safeCell(c));
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  for (const row of doc.rows) ws.addRow(row.map((v) => safeCell(v)));
  return Buffer.from(await book.xlsx.writeBuffer());
}

export function sheetCsv(doc: SheetDoc): Buffer {
  return csvFile([doc.columns, ...doc.rows]);
}
