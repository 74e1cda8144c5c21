// The history of an indicator: every value it had (old → new, who, when, why, from which file),
// its review events, what counts for each month now; and an admin's revert, which is itself a
// new revision (history is never deleted).
import { TRPCError } from '@trpc/server';
import { sql } from 'kysely';
import { z } from 'zod';
import { seriesOf } from '../../shared/reporting';
import type { SeriesKey } from '../../shared/status';
import type { Db } from '../db/connect';
import { reportingUnits } from './reporting-units';
import { firstReportOnly, saveActuals, WriteRuleError } from './actuals';
import { auditTrail, writeAudit } from './audit';
import { planOrThrow } from './due';
import { writeRuleProblem, type Actor } from './entry';
import { listIndicatorDefs } from './indicators';
import { seesDrafts, type DraftScope } from './shown-values';

const planId = z.string().min(1).max(100);
export const indicatorHistoryInput = z.object({ planId, code: z.string().trim().min(1).max(40) });
export const revertInput = z.object({
  planId,
  revisionId: z.number().int().positive(),
  reason: z
    .string()
    .trim()
    .min(1, '撤销须填写原因 / A reason is required to revert a change')
    .max(500, '原因最多 500 字 / A reason has at most 500 characters'),
});

/**
 * File names of uploads, when the upload feature's `uploads` table is there. Looked up by
 * introspection so history works with or without it and does not depend on its column names.
 */
async function uploadFileNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (ids.length === 0) return names;
  const raw = db.withoutPlugins();
  const table = (await raw.introspection.getTables()).find((t) => t.name === 'uploads');
  const column = table?.columns.find((c) => ['file_name', 'filename', 'original_name', 'name'].includes(c.name));
  if (!table?.columns.some((c) => c.name === 'id') || !column) return names;
  const rows = await sql<{ id: string | number; file: string | null }>`
    select id, ${sql.ref(column.name)} as file from uploads where id in (${sql.join(ids)})`.execute(raw);
  for (const r of rows.rows) if (r.file !== null) names.set(String(r.id), r.file);
  return names;
}

/**
 * Every value an indicator's figures had, oldest first: the stored revisions, and the first reports
 * still kept only in their figure rows (a figure gets revision rows once its value first changes;
 * see keepFirstReports in actuals.ts). Those read as revisions without an id (nothing to revert
 * to before a first report).
 */
export async function figureHistory(db: Db, indicatorId: number) {
  const revisions = await db
    .selectFrom('actualRevisions')
    .leftJoin('users', 'users.username', 'actualRevisions.changedBy')
    .select([
      'actualRevisions.id',
      'actualRevisions.series',
      'actualRevisions.period',
      'actualRevisions.oldValue',
      'actualRevisions.newValue',
      'actualRevisions.oldNote',
      'actualRevisions.newNote',
      'actualRevisions.reason',
      'actualRevisions.source',
      'actualRevisions.changedBy',
      'users.displayName as changedByName',
      'actualRevisions.changedAt',
      'actualRevisions.uploadId',
    ])
    .where('actualRevisions.indicatorId', '=', indicatorId)
    .orderBy('actualRevisions.id')
    .execute();
  const firstReports = await db
    .selectFrom('actuals as a')
    .leftJoin('users', 'users.username', 'a.reportedBy')
    .select([
      'a.series',
      'a.period',
      'a.value',
      'a.note',
      'a.reason',
      'a.source',
      'a.reportedBy',
      'users.displayName as changedByName',
      'a.reportedAt',
      'a.uploadId',
    ])
    .where('a.indicatorId', '=', indicatorId)
    .where('a.source', '<>', 'demo')
    .where(firstReportOnly)
    .execute();
  const all = [
    ...revisions,
    ...firstReports.map((a) => ({
      id: null,
      series: a.series,
      period: a.period,
      oldValue: null,
      newValue: a.value,
      oldNote: null,
      newNote: a.note,
      reason: a.reason,
      source: a.source,
      changedBy: a.reportedBy,
      changedByName: a.changedByName,
      changedAt: a.reportedAt,
      uploadId: a.uploadId,
    })),
  ];
  // By time; within the same moment first reports (by month and series) before changes (in the
  // order written), whichever of the two places a first report is kept in.
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const isFirst = (r: { oldValue: number | null }) => (r.oldValue === null ? 0 : 1);
  return all.sort(
    (x, y) =>
      cmp(x.changedAt, y.changedAt) ||
      isFirst(x) - isFirst(y) ||
      (isFirst(x) === 0 ? cmp(x.period, y.period) || cmp(x.series, y.series) : 0) ||
      (x.id ?? 0) - (y.id ?? 0),
  );
}

/**
 * Every value an indicator had. `checkScope` is asked (with the reporting unit) before anything is
 * read: leaders and admins may read every unit's history, statisticians and approvers their own.
 * With approval on, a submission not yet approved is a draft of that unit (see shown-values.ts):
 * a viewer outside `drafts` (a leader) gets each pending month as last approved, without the
 * revisions, reports and returns made since its last approval.
 */
export async function indicatorHistory(
  db: Db,
  input: z.infer<typeof indicatorHistoryInput>,
  checkScope: (unitId: number) => Promise<void>,
  drafts: DraftScope,
) {
  await planOrThrow(db, input.planId);
  const found = (await listIndicatorDefs(db, input.planId)).find((d) => d.def.code === input.code);
  if (!found)
    throw new TRPCError({ code: 'NOT_FOUND', message: `No indicator '${input.code}' in plan '${input.planId}'` });
  const { id, def } = found;
  const unit = (await reportingUnits(db, input.planId)).indicators.get(id);
  if (unit) await checkScope(unit.id);

  const revisions = await figureHistory(db, id);
  const files = await uploadFileNames(db, [
    ...new Set(revisions.flatMap((r) => (r.uploadId === null ? [] : [r.uploadId]))),
  ]);
  const events = await auditTrail(db, 'indicator', `${input.planId}/${def.code}`);
  const reverts = new Map(
    events.flatMap((e) =>
      e.action === 'figure.reverted' && typeof e.detail?.newRevisionId === 'number'
        ? [[e.detail.newRevisionId, Number(e.detail.revisionId)] as const]
        : [],
    ),
  );
  const months = await db
    .selectFrom('actuals')
    .select([
      'series',
      'period',
      'value',
      'note',
      'approvedValue',
      'reviewState',
      'reviewedBy',
      'reviewedAt',
      'reviewComment',
      'source',
      'reportedBy',
      'reportedAt',
    ])
    .where('indicatorId', '=', id)
    .orderBy('period')
    .orderBy('series')
    .execute();

  const plan = await db
    .selectFrom('plans')
    .select('approvalRequired')
    .where('id', '=', input.planId)
    .executeTakeFirst();
  if (plan?.approvalRequired === 1 && !seesDrafts(drafts, unit?.id)) {
    const figure = (r: { series: string; period: string }) => `${r.series}/${r.period}`;
    const pending = new Set(months.filter((m) => m.reviewState !== 'approved').map(figure));
    // When each pending figure was last approved; what came after is its unit's draft.
    const lastApproval = new Map<string, { at: string; actor: string | null }>();
    for (const e of events)
      if (e.action === 'figure.approved' && e.detail) {
        const key = `${String(e.detail.series)}/${String(e.detail.period)}`;
        if (pending.has(key)) lastApproval.set(key, e);
      }
    const isDraft = (key: string, at: string) => pending.has(key) && at > (lastApproval.get(key)?.at ?? '');
    revisions.splice(0, revisions.length, ...revisions.filter((r) => !isDraft(figure(r), r.changedAt)));
    events.splice(
      0,
      events.length,
      ...events.filter(
        (e) =>
          !(e.action.startsWith('figure.') && e.detail) ||
          !isDraft(`${String(e.detail.series)}/${String(e.detail.period)}`, e.at),
      ),
    );
    months.splice(
      0,
      months.length,
      ...months.flatMap((m) =>
        m.reviewState === 'approved'
          ? [m]
          : m.approvedValue === null
            ? []
            : [
                {
                  ...m,
                  value: m.approvedValue,
                  note: null,
                  reviewState: 'approved' as const,
                  reviewComment: null,
                  reviewedBy: lastApproval.get(figure(m))?.actor ?? null,
                  reviewedAt: lastApproval.get(figure(m))?.at ?? null,
                },
              ],
      ),
    );
  }

  return {
    planId: input.planId,
    code: def.code,
    name: def.name,
    nameEn: def.nameEn,
    unit: def.unit,
    unitEn: def.unitEn,
    kind: def.kind,
    reporting: def.reporting,
    series: seriesOf(def),
    /** Oldest first. `revertOf` names the revision whose earlier value this one restored. */
    revisions: revisions.map((r) => ({
      key: r.id === null ? `${r.series}/${r.period}` : String(r.id),
      ...r,
      fileName: r.uploadId === null ? null : (files.get(r.uploadId) ?? null),
      revertOf: r.id === null ? null : (reverts.get(r.id) ?? null),
    })),
    /** Reported, approved, returned and reverted, from the audit log, oldest first. */
    events: events.map((e) => ({ id: e.id, at: e.at, action: e.action, actor: e.actor, detail: e.detail })),
    /** Each month as it stands: the reported value, the approved value the board counts, its review. */
    months,
  };
}

/** Restore the value (and note) a revision replaced, as a new revision with the admin's reason. */
export async function revertRevision(db: Db, input: z.infer<typeof revertInput>, actor: Actor) {
  await planOrThrow(db, input.planId);
  const rev = await db
    .selectFrom('actualRevisions')
    .innerJoin('indicators', 'indicators.id', 'actualRevisions.indicatorId')
    .select([
      'actualRevisions.id',
      'actualRevisions.indicatorId',
      'indicators.code',
      'actualRevisions.series',
      'actualRevisions.period',
      'actualRevisions.oldValue',
      'actualRevisions.oldNote',
    ])
    .where('indicators.planId', '=', input.planId)
    .where('actualRevisions.id', '=', input.revisionId)
    .executeTakeFirst();
  if (!rev)
    throw new TRPCError({ code: 'NOT_FOUND', message: `No revision #${input.revisionId} in plan '${input.planId}'` });
  const oldValue = rev.oldValue;
  if (oldValue === null)
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: `修订 #${rev.id} 是首次报送，之前没有数值可恢复 / Revision #${rev.id} was the first report; there is no earlier value to restore`,
    });
  try {
    return await db.transaction().execute(async (trx) => {
      const current = await trx
        .selectFrom('actuals')
        .select(['value', 'note'])
        .where('indicatorId', '=', rev.indicatorId)
        .where('series', '=', rev.series)
        .where('period', '=', rev.period)
        .executeTakeFirst();
      if (current?.value === oldValue && current.note === rev.oldNote)
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: `${rev.code} 当前数值已是修订 #${rev.id} 之前的数值，无需撤销 / ${rev.code} already has the value revision #${rev.id} replaced`,
        });
      await saveActuals(
        trx,
        input.planId,
        [
          {
            indicatorId: rev.indicatorId,
            series: rev.series as SeriesKey,
            period: rev.period,
            value: oldValue,
            note: rev.oldNote,
          },
        ],
        { source: 'entry', by: actor.user.username, reason: input.reason, at: actor.now },
      );
      const created = await trx
        .selectFrom('actualRevisions')
        .select('id')
        .where('indicatorId', '=', rev.indicatorId)
        .where('series', '=', rev.series)
        .where('period', '=', rev.period)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      const state = await trx
        .selectFrom('actuals')
        .select('reviewState')
        .where('indicatorId', '=', rev.indicatorId)
        .where('series', '=', rev.series)
        .where('period', '=', rev.period)
        .executeTakeFirstOrThrow();
      await writeAudit(trx, {
        actorId: actor.user.id,
        ip: actor.ip,
        at: actor.now,
        action: 'figure.reverted',
        entity: 'indicator',
        entityKey: `${input.planId}/${rev.code}`,
        detail: {
          revisionId: rev.id,
          newRevisionId: created.id,
          series: rev.series,
          period: rev.period,
          value: [current?.value ?? null, oldValue],
          reason: input.reason,
        },
      });
      return { revisionId: created.id, revertOf: rev.id, value: oldValue, reviewState: state.reviewState };
    });
  } catch (e) {
    if (e instanceof WriteRuleError) throw writeRuleProblem(e, () => rev.code);
    throw e;
  }
}
