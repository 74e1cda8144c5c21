// Month and date arithmetic (shared/period.ts): year boundaries, leap years, invalid input.
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  boardPeriods,
  clampPeriod,
  daysBetween,
  elapsedShare,
  isCalendarYear,
  isPeriod,
  minPeriod,
  periodEndDate,
  periodFromIndex,
  periodIndex,
  periodOfDate,
  periodRange,
  reportDueDate,
} from '../../shared/period';

const invalidPeriods = ['2022-13', '2022-00', '2022-1', '22-01', '2022/01', '2022-01-01', '', ' 2022-01'];

describe('isPeriod', () => {
  it.each(['2022-01', '2022-12', '2023-06', '0001-01'])('accepts %s', (p) => {
    expect(isPeriod(p)).toBe(true);
  });

  it.each(invalidPeriods)('rejects %j', (p) => {
    expect(isPeriod(p)).toBe(false);
  });
});

describe('periodIndex / periodFromIndex', () => {
  it.each([
    ['2022-01', 2022 * 12],
    ['2022-12', 2022 * 12 + 11],
    ['2023-01', 2023 * 12],
  ])('%s is month number %i', (period, index) => {
    expect(periodIndex(period)).toBe(index);
    expect(periodFromIndex(index)).toBe(period);
  });

  it('counts December and the next January as consecutive months', () => {
    expect(periodIndex('2023-01') - periodIndex('2022-12')).toBe(1);
  });

  it('pads years and months', () => {
    expect(periodFromIndex(5 * 12 + 2)).toBe('0005-03');
  });

  it.each(invalidPeriods)('throws a RangeError naming %j', (p) => {
    expect(() => periodIndex(p)).toThrow(RangeError);
    expect(() => periodIndex(p)).toThrow(`'${p}'`);
  });
});

describe('addMonths', () => {
  it.each([
    ['2022-12', 1, '2023-01'],
    ['2023-01', -1, '2022-12'],
    ['2022-03', 0, '2022-03'],
    ['2022-01', 12, '2023-01'],
    ['2022-07', 18, '2024-01'],
    ['2022-05', -5, '2021-12'],
    ['2022-01', -13, '2020-12'],
    ['2022-06', 6, '2022-12'],
  ])('%s %+i months → %s', (period, months, expected) => {
    expect(addMonths(period, months)).toBe(expected);
  });

  it('throws on an invalid period', () => {
    expect(() => addMonths('2022-13', 1)).toThrow(RangeError);
  });
});

describe('periodRange', () => {
  it.each([
    ['2022-11', '2023-02', ['2022-11', '2022-12', '2023-01', '2023-02']],
    ['2022-06', '2022-06', ['2022-06']],
    ['2022-07', '2022-06', []],
    ['2023-01', '2022-12', []],
  ])('%s..%s', (start, end, expected) => {
    expect(periodRange(start, end)).toEqual(expected);
  });

  it('covers a calendar year in 12 months, January to December', () => {
    const year = periodRange('2022-01', '2022-12');
    expect(year).toHaveLength(12);
    expect([year[0], year[11]]).toEqual(['2022-01', '2022-12']);
  });
});

describe('minPeriod', () => {
  it.each([
    ['2022-12', '2023-01', '2022-12'],
    ['2023-01', '2022-12', '2022-12'],
    ['2022-10', '2022-09', '2022-09'],
    ['2022-06', '2022-06', '2022-06'],
  ])('min(%s, %s) = %s', (a, b, expected) => {
    expect(minPeriod(a, b)).toBe(expected);
  });
});

describe('periodOfDate', () => {
  it.each([
    ['2022-06-30', '2022-06'],
    ['2023-01-01', '2023-01'],
  ])('%s is in %s', (date, period) => {
    expect(periodOfDate(date)).toBe(period);
  });
});

describe('periodEndDate', () => {
  it.each([
    ['2024-02', '2024-02-29'], // leap year
    ['2023-02', '2023-02-28'],
    ['2000-02', '2000-02-29'], // divisible by 400: leap
    ['2100-02', '2100-02-28'], // divisible by 100 only: not leap
    ['2022-01', '2022-01-31'],
    ['2022-04', '2022-04-30'],
    ['2022-06', '2022-06-30'],
    ['2022-12', '2022-12-31'],
  ])('%s ends on %s', (period, date) => {
    expect(periodEndDate(period)).toBe(date);
  });

  it.each(['2022-13', '2022-2', 'June'])('throws on %j', (p) => {
    expect(() => periodEndDate(p)).toThrow(RangeError);
  });
});

describe('daysBetween', () => {
  it.each([
    ['2022-06-30', '2022-06-30', 0],
    ['2022-06-30', '2022-07-01', 1],
    ['2022-07-01', '2022-06-30', -1],
    ['2022-12-31', '2023-01-01', 1],
    ['2024-02-28', '2024-03-01', 2], // through 29 February
    ['2023-02-28', '2023-03-01', 1],
    ['2022-01-01', '2022-12-31', 364],
    ['2024-01-01', '2025-01-01', 366],
    ['2022-06-10', '2022-06-30', 20],
    ['2022-07-31', '2022-06-30', -31],
  ])('%s → %s: %i days', (from, to, days) => {
    expect(daysBetween(from, to)).toBe(days);
  });
});

describe('elapsedShare (序时进度 by whole months)', () => {
  it.each([
    // calendar 2022
    ['2022-01', '2022-12', '2022-01', 1 / 12],
    ['2022-01', '2022-12', '2022-06', 0.5],
    ['2022-01', '2022-12', '2022-10', 10 / 12],
    ['2022-01', '2022-12', '2022-12', 1],
    ['2022-01', '2022-12', '2021-12', 0], // before the period: clamped
    ['2022-01', '2022-12', '2023-03', 1], // after the period: clamped
    // July 2022 to June 2023, across the year boundary
    ['2022-07', '2023-06', '2022-12', 0.5],
    ['2022-07', '2023-06', '2023-01', 7 / 12],
    ['2022-07', '2023-06', '2023-06', 1],
    // second half of 2022
    ['2022-07', '2022-12', '2022-10', 4 / 6],
    // a one-month period
    ['2022-06', '2022-06', '2022-06', 1],
    ['2022-06', '2022-06', '2022-05', 0],
  ])('%s..%s at %s → %f', (start, end, report, share) => {
    expect(elapsedShare(start, end, report)).toBeCloseTo(share, 12);
  });
});

describe('isCalendarYear', () => {
  it.each([
    ['2022-01', '2022-12', true],
    ['2022-06', '2022-12', false],
    ['2022-01', '2022-11', false],
    ['2022-07', '2023-06', false],
    ['2022-01', '2023-12', false],
  ])('%s..%s → %s', (start, end, expected) => {
    expect(isCalendarYear(start, end)).toBe(expected);
  });
});

describe('the months a board offers', () => {
  it('runs from the first month to the latest with any figure', () => {
    expect(boardPeriods('2022-05', '2022-10', '2022-12', '2026-12-04')).toEqual(periodRange('2022-05', '2022-10'));
  });
  it('never goes past the plan period or the clock', () => {
    expect(boardPeriods('2022-05', '2023-02', '2022-12', '2026-12-04').at(-1)).toBe('2022-12');
    expect(boardPeriods('2022-05', '2022-10', '2022-12', '2022-08-15').at(-1)).toBe('2022-08');
  });
  it('runs to the plan’s end or the clock’s month before anything is reported', () => {
    expect(boardPeriods('2022-05', null, '2022-12', '2026-12-04')).toEqual(periodRange('2022-05', '2022-12'));
    expect(boardPeriods('2022-05', null, '2022-12', '2022-08-15')).toEqual(periodRange('2022-05', '2022-08'));
    expect(boardPeriods('2022-05', null, '2022-12', '2022-03-01')).toEqual(['2022-05']);
  });
  it('moves a month outside to the nearest end', () => {
    const months = periodRange('2022-05', '2022-10');
    expect(clampPeriod('2030-01', months)).toBe('2022-10');
    expect(clampPeriod('2022-12', months)).toBe('2022-10');
    expect(clampPeriod('2021-01', months)).toBe('2022-05');
    expect(clampPeriod('2022-07', months)).toBe('2022-07');
    expect(clampPeriod('2022-07', [])).toBeNull();
  });
  it('falls due on the given day of the next month, or its last day', () => {
    expect(reportDueDate('2022-10', 5)).toBe('2022-11-05');
    expect(reportDueDate('2022-01', 31)).toBe('2022-02-28');
  });
});
