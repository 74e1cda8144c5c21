// Approval: the queue of submitted figures and milestone states for an approver's units, approving
// or returning them (with a comment), and switching approval on or off for a plan.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { formatPeriod } from '../../shared/format';
import { periodSchema } from '../../shared/plan-schema';
import { seriesName, seriesOf, seriesUnit, targetText } from '../../shared/reporting';
import { evaluateIndicator, type Observation, type SeriesKey } from '../../shared/status';
import type { Db } from '../db/connect';
import { assertUnitScope } from '../auth/unit-scope';
import { notifyUser } from '../notices/outbox';
import { writeAudit } from './audit';
import { planOrThrow } from './due';
import { figureHistory, warningsFor, type Actor } from './entry';
import { listIndicatorDefs } from './indicators';
import { reportingUnits } from './reporting-units';
import type { SessionUser } from './users';

const planId = z.string().min(1).max(100);
export const queueInput = z.object({ planId, period: periodSchema.optional() });
const itemsSchema = z
  .array(
    z.object({
      kind: z.enum(['figure', 'milestone']),
      id: z.number().int().positive(),
      /** The submission the approver saw (`reportedAt` from the queue); a newer one is refused. */
      reportedAt: z.string().max(40).optional(),
    }),
  )
  .min(1)
  .max(500);
export const approveInput = z.object({ planId, items: itemsSchema });
export const returnInput = approveInput.extend({
  comment: z
    .string()
    .trim()
    .min(1, '退回须填写意见 / A comment is required to return a figure')
    .max(500, '意见最多 500 字 / A comment has at most 500 characters'),
});
export const approvalSettingInput = z.object({ planId, required: z.boolean() });
export const selfApprovalInput = z.object({ planId, allowed: z.boolean() });

/** Four eyes: unless the plan allows it (one-person units), nobody approves what they reported. */
export function selfApprovalRefusal(what: string, whatEn: string) {
  return new TRPCError({
    code: 'FORBIDDEN',
    message: `${what}是您本人报送的，须由另一位审核员审核 / You reported ${whatEn} yourself; another approver must approve it`,
  });
}

/** Units whose submissions the user reviews: all for an admin, their own for an approver. */
const reviewUnits = (user: SessionUser) => (user.role === 'admin' ? null : new Set(user.units.map((u) => u.id)));

export async function reviewQueue(db: Db, input: z.infer<typeof queueInput>, user: SessionUser) {
  const plan = await planOrThrow(db, input.planId);
  const units = await reportingUnits(db, input.planId);
  const mine = reviewUnits(user);
  const inScope = (unit: { id: number } | undefined) => unit !== undefined && (mine === null || mine.has(unit.id));
  const defs = new Map((await listIndicatorDefs(db, input.planId)).map((d) => [d.id, d.def]));

  let figureQuery = db
    .selectFrom('actuals')
    .innerJoin('indicators', 'indicators.id', 'actuals.indicatorId')
    .leftJoin('users', 'users.username', 'actuals.reportedBy')
    .select([
      'actuals.id',
      'actuals.indicatorId',
      'actuals.series',
      'actuals.period',
      'actuals.value',
      'actuals.note',
      'actuals.approvedValue',
      'actuals.reportedBy',
      'actuals.reportedAt',
      'users.displayName as reportedByName',
      'actuals.reason',
    ])
    .where('indicators.planId', '=', input.planId)
    .where('actuals.reviewState', '=', 'submitted')
    .orderBy('actuals.period')
    .orderBy('actuals.indicatorId')
    .orderBy('actuals.series');
  if (input.period) figureQuery = figureQuery.where('actuals.period', '=', input.period);
  const figureRows = (await figureQuery.execute()).filter((f) => inScope(units.indicators.get(f.indicatorId)));

  const history = await figureHistory(db, [...new Set(figureRows.map((f) => f.indicatorId))]);

  const thresholds = { onTrack: plan.onTrackGap, behind: plan.behindGap };
  const figures = figureRows.map((f) => {
    const def = defs.get(f.indicatorId)!;
    const series = f.series as SeriesKey;
    const unit = units.indicators.get(f.indicatorId)!;
    const own = history.get(`${f.indicatorId}:${series}`) ?? [];
    const previous = own.filter((o) => o.period < f.period).sort((a, b) => (a.period < b.period ? 1 : -1))[0] ?? null;
    // The status engine on the figures as they would stand with this one counted.
    const observations: Observation[] = seriesOf(def).flatMap((s) =>
      (history.get(`${f.indicatorId}:${s}`) ?? []).map((o) => ({ period: o.period, value: o.value, series: s })),
    );
    const withNew = evaluateIndicator(def, observations, f.period, thresholds);
    return {
      kind: 'figure' as const,
      id: f.id,
      code: def.code,
      name: def.name,
      nameEn: def.nameEn,
      series,
      seriesName: seriesName(def, series, 'zh'),
      seriesNameEn: seriesName(def, series, 'en'),
      unit: seriesUnit(def, series, 'zh'),
      unitEn: seriesUnit(def, series, 'en'),
      period: f.period,
      reportingUnit: { code: unit.code, name: unit.name },
      /** What the board counts now (null: never approved) → what was submitted. */
      approvedValue: f.approvedValue,
      value: f.value,
      /** The same series' latest figure of an earlier month. */
      previous,
      target: targetText(def, 'zh'),
      targetEn: targetText(def, 'en'),
      /** With this figure counted: task progress, 序时进度 (%), and the status. */
      taskProgress: withNew.taskProgress,
      timeProgress: withNew.timeProgress,
      status: withNew.status,
      note: f.note,
      reportedBy: f.reportedBy,
      reportedByName: f.reportedByName,
      reportedAt: f.reportedAt,
      reason: f.reason,
      warnings: warningsFor([{ code: def.code, series, value: f.value, id: f.indicatorId, def }], f.period, history),
    };
  });

  let milestoneQuery = db
    .selectFrom('milestoneUpdates')
    .innerJoin('milestones', 'milestones.id', 'milestoneUpdates.milestoneId')
    .leftJoin('users', 'users.username', 'milestoneUpdates.reportedBy')
    .select((eb) => [
      'milestoneUpdates.id',
      'milestoneUpdates.milestoneId',
      'milestones.code',
      'milestones.task',
      'milestones.taskEn',
      'milestones.deadline',
      'milestoneUpdates.period',
      'milestoneUpdates.state',
      'milestoneUpdates.note',
      'milestoneUpdates.approvedState',
      'milestoneUpdates.approvedNote',
      'milestoneUpdates.reportedBy',
      'milestoneUpdates.reportedAt',
      'users.displayName as reportedByName',
      eb
        .selectFrom('milestoneRevisions as r')
        .select('r.reason')
        .whereRef('r.milestoneId', '=', 'milestoneUpdates.milestoneId')
        .whereRef('r.period', '=', 'milestoneUpdates.period')
        .orderBy('r.id', 'desc')
        .limit(1)
        .as('reason'),
    ])
    .where('milestones.planId', '=', input.planId)
    .where('milestoneUpdates.reviewState', '=', 'submitted')
    .orderBy('milestoneUpdates.period')
    .orderBy('milestones.id');
  if (input.period) milestoneQuery = milestoneQuery.where('milestoneUpdates.period', '=', input.period);
  const milestones = (await milestoneQuery.execute()).flatMap(({ milestoneId, ...m }) => {
    const unit = units.milestones.get(milestoneId);
    return inScope(unit)
      ? [{ kind: 'milestone' as const, ...m, reportingUnit: { code: unit!.code, name: unit!.name } }]
      : [];
  });

  return {
    planId: input.planId,
    approvalRequired: plan.approvalRequired === 1,
    selfApprovalAllowed: plan.selfApprovalAllowed === 1,
    figures,
    milestones,
  };
}

type Decision = { approve: true } | { approve: false; comment: string };

/** Approve or return submitted items, all or none, each checked against the reviewer's units and audited. */
export async function reviewItems(
  db: Db,
  input: z.infer<typeof approveInput>,
  decision: Decision,
  actor: Actor,
): Promise<{ approved: number; returned: number }> {
  const { planId } = input;
  const plan = await planOrThrow(db, planId);
  const units = await reportingUnits(db, planId);
  const at = actor.now.toISOString();
  const reviewed = { reviewedBy: actor.user.username, reviewedAt: at };
  return db.transaction().execute(async (trx) => {
    const figureIds = [...new Set(input.items.filter((i) => i.kind === 'figure').map((i) => i.id))];
    const milestoneIds = [...new Set(input.items.filter((i) => i.kind === 'milestone').map((i) => i.id))];
    const figures =
      figureIds.length === 0
        ? []
        : await trx
            .selectFrom('actuals')
            .innerJoin('indicators', 'indicators.id', 'actuals.indicatorId')
            .select([
              'actuals.id',
              'actuals.indicatorId',
              'indicators.code',
              'actuals.series',
              'actuals.period',
              'actuals.value',
              'actuals.note',
              'actuals.approvedValue',
              'actuals.reviewState',
              'actuals.reportedBy',
              'actuals.reportedAt',
            ])
            .where('indicators.planId', '=', planId)
            .where('actuals.id', 'in', figureIds)
            .execute();
    const updates =
      milestoneIds.length === 0
        ? []
        : await trx
            .selectFrom('milestoneUpdates')
            .innerJoin('milestones', 'milestones.id', 'milestoneUpdates.milestoneId')
            .select([
              'milestoneUpdates.id',
              'milestoneUpdates.milestoneId',
              'milestones.code',
              'milestoneUpdates.period',
              'milestoneUpdates.state',
              'milestoneUpdates.note',
              'milestoneUpdates.approvedState',
              'milestoneUpdates.reviewState',
              'milestoneUpdates.reportedBy',
              'milestoneUpdates.reportedAt',
            ])
            .where('milestones.planId', '=', planId)
            .where('milestoneUpdates.id', 'in', milestoneIds)
            .execute();

    const rows = input.items.map((item) => {
      const row = (item.kind === 'figure' ? figures : updates).find((r) => r.id === item.id);
      if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: `No ${item.kind} #${item.id} in plan '${planId}'` });
      return { item, row };
    });
    await assertUnitScope({ db: trx, user: actor.user }, [
      ...figures.map((f) => units.indicators.get(f.indicatorId)!.id),
      ...updates.map((u) => units.milestones.get(u.milestoneId)!.id),
    ]);
    for (const { item, row } of rows) {
      const what = `${row.code} ${formatPeriod(row.period, 'zh')}`;
      const whatEn = `${row.code} for ${formatPeriod(row.period, 'en')}`;
      if (row.reviewState !== 'submitted')
        throw new TRPCError({
          code: 'CONFLICT',
          message: `${what}已${row.reviewState === 'approved' ? '审核通过' : '退回'}，请刷新 / ${whatEn} was already ${row.reviewState}; reload`,
        });
      if (item.reportedAt !== undefined && item.reportedAt !== row.reportedAt)
        throw new TRPCError({
          code: 'CONFLICT',
          message: `${what}已重新报送，请刷新后再审核 / ${whatEn} was submitted again since you loaded it; reload`,
        });
      if (decision.approve && plan.selfApprovalAllowed !== 1 && row.reportedBy === actor.user.username)
        throw selfApprovalRefusal(what, whatEn);
    }
    const verb = decision.approve ? 'approved' : 'returned';
    const comment = decision.approve ? null : decision.comment;
    const audit = { actorId: actor.user.id, ip: actor.ip, at: actor.now };
    for (const f of figures) {
      await trx
        .updateTable('actuals')
        .set({
          ...reviewed,
          reviewState: verb,
          reviewComment: comment,
          ...(decision.approve ? { approvedValue: f.value, approvedNote: f.note } : {}),
        })
        .where('id', '=', f.id)
        .execute();
      await writeAudit(trx, {
        ...audit,
        action: `figure.${verb}`,
        entity: 'indicator',
        entityKey: `${planId}/${f.code}`,
        detail: { series: f.series, period: f.period, value: f.value, approvedBefore: f.approvedValue, comment },
      });
    }
    for (const u of updates) {
      await trx
        .updateTable('milestoneUpdates')
        .set({
          ...reviewed,
          reviewState: verb,
          reviewComment: comment,
          ...(decision.approve ? { approvedState: u.state, approvedNote: u.note } : {}),
        })
        .where('id', '=', u.id)
        .execute();
      await writeAudit(trx, {
        ...audit,
        action: `milestone.${verb}`,
        entity: 'milestone',
        entityKey: `${planId}/${u.code}`,
        detail: { period: u.period, state: u.state, approvedBefore: u.approvedState, comment },
      });
    }
    if (!decision.approve) await notifyReturned(trx, planId, figures, updates, decision.comment, at);
    const n = figures.length + updates.length;
    return { approved: decision.approve ? n : 0, returned: decision.approve ? 0 : n };
  });
}

/**
 * Switch approval on or off. Nothing pending is approved by it: with approval off the board reads
 * the latest reported value (so pending figures show at once) and they stay in the queue.
 */
export async function setApprovalRequired(db: Db, input: z.infer<typeof approvalSettingInput>, actor: Actor) {
  const plan = await planOrThrow(db, input.planId);
  const required = input.required ? 1 : 0;
  const figures = await db
    .selectFrom('actuals')
    .innerJoin('indicators', 'indicators.id', 'actuals.indicatorId')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('indicators.planId', '=', input.planId)
    .where('actuals.reviewState', '=', 'submitted')
    .executeTakeFirstOrThrow();
  const milestones = await db
    .selectFrom('milestoneUpdates')
    .innerJoin('milestones', 'milestones.id', 'milestoneUpdates.milestoneId')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('milestones.planId', '=', input.planId)
    .where('milestoneUpdates.reviewState', '=', 'submitted')
    .executeTakeFirstOrThrow();
  const waiting = Number(figures.n) + Number(milestones.n);
  if (plan.approvalRequired !== required) {
    await db.updateTable('plans').set({ approvalRequired: required }).where('id', '=', input.planId).execute();
    await writeAudit(db, {
      actorId: actor.user.id,
      ip: actor.ip,
      at: actor.now,
      action: 'plan.approval_required',
      entity: 'plan',
      entityKey: input.planId,
      detail: { approvalRequired: [plan.approvalRequired === 1, input.required], pending: waiting },
    });
  }
  return { planId: input.planId, approvalRequired: input.required, pending: waiting };
}

/** Let reporters approve their own figures in this plan (one-person units), or not (four eyes). Audited. */
export async function setSelfApprovalAllowed(db: Db, input: z.infer<typeof selfApprovalInput>, actor: Actor) {
  const plan = await planOrThrow(db, input.planId);
  const allowed = input.allowed ? 1 : 0;
  if (plan.selfApprovalAllowed !== allowed) {
    await db.updateTable('plans').set({ selfApprovalAllowed: allowed }).where('id', '=', input.planId).execute();
    await writeAudit(db, {
      actorId: actor.user.id,
      ip: actor.ip,
      at: actor.now,
      action: 'plan.self_approval_allowed',
      entity: 'plan',
      entityKey: input.planId,
      detail: { selfApprovalAllowed: [plan.selfApprovalAllowed === 1, input.allowed] },
    });
  }
  return { planId: input.planId, selfApprovalAllowed: input.allowed };
}

/** Each returned figure or task state reaches whoever reported it, in the review's own transaction. */
async function notifyReturned(
  trx: Db,
  planId: string,
  figures: { id: number; code: string; series: string; period: string; value: number; reportedBy: string | null }[],
  updates: { id: number; code: string; period: string; reportedBy: string | null }[],
  comment: string,
  at: string,
) {
  const names = [...new Set([...figures, ...updates].flatMap((r) => (r.reportedBy ? [r.reportedBy] : [])))];
  if (names.length === 0) return;
  const users = new Map(
    (await trx.selectFrom('users').select(['id', 'username']).where('username', 'in', names).execute()).map((u) => [
      u.username,
      u.id,
    ]),
  );
  // Named as the page names them (no internal codes in what people read).
  const codes = [...new Set([...figures, ...updates].map((r) => r.code))];
  const indicatorNames = new Map(
    (
      await trx
        .selectFrom('indicators')
        .select(['code', 'name'])
        .where('planId', '=', planId)
        .where('code', 'in', codes)
        .execute()
    ).map((r) => [r.code, r.name]),
  );
  const taskNames = new Map(
    (
      await trx
        .selectFrom('milestones')
        .select(['code', 'task'])
        .where('planId', '=', planId)
        .where('code', 'in', codes)
        .execute()
    ).map((r) => [r.code, r.task]),
  );
  const items = [
    ...figures.map((f) => ({
      ...f,
      kind: 'figure',
      what: `“${indicatorNames.get(f.code) ?? f.code}”${f.series === 'value' ? '' : `（${f.series}）`}`,
    })),
    ...updates.map((u) => ({ ...u, kind: 'milestone', what: `任务“${taskNames.get(u.code) ?? u.code}”` })),
  ];
  for (const item of items) {
    const userId = item.reportedBy ? users.get(item.reportedBy) : undefined;
    if (userId === undefined) continue;
    const month = formatPeriod(item.period, 'zh');
    await notifyUser(trx, userId, {
      key: `returned:${item.kind}:${item.id}:${at}`,
      event: 'returned',
      subject: `【退回】${item.what}${month}数据被退回，请修改后重新报送`,
      body: `${item.what}${month}的报送已被审核员退回。\n退回意见：${comment}`,
      link: `/report?plan=${encodeURIComponent(planId)}&period=${item.period}`,
    });
  }
}
