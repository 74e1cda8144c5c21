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

/**
 * Check `value` for `period` against the indicator's other reports of the same series
 * (`history`, any order; entries for `period` itself are ignored).
 */
export function checkFigure(ind: IndicatorDef, value: number, period: string, history: Observation[]): FigureCheck[] {
  const checks: FigureCheck[] = [];
  if (value < 0 && mustBeNonNegative(ind)) checks.push({ kind: 'negative', compared: null, comparedPeriod: null });
  const inPeriod = history
    .filter((o) => o.period !== period && o.period >= ind.periodStart && o.period <= ind.periodEnd)
    .sort((a, b) => (a.period < b.period ? -1 : 1));
  const earlier = inPeriod.filter((o) => o.period < period);
  const previous = earlier.at(-1);
  if (ind.reporting === 'cumulative' && previous && value < previous.value)
    checks.push({ kind: 'cumulative_decrease', compared: previous.value, comparedPeriod: previous.period });

  // A jump far outside the indicator's own history: the change from the previous report is more
  // than three times the largest change seen so far (needs at least three earlier reports).
  if (earlier.length >= 3 && previous) {
    const steps = earlier.slice(1).map((o, i) => Math.abs(o.value - earlier[i]!.value));
    const largest = Math.max(...steps);
    const step = Math.abs(value - previous.value);
    const scale = Math.max(largest, Math.abs(previous.value) * 0.05);
    if (step > 3 * scale && step > 0)
      checks.push({ kind: 'unusual_jump', compared: previous.value, comparedPeriod: previous.period });
  }
  return checks;
}
