import { indicatorSentence, milestoneSentence } from '../../shared/narrative';
import { boardPeriods, clampPeriod, minPeriod, periodOfDate, type Period } from '../../shared/period';
import {
  evaluateIndicator,
  evaluateMilestone,
  worstStatus,
  type MilestoneState,
  type Observation,
  type SeriesKey,
  type Status,
} from '../../shared/status';
import { today } from '../clock';
import type { Db } from '../db/connect';
import { listIndicatorDefs } from './indicators';
import { findPlan } from './plan';
import { shownMilestone, shownValue } from './shown-values';

/** Months that have any reported figure or milestone state for the plan, oldest first. */
export async function reportedPeriods(db: Db, planId: string): Promise<string[]> {
  const fromActuals = db
    .selectFrom('actuals')
    .innerJoin('indicators', 'indicators.id', 'actuals.indicatorId')
    .select('actuals.period')
    .where('indicators.planId', '=', planId);
  const fromMilestones = db
    .selectFrom('milestoneUpdates')
    .innerJoin('milestones', 'milestones.id', 'milestoneUpdates.milestoneId')
    .select('milestoneUpdates.period')
    .where('milestones.planId', '=', planId);
  const rows = await fromActuals.union(fromMilestones).orderBy('period').execute();
  return rows.map((r) => r.period);
}

/**
 * The months the board, the exports and the briefings offer for a plan: from the issue month (or
 * the first month with data, if earlier) to the latest month with any figure, never past the
 * plan's last month nor the clock's month; before anything is reported, up to the clock's month.
 */
export async function boardMonths(db: Db, plan: { id: string; issuedOn: string; validTo: string }): Promise<Period[]> {
  return (await boardMonthsOf(db, plan)).periods;
}

async function boardMonthsOf(db: Db, plan: { id: string; issuedOn: string; validTo: string }) {
  const reported = await reportedPeriods(db, plan.id);
  return { periods: monthsFrom(plan, reported), anyReported: reported.length > 0 };
}

function monthsFrom(plan: { issuedOn: string; validTo: string }, reported: string[]): Period[] {
  const issued = periodOfDate(plan.issuedOn);
  return boardPeriods(
    minPeriod(issued, reported[0] ?? issued),
    reported.at(-1) ?? null,
    periodOfDate(plan.validTo),
    today(),
  );
}

/**
 * Every indicator and milestone of a plan evaluated for one report month, with sentences.
 * Without a month, the latest month that has data — never the wall clock (plans are often past).
 * A month outside the ones offered (boardMonths) is moved to the nearest one; `requested` then
 * says what was asked for, so the page can say it was corrected.
 */
export async function planStatus(db: Db, planId: string, requested?: string) {
  const plan = await findPlan(db, planId);
  if (!plan) return null;
  const { periods, anyReported } = await boardMonthsOf(db, plan);
  const fallback = periodOfDate(plan.issuedOn);
  // Without a month: the latest with figures; before any figure, the issue month.
  const latest = anyReported ? (periods.at(-1) ?? fallback) : fallback;
  const period = requested !== undefined ? (clampPeriod(requested, periods) ?? fallback) : latest;
  const thresholds = { onTrack: plan.onTrackGap, behind: plan.behindGap };
  const clock = { today: today(), reportDueDay: plan.reportDueDay };

  const indicators = await listIndicatorDefs(db, planId, period);
  // With approval on, the board reads the last approved value; a newer submission is 待审核.
  const approvedOnly = plan.approvalRequired === 1;
  const actuals = await db
    .selectFrom('actuals')
    .innerJoin('indicators', 'indicators.id', 'actuals.indicatorId')
    .select([
      'actuals.indicatorId',
      'actuals.series',
      'actuals.period',
      'actuals.value',
      'actuals.approvedValue',
      'actuals.reviewState',
      'actuals.source',
    ])
    .where('indicators.planId', '=', planId)
    .where('actuals.period', '<=', period)
    .execute();
  const byIndicator = new Map<number, Observation[]>();
  const pendingIndicators = new Set<number>();
  for (const a of actuals) {
    if (a.reviewState === 'submitted') pendingIndicators.add(a.indicatorId);
    const value = shownValue(a, approvedOnly);
    if (value === null) continue;
    const list = byIndicator.get(a.indicatorId) ?? [];
    list.push({ period: a.period, value, series: a.series as SeriesKey });
    byIndicator.set(a.indicatorId, list);
  }

  const milestones = await db
    .selectFrom('milestones')
    .innerJoin('measures', 'measures.id', 'milestones.measureId')
    .select([
      'milestones.id',
      'milestones.code',
      'milestones.task',
      'milestones.taskEn',
      'milestones.deadline',
      'milestones.deadlineSource',
      'milestones.source',
      'measures.no as measureNo',
    ])
    .where('milestones.planId', '=', planId)
    .orderBy('measures.no')
    .orderBy('milestones.id')
    .execute();
  const updates = await milestoneUpdatesUpTo(db, planId, period);

  const ctxZh = { scope: plan.scope };
  const ctxEn = { scope: plan.scopeEn };
  const indicatorStatuses = indicators.map(({ id, def, change }) => {
    const evaluation = evaluateIndicator(def, byIndicator.get(id) ?? [], period, thresholds, clock);
    return {
      code: def.code,
      measureNo: def.measure,
      kind: def.kind,
      name: def.name,
      nameEn: def.nameEn,
      unit: def.unit,
      unitEn: def.unitEn,
      target: def.kind === 'range' ? null : def.target,
      /** The target change (调整目标) in force for the month; null when the plan's own target is. */
      targetChange: change,
      evaluation,
      /** A submitted figure awaits approval (待审核); the evaluation does not include it yet. */
      pending: pendingIndicators.has(id),
      sentence: indicatorSentence(def, evaluation, 'zh', { ...ctxZh, change }),
      sentenceEn: indicatorSentence(def, evaluation, 'en', { ...ctxEn, change }),
    };
  });
  const milestoneStatuses = milestones.map((ms) => {
    const def = { ...ms, measure: ms.measureNo, deadlineSource: ms.deadlineSource ?? undefined };
    const own = updates.filter((u) => u.milestoneId === ms.id);
    const list = own.flatMap((u) => {
      const { state, note } = shownMilestone(u, approvedOnly);
      return state === null ? [] : [{ period: u.period, state: state as MilestoneState, note }];
    });
    const evaluation = evaluateMilestone(def, list, period, plan.issuedOn, clock);
    return {
      code: ms.code,
      measureNo: ms.measureNo,
      kind: 'milestone' as const,
      task: ms.task,
      taskEn: ms.taskEn,
      deadline: ms.deadline,
      evaluation,
      pending: own.some((u) => u.reviewState === 'submitted'),
      sentence: milestoneSentence(def, evaluation, 'zh'),
      sentenceEn: milestoneSentence(def, evaluation, 'en'),
    };
  });

  const measureStatus = new Map<number, Status[]>();
  for (const item of [...indicatorStatuses, ...milestoneStatuses]) {
    const list = measureStatus.get(item.measureNo) ?? [];
    list.push(item.evaluation.status);
    measureStatus.set(item.measureNo, list);
  }

  return {
    planId,
    period,
    /** The month asked for when it was outside `periods` and moved to `period`; else null. */
    corrected: requested !== undefined && requested !== period ? requested : null,
    today: clock.today,
    periods,
    demo: actuals.some((a) => a.source === 'demo') || updates.some((u) => u.source === 'demo'),
    indicators: indicatorStatuses,
    milestones: milestoneStatuses,
    measures: [...measureStatus].map(([no, list]) => ({ no, status: worstStatus(list) })),
  };
}

/** Every milestone update of a plan up to a month, in month order (the status engine and briefings). */
export function milestoneUpdatesUpTo(db: Db, planId: string, period: string) {
  return db
    .selectFrom('milestoneUpdates')
    .innerJoin('milestones', 'milestones.id', 'milestoneUpdates.milestoneId')
    .select([
      'milestoneUpdates.milestoneId',
      'milestoneUpdates.period',
      'milestoneUpdates.state',
      'milestoneUpdates.note',
      'milestoneUpdates.approvedState',
      'milestoneUpdates.approvedNote',
      'milestoneUpdates.reviewState',
      'milestoneUpdates.source',
    ])
    .where('milestones.planId', '=', planId)
    .where('milestoneUpdates.period', '<=', period)
    .orderBy('milestoneUpdates.period')
    .execute();
}
