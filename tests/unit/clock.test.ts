import { afterEach, describe, expect, it } from 'vitest';
import { chinaDate, isIsoDate, setToday, today, todayIsFixed } from '../../server/clock';

describe('the one clock', () => {
  afterEach(() => setToday(null));

  it('follows the real date in Beijing when not pinned', () => {
    expect(todayIsFixed()).toBe(false);
    expect(today()).toBe(chinaDate(new Date()));
  });

  it('reads a pinned date until released', () => {
    setToday('2022-11-08');
    expect(today()).toBe('2022-11-08');
    expect(todayIsFixed()).toBe(true);
    setToday(null);
    expect(today()).toBe(chinaDate(new Date()));
  });

  it('refuses what is not a calendar date', () => {
    expect(() => setToday('2022-02-30')).toThrow(/YYYY-MM-DD/);
    expect(isIsoDate('2022-11-08')).toBe(true);
    expect(isIsoDate('2022-13-01')).toBe(false);
    expect(isIsoDate('20221108')).toBe(false);
  });

  it('turns an instant into the Beijing date (UTC+8)', () => {
    expect(chinaDate('2022-11-07T16:00:00Z')).toBe('2022-11-08');
    expect(chinaDate('2022-11-07T15:59:59Z')).toBe('2022-11-07');
  });
});
