// Month arithmetic for report periods ('YYYY-MM') and the dates milestones use ('YYYY-MM-DD').
// Everything is calendar arithmetic on strings and integers: no time zones, no wall clock.

export type Period = string;

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isPeriod(value: string): boolean {
  return PERIOD.test(value);
}

/** Months since year 0, so periods can be subtracted and compared as numbers. */
export function periodIndex(period: Period): number {
  const m = PERIOD.exec(period);
  if (!m) throw new RangeError(`Not a month (YYYY-MM): '${period}'`);
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

export function periodFromIndex(index: number): Period {
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

export function addMonths(period: Period, months: number): Period {
  return periodFromIndex(periodIndex(period) + months);
}

/** Every month from `start` to `end`, both included; empty when start is after end. */
export function periodRange(start: Period, end: Period): Period[] {
  const out: Period[] = [];
  for (let i = periodIndex(start); i <= periodIndex(end); i++) out.push(periodFromIndex(i));
  return out;
}

export function minPeriod(a: Period, b: Period): Period {
  return a <= b ? a : b;
}

export function maxPeriod(a: Period, b: Period): Period {
  return a >= b ? a : b;
}

export function periodOfDate(isoDate: string): Period {
  return isoDate.slice(0, 7);
}

/** Last calendar day of the month, e.g. 2024-02 → 2024-02-29. */
export function periodEndDate(period: Period): string {
  const index = periodIndex(period);
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${period}-${String(lastDay).padStart(2, '0')}`;
}

/** Reports for `period` are due on `day` of the following month (its last day if shorter). */
export function reportDueDate(period: Period, day: number): string {
  const next = addMonths(period, 1);
  const last = Number(periodEndDate(next).slice(8));
  return `${next}-${String(Math.min(Math.max(1, day), last)).padStart(2, '0')}`;
}

/**
 * The months a board may show (oldest first): from `first` to the latest month with any figure,
 * never past the plan's last month nor the clock's month. Before anything is reported (nothing to
 * misjudge: every item reads 无数据), the plan's months up to the clock's.
 */
export function boardPeriods(first: Period, latestReported: Period | null, planEnd: Period, today: string): Period[] {
  const last = minPeriod(minPeriod(latestReported ?? planEnd, planEnd), periodOfDate(today));
  return first > last ? [first] : periodRange(first, last);
}

/** A requested month moved into `periods` (the nearest end when outside); null when there are none. */
export function clampPeriod(requested: Period, periods: Period[]): Period | null {
  const first = periods[0];
  const last = periods.at(-1);
  if (first === undefined || last === undefined) return null;
  if (requested < first) return first;
  if (requested > last) return last;
  return requested;
}

/**
 * The latest month whose reports may be in by `today` (a month is reported once it has ended):
 * the month before today's. The entry form opens on it and 催报 looks no further.
 */
export function dueMonth(today: string): Period {
  return addMonths(periodOfDate(today), -1);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * Share of a target period elapsed at the end of `report` (序时进度 on a linear schedule), in
 * months: a calendar-2022 target reported for 2022-10 is 10/12 elapsed.
 */
export function elapsedShare(start: Period, end: Period, report: Period): number {
  const total = periodIndex(end) - periodIndex(start) + 1;
  const done = periodIndex(report) - periodIndex(start) + 1;
  return Math.min(1, Math.max(0, done / total));
}

/** True when the period covers exactly one calendar year (its target is a 年度目标). */
export function isCalendarYear(start: Period, end: Period): boolean {
  return start.endsWith('-01') && end.endsWith('-12') && start.slice(0, 4) === end.slice(0, 4);
}
