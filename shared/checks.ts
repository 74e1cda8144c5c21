// Plausibility checks on a reported figure, shared by web entry (shown as warnings) and upload
// (a cumulative figure going down is an error there; the rest are warnings).
import type { IndicatorDef } from './plan-schema';
import type { Observation } from './status';

export type FigureCheckKind = 'negative' | 'cumulative_decrease' | 'unusual_jump';

export interface FigureCheck {
  kind: FigureCheckKind;
  /** The reported value the check compared against (for the message). */
  compared: number | null;
  comparedPeriod: string | null;
}

/** Counts and amounts built up over time cannot be negative; rates and growth can. */
export function mustBeNonNegative(ind: IndicatorDef): boolean {
  return ind.kind === 'cumulative' || (ind.kind === 'range' && ind.reporting !== 'level');
}

/** Shared and frozen: most figures pass, and a dry run checks 100,000 of them. */
const NO_CHECKS: readonly FigureCheck[] = Object.freeze([]);

/**
 * One series' history, fed month by month in period order, and the checks on the figure that
 * follows it. The rules live here only: checkFigure sorts a history and feeds it in; the upload dry
 * run walks each series' months once, checking each of its rows before adding it (one pass per
 * series instead of a sort of the whole history per row). `Tag` rides along with each month, so
 * the caller can tell which of its rows `previousTag` was.
 */
export class SeriesHistory<Tag = undefined> {
  private count = 0;
  /** The largest change between consecutive months so far (-Infinity, as Math.max() of nothing). */
  private largest = -Infinity;
  private period = '';
  private value = 0;
  private tag: Tag | undefined;

  constructor(private readonly ind: IndicatorDef) {}

  /** The next month, later than every month added so far; months outside the indicator's period are not history. */
  add(period: string, value: number, tag?: Tag): void {
    if (period < this.ind.periodStart || period > this.ind.periodEnd) return;
    // Math.max, not `>`: a NaN step poisons the largest step exactly as Math.max(...steps) did.
    if (this.count > 0) this.largest = Math.max(this.largest, Math.abs(value - this.value));
    this.count++;
    this.period = period;
    this.value = value;
    this.tag = tag;
  }

  /** The tag of the month the checks compare against (the last one added in the period). */
  get previousTag(): Tag | undefined {
    return this.tag;
  }

  /** The checks on `value` for a month after every month added. */
  check(value: number): readonly FigureCheck[] {
    const ind = this.ind;
    let checks: FigureCheck[] | undefined;
    if (value < 0 && mustBeNonNegative(ind))
      (checks ??= []).push({ kind: 'negative', compared: null, comparedPeriod: null });
    if (this.count > 0) {
      const previous = this.value;
      if (ind.reporting === 'cumulative' && value < previous)
        (checks ??= []).push({ kind: 'cumulative_decrease', compared: previous, comparedPeriod: this.period });

      // A jump far outside the indicator's own history: the change from the previous report is more
      // than three times the largest change seen so far (needs at least three earlier reports).
      if (this.count >= 3) {
        const step = Math.abs(value - previous);
        const scale = Math.max(this.largest, Math.abs(previous) * 0.05);
        if (step > 3 * scale && step > 0)
          (checks ??= []).push({ kind: 'unusual_jump', compared: previous, comparedPeriod: this.period });
      }
    }
    return checks ?? NO_CHECKS;
  }
}

/**
 * Check `value` for `period` against the indicator's other reports of the same series
 * (`history`, any order; entries for `period` itself are ignored).
 */
export function checkFigure(
  ind: IndicatorDef,
  value: number,
  period: string,
  history: Observation[],
): readonly FigureCheck[] {
  const series = new SeriesHistory(ind);
  const earlier = history
    .filter((o) => o.period !== period && o.period >= ind.periodStart && o.period <= ind.periodEnd)
    .sort((a, b) => (a.period < b.period ? -1 : 1))
    .filter((o) => o.period < period);
  for (const o of earlier) series.add(o.period, o.value);
  return series.check(value);
}
