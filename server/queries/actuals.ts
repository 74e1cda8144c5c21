import type { SeriesKey } from '../../shared/status';
import type { MilestoneState } from '../../shared/status';
import type { Db } from '../db/connect';
import type { DataSource } from '../db/schema';

export interface ActualInput {
  indicatorId: number;
  series: SeriesKey;
  period: string;
  value: number;
  note?: string | null;
}

export interface WriteMeta {
  source: DataSource;
  by: string | null;
  reason?: string | null;
  at?: Date;
  log?: (message: string) => void;
}

export interface WriteSummary {
  inserted: number;
  updated: number;
  unchanged: number;
  demoCleared: number;
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

/**
 * Write reported figures for one plan in one transaction. Each insert or change is kept in
 * actual_revisions (old → new, who, when, why); a value reported again unchanged writes nothing.
 */
export async function saveActuals(db: Db, planId: string, rows: ActualInput[], meta: WriteMeta): Promise<WriteSummary> {
  const at = (meta.at ?? new Date()).toISOString();
  return db.transaction().execute(async (trx) => {
    const summary: WriteSummary = { inserted: 0, updated: 0, unchanged: 0, demoCleared: 0 };
    const owned = await trx.selectFrom('indicators').select('id').where('planId', '=', planId).execute();
    const ownedIds = new Set(owned.map((o) => o.id));
    for (const r of rows)
      if (!ownedIds.has(r.indicatorId)) throw new Error(`Indicator #${r.indicatorId} is not part of plan ${planId}`);
    summary.demoCleared = await clearDemoBeforeRealWrite(trx, planId, meta);

    for (const r of rows) {
      const note = r.note ?? null;
      const existing = await trx
        .selectFrom('actuals')
        .select(['id', 'value', 'note'])
        .where('indicatorId', '=', r.indicatorId)
        .where('series', '=', r.series)
        .where('period', '=', r.period)
        .executeTakeFirst();
      if (existing && existing.value === r.value && existing.note === note) {
        summary.unchanged++;
        continue;
      }
      const written = { value: r.value, note, source: meta.source, reportedBy: meta.by, reportedAt: at };
      if (existing) {
        await trx.updateTable('actuals').set(written).where('id', '=', existing.id).execute();
        summary.updated++;
      } else {
        await trx
          .insertInto('actuals')
          .values({ indicatorId: r.indicatorId, series: r.series, period: r.period, ...written })
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
        })
        .execute();
    }
    return summary;
  });
}

export interface MilestoneUpdateInput {
  milestoneId: number;
  period: string;
  state: MilestoneState;
  note?: string | null;
}

/** Write milestone states, with the same transaction, demo and revision rules as figures. */
export async function saveMilestoneUpdates(
  db: Db,
  planId: string,
  rows: MilestoneUpdateInput[],
  meta: WriteMeta,
): Promise<WriteSummary> {
  const at = (meta.at ?? new Date()).toISOString();
  return db.transaction().execute(async (trx) => {
    const summary: WriteSummary = { inserted: 0, updated: 0, unchanged: 0, demoCleared: 0 };
    const owned = await trx.selectFrom('milestones').select('id').where('planId', '=', planId).execute();
    const ownedIds = new Set(owned.map((o) => o.id));
    for (const r of rows)
      if (!ownedIds.has(r.milestoneId)) throw new Error(`Milestone #${r.milestoneId} is not part of plan ${planId}`);
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
      const written = { state: r.state, note, source: meta.source, reportedBy: meta.by, reportedAt: at };
      if (existing) {
        await trx.updateTable('milestoneUpdates').set(written).where('id', '=', existing.id).execute();
        summary.updated++;
      } else {
        await trx
          .insertInto('milestoneUpdates')
          .values({ milestoneId: r.milestoneId, period: r.period, ...written })
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
        })
        .execute();
    }
    return summary;
  });
}
