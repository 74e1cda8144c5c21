// .xlsx → rows of cells, streamed. The zip is checked first (zip-guard.ts); then each worksheet
// part is inflated in chunks and read by a scanner written for worksheet XML (xml-scan.ts; the
// shared strings too), one row at a time, so a 100,000-row sheet never sits in memory as a
// document or as cell objects: the caller (parse.ts) decides row by row what to keep. The small parts
// (workbook, relationships, styles) are read whole with saxes (workbook-parts.ts).
// This replaced exceljs' full workbook reader, which took 6 s and 1.5 GB for a 3 MB file; its
// streaming reader is no lighter per row and drops merged cells. What the full reader gave us is
// kept: formula results, error values, booleans, dates and percentages from the number format,
// merged cells (a slave cell reads as its master), and very hidden sheets left out.
// tests/unit/read-xlsx.test.ts compares the two readers cell by cell on every workbook in the
// fixtures and on hand-written worksheet XML.
import type { Entry } from 'yauzl';
import { tidy } from '../../shared/quantity';
import { columnNumber, excelSerialDate } from './excel-cells';
import { MAX_COLUMNS } from './limits';
import { clean, type Cell } from './normalize';
import { UploadRefusal } from './refusal';
import { scanChunks, unreadable, valueAt, XmlScanner, type XmlHandler } from './xml-scan';
import { local, walk, workbookSheets } from './workbook-parts';
import { checkWorkbookZip, entryChunks, partText, type WorkbookZip } from './zip-guard';

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

function serialDate(serial: number, date1904: boolean): Cell | null {
  const date = excelSerialDate(serial, date1904);
  return date === null ? null : { t: 'date', v: date };
}

function text(v: string): Cell | null {
  // A first character that is printable ASCII or a CJK ideograph is no space of any kind: the
  // cell is not blank, and clean (two regular expressions) need not run.
  const c = v.charCodeAt(0);
  if ((c > 32 && c < 127) || (c >= 0x4e00 && c <= 0x9fff)) return { t: 'text', v };
  return clean(v) === '' ? null : { t: 'text', v };
}

function fromNumber(n: number, format: Format, date1904: boolean): Cell | null {
  if (format === 'percent') return { t: 'number', v: tidy(n * 100), percent: true };
  return format === 'date' ? serialDate(n, date1904) : { t: 'number', v: n };
}

/** A cell from its type (`t`), style index (`s`), value (`<v>` or inline text) and formula. */
function toCell(
  type: string | undefined,
  style: number,
  value: string | null,
  formula: string | null,
  strings: string[],
  formats: Format[],
  date1904: boolean,
): Cell | null {
  if (formula !== null && value === null) return { t: 'formula', formula };
  if (value === null) return null;
  switch (type) {
    case 's': {
      const s = strings[Number.parseInt(value, 10)];
      return s === undefined ? null : text(s);
    }
    case 'inlineStr':
    case 'str':
      return text(value);
    case 'e':
      return { t: 'error', v: value };
    case 'b':
      return { t: 'bool', v: Number.parseInt(value, 10) !== 0 };
    case 'd': {
      const d = new Date(value);
      return Number.isNaN(d.getTime()) ? null : { t: 'date', v: d.toISOString().slice(0, 10) };
    }
    default:
      // An empty <v/> is no number (exceljs reads no value either), not NaN.
      return value === '' ? null : fromNumber(Number.parseFloat(value), formats[style] ?? 'plain', date1904);
  }
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
async function mergesOf(workbook: WorkbookZip, entry: Entry): Promise<Merge[]> {
  const marker = Buffer.from('sheetData>');
  let tail: Buffer[] | null = null;
  let carry = Buffer.alloc(0);
  for await (const chunk of entryChunks(workbook, entry)) {
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
      left: columnNumber(m[1]!),
      top: Number(m[2]),
      right: Math.min(columnNumber(m[3]!), MAX_COLUMNS),
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

// Element kinds of a worksheet, by local name (a prefix such as `x:` is left aside).
const ROW = 1;
const C = 2;
const V = 3;
const F = 4;
const IS = 5;
const T = 6;
const RPH = 7;
const MERGE_CELL = 8;
const SHEET_DATA = 9;

/** parseInt(value, 10) of an attribute, without making a string of the usual plain digits. */
function intAt(s: string, from: number, to: number): number {
  if (to > from && to - from <= 9) {
    let n = 0;
    for (let i = from; i < to; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return Number.parseInt(valueAt(s, from, to), 10);
      n = n * 10 + d;
    }
    return n;
  }
  return Number.parseInt(valueAt(s, from, to), 10);
}

/** The column of an `r` attribute's value, read in place. */
function columnAt(s: string, from: number, to: number): number {
  const col = columnNumber(s, from, to);
  return col >= 0 ? col : Math.max(0, columnNumber(valueAt(s, from, to)));
}

/** A cell's `t`, the usual ones without making a string. */
function typeAt(s: string, from: number, to: number): string {
  if (to - from === 1)
    switch (s.charCodeAt(from)) {
      case 115:
        return 's';
      case 110:
        return 'n';
      case 98:
        return 'b';
      case 101:
        return 'e';
      case 100:
        return 'd';
    }
  if (to - from === 3 && s.startsWith('str', from)) return 'str';
  if (to - from === 9 && s.startsWith('inlineStr', from)) return 'inlineStr';
  return valueAt(s, from, to);
}

const isName = (s: string, from: number, to: number, name: string) =>
  to - from === name.length && s.startsWith(name, from);

/** One worksheet's rows → the sink, merged areas filled. */
class SheetRows implements XmlHandler {
  capturing = false;
  stopped = false;
  readonly unfilled: MergedRange[] = [];
  private rowNumber = 0;
  private lastRow = 0;
  private cells: (Cell | null)[] = [];
  private col = 0;
  // The cell being read (one at a time, so its parts are fields rather than an object per cell).
  private inCell = false;
  private cellType: string | undefined = undefined;
  private cellStyle = 0;
  private cellValue: string | null = null;
  private cellFormula: string | null = null;
  private capture = 0;
  private captured = '';
  private phonetic = 0;
  // Attributes of the element being opened, until open() takes them.
  private attrRow = NaN;
  private attrRef = -1;
  private attrType: string | undefined = undefined;
  private attrStyle = 0;
  private attrMerge: string | undefined = undefined;

  constructor(
    private readonly sink: RowSink,
    private readonly strings: string[],
    private readonly formats: Format[],
    private readonly date1904: boolean,
    private readonly fill: MergeFill | null,
    private readonly lookAhead: boolean,
  ) {}

  kind(s: string, from: number, to: number): number {
    switch (to - from) {
      case 1:
        switch (s.charCodeAt(from)) {
          case 99:
            return C;
          case 118:
            return V;
          case 102:
            return F;
          case 116:
            return T;
        }
        return 0;
      case 2:
        return s.startsWith('is', from) ? IS : 0;
      case 3:
        return s.startsWith('row', from) ? ROW : s.startsWith('rPh', from) ? RPH : 0;
      case 9:
        return s.startsWith('mergeCell', from) ? MERGE_CELL : s.startsWith('sheetData', from) ? SHEET_DATA : 0;
    }
    return 0;
  }

  attribute(kind: number, s: string, name: number, nameEnd: number, value: number, valueEnd: number) {
    if (kind === C) {
      if (nameEnd - name !== 1) return;
      const a = s.charCodeAt(name);
      if (a === 114) this.attrRef = columnAt(s, value, valueEnd);
      else if (a === 116) this.attrType = typeAt(s, value, valueEnd);
      else if (a === 115) {
        const style = intAt(s, value, valueEnd);
        this.attrStyle = Number.isFinite(style) ? style : 0;
      }
    } else if (kind === ROW) {
      if (isName(s, name, nameEnd, 'r')) this.attrRow = intAt(s, value, valueEnd);
    } else if (kind === MERGE_CELL && isName(s, name, nameEnd, 'ref')) this.attrMerge = valueAt(s, value, valueEnd);
  }

  open(kind: number) {
    switch (kind) {
      case ROW: {
        const r = this.attrRow;
        this.rowNumber = Number.isFinite(r) && r > 0 ? r : this.rowNumber + 1;
        this.cells = [];
        this.col = 0;
        this.attrRow = NaN;
        break;
      }
      case C:
        // No `r`, or an empty one, or one that is no reference: the next column.
        this.col = this.attrRef > 0 ? this.attrRef : this.col + 1;
        this.inCell = true;
        this.cellType = this.attrType;
        this.cellStyle = this.attrStyle;
        this.cellValue = null;
        this.cellFormula = null;
        this.attrRef = -1;
        this.attrType = undefined;
        this.attrStyle = 0;
        break;
      case V:
      case F:
        if (this.inCell) this.startCapture(kind);
        break;
      case IS:
        if (this.inCell) this.cellValue = '';
        break;
      case RPH:
        this.phonetic++;
        break;
      case MERGE_CELL: {
        const ref = this.attrMerge ?? '';
        this.attrMerge = undefined;
        const m = /^\$?[A-Za-z]{1,3}\$?(\d{1,7}):\$?[A-Za-z]{1,3}\$?(\d{1,7})$/.exec(ref);
        if (!this.lookAhead && m && this.unfilled.length < MAX_MERGES)
          this.unfilled.push({ ref, top: Number(m[1]), bottom: Number(m[2]) });
        break;
      }
      case T:
        if (this.inCell && this.cellValue !== null && this.phonetic === 0) this.startCapture(T);
        break;
    }
  }

  private startCapture(kind: number) {
    this.capture = kind;
    this.capturing = true;
    this.captured = '';
  }

  private endCapture() {
    this.capture = 0;
    this.capturing = false;
  }

  text(t: string) {
    this.captured += t;
  }

  close(kind: number) {
    switch (kind) {
      case V:
        if (this.inCell && this.capture === V) this.cellValue = this.captured;
        this.endCapture();
        break;
      case F:
        if (this.inCell && this.capture === F) this.cellFormula = this.captured;
        this.endCapture();
        break;
      case T:
        if (this.inCell && this.capture === T) this.cellValue += this.captured;
        this.endCapture();
        break;
      case RPH:
        this.phonetic--;
        break;
      case C: {
        const col = this.col;
        if (this.inCell && col >= 1 && col <= MAX_COLUMNS) {
          const cell = toCell(
            this.cellType,
            this.cellStyle,
            this.cellValue,
            this.cellFormula,
            this.strings,
            this.formats,
            this.date1904,
          );
          const cells = this.cells;
          // Columns come in order: the row stays a packed array, not one with holes.
          while (cells.length < col - 1) cells.push(null);
          cells[col - 1] = cell;
        }
        this.inCell = false;
        break;
      }
      case ROW:
        this.flushMerged(this.rowNumber);
        this.fill?.apply(this.rowNumber, this.cells);
        this.emit(this.rowNumber, this.cells);
        this.lastRow = this.rowNumber;
        break;
      case SHEET_DATA:
        this.flushMerged(Number.MAX_SAFE_INTEGER);
        break;
    }
  }

  private emit(n: number, row: (Cell | null)[]) {
    if (this.stopped) return;
    let some = false;
    for (let i = 0; i < row.length; i++) {
      const c = row[i];
      if (c === undefined) row[i] = null;
      else if (c !== null) some = true;
    }
    if (some && !this.sink.row(n, row)) this.stopped = true;
  }

  /** Rows inside a merged block that the file leaves out still read as their master. */
  private flushMerged(before: number) {
    if (!this.fill) return;
    for (const r of this.fill.pending(this.lastRow, before)) {
      const row: (Cell | null)[] = [];
      this.fill.apply(r, row);
      this.emit(r, row);
    }
  }
}

/** Stream one worksheet's rows into the sink. */
async function readSheet(
  workbook: WorkbookZip,
  entry: Entry,
  sink: RowSink,
  strings: string[],
  formats: Format[],
  date1904: boolean,
): Promise<MergedRange[]> {
  const lookAhead = entry.uncompressedSize <= LOOK_AHEAD_BYTES;
  const merges = lookAhead ? await mergesOf(workbook, entry) : [];
  const rows = new SheetRows(
    sink,
    strings,
    formats,
    date1904,
    merges.length > 0 ? new MergeFill(merges) : null,
    lookAhead,
  );
  try {
    await scanChunks(entryChunks(workbook, entry), rows);
  } catch (err) {
    if (err instanceof UploadRefusal) throw err;
    throw unreadable();
  }
  return rows.unfilled;
}

const SI = 1;
const SI_T = 2;
const SI_RPH = 3;

/** Rich text keeps its runs' text; phonetic guides (<rPh>, furigana) are not part of the value. */
class SharedStrings implements XmlHandler {
  capturing = false;
  stopped = false;
  readonly strings: string[] = [];
  private current: string | null = null;
  private phonetic = 0;

  kind(s: string, from: number, to: number): number {
    if (isName(s, from, to, 't')) return SI_T;
    if (isName(s, from, to, 'si')) return SI;
    return isName(s, from, to, 'rPh') ? SI_RPH : 0;
  }

  attribute() {}

  open(kind: number) {
    if (kind === SI) this.current = '';
    else if (kind === SI_RPH) this.phonetic++;
    else if (kind === SI_T && this.phonetic === 0) this.capturing = this.current !== null;
  }

  text(t: string) {
    this.current += t;
  }

  close(kind: number) {
    if (kind === SI_T) this.capturing = false;
    else if (kind === SI_RPH) this.phonetic--;
    else if (kind === SI) {
      this.strings.push(this.current ?? '');
      this.current = null;
    }
  }
}

function sharedStrings(xml: string): string[] {
  const handler = new SharedStrings();
  const scanner = new XmlScanner(handler);
  scanner.scan(xml, true);
  scanner.finish();
  return handler.strings;
}

/**
 * Read a workbook: for each sheet (in the workbook's order, very hidden ones left out) `sinkFor`
 * is asked for a sink, or null to skip the sheet unread.
 */
export async function readXlsx(
  bytes: Buffer,
  sinkFor: (name: string, names: string[]) => RowSink | null,
): Promise<void> {
  const workbook = await checkWorkbookZip(bytes);
  const part = (name: string) => partText(workbook, name);
  const workbookXml = await part('xl/workbook.xml');
  if (workbookXml === null) throw unreadable();
  const { sheets, date1904 } = workbookSheets(workbookXml, await part('xl/_rels/workbook.xml.rels'));
  const strings = sharedStrings((await part('xl/sharedStrings.xml')) ?? '<sst/>');
  const formats = cellFormats((await part('xl/styles.xml')) ?? '<styleSheet/>');
  const present = sheets.filter((s) => !s.veryHidden && workbook.entries.has(s.path));
  const names = present.map((s) => s.name);
  for (const sheet of present) {
    const sink = sinkFor(sheet.name, names);
    if (!sink) continue;
    sink.end(await readSheet(workbook, workbook.entries.get(sheet.path)!, sink, strings, formats, date1904));
  }
}
