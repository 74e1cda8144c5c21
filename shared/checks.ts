// The one rule set for a reported figure: what is an error (refused), what is a warning that needs
// a reason or a confirmation, and what is fine. Web entry, the upload dry run and the API all call
// it (through SeriesHistory or checkFigure) and word the result with shared/reporting.ts.
import type { IndicatorDef } from './plan-schema';
import type { Observation } from './status';

export type FigureCheckKind = 'negative' | 'impossible' | 'out_of_bounds' | 'cumulative_decrease' | 'unusual_jump';

export interface FigureCheck {
  kind: FigureCheckKind;
  /** The reported value the check compared against (for the message), or the bound crossed. */
  compared: number | null;
  comparedPeriod: string | null;
}

export type Severity = 'error' | 'warning';

/**
 * What each check means for the figure. An error refuses it; a warning lets it through once the
 * statistician confirms it, and for `reason` only with a reason (the row's 备注 or the 修改原因
 * of the whole submission).
 */
export const CHECK_RULES: Readonly<
  Record<FigureCheckKind, { severity: Severity; needs: 'reason' | 'confirmation' | null }>
> = {
  negative: { severity: 'error', needs: null },
  impossible: { severity: 'error', needs: null },
  out_of_bounds: { severity: 'warning', needs: 'reason' },
  cumulative_decrease: { severity: 'warning', needs: 'reason' },
  unusual_jump: { severity: 'warning', needs: 'confirmation' },
};

export type Verdict = 'error' | 'warning' | 'ok';

/** The verdict on a figure from its checks: the worst of them. */
export function verdictOf(checks: readonly FigureCheck[]): Verdict {
  if (checks.some((c) => CHECK_RULES[c.kind].severity === 'error')) return 'error';
  return checks.length > 0 ? 'warning' : 'ok';
}

/** Whether the checks leave the figure needing a reason that `note` (the row's or the submission's) does not give. */
export function missingReason(checks: readonly FigureCheck[], ...notes: (string | null | undefined)[]): boolean {
  return checks.some((c) => CHECK_RULES[c.kind].needs === 'reason') && !notes.some((n) => n && n.trim() !== '');
}

export interface Bounds {
  /** Plausible range: outside it is a warning that needs a reason. */
  min?: number;
  max?: number;
  /** Possible range: outside it is an error. */
  hardMin?: number;
  hardMax?: number;
}

/**
 * An indicator's bounds: those plan.json states, with the possible range defaulting to the
 * plausible range widened by its own width on each side (CPI −5…20 % errs below −30 or above 45).
 * Counts and amounts have no stated bounds and are only held at ≥ 0 (the `negative` check).
 */
export function boundsOf(ind: IndicatorDef): Bounds {
  const b = ind.bounds;
  if (!b) return {};
  const width = b.min !== undefined && b.max !== undefined ? b.max - b.min : undefined;
  return {
    ...b,
    hardMin: b.hardMin ?? (width !== undefined ? b.min! - width : undefined),
    hardMax: b.hardMax ?? (width !== undefined ? b.max! + width : undefined),
  };
}

/** The checks that need no history: sign and bounds. */
function checkAlone(ind: IndicatorDef, value: number): FigureCheck[] | undefined {
  if (value < 0 && mustBeNonNegative(ind)) return [{ kind: 'negative', compared: null, comparedPeriod: null }];
  if (!ind.bounds) return undefined;
  const b = boundsOf(ind);
  const one = (kind: FigureCheckKind, bound: number) => [{ kind, compared: bound, comparedPeriod: null }];
  if (b.hardMin !== undefined && value < b.hardMin) return one('impossible', b.hardMin);
  if (b.hardMax !== undefined && value > b.hardMax) return one('impossible', b.hardMax);
  if (b.min !== undefined && value < b.min) return one('out_of_bounds', b.min);
  if (b.max !== undefined && value > b.max) return one('out_of_bounds', b.max);
  return undefined;
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
    let checks = checkAlone(ind, value);
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

/**
 * A number as typed into the form: plain digits with an optional sign and decimals, thousands
 * separated by commas only in groups of three ("12,300.5"). Empty text is `undefined` (nothing
 * typed); anything else, "abc" or "1,2.3", is `null` (not a number), never a guess.
 */
export function parseTypedNumber(text: string): number | null | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  if (!/^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$|^[+-]?\.\d+$/.test(t)) return null;
  const n = Number(t.replace(/,/g, ''));
  return Number.isFinite(n) ? n : null;
}
