// Writing reported figures and milestone states: one transaction per batch, a revision for every
// change, review state for approval, the reason rule for revising earlier months, and a check
// that nobody changed a value since the writer last saw it (no lost updates).
import type { MilestoneState, SeriesKey } from '../../shared/status';
import { sql } from 'kysely';
import type { Db } from '../db/connect';
import { jsonTuples } from '../db/json-rows';
import type { DataSource, ReviewState } from '../db/schema';
import { nextTurn } from '../next-turn';
import { approvalPolicy } from './approval';
import { demoCounts, demoPresentError, goLive } from './go-live';

export interface ActualInput {
  indicatorId: number;
  series: SeriesKey;
  period: string;
  value: number;
  note?: string | null;
  /** The value the writer saw before (null: none). When given and different now, nothing is written. */
  expected?: number | null;
}

export interface WriteMeta {
  source: DataSource;
  by: string | null;
  reason?: string | null;
  /** The month being reported; changing a value of an earlier month needs a reason. */
  reportPeriod?: string;
  uploadId?: string | null;
  at?: Date;
  log?: (message: string) => void;
  /**
   * The writer confirmed that this write may take the plan live and remove its demo data. Without
   * it, a real write to a plan that still holds demo rows is refused (demoPresentError).
   */
  confirmClearDemo?: boolean;
  /** The writer's user id and address, for the go-live audit entry. */
  actorId?: number | null;
  ip?: string | null;
  /** Called as a large batch is written: rows written so far, of how many. */
  onProgress?: (done: number, total: number) => void;
  /** Called in the transaction with each part of the batch as it is written (for the receipt). */
  onWritten?: (trx: Db, written: readonly WrittenItem[]) => Promise<void>;
}

/** A figure or task state a batch wrote: old → new, and whether it waits for approval. */
export type WrittenItem =
  | {
      kind: 'figure';
      indicatorId: number;
      series: string;
      period: string;
      old: number | null;
      value: number;
      reviewState: ReviewState;
    }
  | {
      kind: 'milestone';
      milestoneId: number;
      period: string;
      old: string | null;
      state: string;
      reviewState: ReviewState;
    };

export interface WriteSummary {
  inserted: number;
  updated: number;
  unchanged: number;
  demoCleared: number;
}

/** A domain rule refused the batch; nothing was written. `rows` name what to fix. */
export class WriteRuleError extends Error {
  constructor(
    message: string,
    readonly kind: 'reason_required' | 'conflict' | 'not_in_plan',
    readonly rows: { id: number; series?: string; period: string }[],
  ) {
    super(message);
  }
}

/**
 * Remove a plan's demo figures (actuals and milestone updates marked `demo`), without going live:
 * for a start with DEMO=0. Going live (queries/go-live.ts) is the audited step for a running plan.
 */
export async function clearDemo(db: Db, planId: string): Promise<number> {
  const indicatorIds = db.selectFrom('indicators').select('id').where('planId', '=', planId);
  const milestoneIds = db.selectFrom('milestones').select('id').where('planId', '=', planId);
  const a = await db
    .deleteFrom('actuals')
    .where('source', '=', 'demo')
    .where('indicatorId', 'in', indicatorIds)
    .executeTakeFirst();
  const m = await db
    .deleteFrom('milestoneUpdates')
    .where('source', '=', 'demo')
    .where('milestoneId', 'in', milestoneIds)
    .executeTakeFirst();
  return Number(a.numDeletedRows) + Number(m.numDeletedRows);
}

/**
 * Real figures are never mixed with demo ones. A real write to a plan that still holds demo rows
 * is refused unless the writer confirmed (confirmClearDemo); then the plan goes live first.
 */
export async function clearDemoBeforeRealWrite(db: Db, planId: string, meta: WriteMeta): Promise<number> {
  if (meta.source === 'demo') return 0;
  const counts = await demoCounts(db, planId);
  if (counts.figures + counts.milestoneUpdates === 0) return 0;
  if (!meta.confirmClearDemo) throw demoPresentError(counts);
  const done = await goLive(db, planId, {
    actorId: meta.actorId ?? null,
    ip: meta.ip ?? null,
    ...(meta.at ? { at: meta.at } : {}),
    via: meta.source,
    ...(meta.log ? { log: meta.log } : {}),
  });
  return done.figures + done.milestoneUpdates;
}

/** Review state of a new write: submitted for approval, or approved at once (demo, or no approval). */
function reviewOf(meta: WriteMeta, needsApproval: boolean): ReviewState {
  return meta.source === 'demo' || !needsApproval ? 'approved' : 'submitted';
}

/**
 * Run a batch in a transaction: a new one, or the caller's when `db` already is one, so a caller
 * can write figures and milestone states (and its audit entries) as one unit.
 */
function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

/**
 * Whether changing a stored value needs a reason: it belongs to a month before the one being
 * reported, or (with approval on) it was already approved. The upload preview shows the same rule.
 */
export function changeNeedsReason(
  period: string,
  reportPeriod: string | undefined,
  existingState: string,
  needsApproval: boolean,
) {
  return (reportPeriod !== undefined && period < reportPeriod) || (needsApproval && existingState === 'approved');
}

/**
 * Rows per INSERT … SELECT (each chunk is one JSON parameter). One statement per chunk instead of
 * one per row is what makes a 100,000-row import fast (see tests/bench); a chunk this size runs in
 * a few milliseconds, which is as long as the event loop waits for it.
 */
const CHUNK_ROWS = 2_000;

function chunks<T>(rows: T[], size = CHUNK_ROWS): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * Owners whose stored rows are read at a time: an indicator has up to a few dozen months, so a
 * read stays at a few thousand rows (a plan's 100,000 stored figures read at once held the event
 * loop for a third of a second), with a turn between reads.
 */
const OWNERS_PER_READ = 100;

/** The stored rows of the given owners (indicators or milestones), read in chunks of ids. */
async function existingRows<T>(ids: number[], read: (ids: number[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  const parts = chunks([...new Set(ids)], OWNERS_PER_READ);
  for (const [i, part] of parts.entries()) {
    if (i > 0) await nextTurn();
    for (const row of await read(part)) out.push(row);
  }
  return out;
}

const ACTUAL_JSON = {
  indicatorId: 'integer',
  series: 'text',
  period: 'text',
  value: 'real',
  note: 'text',
  approvedValue: 'real',
  approvedNote: 'text',
} as const;
const ACTUAL_COLUMNS = Object.keys(ACTUAL_JSON) as (keyof typeof ACTUAL_JSON)[];
const REVIEW_COLUMNS = [
  'source',
  'reportedBy',
  'reportedAt',
  'reviewState',
  'reviewedBy',
  'reviewedAt',
  'reviewComment',
] as const;
const REVISION_JSON = {
  indicatorId: 'integer',
  series: 'text',
  period: 'text',
  oldValue: 'real',
  newValue: 'real',
  oldNote: 'text',
  newNote: 'text',
} as const;
const REVISION_COLUMNS = Object.keys(REVISION_JSON) as (keyof typeof REVISION_JSON)[];
const CHANGE_COLUMNS = ['reason', 'source', 'changedBy', 'changedAt', 'uploadId'] as const;

/** Review fields of a write: a new submission clears the previous review. */
function reviewFields(meta: WriteMeta, needsApproval: boolean, at: string) {
  return {
    source: meta.source,
    reportedBy: meta.by,
    reportedAt: at,
    reviewState: reviewOf(meta, needsApproval),
    reviewedBy: null,
    reviewedAt: null,
    reviewComment: null,
  };
}

/**
 * For a query over `actuals as a`: the figure has no revision rows yet, so its row is all there
 * is of its history (its first report). Used by the write below and by history.ts.
 */
export const firstReportOnly = sql<boolean>`not exists (
  select 1 from actual_revisions r
  where r.indicator_id = a.indicator_id and r.series = a.series and r.period = a.period)`;

/**
 * Before stored figures are overwritten: those whose first report is still only in the figure row
 * (no revision yet) get it written to actual_revisions from the row — null → value, by whom, when,
 * why, from which upload — so the history of a figure reads the same whichever way it was kept.
 */
async function keepFirstReports(trx: Db, part: readonly { indicatorId: number; series: string; period: string }[]) {
  const keys = jsonTuples<{ indicatorId: number; series: string; period: string }>(
    trx,
    { indicatorId: 'integer', series: 'text', period: 'text' },
    part.map((w) => [w.indicatorId, w.series, w.period]),
  );
  await trx
    .insertInto('actualRevisions')
    .columns([...REVISION_COLUMNS, ...CHANGE_COLUMNS])
    .expression(
      trx
        .selectFrom('actuals as a')
        .innerJoin(keys, (join) =>
          join
            .onRef('a.indicatorId', '=', 'j.indicatorId')
            .onRef('a.series', '=', 'j.series')
            .onRef('a.period', '=', 'j.period'),
        )
        .select([
          'a.indicatorId',
          'a.series',
          'a.period',
          sql<null>`cast(null as double precision)`.as('oldValue'),
          'a.value as newValue',
          sql<null>`cast(null as text)`.as('oldNote'),
          'a.note as newNote',
          'a.reason',
          'a.source',
          'a.reportedBy as changedBy',
          'a.reportedAt as changedAt',
          'a.uploadId',
        ])
        .where('a.source', '<>', 'demo')
        .where(firstReportOnly),
    )
    .execute();
}

/**
 * The rows of a batch: an array, or chunks read one at a time (a commit reads its kept lines as it
 * goes, so a 100,000-row import never holds all its rows at once) with their total count, for
 * progress.
 */
export type ActualBatch =
  | readonly ActualInput[]
  | { count: number; chunks: AsyncIterable<readonly ActualInput[]> | Iterable<readonly ActualInput[]> };

function* inChunks<T>(rows: readonly T[]): Iterable<readonly T[]> {
  for (let i = 0; i < rows.length; i += CHUNK_ROWS) yield rows.slice(i, i + CHUNK_ROWS);
}

type Held = { value: number; note: string | null; reviewState: ReviewState };
/**
 * A figure this batch writes, pending in the current chunk: `index` in the chunk's writes;
 * `insert` when no row exists for its key yet; `stored` when its key was stored before the batch
 * (its changes are revisions, and its first report is kept first).
 */
type Write = Pick<ActualInput, 'indicatorId' | 'series' | 'period' | 'value'> &
  Held & { old: number | null; insert: boolean; stored: boolean; index: number };
/**
 * What a key written by an earlier chunk holds in memory: only whether it was stored before the
 * batch. The rare key given again in a later chunk reads its row back (in the transaction); every
 * other key costs a map entry, not a row object, until the batch ends.
 */
const WRITTEN_NEW = 0;
const WRITTEN_STORED = 1;
type Written = typeof WRITTEN_NEW | typeof WRITTEN_STORED;

/**
 * Write reported figures for one plan in one transaction. The figure row says who reported its
 * value, when, why and from which upload; each change of a stored value is kept in
 * actual_revisions (old → new, who, when, why), after the first report it replaces (see
 * keepFirstReports). A value reported again unchanged writes nothing, except that a figure the
 * approver returned is submitted again.
 *
 * The rows are checked and written a chunk at a time (multi-row inserts and upserts). A rule broken
 * anywhere fails the whole batch: the rest is still checked, so the error names every row to fix,
 * nothing more is written, and the transaction rolls back what earlier chunks wrote.
 */
export async function saveActuals(db: Db, planId: string, batch: ActualBatch, meta: WriteMeta): Promise<WriteSummary> {
  const at = (meta.at ?? new Date()).toISOString();
  const { count, chunks: source } = isArray(batch) ? { count: batch.length, chunks: inChunks(batch) } : batch;
  return inTransaction(db, async (trx) => {
    const summary: WriteSummary = { inserted: 0, updated: 0, unchanged: 0, demoCleared: 0 };
    const owned = await trx.selectFrom('indicators').select('id').where('planId', '=', planId).execute();
    const ownedIds = new Set(owned.map((o) => o.id));
    const policy = await approvalPolicy(trx, planId);
    summary.demoCleared = await clearDemoBeforeRealWrite(trx, planId, meta);
    const review = { waits: reviewFields(meta, true, at), counts: reviewFields(meta, false, at) };
    const change = {
      reason: meta.reason ?? null,
      source: meta.source,
      changedBy: meta.by,
      changedAt: at,
      uploadId: meta.uploadId ?? null,
    };

    // What each key holds as the batch is applied in order (a key given twice sees its first
    // write): indicator → series → period. Nested maps on strings that are already there, rather
    // than one map on a key string built per row, which at 100,000 rows cost a third of the write.
    // An indicator's stored rows are read when a chunk first names it.
    const current = new Map<number, Map<string, Map<string, Held | Write | Written>>>();
    const periodsOf = (indicatorId: number, series: string) => {
      let bySeries = current.get(indicatorId);
      if (!bySeries) current.set(indicatorId, (bySeries = new Map<string, Map<string, Held | Write | Written>>()));
      let periods = bySeries.get(series);
      if (!periods) bySeries.set(series, (periods = new Map<string, Held | Write | Written>()));
      return periods;
    };
    const loaded = new Set<number>();
    const foreign: WriteRuleError['rows'] = [];
    const conflicts: WriteRuleError['rows'] = [];
    const missingReason: WriteRuleError['rows'] = [];
    const failed = () => foreign.length + conflicts.length + missingReason.length > 0;
    let done = 0;

    for await (const rows of source) {
      const unread: number[] = [];
      for (const r of rows)
        if (!ownedIds.has(r.indicatorId)) foreign.push({ id: r.indicatorId, period: r.period });
        else if (!loaded.has(r.indicatorId)) {
          loaded.add(r.indicatorId);
          unread.push(r.indicatorId);
        }
      for (const e of await existingRows(unread, (ids) =>
        trx
          .selectFrom('actuals')
          .select(['indicatorId', 'series', 'period', 'value', 'note', 'reviewState'])
          .where('indicatorId', 'in', ids)
          .execute(),
      ))
        periodsOf(e.indicatorId, e.series).set(e.period, e);

      // One per key of this chunk, in the order keys first appear; a key given again replaces its entry.
      const writes: Write[] = [];
      // Changes of stored values: a new figure has no revision until it changes (see keepFirstReports).
      const revisions: { write: Write; old: Held }[] = [];
      for (const r of rows) {
        if (!ownedIds.has(r.indicatorId)) continue;
        const note = r.note ?? null;
        const periods = periodsOf(r.indicatorId, r.series);
        const held = periods.get(r.period);
        // Written by an earlier chunk of this batch: its row as it now stands.
        const earlier = typeof held === 'number' ? held : undefined;
        const existing = earlier !== undefined ? await heldRow(trx, r) : (held as Held | Write | undefined);
        const key = () => ({ id: r.indicatorId, series: r.series, period: r.period });
        if (r.expected !== undefined && (existing?.value ?? null) !== r.expected) {
          conflicts.push(key());
          continue;
        }
        const needsApproval = policy.indicator(r.indicatorId);
        const resubmit = existing?.reviewState === 'returned' && meta.source !== 'demo';
        if (existing && existing.value === r.value && existing.note === note && !resubmit) {
          summary.unchanged++;
          continue;
        }
        if (existing && existing.value !== r.value && !meta.reason?.trim()) {
          if (changeNeedsReason(r.period, meta.reportPeriod, existing.reviewState, needsApproval)) {
            missingReason.push(key());
            continue;
          }
        }
        const prior = existing !== undefined && isWrite(existing) ? existing : undefined;
        // One plain object literal per row, serving as the write and as what the key now holds (at
        // 100,000 rows every extra object or spread costs a noticeable part of the import).
        const write: Write = {
          indicatorId: r.indicatorId,
          series: r.series,
          period: r.period,
          value: r.value,
          note,
          reviewState: reviewOf(meta, needsApproval),
          old: prior ? prior.old : (existing?.value ?? null),
          insert: prior ? prior.insert : existing === undefined,
          stored: prior ? prior.stored : earlier !== undefined ? earlier === WRITTEN_STORED : existing !== undefined,
          index: prior ? prior.index : writes.length,
        };
        writes[write.index] = write;
        // Each key counts once, as an insert or an update, however often the batch gives it.
        if (!prior && earlier === undefined) {
          if (write.insert) summary.inserted++;
          else summary.updated++;
        }
        // A key new to the store and given twice is simply written with its last value.
        if (existing && write.stored && meta.source !== 'demo') revisions.push({ write, old: existing });
        periods.set(r.period, write);
      }

      if (!failed()) {
        // Figures that wait for approval and those that count at once (a unit without an approver,
        // when the plan says so) are written with their own review fields.
        for (const waits of [true, false]) {
          const part = writes.filter((w) => (w.reviewState === 'submitted') === waits);
          if (part.length === 0) continue;
          const partRevisions = revisions.filter((v) => (v.write.reviewState === 'submitted') === waits);
          const fields = waits ? review.waits : review.counts;
          await writeChunk(trx, part, partRevisions, { meta, review: fields, change });
        }
        await meta.onWritten?.(
          trx,
          writes.map((w) => ({
            kind: 'figure',
            indicatorId: w.indicatorId,
            series: w.series,
            period: w.period,
            old: w.old,
            value: w.value,
            reviewState: w.reviewState,
          })),
        );
        for (const w of writes)
          periodsOf(w.indicatorId, w.series).set(w.period, w.stored ? WRITTEN_STORED : WRITTEN_NEW);
      }
      done += rows.length;
      meta.onProgress?.(done, count);
      if (count > CHUNK_ROWS) await nextTurn();
    }
    if (foreign.length > 0)
      throw new WriteRuleError(`Indicator #${foreign[0]!.id} is not part of plan ${planId}`, 'not_in_plan', foreign);
    if (conflicts.length > 0)
      throw new WriteRuleError(
        `${conflicts.length} value(s) changed since they were read; reload and try again`,
        'conflict',
        conflicts,
      );
    if (missingReason.length > 0)
      throw new WriteRuleError(
        `${missingReason.length} already reported value(s) would change; give a reason`,
        'reason_required',
        missingReason,
      );
    return summary;
  });
}

const isWrite = (held: Held | Write): held is Write => 'index' in held;

// Array.isArray does not narrow a readonly array out of a union.
const isArray = (batch: ActualBatch): batch is readonly ActualInput[] => Array.isArray(batch);

/** A figure's row as it stands in the transaction (a key an earlier chunk wrote). */
const heldRow = (trx: Db, r: ActualInput): Promise<Held> =>
  trx
    .selectFrom('actuals')
    .select(['value', 'note', 'reviewState'])
    .where('indicatorId', '=', r.indicatorId)
    .where('series', '=', r.series)
    .where('period', '=', r.period)
    .executeTakeFirstOrThrow();

/**
 * The reason kept with a written figure: the submission's 修改原因, else, for a file, the row's own
 * 备注 (the column a file explains its figures in; the preview accepts it as the reason a warning
 * asks for), so the history shows why.
 */
function rowReason(meta: WriteMeta, change: { reason: string | null }, note: ReturnType<typeof sql.ref>) {
  return change.reason === null && meta.source === 'upload'
    ? sql<string | null>`${note}`
    : sql<string | null>`${change.reason}`;
}

/**
 * One chunk's writes: INSERT … SELECT over one JSON parameter per statement (see db/json-rows.ts).
 * `where true` is SQLite's documented way to let ON CONFLICT follow a SELECT without being read
 * as a join constraint.
 */
async function writeChunk(
  trx: Db,
  writes: readonly Write[],
  revisions: readonly { write: Write; old: Held }[],
  {
    meta,
    review,
    change,
  }: {
    meta: WriteMeta;
    review: ReturnType<typeof reviewFields>;
    change: Record<(typeof CHANGE_COLUMNS)[number], string | null>;
  },
) {
  const approved = review.reviewState === 'approved';
  // New keys take a plain INSERT; only keys with a row need the upsert, whose conflict handling
  // costs about as much again per row (an import of new figures is all inserts).
  const inserts: Write[] = [];
  const upserts: Write[] = [];
  for (const w of writes) (w.insert ? inserts : upserts).push(w);
  // The row's values go as JSON tuples built straight from the writes (no object per row); the
  // batch-wide fields (review, reason, upload) are parameters of the statement.
  const rowsOf = (part: Write[]) =>
    trx
      .selectFrom(
        jsonTuples(
          trx,
          ACTUAL_JSON,
          part.map((w) => [
            w.indicatorId,
            w.series,
            w.period,
            w.value,
            w.note,
            approved ? w.value : null,
            approved ? w.note : null,
          ]),
        ),
      )
      .select((eb) => [
        ...ACTUAL_COLUMNS.map((c) => eb.ref(`j.${c}`).as(c)),
        ...REVIEW_COLUMNS.map((c) => sql`${review[c]}`.as(c)),
        rowReason(meta, change, sql.ref('j.note')).as('reason'),
        sql`${change.uploadId}`.as('uploadId'),
      ])
      .where(sql<boolean>`true`);
  const columns = [...ACTUAL_COLUMNS, ...REVIEW_COLUMNS, 'reason', 'uploadId'] as const;
  if (inserts.length > 0) await trx.insertInto('actuals').columns(columns).expression(rowsOf(inserts)).execute();
  if (upserts.length > 0) {
    // A first report lives in its figure row until the value changes; before the row is
    // overwritten it goes to actual_revisions (migration 2026-11-28-0007), so history keeps it.
    // (A key new to this batch and given again keeps no intermediate value.)
    const kept = upserts.filter((w) => w.stored);
    if (meta.source !== 'demo' && kept.length > 0) await keepFirstReports(trx, kept);
    await trx
      .insertInto('actuals')
      .columns(columns)
      .expression(rowsOf(upserts))
      .onConflict((oc) =>
        oc.columns(['indicatorId', 'series', 'period']).doUpdateSet((eb) => ({
          value: eb.ref('excluded.value'),
          note: eb.ref('excluded.note'),
          ...review,
          reason: eb.ref('excluded.reason'),
          uploadId: eb.ref('excluded.uploadId'),
          // A submission waiting for approval leaves the approved value standing.
          ...(approved
            ? { approvedValue: eb.ref('excluded.approvedValue'), approvedNote: eb.ref('excluded.approvedNote') }
            : {}),
        })),
      )
      .execute();
  }
  if (revisions.length > 0)
    await trx
      .insertInto('actualRevisions')
      .columns([...REVISION_COLUMNS, ...CHANGE_COLUMNS])
      .expression(
        trx
          .selectFrom(
            jsonTuples(
              trx,
              REVISION_JSON,
              revisions.map(({ write, old }) => [
                write.indicatorId,
                write.series,
                write.period,
                old.value,
                write.value,
                old.note,
                write.note,
              ]),
            ),
          )
          .select((eb) => [
            ...REVISION_COLUMNS.map((c) => eb.ref(`j.${c}`).as(c)),
            ...CHANGE_COLUMNS.map((c) =>
              c === 'reason' ? rowReason(meta, change, sql.ref('j.newNote')).as(c) : sql`${change[c]}`.as(c),
            ),
          ]),
      )
      .execute();
}

export interface MilestoneUpdateInput {
  milestoneId: number;
  period: string;
  state: MilestoneState;
  note?: string | null;
}

/** Write milestone states, with the same transaction, demo, review and revision rules as figures. */
export async function saveMilestoneUpdates(
  db: Db,
  planId: string,
  rows: MilestoneUpdateInput[],
  meta: WriteMeta,
): Promise<WriteSummary> {
  const at = (meta.at ?? new Date()).toISOString();
  return inTransaction(db, async (trx) => {
    const summary: WriteSummary = { inserted: 0, updated: 0, unchanged: 0, demoCleared: 0 };
    const owned = await trx.selectFrom('milestones').select('id').where('planId', '=', planId).execute();
    const ownedIds = new Set(owned.map((o) => o.id));
    const foreign = rows.filter((r) => !ownedIds.has(r.milestoneId));
    if (foreign.length > 0)
      throw new WriteRuleError(
        `Milestone #${foreign[0]!.milestoneId} is not part of plan ${planId}`,
        'not_in_plan',
        foreign.map((r) => ({ id: r.milestoneId, period: r.period })),
      );
    const policy = await approvalPolicy(trx, planId);
    summary.demoCleared = await clearDemoBeforeRealWrite(trx, planId, meta);

    const keyOf = (r: { milestoneId: number; period: string }) => `${r.milestoneId}/${r.period}`;
    const stored = await existingRows(
      rows.map((r) => r.milestoneId),
      (ids) =>
        trx
          .selectFrom('milestoneUpdates')
          .select(['milestoneId', 'period', 'state', 'note', 'reviewState'])
          .where('milestoneId', 'in', ids)
          .execute(),
    );
    const current = new Map(stored.map((e) => [keyOf(e), e]));
    const inserted = new Set<string>();
    const writes = new Map<
      string,
      MilestoneUpdateInput & { note: string | null; reviewState: ReviewState; old: string | null }
    >();
    const revisions: {
      r: MilestoneUpdateInput;
      note: string | null;
      old: { state: string; note: string | null } | null;
    }[] = [];
    for (const r of rows) {
      const note = r.note ?? null;
      const k = keyOf(r);
      const existing = current.get(k);
      const resubmit = existing?.reviewState === 'returned' && meta.source !== 'demo';
      if (existing && existing.state === r.state && existing.note === note && !resubmit) {
        summary.unchanged++;
        continue;
      }
      if (!existing) inserted.add(k);
      const reviewState = reviewOf(meta, policy.milestone(r.milestoneId));
      writes.set(k, { ...r, note, reviewState, old: writes.get(k)?.old ?? existing?.state ?? null });
      if (meta.source !== 'demo') revisions.push({ r, note, old: existing ?? null });
      current.set(k, { ...r, note, reviewState });
    }

    for (const waits of [true, false]) {
      const review = reviewFields(meta, waits, at);
      const approved = review.reviewState === 'approved';
      const ofState = [...writes.values()].filter((w) => w.reviewState === review.reviewState);
      for (const part of chunks(ofState))
        await trx
          .insertInto('milestoneUpdates')
          .values(
            part.map((r) => ({
              milestoneId: r.milestoneId,
              period: r.period,
              state: r.state,
              note: r.note,
              ...review,
              approvedState: approved ? r.state : null,
              approvedNote: approved ? r.note : null,
            })),
          )
          .onConflict((oc) =>
            oc.columns(['milestoneId', 'period']).doUpdateSet((eb) => ({
              state: eb.ref('excluded.state'),
              note: eb.ref('excluded.note'),
              ...review,
              ...(approved
                ? { approvedState: eb.ref('excluded.approvedState'), approvedNote: eb.ref('excluded.approvedNote') }
                : {}),
            })),
          )
          .execute();
    }
    for (const part of chunks(revisions))
      await trx
        .insertInto('milestoneRevisions')
        .values(
          part.map(({ r, note, old }) => ({
            milestoneId: r.milestoneId,
            period: r.period,
            oldState: old?.state ?? null,
            newState: r.state,
            oldNote: old?.note ?? null,
            newNote: note,
            reason: meta.reason ?? null,
            source: meta.source,
            changedBy: meta.by,
            changedAt: at,
            uploadId: meta.uploadId ?? null,
          })),
        )
        .execute();
    if (writes.size > 0)
      await meta.onWritten?.(
        trx,
        [...writes.values()].map((w) => ({
          kind: 'milestone',
          milestoneId: w.milestoneId,
          period: w.period,
          old: w.old,
          state: w.state,
          reviewState: w.reviewState,
        })),
      );
    summary.inserted = inserted.size;
    summary.updated = writes.size - inserted.size;
    return summary;
  });
}
