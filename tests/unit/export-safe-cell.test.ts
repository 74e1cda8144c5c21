import { describe, expect, it } from 'vitest';
import { safeCell, unsafeCell } from '../../server/export/safe-cell';

describe('safeCell, the one rule against formula injection', () => {
  it.each([
    ['=HYPERLINK("http://x","a")', '\'=HYPERLINK("http://x","a")'],
    ['+1+1', "'+1+1"],
    ['-2+3+cmd|"/c calc"!A1', '\'-2+3+cmd|"/c calc"!A1'],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
  ])('neutralises text starting with a formula character: %j', (text, expected) => {
    expect(safeCell(text)).toBe(expected);
  });

  it('keeps ordinary text, and text with those characters further in, as it is', () => {
    for (const text of ['区财政局', 'I-41-2', '2022-10', '3%左右（±0.5）', 'a=b', '', ' =1'])
      expect(safeCell(text)).toBe(text);
  });

  it('leaves numbers stored as numbers alone, negative ones included, and null', () => {
    expect(safeCell(-3.2)).toBe(-3.2);
    expect(safeCell(-0)).toBe(-0);
    expect(safeCell(12300)).toBe(12300);
    expect(safeCell(null)).toBeNull();
  });

  it('neutralises a negative number written as text (it is text, not a number)', () => {
    expect(safeCell('-3.2')).toBe("'-3.2");
  });

  it('reads back to the original text: a note round-trips through a template unchanged', () => {
    for (const text of ['=1+1', '+86 10 1234', '-3.2', '@sum', '\tx', '\rx', '区财政局', "'quoted", "'"])
      expect(unsafeCell(safeCell(text))).toBe(text);
    // An apostrophe before ordinary text is the user's own and stays.
    expect(unsafeCell("'区财政局")).toBe("'区财政局");
  });
});
