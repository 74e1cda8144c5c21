// .xlsx → rows of cells, streamed. The zip is checked first (zip-guard.ts); then each worksheet
// part is inflated in chunks and read by a SAX parser (saxes, the parser exceljs itself uses),
// one row at a time, so a 100,000-row sheet never sits in memory as a document or as cell
// objects: the caller (parse.ts) decides row by row what to keep. This replaced exceljs' full
// workbook reader, which took 6 s and 1.5 GB for a 3 MB file; its streaming reader is no lighter
// per row and drops merged cells. What the full reader gave us is kept: formula results, error
// values, booleans, dates and percentages from the number format, merged cells (a slave cell reads
// as its master), and very hidden sheets left out. tests/unit/read-xlsx.test.ts compares the two
// readers cell by cell on every workbook in the fixtures.
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createInflateRaw } from 'node:zlib';
import { MAX_COLUMNS } from './limits';
import { refusals } from './messages';
import { clean, type Cell } from './normalize';
import { UploadRefusal } from './refusal';
import { centralDirectory, checkWorkbookZip, inflateEntry, type ZipEntry } from './zip-guard';

/** Receives one sheet's non-empty rows in order; `row` returns false to skip the rest of the sheet. */
export interface RowSink {
  row(rowNumber: number, cells: (Cell | null)[]): boolean;
  /**
   * The sheet has been read (or left after a false). `unfilled`: merged ranges of a sheet too
   * large to look ahead for them, so their rows were given without the master's value.
   */
  end(unfilled: MergedRange[]): void;
}

export interface MergedRange {
  ref: string;
  top: number;
  bottom: number;
}

/**
 * Merged ranges are listed after a sheet's rows. Up to this inflated size a sheet is inflated
 * once ahead to find them (a few tens of milliseconds); a larger sheet is read in one pass, and
 * merges found at its end are reported (a report that large is not hand-merged).
 */
const LOOK_AHEAD_BYTES = 8 * 1024 * 1024;

const local = (name: string) => name.slice(name.indexOf(':') + 1);
const unreadable = () => new UploadRefusal('unreadable_xlsx', refusals.unreadableXlsx());

/** Parse a small XML part whole, calling `open` for each element and `text` for its text. */
function walk(
  xml: string,
  on: { open?: (tag: SaxesTagPlain) => void; text?: (t: string) => void; close?: (name: string) => void },
) {
  const parser = new SaxesParser<{ xmlns: false; position: false }>({ xmlns: false, position: false });
  if (on.open) parser.on('opentag', on.open);
  if (on.text) parser.on('text', on.text);
  if (on.close) parser.on('closetag', (tag) => on.close!(local(tag.name)));
  try {
    parser.write(xml).close();
  } catch {
    throw unreadable();
  }
}

/** Rich text keeps its runs' text; phonetic guides (<rPh>, furigana) are not part of the value. */
function sharedStrings(xml: string): string[] {
  const out: string[] = [];
  let current: string | null = null;
  let inText = false;
  let phonetic = 0;
  walk(xml, {
    open: (tag) => {
      const name = local(tag.name);
      if (name === 'si') current = '';
      else if (name === 'rPh') phonetic++;
      else if (name === 't' && phonetic === 0) inText = true;
    },
    text: (t) => {
      if (inText && current !== null) current += t;
    },
    close: (name) => {
      if (name === 't') inText = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'si') {
        out.push(current ?? '');
        current = null;
      }
    },
  });
  return out;
}

type Format = 'plain' | 'percent' | 'date';
// Built-in number formats (ECMA-376 18.8.30): 9 and 10 are percentages; these are dates.
const BUILTIN_DATES = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57]);

function formatOf(code: string): Format {
  const bare = code.replace(/"[^"]*"/g, '').replace(/\[[^\]]*]/g, '');
  if (bare.includes('%')) return 'percent';
  // As exceljs decides it (utils.isDateFmt): any date or time letter outside quotes and brackets.
  return /[ymdhMsb]+/.test(bare) ? 'date' : 'plain';
}

/** Each cell style index (`s`) → how its number format shows a number. */
function cellFormats(xml: string): Format[] {
  const custom = new Map<number, string>();
  const formats: Format[] = [];
  let inCellXfs = false;
  walk(xml, {
    open: (tag) => {
      const name = local(tag.name);
      const a = tag.attributes;
      if (name === 'numFmt') custom.set(Number(a.numFmtId), a.formatCode ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) {
        const id = Number(a.numFmtId ?? 0);
        const code = custom.get(id);
        formats.push(
          code !== undefined
            ? formatOf(code)
            : id === 9 || id === 10
              ? 'percent'
              : BUILTIN_DATES.has(id)
                ? 'date'
                : 'plain',
        );
      }
    },
    close: (name) => {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return formats;
}

/** A1 → 1-based column; 0 when the reference is not one. */
function columnOf(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) col = col * 26 + c - 64;
    else if (c >= 97 && c <= 122) col = col * 26 + c - 96;
    else break;
  }
  return col;
}

const noNoise = (n: number) => Number(n.toPrecision(12));

function serialDate(serial: number, date1904: boolean): Cell | null {
  // As Excel (and exceljs' excelToDate): day 25569 is 1970-01-01; the 1904 system is 1462 days on.
  const date = new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
  return Number.isNaN(date.getTime()) ? null : { t: 'date', v: date.toISOString().slice(0, 10) };
}

function text(v: string): Cell | null {
  return clean(v) === '' ? null : { t: 'text', v };
}

interface RawCell {
  t: string | undefined;
  s: number;
  v: string | null;
  f: string | null;
}

function fromNumber(n: number, format: Format, date1904: boolean): Cell | null {
  if (format === 'percent') return { t: 'number', v: noNoise(n * 100), percent: true };
  return format === 'date' ? serialDate(n, date1904) : { t: 'number', v: n };
}

function toCell(c: RawCell, strings: string[], formats: Format[], date1904: boolean): Cell | null {
  if (c.f !== null && c.v === null) return { t: 'formula', formula: c.f };
  if (c.v === null) return null;
  switch (c.t) {
    case 's': {
      const s = strings[Number.parseInt(c.v, 10)];
      return s === undefined ? null : text(s);
    }
    case 'inlineStr':
    case 'str':
      return text(c.v);
    case 'e':
      return { t: 'error', v: c.v };
    case 'b':
      return { t: 'bool', v: Number.parseInt(c.v, 10) !== 0 };
    case 'd': {
      const d = new Date(c.v);
      return Number.isNaN(d.getTime()) ? null : { t: 'date', v: d.toISOString().slice(0, 10) };
    }
    default:
      return fromNumber(Number.parseFloat(c.v), formats[c.s] ?? 'plain', date1904);
  }
}

/** The part of a worksheet after its rows (merged cells live there), found by inflating once. */
async function* inflated(bytes: Buffer, entry: ZipEntry): AsyncGenerator<Buffer> {
  if (entry.method === 0) {
    yield inflateEntry(bytes, entry);
    return;
  }
  // inflateEntry checks the local header and sizes; here only the data is needed, in chunks.
  const p = entry.localOffset;
  const start = p + 30 + bytes.readUInt16LE(p + 26) + bytes.readUInt16LE(p + 28);
  const data = bytes.subarray(start, start + entry.compressedSize);
  let total = 0;
  const inflate = createInflateRaw({ chunkSize: 256 * 1024 });
  try {
    for await (const chunk of Readable.from([data]).pipe(inflate) as AsyncIterable<Buffer>) {
      total += chunk.length;
      // Never more than the entry declared (zip-guard checked the declared sizes).
      if (total > entry.size) throw new UploadRefusal('zip_mismatch', refusals.zipMismatch(entry.name));
      yield chunk;
    }
  } catch (err) {
    if (err instanceof UploadRefusal) throw err;
    throw new UploadRefusal('zip_corrupt', refusals.zipCorrupt());
  } finally {
    inflate.destroy();
  }
  if (total !== entry.size) throw new UploadRefusal('zip_mismatch', refusals.zipMismatch(entry.name));
}

interface Merge {
  ref: string;
  top: number;
  left: number;
  bottom: number;
  right: number;
}

const MAX_MERGES = 10_000;

/** `<mergeCell ref="A1:C2">` ranges, read from what follows `</sheetData>`. */
async function mergesOf(bytes: Buffer, entry: ZipEntry): Promise<Merge[]> {
  const marker = Buffer.from('sheetData>');
  let tail: Buffer[] | null = null;
  let carry = Buffer.alloc(0);
  for await (const chunk of inflated(bytes, entry)) {
    if (tail) {
      tail.push(chunk);
      continue;
    }
    // The closing tag is `</sheetData>` (or `</x:sheetData>`); a chunk may split it, so the few
    // bytes before each chunk are searched with its start.
    const edge = Buffer.concat([carry, chunk.subarray(0, marker.length + 1)]);
    const inChunk = chunk.lastIndexOf(marker);
    const atEdge = edge.lastIndexOf(marker);
    if (inChunk > 0 && chunk[inChunk - 1] === 0x2f) tail = [chunk.subarray(inChunk)];
    else if (atEdge > 0 && edge[atEdge - 1] === 0x2f) tail = [edge.subarray(atEdge), chunk.subarray(marker.length + 1)];
    else carry = Buffer.from(chunk.subarray(Math.max(0, chunk.length - marker.length - 1)));
  }
  const merges: Merge[] = [];
  for (const [, ref] of (tail ? Buffer.concat(tail).toString('utf8') : '').matchAll(
    /<(?:\w+:)?mergeCell\b[^>]*\bref\s*=\s*["']([^"']+)["']/g,
  )) {
    const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7}):\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(ref!);
    if (!m) continue;
    merges.push({
      ref: ref!,
      left: columnOf(m[1]!),
      top: Number(m[2]),
      right: Math.min(columnOf(m[3]!), MAX_COLUMNS),
      bottom: Number(m[4]),
    });
    if (merges.length >= MAX_MERGES) break;
  }
  return merges;
}

/** Fills merged areas: each slave cell of a merge reads as the merge's top-left cell. */
class MergeFill {
  private readonly byTop: Map<number, Merge[]>;
  private active: { merge: Merge; master: Cell | null }[] = [];

  constructor(merges: Merge[]) {
    this.byTop = new Map();
    for (const m of merges) this.byTop.set(m.top, [...(this.byTop.get(m.top) ?? []), m]);
  }

  apply(rowNumber: number, cells: (Cell | null)[]) {
    this.active = this.active.filter((a) => a.merge.bottom >= rowNumber);
    for (const merge of this.byTop.get(rowNumber) ?? [])
      this.active.push({ merge, master: cells[merge.left - 1] ?? null });
    for (const { merge, master } of this.active)
      for (let col = merge.left; col <= merge.right; col++)
        if (!(rowNumber === merge.top && col === merge.left)) cells[col - 1] = master;
  }

  /** Rows with no cell of their own that a merge still covers (a merged block's empty rows). */
  pending(after: number, before: number): number[] {
    const rows = new Set<number>();
    for (const { merge } of this.active)
      for (let r = after + 1; r < Math.min(before, merge.bottom + 1); r++) if (r >= merge.top) rows.add(r);
    for (const [top, list] of this.byTop)
      if (top > after && top < before)
        for (const m of list) for (let r = top; r <= Math.min(m.bottom, before - 1); r++) rows.add(r);
    return [...rows].sort((a, b) => a - b);
  }
}

/** Stream one worksheet's rows into the sink. */
async function readSheet(
  bytes: Buffer,
  entry: ZipEntry,
  sink: RowSink,
  strings: string[],
  formats: Format[],
  date1904: boolean,
): Promise<MergedRange[]> {
  const lookAhead = entry.size <= LOOK_AHEAD_BYTES;
  const merges = lookAhead ? await mergesOf(bytes, entry) : [];
  const fill = merges.length > 0 ? new MergeFill(merges) : null;
  const unfilled: MergedRange[] = [];
  const parser = new SaxesParser<{ xmlns: false; position: false }>({ xmlns: false, position: false });
  let stopped = false;
  let rowNumber = 0;
  let lastRow = 0;
  let cells: (Cell | null)[] = [];
  let col = 0;
  let cell: RawCell | null = null;
  let capture: 'v' | 'f' | 't' | null = null;
  let phonetic = 0;
  let captured = '';

  const emit = (n: number, row: (Cell | null)[]) => {
    if (stopped) return;
    if (row.some((c) => c !== null && c !== undefined)) {
      if (
        !sink.row(
          n,
          Array.from(row, (c) => c ?? null),
        )
      )
        stopped = true;
    }
  };
  const flushMerged = (before: number) => {
    if (!fill) return;
    // Rows inside a merged block that the file leaves out still read as their master.
    for (const r of fill.pending(lastRow, before)) {
      const row: (Cell | null)[] = [];
      fill.apply(r, row);
      emit(r, row);
    }
  };

  parser.on('opentag', (tag) => {
    const name = local(tag.name);
    switch (name) {
      case 'row': {
        const r = Number.parseInt(tag.attributes.r ?? '', 10);
        rowNumber = Number.isFinite(r) && r > 0 ? r : rowNumber + 1;
        cells = [];
        col = 0;
        break;
      }
      case 'c': {
        const ref = tag.attributes.r;
        col = ref ? columnOf(ref) || col + 1 : col + 1;
        const s = Number.parseInt(tag.attributes.s ?? '0', 10);
        cell = { t: tag.attributes.t, s: Number.isFinite(s) ? s : 0, v: null, f: null };
        break;
      }
      case 'v':
      case 'f':
        if (cell) {
          capture = name;
          captured = '';
        }
        break;
      case 'is':
        if (cell) cell.v = '';
        break;
      case 'rPh':
        phonetic++;
        break;
      case 'mergeCell': {
        const m = /^\$?[A-Za-z]{1,3}\$?(\d{1,7}):\$?[A-Za-z]{1,3}\$?(\d{1,7})$/.exec(tag.attributes.ref ?? '');
        if (!lookAhead && m && unfilled.length < MAX_MERGES)
          unfilled.push({ ref: tag.attributes.ref!, top: Number(m[1]), bottom: Number(m[2]) });
        break;
      }
      case 't':
        if (cell && cell.v !== null && phonetic === 0) {
          capture = 't';
          captured = '';
        }
        break;
    }
  });
  parser.on('text', (t) => {
    if (capture) captured += t;
  });
  parser.on('closetag', (tag) => {
    const name = local(tag.name);
    switch (name) {
      case 'v':
        if (cell && capture === 'v') cell.v = captured;
        capture = null;
        break;
      case 'f':
        if (cell && capture === 'f') cell.f = captured;
        capture = null;
        break;
      case 't':
        if (cell && capture === 't') cell.v += captured;
        capture = null;
        break;
      case 'rPh':
        phonetic--;
        break;
      case 'c':
        if (cell && col >= 1 && col <= MAX_COLUMNS) cells[col - 1] = toCell(cell, strings, formats, date1904);
        cell = null;
        break;
      case 'row':
        flushMerged(rowNumber);
        fill?.apply(rowNumber, cells);
        emit(rowNumber, cells);
        lastRow = rowNumber;
        break;
      case 'sheetData':
        flushMerged(Number.MAX_SAFE_INTEGER);
        break;
    }
  });

  // StringDecoder, not TextDecoder: streaming TextDecoder took a second per 25 MB here.
  const decoder = new StringDecoder('utf8');
  try {
    for await (const chunk of inflated(bytes, entry)) {
      parser.write(decoder.write(chunk));
      if (stopped) return unfilled;
    }
    parser.write(decoder.end()).close();
  } catch (err) {
    if (err instanceof UploadRefusal) throw err;
    throw unreadable();
  }
  return unfilled;
}

/**
 * Read a workbook: for each sheet (in the workbook's order, very hidden ones left out) `sinkFor`
 * is asked for a sink, or null to skip the sheet unread.
 */
export async function readXlsx(
  bytes: Buffer,
  sinkFor: (name: string, names: string[]) => RowSink | null,
): Promise<void> {
  checkWorkbookZip(bytes);
  const entries = new Map(centralDirectory(bytes).map((e) => [e.name, e]));
  const part = (name: string) => {
    const entry = entries.get(name);
    return entry ? inflateEntry(bytes, entry).toString('utf8') : null;
  };
  const workbook = part('xl/workbook.xml');
  if (workbook === null) throw unreadable();
  const targets = new Map<string, string>();
  walk(part('xl/_rels/workbook.xml.rels') ?? '<Relationships/>', {
    open: (tag) => {
      if (local(tag.name) !== 'Relationship') return;
      const { Id: id, Target: target } = tag.attributes;
      if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`);
    },
  });
  const sheets: { name: string; path: string }[] = [];
  let date1904 = false;
  walk(workbook, {
    open: (tag) => {
      const name = local(tag.name);
      const a = tag.attributes;
      if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
      if (name !== 'sheet' || a.state === 'veryHidden') return;
      const rid = Object.entries(a).find(([k]) => local(k) === 'id' && k !== 'sheetId')?.[1];
      const path = rid ? targets.get(rid) : undefined;
      if (path) sheets.push({ name: a.name ?? '', path });
    },
  });
  const strings = sharedStrings(part('xl/sharedStrings.xml') ?? '<sst/>');
  const formats = cellFormats(part('xl/styles.xml') ?? '<styleSheet/>');
  const present = sheets.filter((s) => entries.has(s.path));
  const names = present.map((s) => s.name);
  for (const sheet of present) {
    const sink = sinkFor(sheet.name, names);
    if (!sink) continue;
    sink.end(await readSheet(bytes, entries.get(sheet.path)!, sink, strings, formats, date1904));
  }
}
