// One file → the records of its table, or a refusal. Runs inside the parse worker (worker.ts);
// nothing here touches the database. A workbook is read as a stream: each sheet's first rows are
// held until its header is found, then the chosen sheet's records go out in chunks (`emit`) as
// they are read, and nothing else of the sheet is kept.
import type { Period } from '../../shared/period';
import { fileKind } from './file-kind';
import { HEADER_SEARCH_ROWS } from './limits';
import { fileNotes, refusals } from './messages';
import type { Cell } from './normalize';
import { readCsv } from './read-csv';
import { readXlsx, type MergedRange, type RowSink } from './read-xlsx';
import { UploadRefusal } from './refusal';
import { sheetIsFor } from './sheet-month';
import {
  findHeader,
  noTable,
  readRows,
  ROW_CHUNK,
  TableReader,
  type Header,
  type RawRow,
  type Sheet,
  type Table,
} from './table';

export interface ParseRequest {
  bytes: Uint8Array;
  /** The report month chosen for the upload: the year of "10月", the default of a missing month. */
  report: Period;
  /** The worksheet to read when several have a header. */
  sheet: string | null;
}

/** What a parse tells besides the records: the table's columns and notes, and where it was. */
export interface ParsedHead extends Omit<Table, 'rows'> {
  fileKind: 'xlsx' | 'csv';
  /** The worksheet read; null for CSV. */
  sheet: string | null;
}

export interface ParsedFile extends ParsedHead {
  rows: RawRow[];
}

/** Parse a file; its records go to `emit` in chunks, in file order, before the head is returned. */
/** Records on their way out of a parse, with the header labels they are read under. */
export type EmitRows = (rows: RawRow[], columns: Table['columns']) => void;

export async function parseFile(request: ParseRequest, emit: EmitRows): Promise<ParsedHead> {
  const bytes = Buffer.from(request.bytes.buffer, request.bytes.byteOffset, request.bytes.byteLength);
  if (fileKind(bytes) === 'csv') {
    const { sheet, decimalComma, notes } = readCsv(bytes);
    const header = findHeader(sheet);
    if (!header) throw noTable([sheet]);
    const table = readRows(sheet, header, request.report, decimalComma);
    for (let i = 0; i < table.rows.length; i += ROW_CHUNK) emit(table.rows.slice(i, i + ROW_CHUNK), table.columns);
    return { columns: table.columns, notes: [...notes, ...table.notes], fileKind: 'csv', sheet: null };
  }
  return readWorkbook(bytes, request, emit);
}

/**
 * A workbook: the sheet named, the only sheet, or — when there are several — the one sheet with a
 * header, else the one whose month (sheet-month.ts) is the report month. With several sheets and
 * none named, each sheet's first rows are read first and the chosen sheet is then read on its own
 * (a second pass over the zip; a sheet is only ever read whole once). A single-sheet workbook is
 * read in one pass.
 */
async function readWorkbook(bytes: Buffer, request: ParseRequest, emit: EmitRows): Promise<ParsedHead> {
  const heads: { sheet: Sheet; header: Header | null }[] = [];
  // Set inside the callbacks below: a holder, so the compiler does not narrow it to null here.
  const found: { chosen: { name: string; reader: TableReader; headerEnd: number } | null } = { chosen: null };
  let unfilled: MergedRange[] = [];
  const requested = request.sheet;
  let names: string[] = [];
  let target: string | undefined;
  /** false: several sheets and none named, so only each sheet's first rows are read (see above). */
  let readWhole = true;

  await readXlsx(bytes, (name, all): RowSink | null => {
    if (names.length === 0) {
      names = all;
      // An exact name first, then one equal once trimmed.
      target =
        requested === null
          ? undefined
          : (all.find((n) => n === requested) ?? all.find((n) => n.trim() === requested.trim()));
      readWhole = requested !== null || all.length === 1;
    }
    if (requested !== null && name !== target) return null;
    const head: Sheet = { name, rows: [], truncated: false };
    let reader: TableReader | null = null;
    let decided = false;
    const decide = (): TableReader | null => {
      decided = true;
      const header = findHeader(head);
      heads.push({ sheet: head, header });
      if (!header || !readWhole) return null;
      const r = new TableReader(header, request.report, false, emit);
      found.chosen = { name, reader: r, headerEnd: head.rows[header.last]!.row };
      for (const h of head.rows.slice(header.last + 1)) r.add(h.row, h.cells);
      return r;
    };
    return {
      row(rowNumber: number, cells: (Cell | null)[]) {
        if (!reader) {
          // The header is within the first rows; a two-row header may take one more.
          if (rowNumber <= HEADER_SEARCH_ROWS + 1) {
            head.rows.push({ row: rowNumber, cells });
            return true;
          }
          reader = decided ? null : decide();
          if (!reader) return false;
        }
        reader.add(rowNumber, cells);
        return true;
      },
      end(merges) {
        if (!decided) reader = decide();
        if (reader) unfilled = merges;
      },
    };
  });

  if (requested !== null && target === undefined)
    throw new UploadRefusal('no_such_sheet', refusals.noSuchSheet(requested, names), names);
  if (!readWhole) return readChosenSheet(bytes, request, emit, heads);
  if (!found.chosen) throw noTable(heads.map((h) => h.sheet));
  const { name, reader, headerEnd } = found.chosen;
  // Merges within the header change nothing (findHeader reads a merged label from its first cell).
  const inData = unfilled.filter((m) => m.bottom > headerEnd);
  if (inData.length > 0)
    throw new UploadRefusal(
      'merged_cells',
      refusals.mergedCells(
        name,
        inData.map((m) => m.ref),
      ),
    );
  const table = reader.finish();
  return { columns: table.columns, notes: table.notes, fileKind: 'xlsx', sheet: name };
}

/** Several sheets, none named: the one with a header, else the report month's; otherwise ask. */
async function readChosenSheet(
  bytes: Buffer,
  request: ParseRequest,
  emit: EmitRows,
  heads: { sheet: Sheet; header: Header | null }[],
): Promise<ParsedHead> {
  const withHeader = heads.filter((h) => h.header !== null);
  if (withHeader.length === 0) throw noTable(heads.map((h) => h.sheet));
  if (withHeader.length === 1) return readWorkbook(bytes, { ...request, sheet: withHeader[0]!.sheet.name }, emit);
  const forMonth = withHeader.filter((h) => sheetIsFor(h.sheet, h.header!, request.report)).map((h) => h.sheet.name);
  if (forMonth.length === 1) {
    const head = await readWorkbook(bytes, { ...request, sheet: forMonth[0]! }, emit);
    return { ...head, notes: [fileNotes.sheetForMonth(forMonth[0]!, request.report), ...head.notes] };
  }
  if (forMonth.length > 1)
    throw new UploadRefusal('several_sheets', refusals.severalForMonth(forMonth, request.report), forMonth);
  const candidates = withHeader.map((h) => h.sheet.name);
  throw new UploadRefusal('several_sheets', refusals.severalSheets(candidates, request.report), candidates);
}
