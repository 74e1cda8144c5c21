// The one rounding of binary noise (shared/quantity.ts tidy: toPrecision(12), with a short cut for
// whole numbers and simple fractions — the same value either way), as the status engine, the charts
// and the importer's valueIn use it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { valueIn } from '../../server/upload/interpret';
import type { ValueRead } from '../../server/upload/normalize';
import { tidy } from '../../shared/quantity';

const read = (value: number): ValueRead => ({
  kind: 'number',
  value,
  text: String(value),
  percent: false,
  multiplier: null,
  suffix: null,
});

const numbers = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }),
  fc.integer({ min: -1e9, max: 1e9 }).map((n) => n / 16),
  fc.integer({ min: -1e12, max: 1e12 }),
  fc.constantFrom(0, -0, 99_999_999.9375, 100_000_000.5, 123_456_789_012.5, 11_299.999_999_999_998, 0.1 + 0.2),
);

describe('tidy', () => {
  it('is toPrecision(12), short cut or not', () => {
    fc.assert(
      fc.property(numbers, (n) => {
        expect(tidy(n)).toBe(Number(n.toPrecision(12)));
      }),
      { numRuns: 5_000 },
    );
  });
  it('reads 16.4 − 6.4 as 10 and 1.13 × 10⁴ as 11300', () => {
    expect(tidy(16.4 - 6.4)).toBe(10);
    expect(tidy(1.13 * 10_000)).toBe(11_300);
    expect(tidy(0.1 + 0.2)).toBe(0.3);
  });
});

describe('valueIn', () => {
  it('rounds a read number to 12 significant digits, whatever its kind', () => {
    fc.assert(
      fc.property(numbers, (n) => {
        expect(valueIn(read(n), '亩')).toStrictEqual({ value: Number(n.toPrecision(12)) });
      }),
      { numRuns: 5_000 },
    );
  });
  it('turns -0 into 0', () => {
    expect(Object.is((valueIn(read(-0), '亩') as { value: number }).value, 0)).toBe(true);
  });
});
