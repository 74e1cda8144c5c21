// The uploads table: one row per file that reached a preview, holding the checked rows until they
// are committed or expire. The record itself stays, so history can name the file of a figure.
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { Db } from '../db/connect';
import type { UploadFileKind } from '../db/schema';
import { PREVIEW_TTL_MS } from './limits';
import {
  type ErrorKind,
  type ErrorLine,
  type PendingWrite,
  type Preview,
  type PreviewRow,
  type PreviewSummary,
} from './preview';
import { nextTurn } from '../next-turn';
import type { ParsedFile } from './parse';

export interface NewUpload {
  planId: string;
  userId: number;
  period: string;
  fileName: string;
  fileSize: number;
  sha256: string;
  parsed: ParsedFile;
  /** The rows the preview lists (see listedRows), and how many it leaves out. */
  rows: PreviewRow[];
  unlisted: number;
  errorKinds: ErrorKind[];
  /** Every error row; kept compressed for the error file. */
  errorLines: ErrorLine[];
  summary: PreviewSummary;
  /** One per row without an error (as many as the summary's new, changed and unchanged). */
  writes: Iterable<PendingWrite>;
  now: Date;
}

interface StoredPreview {
  preview: Preview;
  /** How many writes the commit makes. */
  count: number;
  /**
   * The writes the commit makes, a kept line at a time, read with `from` (a commit reads them
   * inside its transaction) with the event loop free between lines.
   */
  lines: (from?: Db) => AsyncIterable<PendingWrite[]>;
  /** All of them at once (to name the rows a refused commit hit). */
  writes: () => Promise<PendingWrite[]>;
}

/** A pending write as kept in the uploads table: a row of values, not an object with keys. */
type WriteTuple = [number, number, string, PendingWrite['series'], string, number, string | null, number | null];

const toTuple = (w: PendingWrite): WriteTuple => [
  w.rowNumber,
  w.indicatorId,
  w.code,
  w.series,
  w.period,
  w.value,
  w.note,
  w.expected,
];

const fromTuple = ([
  rowNumber,
  indicatorId,
  code,
  series,
  period,
  value,
  note,
  expected,
]: WriteTuple): PendingWrite => ({
  rowNumber,
  indicatorId,
  code,
  series,
  period,
  value,
  note,
  expected,
});

const WRITES_PER_LINE = 2_000;

/** A dry run keeps a write for every row without an error. */
const writeCount = (summary: PreviewSummary) => summary.new + summary.changed + summary.unchanged;

/**
 * How a dry run is kept: the preview as JSON in uploads.preview, with `lines`, the count of its
 * rows in upload_lines, each a JSON array of up to 2,000 writes. A 100,000-row dry run keeps
 * 100,000 writes; written, read and dropped a line at a time, with the event loop free between
 * lines, they never hold it for the whole file. (A dry run kept before upload_lines existed held
 * its writes as objects inside the preview's JSON, `writes`; it still commits.)
 */
interface KeptPreview {
  preview: Preview;
  lines?: number;
  writes?: PendingWrite[];
}

function kept(db: Db, id: string, text: string): StoredPreview {
  const json = JSON.parse(text) as KeptPreview;
  async function* lines(from: Db = db): AsyncIterable<PendingWrite[]> {
    if (json.writes) {
      yield json.writes;
      return;
    }
    for (let line = 0; line < (json.lines ?? 0); line++) {
      const row = await from
        .selectFrom('uploadLines')
        .select('writes')
        .where('uploadId', '=', id)
        .where('line', '=', line)
        .executeTakeFirstOrThrow();
      yield (JSON.parse(row.writes) as WriteTuple[]).map(fromTuple);
      await nextTurn();
    }
  }
  return {
    // Dry runs kept before errors were summarised by kind carry no errorKinds.
    preview: { ...json.preview, errorKinds: json.preview.errorKinds ?? [] },
    count: writeCount(json.preview.summary),
    lines,
    async writes() {
      const out: PendingWrite[] = [];
      for await (const line of lines()) for (const w of line) out.push(w);
      return out;
    },
  };
}

/** Drop a dry run's kept lines, a few at a time. */
async function dropLines(db: Db, ids: string[]) {
  for (const id of ids)
    for (;;) {
      const batch = await db
        .selectFrom('uploadLines')
        .select('line')
        .where('uploadId', '=', id)
        .orderBy('line')
        .limit(10)
        .execute();
      if (batch.length === 0) break;
      await db
        .deleteFrom('uploadLines')
        .where('uploadId', '=', id)
        .where(
          'line',
          'in',
          batch.map((b) => b.line),
        )
        .execute();
      await nextTurn();
    }
}

// zlib's async calls run on libuv's threads: a 100,000-row error list never holds the event loop.
const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);
/** Error rows packed (or read back) between two turns of the event loop. */
const ERROR_LINES_PER_STEP = 5_000;
/** The fields of an error row in a packed list: row number, then four indexes into `texts`. */
const FIELDS = 5;

/**
 * The error rows, packed for the uploads table. Their texts repeat: a file of one row given
 * 99,990 times has 99,990 messages that differ only in their own row number, so each text is kept
 * once (a message without its leading "第N行") and each row is five integers. Serialising the rows
 * as JSON held the loop ~0.5 s per all-error file and made 20 MB of text to compress
 * (docs/benchmarks.md, 2026-12-06); this is a few milliseconds a step and ~2 MB.
 * Stored: gzip of `{"v":2,"texts":[…],"rows":"<base64 Int32Array>"}`, base64.
 */
async function packErrorLines(lines: ErrorLine[]): Promise<string> {
  const texts: string[] = [];
  const indexes = new Map<string, number>();
  /** A text's index; a message stored without its leading "第N行" (its own row) is -1 - index. */
  const text = (t: string) => {
    let i = indexes.get(t);
    if (i === undefined) indexes.set(t, (i = texts.push(t) - 1));
    return i;
  };
  const rows = new Int32Array(lines.length * FIELDS);
  for (let i = 0; i < lines.length; i++) {
    if (i > 0 && i % ERROR_LINES_PER_STEP === 0) await nextTurn();
    const [row, kind, code, period, message] = lines[i]!;
    const o = i * FIELDS;
    rows[o] = row;
    rows[o + 1] = text(kind);
    rows[o + 2] = code === null ? -1 : text(code);
    rows[o + 3] = period === null ? -1 : text(period);
    const own = `第${row}行`;
    rows[o + 4] = message.startsWith(own) ? -1 - text(message.slice(own.length)) : text(message);
  }
  const body = JSON.stringify({ v: 2, texts, rows: Buffer.from(rows.buffer).toString('base64') });
  return (await gzipAsync(Buffer.from(body, 'utf8'))).toString('base64');
}

/** packErrorLines read back, a step at a time (lists kept before it are a JSON array of rows). */
async function unpackErrorLines(packed: string): Promise<ErrorLine[]> {
  const stored = JSON.parse((await gunzipAsync(Buffer.from(packed, 'base64'))).toString('utf8')) as
    ErrorLine[] | { v: 2; texts: string[]; rows: string };
  if (Array.isArray(stored)) return stored;
  const { texts } = stored;
  // Copied into a buffer of its own: a small decoded Buffer may sit in Node's pool at an offset
  // an Int32Array cannot start at.
  const rows = new Int32Array(new Uint8Array(Buffer.from(stored.rows, 'base64')).buffer);
  const lines: ErrorLine[] = [];
  for (let o = 0; o < rows.length; o += FIELDS) {
    if (o > 0 && (o / FIELDS) % ERROR_LINES_PER_STEP === 0) await nextTurn();
    const row = rows[o]!;
    const m = rows[o + 4]!;
    lines.push([
      row,
      texts[rows[o + 1]!]!,
      rows[o + 2]! < 0 ? null : texts[rows[o + 2]!]!,
      rows[o + 3]! < 0 ? null : texts[rows[o + 3]!]!,
      m >= 0 ? texts[m]! : `第${row}行${texts[-1 - m]!}`,
    ]);
  }
  return lines;
}

/** The error rows of a dry run, for the error file: null when it has none or has expired. */
export async function uploadErrorLines(db: Db, id: string, userId: number) {
  const row = await db
    .selectFrom('uploads')
    .select(['userId', 'fileName', 'errorList'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row || row.userId !== userId || row.errorList === null) return null;
  return { fileName: row.fileName, lines: await unpackErrorLines(row.errorList) };
}

/**
 * Keep a dry run; returns the preview as the client sees it. One with errors can never be
 * committed: it keeps no writes, only its short preview and the compressed error rows.
 */
export async function recordUpload(db: Db, u: NewUpload): Promise<Preview> {
  const id = randomUUID();
  const expiresAt = new Date(u.now.getTime() + PREVIEW_TTL_MS).toISOString();
  const preview: Preview = {
    uploadId: id,
    planId: u.planId,
    period: u.period,
    fileName: u.fileName,
    fileKind: u.parsed.fileKind,
    sheet: u.parsed.sheet,
    columns: u.parsed.columns,
    notes: u.parsed.notes,
    rows: u.rows,
    unlistedRows: u.unlisted,
    errorKinds: u.errorKinds,
    summary: u.summary,
    expiresAt,
  };
  const committable = u.summary.errors === 0;
  const lines = committable ? Math.ceil(writeCount(u.summary) / WRITES_PER_LINE) : 0;
  const errorList = committable ? null : await packErrorLines(u.errorLines);
  // One transaction: a dry run is kept whole or not at all (a commit never finds half its rows).
  await db.transaction().execute(async (trx) => {
    // Expired dry runs give their space back; their records stay.
    const expired = await trx
      .selectFrom('uploads')
      .select('id')
      .where('committedAt', 'is', null)
      .where('preview', 'is not', null)
      .where('expiresAt', '<', u.now.toISOString())
      .execute();
    if (expired.length > 0) {
      await dropLines(
        trx,
        expired.map((e) => e.id),
      );
      await trx
        .updateTable('uploads')
        .set({ preview: null, errorList: null })
        .where(
          'id',
          'in',
          expired.map((e) => e.id),
        )
        .execute();
    }
    await trx
      .insertInto('uploads')
      .values({
        id,
        planId: u.planId,
        userId: u.userId,
        createdAt: u.now.toISOString(),
        fileName: u.fileName,
        fileSize: u.fileSize,
        sha256: u.sha256,
        fileKind: u.parsed.fileKind satisfies UploadFileKind,
        sheet: u.parsed.sheet,
        reportPeriod: u.period,
        rowCount: u.summary.rows,
        newCount: u.summary.new,
        changedCount: u.summary.changed,
        unchangedCount: u.summary.unchanged,
        errorCount: u.summary.errors,
        warningCount: u.summary.warnings,
        preview: JSON.stringify({ preview, lines } satisfies KeptPreview),
        errorList,
        expiresAt,
        committedAt: null,
        reason: null,
        writtenCount: null,
      })
      .execute();
    let line = 0;
    let part: WriteTuple[] = [];
    const keep = async () => {
      await trx
        .insertInto('uploadLines')
        .values({ uploadId: id, line: line++, writes: JSON.stringify(part) })
        .execute();
      part = [];
      await nextTurn();
    };
    for (const w of committable ? u.writes : []) {
      part.push(toTuple(w));
      if (part.length === WRITES_PER_LINE) await keep();
    }
    if (part.length > 0) await keep();
    // The preview says how many lines to read back: they must be what was written.
    if (line !== lines) throw new Error(`Dry run kept ${line} lines of writes, expected ${lines}`);
  });
  return preview;
}

export async function findUpload(db: Db, id: string) {
  const row = await db.selectFrom('uploads').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const { preview, ...record } = row;
  return { ...record, stored: preview === null ? null : kept(db, id, preview) };
}

/** Mark committed (once: false when it already was) and drop the kept rows. */
export async function markCommitted(
  db: Db,
  id: string,
  meta: { at: Date; reason: string | null; written: number },
): Promise<boolean> {
  const result = await db
    .updateTable('uploads')
    .set({ committedAt: meta.at.toISOString(), reason: meta.reason, writtenCount: meta.written, preview: null })
    .where('id', '=', id)
    .where('committedAt', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false;
  await dropLines(db, [id]);
  return true;
}

/** A user's recent uploads for a plan (an admin's: everyone's), newest first, without rows. */
export async function recentUploads(db: Db, planId: string, userId: number | null, limit = 20) {
  let query = db
    .selectFrom('uploads')
    .leftJoin('users', 'users.id', 'uploads.userId')
    .select([
      'uploads.id',
      'uploads.createdAt',
      'uploads.fileName',
      'uploads.fileSize',
      'uploads.sha256',
      'uploads.sheet',
      'uploads.reportPeriod',
      'uploads.rowCount',
      'uploads.newCount',
      'uploads.changedCount',
      'uploads.unchangedCount',
      'uploads.errorCount',
      'uploads.committedAt',
      'uploads.writtenCount',
      'users.username',
      'users.displayName',
    ])
    .where('uploads.planId', '=', planId);
  if (userId !== null) query = query.where('uploads.userId', '=', userId);
  return query.orderBy('uploads.createdAt', 'desc').limit(limit).execute();
}

/**
 * A dry run again (after a page reload), for the user who made it: the preview's fields, plus
 * whether it was committed; once committed or expired only those two remain (`expired: true`).
 */
export async function openPreview(db: Db, id: string, userId: number) {
  const upload = await findUpload(db, id);
  if (!upload || upload.userId !== userId) return null;
  return { ...(upload.stored?.preview ?? null), committedAt: upload.committedAt, expired: upload.stored === null };
}
