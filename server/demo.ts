// Demo figures: a deterministic (fixed-seed) set of monthly reports up to October 2022, so
// the board has something believable to show before units report. Every row is marked `demo`,
// the UI labels it 示例数据. They leave only when the plan goes live (queries/go-live.ts): an
// administrator's step, or a writer's confirmed first real figures.
import {
  addMonths,
  minPeriod,
  periodEndDate,
  periodOfDate,
  periodRange,
  reportDueDate,
  type Period,
} from '../shared/period';
import type { IndicatorDef, PlanDef } from '../shared/plan-schema';
import { isCountUnit } from '../shared/quantity';
import type { MilestoneState, SeriesKey } from '../shared/status';
import type { Db } from './db/connect';
import { listIndicatorDefs } from './queries/indicators';
import { mulberry32 } from './mulberry32';

export const DEMO_SEED = 20221031;

/** Demo reports run to October of the plan's final year (2022-10 for the Changping plan). */
export function demoThrough(validTo: string): Period {
  return minPeriod(`${validTo.slice(0, 4)}-10`, periodOfDate(validTo));
}

/**
 * The demo's own date for the one clock (server/clock.ts): three days after the reporting deadline
 * of its last month, so 催报 shows a believable picture (2022-11-08 for the Changping plan).
 */
export function demoToday(plan: Pick<PlanDef, 'validTo'>, reportDueDay = 5): string {
  const due = reportDueDate(demoThrough(plan.validTo), reportDueDay);
  return new Date(Date.parse(`${due}T00:00:00Z`) + 3 * 86_400_000).toISOString().slice(0, 10);
}

function seedOf(code: string): number {
  let h = DEMO_SEED;
  for (const ch of code) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h;
}

type Profile = 'ahead' | 'on' | 'risk' | 'behind';

function pickProfile(r: number): Profile {
  if (r < 0.3) return 'ahead';
  if (r < 0.6) return 'on';
  if (r < 0.82) return 'risk';
  return 'behind';
}

function round(value: number, unit: string): number {
  if (isCountUnit(unit)) return Math.round(value);
  return Math.round(value * 10) / 10;
}

export interface DemoRow {
  code: string;
  series: SeriesKey;
  period: Period;
  value: number;
}

/** Monthly demo reports for one indicator, following its reporting convention. */
export function demoSeries(ind: IndicatorDef, through: Period): DemoRow[] {
  // Seeded per indicator, so edits elsewhere don't reshuffle.
  const random = mulberry32(seedOf(ind.code));
  const profile = pickProfile(random());
  const months = periodRange(ind.periodStart, minPeriod(ind.periodEnd, through));
  const noise = () => 1 + (random() - 0.5) * 0.04;
  const rows: DemoRow[] = [];
  const push = (period: Period, value: number, series: SeriesKey = 'value') =>
    rows.push({ code: ind.code, series, period, value });

  switch (ind.kind) {
    case 'cumulative':
    case 'range': {
      if (ind.kind === 'range' && ind.reporting === 'level') {
        const mid = (ind.min + ind.max) / 2;
        const level = profile === 'behind' ? ind.min * 0.8 : profile === 'risk' ? ind.min : mid;
        months.forEach((p) => push(p, round(level * noise(), ind.unit)));
        break;
      }
      const target = ind.kind === 'range' ? ind.min : ind.target;
      const pace = { ahead: 1.12, on: 1.02, risk: 0.94, behind: 0.78 }[profile];
      const total = months.length === 0 ? 0 : periodRange(ind.periodStart, ind.periodEnd).length;
      let previous = 0;
      months.forEach((p, i) => {
        const due = ((i + 1) / total) * target;
        const raw = round(Math.min(target * 1.05, due * pace * noise()), ind.unit);
        const cumulative = Math.max(previous, raw);
        push(p, ind.reporting === 'monthly' ? round(cumulative - previous, ind.unit) : cumulative);
        previous = cumulative;
      });
      break;
    }
    case 'ceiling': {
      const level = {
        ahead: ind.target * 0.6,
        on: ind.target * 0.85,
        risk: ind.target + ind.tolerance / 2 || ind.target * 1.04,
        behind: ind.target + ind.tolerance + ind.target * 0.15,
      }[profile];
      months.forEach((p) => push(p, round(level * noise(), ind.unit)));
      break;
    }
    case 'floor': {
      const level = {
        ahead: ind.target * 1.3,
        on: ind.target * 1.08,
        risk: ind.target - ind.tolerance / 2 || ind.target * 0.97,
        behind: ind.target * 0.8 - ind.tolerance,
      }[profile];
      months.forEach((p) => push(p, round(level * noise(), ind.unit)));
      break;
    }
    case 'spread': {
      const offset = { ahead: 4, on: 1.5, risk: -0.8, behind: -3.5 }[profile];
      months.forEach((p) => {
        const b = round(9 + random() * 3, '%');
        push(p, b, 'b');
        push(p, round(b + ind.target + offset + (random() - 0.5), '%'), 'a');
      });
      break;
    }
  }
  return rows;
}

export interface DemoMilestoneRow {
  code: string;
  period: Period;
  state: MilestoneState;
  note: string;
}

const NOTES: Record<MilestoneState, string> = {
  not_started: '正在开展前期准备工作',
  in_progress: '按计划推进中',
  done: '已完成，相关材料已报送',
};

/** Monthly states for one milestone from the plan's issue month through `through`. */
export function demoMilestone(code: string, deadline: string, issuedOn: string, through: Period): DemoMilestoneRow[] {
  const random = mulberry32(seedOf(code));
  const months = periodRange(periodOfDate(issuedOn), through);
  const r = random();
  // Most tasks start at once; some finish on time, a few start late or run past their deadline.
  const startIndex = r < 0.75 ? 0 : Math.min(months.length - 1, 1 + Math.floor(random() * 3));
  const onTime = random() < 0.75;
  const deadlineMonth = periodOfDate(deadline);
  const doneIndex = onTime
    ? months.findIndex((p) => p >= deadlineMonth || (periodEndDate(p) < deadline && random() < 0.15))
    : -1;
  return months.map((period, i) => {
    const state: MilestoneState =
      doneIndex >= 0 && i >= doneIndex ? 'done' : i >= startIndex ? 'in_progress' : 'not_started';
    return { code, period, state, note: NOTES[state] };
  });
}

/**
 * Seed demo figures for a plan unless it already has any figures (demo or real). Runs in one
 * transaction; returns the number of rows written.
 */
export async function seedDemo(db: Db, plan: PlanDef): Promise<number> {
  // A plan an administrator took live (queries/go-live.ts) never gets demo rows again.
  const live = await db.selectFrom('plans').select('liveAt').where('id', '=', plan.id).executeTakeFirst();
  if (live?.liveAt) return 0;
  const indicators = await listIndicatorDefs(db, plan.id);
  const milestones = await db
    .selectFrom('milestones')
    .select(['id', 'code', 'deadline'])
    .where('planId', '=', plan.id)
    .execute();
  const ids = indicators.map((i) => i.id);
  const msIds = milestones.map((m) => m.id);
  const hasActuals =
    ids.length > 0 &&
    (await db.selectFrom('actuals').select('id').where('indicatorId', 'in', ids).limit(1).executeTakeFirst());
  const hasUpdates =
    msIds.length > 0 &&
    (await db
      .selectFrom('milestoneUpdates')
      .select('id')
      .where('milestoneId', 'in', msIds)
      .limit(1)
      .executeTakeFirst());
  if (hasActuals || hasUpdates) return 0;

  // Demo units report on the 3rd of the following month, before the usual due day (the 5th).
  const reportedAt = (period: Period) => `${addMonths(period, 1)}-03T09:00:00.000Z`;
  const through = demoThrough(plan.validTo);
  const actualRows = indicators.flatMap(({ id, def }) =>
    demoSeries(def, through).map((r) => ({
      indicatorId: id,
      series: r.series,
      period: r.period,
      value: r.value,
      note: null,
      source: 'demo' as const,
      reportedBy: null,
      reportedAt: reportedAt(r.period),
      // Demo figures count as approved, so the board shows them whatever the approval setting.
      reviewState: 'approved' as const,
      approvedValue: r.value,
      approvedNote: null,
    })),
  );
  const updateRows = milestones.flatMap((m) =>
    demoMilestone(m.code, m.deadline, plan.issuedOn, through).map((r) => ({
      milestoneId: m.id,
      period: r.period,
      state: r.state,
      note: r.note,
      source: 'demo' as const,
      reportedBy: null,
      reportedAt: reportedAt(r.period),
      reviewState: 'approved' as const,
      approvedState: r.state,
      approvedNote: r.note,
    })),
  );
  await db.transaction().execute(async (trx) => {
    // Chunked so a large plan stays under SQLite's bound-parameter limit.
    for (let i = 0; i < actualRows.length; i += 200)
      await trx
        .insertInto('actuals')
        .values(actualRows.slice(i, i + 200))
        .execute();
    for (let i = 0; i < updateRows.length; i += 200)
      await trx
        .insertInto('milestoneUpdates')
        .values(updateRows.slice(i, i + 200))
        .execute();
  });
  return actualRows.length + updateRows.length;
}
