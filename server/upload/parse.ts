// One file → the rows of its table, or a refusal. Runs inside the parse worker (worker.ts);
// nothing here touches the database.
import type { Period } from '../../shared/period';
import { fileKind } from './file-kind';
import { readCsv } from './read-csv';
import { readXlsx } from './read-xlsx';
import { chooseSheet, readRows, type Table } from './table';

export interface ParseRequest {
  bytes: Uint8Array;
  /** The report month chosen for the upload: the year of "10月", the default of a missing month. */
  report: Period;
  /** The worksheet to read when several have a header. */
  sheet: string | null;
}

export interface ParsedFile extends Table {
  fileKind: 'xlsx' | 'csv';
  /** The worksheet read; null for CSV. */
  sheet: string | null;
}

export async function parseFile(request: ParseRequest): Promise<ParsedFile> {
  const bytes = Buffer.from(request.bytes.buffer, request.bytes.byteOffset, request.bytes.byteLength);
  if (fileKind(bytes) === 'csv') {
    const { sheet, decimalComma, notes } = readCsv(bytes);
    const { header } = chooseSheet([sheet], null);
    const table = readRows(sheet, header, request.report, decimalComma);
    return { ...table, notes: [...notes, ...table.notes], fileKind: 'csv', sheet: null };
  }
  const sheets = await readXlsx(bytes);
  const { sheet, header } = chooseSheet(sheets, request.sheet);
  return { ...readRows(sheet, header, request.report, false), fileKind: 'xlsx', sheet: sheet.name };
}
