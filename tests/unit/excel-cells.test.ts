import { describe, expect, it } from 'vitest';
import { columnNumber, excelSerialDate } from '../../server/upload/excel-cells';
import { mulberry32 } from '../../server/mulberry32';

describe('Excel cell conventions', () => {
  it('reads column letters in either case, up to the first non-letter', () => {
    expect(columnNumber('A1')).toBe(1);
    expect(columnNumber('z9')).toBe(26);
    expect(columnNumber('AA10')).toBe(27);
    expect(columnNumber('XFD1048576')).toBe(16384);
    expect(columnNumber('12')).toBe(0);
    expect(columnNumber('<c r="BC7"', 6, 9)).toBe(55);
    expect(columnNumber('A&#66;1')).toBe(-1);
  });

  it('turns day numbers into dates in both date systems, a time of day not moving the day', () => {
    expect(excelSerialDate(44927)).toBe('2023-01-01');
    expect(excelSerialDate(44927.75)).toBe('2023-01-01');
    expect(excelSerialDate(25569)).toBe('1970-01-01');
    expect(excelSerialDate(44927 - 1462, true)).toBe('2023-01-01');
    expect(excelSerialDate(Number.NaN)).toBeNull();
  });
});

describe('mulberry32', () => {
  it('gives the same numbers for the same seed, in [0, 1), and others for another seed', () => {
    const a = Array.from({ length: 5 }, mulberry32(20221028));
    expect(Array.from({ length: 5 }, mulberry32(20221028))).toEqual(a);
    expect(Array.from({ length: 5 }, mulberry32(1))).not.toEqual(a);
    expect(a.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
