// SeriesHistory (one ordered pass over a series, as the upload dry run checks it) against
// checkFigure (one figure against a history in any order, as web entry checks it), and both
// against the rules as first written: a filter, sort and slice of the history per figure.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkFigure, mustBeNonNegative, SeriesHistory, type FigureCheck } from '../../shared/checks';
import { addMonths } from '../../shared/period';
import type { IndicatorDef } from '../../shared/plan-schema';
import type { Observation } from '../../shared/status';

/** checkFigure as it stood before SeriesHistory: the specification the pass must keep. */
function reference(ind: IndicatorDef, value: number, period: string, history: Observation[]): FigureCheck[] {
  const checks: FigureCheck[] = [];
  if (value < 0 && mustBeNonNegative(ind)) checks.push({ kind: 'negative', compared: null, comparedPeriod: null });
  const inPeriod = history
    .filter((o) => o.period !== period && o.period >= ind.periodStart && o.period <= ind.periodEnd)
    .sort((a, b) => (a.period < b.period ? -1 : 1));
  const earlier = inPeriod.filter((o) => o.period < period);
  const previous = earlier.at(-1);
  if (ind.reporting === 'cumulative' && previous && value < previous.value)
    checks.push({ kind: 'cumulative_decrease', compared: previous.value, comparedPeriod: previous.period });
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

const FIRST = '2021-01';
const base = {
  code: 'I-41-2',
  measure: 41,
  name: '供应产业用地',
  nameEn: 'land',
  unit: '亩',
  unitEn: 'mu',
  source: '2500亩',
};
const indicator: fc.Arbitrary<IndicatorDef> = fc
  .record({
    kind: fc.constantFrom('cumulative', 'ceiling', 'range'),
    reporting: fc.constantFrom('cumulative', 'level', 'monthly'),
    start: fc.nat(6),
    length: fc.nat(24),
  })
  .map(({ kind, reporting, start, length }): IndicatorDef => {
    const periods = { periodStart: addMonths(FIRST, start), periodEnd: addMonths(FIRST, start + length) };
    if (kind === 'cumulative') return { ...base, ...periods, kind, reporting: 'cumulative', target: 2500 };
    if (kind === 'ceiling') return { ...base, ...periods, kind, reporting: 'level', target: 3, tolerance: 0.5 };
    return { ...base, ...periods, kind, reporting, min: 100, max: 200 };
  });
/** Values that make every rule fire now and then: repeats, small steps, jumps, signs, fractions. */
const value = fc.oneof(
  fc.integer({ min: -50, max: 2_000 }),
  fc.constantFrom(0, 100, 100.5, 1e6, -1),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
);
/** A series: at most one figure a month, some of them outside the indicator's period. */
const scattered = fc.uniqueArray(fc.record({ month: fc.nat(36), value }), {
  selector: (m) => m.month,
  maxLength: 30,
});
/**
 * A series as reported: a running total of small steps with now and then a jump, a fall or a step
 * of exactly three times the largest so far (the boundaries of the rules).
 */
const walked = fc
  .tuple(
    fc.oneof(fc.nat(20), fc.integer({ min: 0, max: 3_000 })),
    fc.uniqueArray(
      fc.record({
        month: fc.nat(36),
        step: fc.oneof(fc.nat(3), fc.integer({ min: -3, max: 3 }), fc.constantFrom(6, 9, 150, 160, 1_000, -500)),
      }),
      { selector: (m) => m.month, maxLength: 30 },
    ),
  )
  .map(([start, steps]) => {
    let total = start;
    return [...steps].sort((a, b) => a.month - b.month).map((m) => ({ month: m.month, value: (total += m.step) }));
  });
const months = fc.oneof(scattered, walked);

describe('SeriesHistory', () => {
  it('checks each month of a series, in order, exactly as checkFigure checks it against the whole series', () => {
    fc.assert(
      fc.property(indicator, months, (ind, ms) => {
        const series: Observation[] = ms
          .map((m) => ({ period: addMonths(FIRST, m.month), value: m.value }))
          .sort((a, b) => (a.period < b.period ? -1 : 1));
        const history = new SeriesHistory<number>(ind);
        series.forEach((o, i) => {
          const checks = history.check(o.value);
          // checkFigure gets the series in the order it was reported, not sorted.
          expect(checks).toEqual(checkFigure(ind, o.value, o.period, [...series].reverse()));
          expect(checks).toEqual(reference(ind, o.value, o.period, series));
          // The tag is that of the month compared against.
          for (const c of checks)
            if (c.comparedPeriod) expect(series[history.previousTag!]!.period).toBe(c.comparedPeriod);
          history.add(o.period, o.value, i);
        });
      }),
      { numRuns: 2_000 },
    );
  });

  it('keeps checkFigure as it was, for any figure, month and history', () => {
    fc.assert(
      fc.property(indicator, months, value, fc.nat(36), (ind, ms, v, month) => {
        const history = ms.map((m) => ({ period: addMonths(FIRST, m.month), value: m.value }));
        const period = addMonths(FIRST, month);
        expect(checkFigure(ind, v, period, history)).toEqual(reference(ind, v, period, history));
      }),
      { numRuns: 2_000 },
    );
  });

  it('answers a figure that passes with the shared empty list', () => {
    const ind = { ...base, kind: 'cumulative', reporting: 'cumulative', target: 2500 } as const;
    const history = new SeriesHistory({ ...ind, periodStart: '2022-01', periodEnd: '2022-12' });
    history.add('2022-01', 200);
    expect(history.check(300)).toBe(history.check(400));
    expect(Object.isFrozen(history.check(300))).toBe(true);
  });
});
