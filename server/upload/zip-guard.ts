// An .xlsx is a zip, read here with yauzl. Before anything is inflated, the zip's table of
// contents (its central directory) is checked against what no real workbook looks like: thousands
// of entries, a huge declared uncompressed size (a zip bomb). Every entry is then inflated as a
// stream held to its declared size, so a file that lies about its sizes is refused as soon as it
// overruns, with memory bounded by one chunk. Then each sheet's
// declared range is checked from its first bytes, and .ods and .xlsb files get their own message.
import { createInflateRaw } from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { columnNumber } from './excel-cells';
import { MAX_SHEET_COLUMNS, MAX_SHEET_ROWS, MAX_UNCOMPRESSED_BYTES, MAX_ZIP_ENTRIES } from './limits';
import { refusals } from './messages';
import { UploadRefusal } from './refusal';
import { workbookSheets } from './workbook-parts';

const corrupt = () => new UploadRefusal('zip_corrupt', refusals.zipCorrupt());

/** An open workbook zip and its entries by name. */
export interface WorkbookZip {
  zip: ZipFile;
  entries: Map<string, Entry>;
}

/** The zip's entries, refused when too many or too big once inflated (nothing inflated yet). */
export async function openWorkbookZip(buf: Buffer): Promise<WorkbookZip> {
  let zip: ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(buf, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
  } catch {
    throw corrupt();
  }
  if (zip.entryCount > MAX_ZIP_ENTRIES) throw new UploadRefusal('zip_entries', refusals.zipEntries(zip.entryCount));
  const entries = new Map<string, Entry>();
  let total = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      entries.set(entry.fileName, entry);
      total += entry.uncompressedSize;
    }
  } catch {
    throw corrupt();
  }
  if (total > MAX_UNCOMPRESSED_BYTES) throw new UploadRefusal('zip_size', refusals.zipSize(total));
  return { zip, entries };
}

/**
 * One entry's bytes in chunks as it inflates (a worksheet is read this way), never more than it
 * declared: a liar is refused as soon as it overruns, not believed. `stopAfter` ends early (a
 * sheet's head). yauzl finds the entry's data and checks its bounds; the inflating is ours, so
 * the size check is explicit rather than a library's error message to recognise, and chunks are
 * 256 KB (fewer turns of the stream machinery; read-xlsx.ts decodes each in pieces anyway).
 */
export async function* entryChunks({ zip }: WorkbookZip, entry: Entry, stopAfter = Infinity): AsyncGenerator<Buffer> {
  if (entry.isEncrypted() || (entry.compressionMethod !== 0 && entry.compressionMethod !== 8)) throw corrupt();
  let raw;
  try {
    raw = await zip.openReadStreamPromise(entry, { decodeFileData: false });
  } catch {
    throw corrupt();
  }
  const mismatch = () => new UploadRefusal('zip_mismatch', refusals.zipMismatch(entry.fileName));
  const inflate = entry.compressionMethod === 8 ? createInflateRaw({ chunkSize: 256 * 1024 }) : null;
  const stream = inflate ? raw.pipe(inflate) : raw;
  let read = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      read += chunk.length;
      if (read > entry.uncompressedSize) throw mismatch();
      yield chunk;
      if (read >= stopAfter) return;
    }
  } catch (err) {
    if (err instanceof UploadRefusal) throw err;
    throw corrupt();
  } finally {
    raw.destroy();
    inflate?.destroy();
  }
  if (read !== entry.uncompressedSize) throw mismatch();
}

/** One entry's bytes, whole (the small parts). */
export async function entryBytes(workbook: WorkbookZip, entry: Entry): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of entryChunks(workbook, entry)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** A part's text, or null when the zip has no such part. */
export async function partText(workbook: WorkbookZip, name: string): Promise<string | null> {
  const entry = workbook.entries.get(name);
  return entry ? (await entryBytes(workbook, entry)).toString('utf8') : null;
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

/** <dimension> comes right after <sheetPr>, near the top of a worksheet: its head is enough. */
const SHEET_HEAD_BYTES = 64 * 1024;

/**
 * Everything checked before a workbook is read: what kind of zip it is, its table of contents,
 * each entry's real size, and each sheet's declared range. Gives the open zip to the reader.
 */
export async function checkWorkbookZip(buf: Buffer): Promise<WorkbookZip> {
  const workbook = await openWorkbookZip(buf);
  const { entries } = workbook;
  const mimetype = await partText(workbook, 'mimetype');
  if (mimetype?.includes('opendocument.spreadsheet')) throw new UploadRefusal('ods', refusals.ods());
  if (entries.has('xl/workbook.bin')) throw new UploadRefusal('xlsb', refusals.xlsb());
  const workbookXml = await partText(workbook, 'xl/workbook.xml');
  if (workbookXml === null) throw new UploadRefusal('not_spreadsheet', refusals.notSpreadsheet());

  // Every part but the worksheets inflated once, to its end: a part lying about its size is refused
  // here. The reader inflates each worksheet as it reads it, held to its size the same way.
  const worksheet = /^xl\/worksheets\/[^/]+\.xml$/;
  for (const entry of entries.values())
    if (!entry.fileName.endsWith('/') && !worksheet.test(entry.fileName))
      for await (const chunk of entryChunks(workbook, entry)) void chunk;

  const { sheets } = workbookSheets(workbookXml, await partText(workbook, 'xl/_rels/workbook.xml.rels'));
  const names = new Map(sheets.map((s) => [s.path, s.name]));
  for (const entry of entries.values()) {
    if (!worksheet.test(entry.fileName)) continue;
    const head: Buffer[] = [];
    for await (const chunk of entryChunks(workbook, entry, SHEET_HEAD_BYTES)) head.push(chunk);
    const text = Buffer.concat(head).subarray(0, SHEET_HEAD_BYTES).toString('utf8');
    const tag = /<(?:\w+:)?dimension\b[^>]*>/.exec(text)?.[0];
    const ref = tag ? attr(tag, 'ref') : undefined;
    const size = ref ? declaredSize(ref) : null;
    if (ref && size && (size.rows > MAX_SHEET_ROWS || size.cols > MAX_SHEET_COLUMNS))
      throw new UploadRefusal(
        'sheet_dimension',
        refusals.sheetDimension(names.get(entry.fileName) ?? entry.fileName, ref, size.rows, size.cols),
      );
  }
  return workbook;
}
