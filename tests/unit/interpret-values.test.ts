// valueIn's rounding of binary noise (toPrecision(12)), with its short cut for whole numbers and
// simple fractions: the same value either way.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { valueIn } from '../../server/upload/interpret';
import type { ValueRead } from '../../server/upload/normalize';

const read = (value: number): ValueRead => ({
  kind: 'number',
  value,
  text: String(value),
  percent: false,
  multiplier: null,
  suffix: null,
});

describe('valueIn', () => {
  it('rounds a read number to 12 significant digits, whatever its kind', () => {
    const numbers = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }),
      fc.integer({ min: -1e9, max: 1e9 }).map((n) => n / 16),
      fc.integer({ min: -1e12, max: 1e12 }),
      fc.constantFrom(0, -0, 99_999_999.9375, 100_000_000.5, 123_456_789_012.5, 11_299.999_999_999_998, 0.1 + 0.2),
    );
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
