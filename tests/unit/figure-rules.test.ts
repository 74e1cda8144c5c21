import { describe, expect, it } from 'vitest';
import { CHECK_RULES, checkFigure, missingReason, parseTypedNumber, verdictOf } from '../../shared/checks';
import { checkMessage } from '../../shared/reporting';
import { FIGURE_CASES } from '../figure-cases';
import { changping } from '../fixtures';

const defOf = (code: string) => changping.indicators.find((i) => i.code === code)!;

describe('the figure rules (shared/checks.ts) against the shared table of cases', () => {
  it.each(FIGURE_CASES)('$name: $verdict', (c) => {
    const def = defOf(c.code);
    const history = c.history.map(([period, value]) => ({ period, value }));
    const checks = checkFigure(def, c.value, c.period, history);
    expect(checks.map((k) => k.kind)).toEqual(c.kinds);
    expect(verdictOf(checks)).toBe(c.verdict);
    expect(checks.map((k) => CHECK_RULES[k.kind].needs).find((n) => n) ?? null).toBe(c.needs);
    expect(missingReason(checks, null, '  ')).toBe(c.needs === 'reason');
    expect(missingReason(checks, '统计口径调整')).toBe(false);
    if (c.message) expect(checks.map((k) => checkMessage(def, c.series, c.value, k, 'zh'))).toEqual([c.message]);
    // No message mixes the two languages.
    for (const k of checks) expect(checkMessage(def, c.series, c.value, k, 'zh')).not.toMatch(/[A-Za-z]{3}/);
  });

  it('every bound in the plan holds its plausible range inside the possible one', () => {
    for (const ind of changping.indicators.filter((i) => i.bounds)) {
      const b = ind.bounds!;
      expect(b.min ?? -Infinity, ind.code).toBeLessThanOrEqual(b.max ?? Infinity);
    }
    expect(defOf('I-57-1').bounds).toEqual({ min: -5, max: 20 });
  });
});

describe('parseTypedNumber', () => {
  it.each([
    ['12300', 12300],
    ['12,300.5', 12300.5],
    [' -2.5 ', -2.5],
    ['.5', 0.5],
    ['', undefined],
    ['abc', null],
    ['1,2.3', null],
    ['12,30', null],
    ['1.2.3', null],
    ['1e5', null],
  ])('%j → %j', (text, expected) => {
    expect(parseTypedNumber(text)).toBe(expected);
  });
});
