// Writing reported figures and milestone states: one transaction per batch, a revision for every
// change, review state for approval, the reason rule for revising earlier months, and a check
// that nobody changed a value since the writer last saw it (no lost updates).
import type { MilestoneState, SeriesKey } from '../../shared/status';
import type { Db } from '../db/connect';
import type { DataSource, ReviewState } from '../db/schema';

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
}

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
 * Remove a plan's demo figures (actuals and milestone updates marked `demo`). Real figures are
 * never mixed with demo ones: the first real write for a plan clears its demo rows.
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

async function clearDemoBeforeRealWrite(db: Db, planId: string, meta: WriteMeta): Promise<number> {
  if (meta.source === 'demo') return 0;
  const cleared = await clearDemo(db, planId);
  if (cleared > 0) meta.log?.(`plan ${planId}: real figures arrived, ${cleared} demo row(s) cleared`);
  return cleared;
}

async function approvalRequired(db: Db, planId: string): Promise<boolean> {
  const plan = await db.selectFrom('plans').select('approvalRequired').where('id', '=', planId).executeTakeFirst();
  return (plan?.approvalRequired ?? 1) === 1;
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
 * Write reported figures for one plan in one transaction. Each insert or change is kept in
 * actual_revisions (old → new, who, when, why); a value reported again unchanged writes nothing.
 */
export async function saveActuals(db: Db, planId: string, rows: ActualInput[], meta: WriteMeta): Promise<WriteSummary> {
  const at = (meta.at ?? new Date()).toISOString();
  return inTransaction(db, async (trx) => {
    const summary: WriteSummary = { inserted: 0, updated: 0, unchanged: 0, demoCleared: 0 };
    const owned = await trx.selectFrom('indicators').select('id').where('planId', '=', planId).execute();
    const ownedIds = new Set(owned.map((o) => o.id));
    const foreign = rows.filter((r) => !ownedIds.has(r.indicatorId));
    if (foreign.length > 0)
      throw new WriteRuleError(
        `Indicator #${foreign[0]!.indicatorId} is not part of plan ${planId}`,
        'not_in_plan',
        foreign.map((r) => ({ id: r.indicatorId, period: r.period })),
      );
    const needsApproval = await approvalRequired(trx, planId);
    summary.demoCleared = await clearDemoBeforeRealWrite(trx, planId, meta);
    const conflicts: WriteRuleError['rows'] = [];
    const missingReason: WriteRuleError['rows'] = [];

    for (const r of rows) {
      const note = r.note ?? null;
      const existing = await trx
        .selectFrom('actuals')
        .select(['id', 'value', 'note', 'reviewState'])
        .where('indicatorId', '=', r.indicatorId)
        .where('series', '=', r.series)
        .where('period', '=', r.period)
        .executeTakeFirst();
      const key = { id: r.indicatorId, series: r.series, period: r.period };
      if (r.expected !== undefined && (existing?.value ?? null) !== r.expected) {
        conflicts.push(key);
        continue;
      }
      if (existing && existing.value === r.value && existing.note === note) {
        summary.unchanged++;
        continue;
      }
      if (existing && existing.value !== r.value && !meta.reason?.trim()) {
        if (changeNeedsReason(r.period, meta.reportPeriod, existing.reviewState, needsApproval)) {
          missingReason.push(key);
          continue;
        }
      }
      const reviewState = reviewOf(meta, needsApproval);
      const written = {
        value: r.value,
        note,
        source: meta.source,
        reportedBy: meta.by,
        reportedAt: at,
        reviewState,
        reviewedBy: null,
        reviewedAt: null,
        reviewComment: null,
        ...(reviewState === 'approved' ? { approvedValue: r.value } : {}),
      };
      if (existing) {
        await trx.updateTable('actuals').set(written).where('id', '=', existing.id).execute();
        summary.updated++;
      } else {
        await trx
          .insertInto('actuals')
          .values({ indicatorId: r.indicatorId, series: r.series, period: r.period, approvedValue: null, ...written })
          .execute();
        summary.inserted++;
      }
      if (meta.source === 'demo') continue;
      await trx
        .insertInto('actualRevisions')
        .values({
          indicatorId: r.indicatorId,
          series: r.series,
          period: r.period,
          oldValue: existing?.value ?? null,
          newValue: r.value,
          oldNote: existing?.note ?? null,
          newNote: note,
          reason: meta.reason ?? null,
          source: meta.source,
          changedBy: meta.by,
          changedAt: at,
          uploadId: meta.uploadId ?? null,
        })
        .execute();
    }
    // Thrown inside the transaction, so the whole batch rolls back.
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
    const needsApproval = await approvalRequired(trx, planId);
    summary.demoCleared = await clearDemoBeforeRealWrite(trx, planId, meta);

    for (const r of rows) {
      const note = r.note ?? null;
      const existing = await trx
        .selectFrom('milestoneUpdates')
        .select(['id', 'state', 'note'])
        .where('milestoneId', '=', r.milestoneId)
        .where('period', '=', r.period)
        .executeTakeFirst();
      if (existing && existing.state === r.state && existing.note === note) {
        summary.unchanged++;
        continue;
      }
      const reviewState = reviewOf(meta, needsApproval);
      const written = {
        state: r.state,
        note,
        source: meta.source,
        reportedBy: meta.by,
        reportedAt: at,
        reviewState,
        reviewedBy: null,
        reviewedAt: null,
        reviewComment: null,
        ...(reviewState === 'approved' ? { approvedState: r.state, approvedNote: note } : {}),
      };
      if (existing) {
        await trx.updateTable('milestoneUpdates').set(written).where('id', '=', existing.id).execute();
        summary.updated++;
      } else {
        await trx
          .insertInto('milestoneUpdates')
          .values({ milestoneId: r.milestoneId, period: r.period, approvedState: null, approvedNote: null, ...written })
          .execute();
        summary.inserted++;
      }
      if (meta.source === 'demo') continue;
      await trx
        .insertInto('milestoneRevisions')
        .values({
          milestoneId: r.milestoneId,
          period: r.period,
          oldState: existing?.state ?? null,
          newState: r.state,
          oldNote: existing?.note ?? null,
          newNote: note,
          reason: meta.reason ?? null,
          source: meta.source,
          changedBy: meta.by,
          changedAt: at,
          uploadId: meta.uploadId ?? null,
        })
        .execute();
    }
    return summary;
  });
}
