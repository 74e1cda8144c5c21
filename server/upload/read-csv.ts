// .csv → one sheet of text cells. The encoding is found from the bytes (UTF-8 with or without
// BOM, UTF-16 as Excel's "Unicode text", else GBK as Chinese Excel saves CSV), the separator from
// which one turns up a header row; with ";" numbers are read with decimal commas (1.234,5).
import { parse } from 'csv-parse/sync';
import { MAX_COLUMNS, MAX_DATA_ROWS, HEADER_SEARCH_ROWS } from './limits';
import { fileNotes } from './messages';
import type { Cell } from './normalize';
import { findHeader, type Sheet } from './table';

function decode(bytes: Buffer): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'UTF-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16' };
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

export function readCsv(bytes: Buffer): { sheet: Sheet; decimalComma: boolean; notes: string[] } {
  const { text, encoding } = decode(bytes);
  const notes = encoding === 'UTF-8' ? [] : [fileNotes.encoding(encoding)];
  // The separator whose first lines give the header with the most recognised columns.
  let best: { delimiter: string; score: number } = { delimiter: ',', score: -1 };
  for (const delimiter of DELIMITERS) {
    let head: string[][];
    try {
      head = parseWith(text, delimiter, HEADER_SEARCH_ROWS + 2);
    } catch {
      continue;
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
    // An unbalanced quote: read the lines as they stand rather than refuse the file.
    records = text.split(/\r\n|\n|\r/).map((line) => line.split(best.delimiter));
  }
  return { sheet: toSheet(records), decimalComma: best.delimiter === ';', notes };
}
