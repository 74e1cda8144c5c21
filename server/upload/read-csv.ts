// .csv → one sheet of text cells. The encoding is found from the bytes (UTF-8 with or without
// BOM, UTF-16 as Excel's "Unicode text", else GBK as Chinese Excel saves CSV), the separator from
// which one turns up a header row; with ";" numbers are read with decimal commas (1.234,5).
import { parse } from 'csv-parse/sync';
import { utf16WithoutBom } from './file-kind';
import { MAX_COLUMNS, MAX_DATA_ROWS, HEADER_SEARCH_ROWS, MAX_SHEET_COLUMNS } from './limits';
import { fileNotes, refusals } from './messages';
import type { Cell } from './normalize';
import { UploadRefusal } from './refusal';
import { findHeader, type Sheet } from './table';

function decode(bytes: Buffer): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'UTF-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16' };
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return { text: new TextDecoder(utf16).decode(bytes), encoding: 'UTF-16' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    return { text: new TextDecoder('gbk').decode(bytes), encoding: 'GBK' };
  }
}

const DELIMITERS = [',', ';', '\t'] as const;

function toSheet(records: string[][]): Sheet {
  const keep = MAX_DATA_ROWS + HEADER_SEARCH_ROWS + 2;
  const sheet: Sheet = { name: '', rows: [], truncated: false };
  records.forEach((record, i) => {
    // The same bound as a workbook's declared range (zip-guard.ts): no report is this wide.
    if (record.length > MAX_SHEET_COLUMNS)
      throw new UploadRefusal('sheet_dimension', refusals.tooManyColumns(i + 1, record.length));
    const cells = record.slice(0, MAX_COLUMNS).map((v): Cell | null => (v.trim() === '' ? null : { t: 'text', v }));
    if (!cells.some((c) => c)) return;
    if (sheet.rows.length >= keep) sheet.truncated = true;
    else sheet.rows.push({ row: i + 1, cells });
  });
  return sheet;
}

const parseWith = (text: string, delimiter: string, toLine?: number): string[][] =>
  parse(text, {
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    ...(toLine ? { to_line: toLine } : {}),
  });

/** The lines as they stand, split at the separator: what is left when quotes do not pair up. */
const splitLines = (text: string, delimiter: string, toLine?: number) =>
  text
    .split('\n')
    .slice(0, toLine)
    .map((line) => line.split(delimiter));

export function readCsv(bytes: Buffer): { sheet: Sheet; decimalComma: boolean; notes: string[] } {
  const decoded = decode(bytes);
  const encoding = decoded.encoding;
  // One line ending throughout: csv-parse takes the first one it meets as the only one.
  const text = decoded.text.replace(/\r\n?/g, '\n');
  const notes = encoding === 'UTF-8' ? [] : [fileNotes.encoding(encoding)];
  // The separator whose first lines give the header with the most recognised columns.
  let best: { delimiter: string; score: number } = { delimiter: ',', score: -1 };
  for (const delimiter of DELIMITERS) {
    let head: string[][];
    try {
      head = parseWith(text, delimiter, HEADER_SEARCH_ROWS + 2);
    } catch {
      head = splitLines(text, delimiter, HEADER_SEARCH_ROWS + 2);
    }
    const header = findHeader(toSheet(head));
    const score = header ? Object.keys(header.columns).length : 0;
    if (score > best.score) best = { delimiter, score };
  }
  if (best.delimiter === ';') notes.push(fileNotes.semicolon());
  if (best.delimiter === '\t') notes.push(fileNotes.tab());
  let records: string[][];
  try {
    records = parseWith(text, best.delimiter);
  } catch {
    // An unbalanced quote: read the lines as they stand rather than refuse the file, and say where.
    records = splitLines(text, best.delimiter);
    const row = records.findIndex((cells) => (cells.join(best.delimiter).match(/"/g)?.length ?? 0) % 2 === 1);
    if (row >= 0) notes.push(fileNotes.openQuote(row + 1));
  }
  return { sheet: toSheet(records), decimalComma: best.delimiter === ';', notes };
}
