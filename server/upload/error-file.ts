// The full error list of a dry run, built when asked for (the preview lists only the first errors
// of each kind): one row per error row of the file, as .csv or .xlsx. The .xlsx is streamed
// (exceljs' writer): a 100,000-row workbook built in memory took over a gigabyte.
import { PassThrough } from 'node:stream';
import { csvFile, safeCell } from '../export/safe-cell';
import { CSV_TYPE, XLSX_TYPE } from '../export/sheet';
import type { ErrorLine } from './preview';

export const ERROR_FILE_TYPES = { csv: CSV_TYPE, xlsx: XLSX_TYPE } as const;

const HEADER = ['行号', '问题类别', '指标代码', '月份', '问题说明'];

export async function errorFile(found: { fileName: string; lines: ErrorLine[] }, format: 'csv' | 'xlsx') {
  const stem = found.fileName.replace(/\.[^.]*$/, '');
  const fileName = `${stem}-错误清单.${format}`;
  const asciiName = `upload-errors.${format}`;
  if (format === 'csv') return { fileName, asciiName, body: csvFile([HEADER, ...found.lines]) };
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = book.addWorksheet('错误清单');
  sheet.columns = [{ width: 8 }, { width: 18 }, { width: 14 }, { width: 10 }, { width: 80 }];
  sheet.addRow(HEADER).commit();
  for (const [row, kind, code, period, message] of found.lines)
    sheet.addRow([row, safeCell(kind), code === null ? null : safeCell(code), period, safeCell(message)]).commit();
  sheet.commit();
  await book.commit();
  return { fileName, asciiName, body: Buffer.concat(chunks) };
}
