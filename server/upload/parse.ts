// One file → the records of its table, or a refusal. Runs inside the parse worker (worker.ts);
// nothing here touches the database. A workbook is read as a stream: each sheet's first rows are
// held until its header is found, then the chosen sheet's records go out in chunks (`emit`) as
// they are read, and nothing else of the sheet is kept.
import type { Period } from '../../shared/period';
import { fileKind } from './file-kind';
import { HEADER_SEARCH_ROWS } from './limits';
import { refusals } from './messages';
import type { Cell } from './normalize';
import { readCsv } from './read-csv';
import { readXlsx, type MergedRange, type RowSink } from './read-xlsx';
import { UploadRefusal } from './refusal';
import {
  chooseSheet,
  findHeader,
  readRows,
  ROW_CHUNK,
  TableReader,
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
    const { header } = chooseSheet([sheet], null);
    const table = readRows(sheet, header, request.report, decimalComma);
    for (let i = 0; i < table.rows.length; i += ROW_CHUNK) emit(table.rows.slice(i, i + ROW_CHUNK), table.columns);
    return { columns: table.columns, notes: [...notes, ...table.notes], fileKind: 'csv', sheet: null };
  }
  return readWorkbook(bytes, request, emit);
}

/** As chooseSheet (table.ts) decides it, with each sheet seen once, row by row. */
async function readWorkbook(bytes: Buffer, request: ParseRequest, emit: EmitRows): Promise<ParsedHead> {
  const withHeader: string[] = [];
  // Set inside the callbacks below: a holder, so the compiler does not narrow it to null here.
  const found: { chosen: { name: string; reader: TableReader; headerEnd: number } | null } = { chosen: null };
  let unfilled: MergedRange[] = [];
  const requested = request.sheet;
  let names: string[] = [];
  let target: string | undefined;

  await readXlsx(bytes, (name, all): RowSink | null => {
    if (names.length === 0) {
      names = all;
      // An exact name first, then one equal once trimmed (as chooseSheet).
      target =
        requested === null
          ? undefined
          : (all.find((n) => n === requested) ?? all.find((n) => n.trim() === requested.trim()));
    }
    if (requested !== null && name !== target) return null;
    const head: Sheet = { name, rows: [], truncated: false };
    let reader: TableReader | null = null;
    let decided = false;
    const decide = (): TableReader | null => {
      decided = true;
      const header = findHeader(head);
      if (!header) return null;
      withHeader.push(name);
      // Another sheet already has a header: this one is not read further (the upload will ask
      // which sheet is meant).
      if (found.chosen !== null) return null;
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

  if (requested !== null) {
    if (target === undefined) throw new UploadRefusal('no_such_sheet', refusals.noSuchSheet(requested, names), names);
    if (!found.chosen) throw new UploadRefusal('no_header', refusals.noHeader([target]));
  } else {
    if (withHeader.length === 0) throw new UploadRefusal('no_header', refusals.noHeader(names.filter((n) => n !== '')));
    if (withHeader.length > 1)
      throw new UploadRefusal('several_sheets', refusals.severalSheets(withHeader), withHeader);
  }
  const { name, reader, headerEnd } = found.chosen!;
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
