// An .xlsx is a zip. Before any library inflates it, read the zip's central directory (a table
// of contents at the end of the file) and refuse what no real workbook looks like: thousands of
// entries, a huge declared uncompressed size (a zip bomb), a sheet declaring an absurd range.
// Then inflate each entry with its declared size as a hard ceiling, so a file that lies about
// its sizes is refused too: whole for the small parts, in chunks for a worksheet.
import { Readable } from 'node:stream';
import { constants, createInflateRaw, inflateRawSync } from 'node:zlib';
import { columnNumber } from './excel-cells';
import { MAX_SHEET_COLUMNS, MAX_SHEET_ROWS, MAX_UNCOMPRESSED_BYTES, MAX_ZIP_ENTRIES } from './limits';
import { refusals } from './messages';
import { UploadRefusal } from './refusal';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const corrupt = () => new UploadRefusal('zip_corrupt', refusals.zipCorrupt());

/** The entries the central directory lists, refused when too many or too big once inflated. */
export function centralDirectory(buf: Buffer): ZipEntry[] {
  // The end record is the last 22 bytes, or sits before a comment of up to 65,535 bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--)
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  if (eocd < 0) throw corrupt();
  const count = buf.readUInt16LE(eocd + 10);
  const offset = buf.readUInt32LE(eocd + 16);
  // 0xFFFF / 0xFFFFFFFF mean ZIP64, which no workbook under our size limit needs.
  if (count === 0xffff || offset === 0xffffffff) throw corrupt();
  if (count > MAX_ZIP_ENTRIES) throw new UploadRefusal('zip_entries', refusals.zipEntries(count));

  const entries: ZipEntry[] = [];
  let total = 0;
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) throw corrupt();
    const nameLength = buf.readUInt16LE(p + 28);
    const entry: ZipEntry = {
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      name: buf.toString('utf8', p + 46, p + 46 + nameLength),
      localOffset: buf.readUInt32LE(p + 42),
    };
    total += entry.size;
    entries.push(entry);
    p += 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  if (total > MAX_UNCOMPRESSED_BYTES) throw new UploadRefusal('zip_size', refusals.zipSize(total));
  return entries;
}

/** One entry's bytes; never more than it declared (a liar is refused, not believed). */
export function inflateEntry(buf: Buffer, entry: ZipEntry): Buffer {
  const p = entry.localOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== LOCAL) throw corrupt();
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const data = buf.subarray(start, start + entry.compressedSize);
  if (data.length !== entry.compressedSize) throw corrupt();
  let out: Buffer;
  if (entry.method === 0) out = data;
  else if (entry.method === 8) {
    try {
      out = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.size) });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
        throw new UploadRefusal('zip_mismatch', refusals.zipMismatch(entry.name));
      throw corrupt();
    }
  } else throw corrupt();
  if (out.length !== entry.size) throw new UploadRefusal('zip_mismatch', refusals.zipMismatch(entry.name));
  return out;
}

/** One entry's bytes in chunks (a worksheet, read as it inflates), held to its declared size. */
export async function* inflateChunks(buf: Buffer, entry: ZipEntry): AsyncGenerator<Buffer> {
  if (entry.method === 0) {
    yield inflateEntry(buf, entry);
    return;
  }
  // checkWorkbookZip has checked the local header of every worksheet (entryHead).
  const p = entry.localOffset;
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const data = buf.subarray(start, start + entry.compressedSize);
  let total = 0;
  // Large chunks: fewer turns of the stream machinery (read-xlsx.ts decodes them in pieces).
  const inflate = createInflateRaw({ chunkSize: 256 * 1024 });
  try {
    for await (const chunk of Readable.from([data]).pipe(inflate) as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > entry.size) throw new UploadRefusal('zip_mismatch', refusals.zipMismatch(entry.name));
      yield chunk;
    }
  } catch (err) {
    if (err instanceof UploadRefusal) throw err;
    throw corrupt();
  } finally {
    inflate.destroy();
  }
  if (total !== entry.size) throw new UploadRefusal('zip_mismatch', refusals.zipMismatch(entry.name));
}

/** The start of an entry (up to 64 KB), inflated from the first 8 KB of its data. */
function entryHead(buf: Buffer, entry: ZipEntry): Buffer {
  const p = entry.localOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== LOCAL) throw corrupt();
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const data = buf.subarray(start, start + Math.min(entry.compressedSize, 8 * 1024));
  if (entry.method === 0) return data;
  if (entry.method !== 8) throw corrupt();
  try {
    // A sync flush inflates what the prefix holds without asking for the end of the stream.
    return inflateRawSync(data, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: 8 * 1024 * 1024 }).subarray(
      0,
      64 * 1024,
    );
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return Buffer.alloc(0);
    throw corrupt();
  }
}

/** A1-style reference → 1-based row and column. */
function cellAt(ref: string): { row: number; col: number } | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/.exec(ref.toUpperCase());
  if (!m) return null;
  return { row: Number(m[2]), col: columnNumber(m[1]!) };
}

/** Rows and columns a `<dimension ref="A1:XFD1048576">` declares. */
export function declaredSize(ref: string): { rows: number; cols: number } | null {
  const [from, to = from] = ref.split(':');
  const a = cellAt(from ?? '');
  const b = cellAt(to ?? '');
  if (!a || !b) return null;
  return { rows: Math.abs(b.row - a.row) + 1, cols: Math.abs(b.col - a.col) + 1 };
}

const attr = (tag: string, name: string) =>
  new RegExp(`\\s${name}\\s*=\\s*"([^"]*)"`).exec(tag)?.[1] ??
  new RegExp(`\\s${name}\\s*=\\s*'([^']*)'`).exec(tag)?.[1];

/** Worksheet part → sheet name, from xl/workbook.xml and its relationships (for messages). */
function sheetNames(parts: Map<string, Buffer>): Map<string, string> {
  const names = new Map<string, string>();
  const workbook = parts.get('xl/workbook.xml')?.toString('utf8') ?? '';
  const rels = parts.get('xl/_rels/workbook.xml.rels')?.toString('utf8') ?? '';
  const targets = new Map<string, string>();
  for (const [tag] of rels.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const id = attr(tag, 'Id');
    const target = attr(tag, 'Target');
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  for (const [tag] of workbook.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const target = targets.get(attr(tag, 'r:id') ?? '');
    const name = attr(tag, 'name');
    if (target && name) names.set(target, name.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
  }
  return names;
}

/**
 * Everything checked before a workbook is handed to the reader: what kind of zip it is, its
 * table of contents, each entry's real size, and each sheet's declared range.
 */
export function checkWorkbookZip(buf: Buffer): void {
  const entries = centralDirectory(buf);
  const names = new Set(entries.map((e) => e.name));
  const mimetype = entries.find((e) => e.name === 'mimetype');
  if (mimetype && inflateEntry(buf, mimetype).toString('latin1').includes('opendocument.spreadsheet'))
    throw new UploadRefusal('ods', refusals.ods());
  if (names.has('xl/workbook.bin')) throw new UploadRefusal('xlsb', refusals.xlsb());
  if (!names.has('xl/workbook.xml')) throw new UploadRefusal('not_spreadsheet', refusals.notSpreadsheet());

  const small = new Map<string, Buffer>();
  const sheets: { name: string; head: string }[] = [];
  for (const entry of entries) {
    if (entry.name.endsWith('/')) continue;
    // <dimension> comes right after <sheetPr>, near the top of the part: a sheet's head is enough
    // here, and the reader inflates the rest as it reads, held to the declared size the same way.
    if (/^xl\/worksheets\/[^/]+\.xml$/.test(entry.name)) {
      sheets.push({ name: entry.name, head: entryHead(buf, entry).toString('utf8') });
      continue;
    }
    const bytes = inflateEntry(buf, entry);
    if (entry.name === 'xl/workbook.xml' || entry.name === 'xl/_rels/workbook.xml.rels') small.set(entry.name, bytes);
  }
  const named = sheetNames(small);
  for (const sheet of sheets) {
    const tag = /<(?:\w+:)?dimension\b[^>]*>/.exec(sheet.head)?.[0];
    const ref = tag ? attr(tag, 'ref') : undefined;
    const size = ref ? declaredSize(ref) : null;
    if (ref && size && (size.rows > MAX_SHEET_ROWS || size.cols > MAX_SHEET_COLUMNS))
      throw new UploadRefusal(
        'sheet_dimension',
        refusals.sheetDimension(named.get(sheet.name) ?? sheet.name, ref, size.rows, size.cols),
      );
  }
}
