// The status engine: how far along an indicator or milestone is for a chosen report month, and
// whether that is on track against time elapsed (序时进度). Pure functions; the board, the exports
// and the narrative sentences all take their numbers and colours from here.
//
// A month is judged only on what was reported for it. An item without a figure for the chosen
// month is 未报送 (`not_reported`), shown with its latest figure and that figure's own month; it
// gets a fresh verdict only when that figure already settles it (a running total past the target,
// a task done). 未完成 needs the figure for the target period's last month, or that month's
// reporting deadline to have passed by the clock.
import type { IndicatorDef, MilestoneDef } from './plan-schema';
import { tidy } from './quantity';
import {
  daysBetween,
  elapsedShare,
  minPeriod,
  periodEndDate,
  periodIndex,
  periodOfDate,
  periodRange,
  reportDueDate,
  type Period,
} from './period';

export const statuses = [
  'achieved',
  'on_track',
  'at_risk',
  'behind',
  'missed',
  'not_reported',
  'not_yet_due',
  'no_data',
] as const;
export type Status = (typeof statuses)[number];

export interface Thresholds {
  /** On track when the gap is at least this many percentage points. */
  onTrack: number;
  /** Behind when the gap is at most this (negative) many percentage points. */
  behind: number;
}

export const defaultThresholds: Thresholds = { onTrack: 0, behind: -10 };

/**
 * What the engine needs of the one clock (server/clock.ts): today's date and the day of the month
 * on which a month's reports fall due. Without it no reporting deadline counts as passed.
 */
export interface ReportingClock {
  today: string;
  reportDueDay: number;
}

function deadlinePassed(period: Period, clock: ReportingClock | undefined): boolean {
  return clock !== undefined && clock.today > reportDueDate(period, clock.reportDueDay);
}

/** Series keys: single-series indicators report `value`; a spread reports `a` and `b`. */
export type SeriesKey = 'value' | 'a' | 'b';

export interface Observation {
  period: Period;
  value: number;
  series?: SeriesKey;
}

export interface IndicatorEvaluation {
  status: Status;
  reportPeriod: Period;
  /** Month of the latest report used; earlier than `reportPeriod` when the month is missing. */
  asOf: Period | null;
  /** Cumulative total, latest level, or A − B for a spread. */
  value: number | null;
  seriesA: number | null;
  seriesB: number | null;
  /** Task progress: value as a share of the target, in %. Cumulative and count ranges only. */
  taskProgress: number | null;
  /** 序时进度: the share of the target (or of the target period) due by now, in %. */
  timeProgress: number | null;
  /** taskProgress − timeProgress, in percentage points. */
  gap: number | null;
  /** Signed distance to the target in the indicator's unit, positive when on the good side. */
  margin: number | null;
  /** Months of the window up to the report month without a report. */
  missingPeriods: Period[];
  /** For `not_reported`: the verdict the latest figure had in its own month (`asOf`). */
  asOfStatus: Status | null;
}

/** The window of months that counts for a report month: the target period cut at the report month. */
function window(ind: IndicatorDef, report: Period): Period[] {
  return periodRange(ind.periodStart, minPeriod(report, ind.periodEnd));
}

function latest(observations: Observation[], months: Set<Period>): Observation | null {
  let best: Observation | null = null;
  for (const o of observations) if (months.has(o.period) && (!best || o.period > best.period)) best = o;
  return best;
}

/** Planned cumulative value at `report` from a phased schedule, linear between its points from 0. */
function scheduledShare(ind: IndicatorDef, target: number, report: Period): number | null {
  if (!ind.schedule || target === 0) return null;
  const points = [...ind.schedule].sort((a, b) => periodIndex(a.period) - periodIndex(b.period));
  let prevIndex = periodIndex(ind.periodStart) - 1;
  let prevValue = 0;
  const at = periodIndex(report);
  for (const p of points) {
    const index = periodIndex(p.period);
    if (at <= index) return (prevValue + ((p.value - prevValue) * (at - prevIndex)) / (index - prevIndex)) / target;
    prevIndex = index;
    prevValue = p.value;
  }
  return prevValue / target;
}

/** The value a count should have reached by now: the target of a cumulative, the minimum of a range. */
export function progressTarget(ind: IndicatorDef): number | null {
  if (ind.kind === 'cumulative') return ind.target;
  if (ind.kind === 'range' && ind.reporting !== 'level') return ind.min;
  return null;
}

/**
 * Share of the target due by the end of `report` (序时进度 as a fraction, 0–1): from the phased
 * schedule when the plan gives one, otherwise the share of the target period's months elapsed.
 */
export function plannedShare(ind: IndicatorDef, report: Period): number {
  const target = progressTarget(ind) ?? 0;
  return scheduledShare(ind, target, report) ?? elapsedShare(ind.periodStart, ind.periodEnd, report);
}

function progressStatus(task: number, time: number, ended: boolean, t: Thresholds): Status {
  if (task >= 100) return 'achieved';
  if (ended) return 'missed';
  const gap = tidy(task - time);
  if (gap >= t.onTrack) return 'on_track';
  if (gap <= t.behind) return 'behind';
  return 'at_risk';
}

/** On the good side of the target → on track; inside the tolerance band → at risk; beyond → behind. */
function bandStatus(margin: number, tolerance: number, ended: boolean): Status {
  if (ended) return margin >= -tolerance ? 'achieved' : 'missed';
  if (margin >= 0) return 'on_track';
  return margin >= -tolerance ? 'at_risk' : 'behind';
}

export function evaluateIndicator(
  ind: IndicatorDef,
  observations: Observation[],
  report: Period,
  thresholds: Thresholds = defaultThresholds,
  clock?: ReportingClock,
): IndicatorEvaluation {
  const result: IndicatorEvaluation = {
    status: 'no_data',
    reportPeriod: report,
    asOf: null,
    value: null,
    seriesA: null,
    seriesB: null,
    taskProgress: null,
    timeProgress: null,
    gap: null,
    margin: null,
    missingPeriods: [],
    asOfStatus: null,
  };
  if (report < ind.periodStart) return { ...result, status: 'not_yet_due' };

  // The month whose figure decides: the report month, or the target period's last month.
  const judged = minPeriod(report, ind.periodEnd);
  const evaluated = evaluateAt(ind, observations, window(ind, report), thresholds, result);
  if (!evaluated.asOf || evaluated.asOf === judged) return evaluated;
  // The figure is older than the month that decides. Once the last month's deadline has passed
  // without it, the latest figure is final; before that, only a figure that already settles the
  // target stands (a running total past it); anything else is 未报送.
  if (evaluated.status === 'achieved' && evaluated.taskProgress !== null) return evaluated;
  if (judged === ind.periodEnd && deadlinePassed(ind.periodEnd, clock)) return evaluated;
  const asOf = evaluateAt(ind, observations, window(ind, evaluated.asOf), thresholds, result);
  return {
    ...asOf,
    reportPeriod: report,
    missingPeriods: evaluated.missingPeriods,
    status: 'not_reported',
    asOfStatus: asOf.status,
  };
}

/** The verdict on the latest figure in `months` (the window cut at some month), as if it were final at its end. */
function evaluateAt(
  ind: IndicatorDef,
  observations: Observation[],
  months: Period[],
  thresholds: Thresholds,
  result: IndicatorEvaluation,
): IndicatorEvaluation {
  const inWindow = new Set(months);
  const report = months.at(-1)!;
  const ended = report >= ind.periodEnd;
  const of = (series: SeriesKey) => observations.filter((o) => (o.series ?? 'value') === series);

  if (ind.kind === 'spread') {
    const a = of('a');
    const b = new Map(of('b').map((o) => [o.period, o.value]));
    const paired = a.filter((o) => inWindow.has(o.period) && b.has(o.period));
    const reported = new Set(paired.map((o) => o.period));
    result.missingPeriods = months.filter((p) => !reported.has(p));
    const last = latest(paired, inWindow);
    if (!last) return result;
    const bValue = b.get(last.period) ?? 0;
    const diff = tidy(last.value - bValue);
    const margin = tidy(diff - ind.target);
    return {
      ...result,
      asOf: last.period,
      value: diff,
      seriesA: last.value,
      seriesB: bValue,
      margin,
      status: bandStatus(margin, ind.tolerance, ended),
    };
  }

  const series = of('value').filter((o) => inWindow.has(o.period));
  const reported = new Set(series.map((o) => o.period));
  result.missingPeriods = months.filter((p) => !reported.has(p));
  const last = latest(series, inWindow);
  if (!last) return result;
  const value = ind.reporting === 'monthly' ? tidy(series.reduce((sum, o) => sum + o.value, 0)) : last.value;
  const base = { ...result, asOf: last.period, value };

  switch (ind.kind) {
    case 'ceiling': {
      const margin = tidy(ind.target - value);
      return { ...base, margin, status: bandStatus(margin, ind.tolerance, ended) };
    }
    case 'floor': {
      const margin = tidy(value - ind.target);
      return { ...base, margin, status: bandStatus(margin, ind.tolerance, ended) };
    }
    case 'range': {
      if (ind.reporting === 'level') {
        // A level to hold inside the band (e.g. a price deduction of 10%–20%).
        const margin = tidy(value < ind.min ? value - ind.min : value > ind.max ? ind.max - value : 0);
        return { ...base, margin, status: bandStatus(margin, 0, ended) };
      }
      // A count to reach: progress towards the minimum; going past the maximum is still done.
      return progress(base, ind, value, ind.min, report, ended, thresholds, tidy(value - ind.min));
    }
    case 'cumulative':
      return progress(base, ind, value, ind.target, report, ended, thresholds, tidy(value - ind.target));
  }
}

function progress(
  base: IndicatorEvaluation,
  ind: IndicatorDef,
  value: number,
  target: number,
  report: Period,
  ended: boolean,
  thresholds: Thresholds,
  margin: number,
): IndicatorEvaluation {
  // A target of 0 is met by any report; progress is then 100%, never a division by zero.
  const taskProgress = target === 0 ? 100 : tidy((value / target) * 100);
  const timeProgress = tidy(plannedShare(ind, report) * 100);
  return {
    ...base,
    taskProgress,
    timeProgress,
    gap: tidy(taskProgress - timeProgress),
    margin,
    status: progressStatus(taskProgress, timeProgress, ended, thresholds),
  };
}

export const milestoneStates = ['not_started', 'in_progress', 'done'] as const;
export type MilestoneState = (typeof milestoneStates)[number];

export interface MilestoneUpdate {
  period: Period;
  state: MilestoneState;
  note?: string | null;
}

export interface MilestoneEvaluation {
  status: Status;
  reportPeriod: Period;
  state: MilestoneState | null;
  note: string | null;
  asOf: Period | null;
  /**
   * Days from the end of the report month (or the clock's today, within the current month) to the
   * deadline; negative once it has passed.
   */
  daysLeft: number;
  /** Share of the window from the plan's issue date to the deadline elapsed, in %. */
  timeProgress: number;
}

/** Days before a deadline at which a task that has not started counts as behind. */
export const MILESTONE_BEHIND_DAYS = 30;

/**
 * A dated task: done is achieved; past its deadline and not done is missed; not started after
 * half its window is at risk, and within 30 days of the deadline behind; in progress is on track.
 * Without an update for the report month it is 未报送, unless done before, or its deadline month's
 * update is in (or overdue by the clock) and it is still not done.
 */
export function evaluateMilestone(
  ms: Pick<MilestoneDef, 'deadline'>,
  updates: MilestoneUpdate[],
  report: Period,
  windowStart: string,
  clock?: ReportingClock,
): MilestoneEvaluation {
  const monthEnd = periodEndDate(report);
  const evalDate = clock && clock.today < monthEnd ? clock.today : monthEnd;
  const daysLeft = daysBetween(evalDate, ms.deadline);
  const span = Math.max(1, daysBetween(windowStart, ms.deadline));
  const timeProgress = Math.min(100, Math.max(0, (daysBetween(windowStart, evalDate) / span) * 100));
  const last = updates.filter((u) => u.period <= report).sort((a, b) => (a.period < b.period ? 1 : -1))[0];
  const base = {
    reportPeriod: report,
    state: last?.state ?? null,
    note: last?.note ?? null,
    asOf: last?.period ?? null,
    daysLeft,
    timeProgress,
  };
  if (evalDate < windowStart) return { ...base, status: 'not_yet_due' };
  if (last?.state === 'done') return { ...base, status: 'achieved' };
  const deadlineMonth = periodOfDate(ms.deadline);
  const settled = last !== undefined && (last.period >= deadlineMonth || deadlinePassed(deadlineMonth, clock));
  if (daysLeft < 0 && (settled || !last)) return { ...base, status: 'missed' };
  if (!last) return { ...base, status: 'no_data' };
  if (last.period < report) return { ...base, status: 'not_reported' };
  if (last.state === 'in_progress') return { ...base, status: 'on_track' };
  if (daysLeft <= MILESTONE_BEHIND_DAYS) return { ...base, status: 'behind' };
  return { ...base, status: timeProgress >= 50 ? 'at_risk' : 'on_track' };
}

const SEVERITY: readonly Status[] = [
  'missed',
  'behind',
  'at_risk',
  'not_reported',
  'no_data',
  'on_track',
  'achieved',
  'not_yet_due',
];

/** A measure's status is that of its most pressing indicator or milestone. */
export function worstStatus(list: Status[]): Status {
  let worst: Status = 'not_yet_due';
  for (const s of list) if (SEVERITY.indexOf(s) < SEVERITY.indexOf(worst)) worst = s;
  return list.length === 0 ? 'no_data' : worst;
}
