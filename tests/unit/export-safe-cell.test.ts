import { describe, expect, it } from 'vitest';
import { csvField, csvFile, safeCell, unsafeCell } from '../../server/export/safe-cell';

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

describe('csvField, every CSV field we write', () => {
  it.each([
    ['a;=1+1', `"a;'=1+1"`],
    ['a\t=1+1', `"a\t'=1+1"`],
    ['a,+1', `"a,'+1"`],
    ['第一行\n-2+3', `"第一行\n'-2+3"`],
    ['x\r\n@SUM(A1)', `"x\r\n'@SUM(A1)"`],
    ['=1;=2', `"'=1;'=2"`],
  ])('neutralises a formula after a separator: %j', (text, expected) => {
    expect(csvField(text)).toBe(expected);
  });

  it('quotes a field holding any separator, so a reader splitting on ; or tab keeps it whole', () => {
    expect(csvField('a;b')).toBe('"a;b"');
    expect(csvField('a\tb')).toBe('"a\tb"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('区财政局')).toBe('区财政局');
    expect(csvField('a=b')).toBe('a=b');
  });

  it('leaves numbers as numbers and writes null as empty', () => {
    expect(csvField(-3.2)).toBe('-3.2');
    expect(csvField(null)).toBe('');
  });

  it('no field of a written file starts a formula, whatever separator a reader picks', () => {
    const text = csvFile([['note'], ['a;=1+1\n-2\t@x,+y']]).toString('utf8');
    expect(text).not.toMatch(/[,;\t\r\n"][=+\-@]/);
  });

  it('reads back to the original text through unsafeCell', () => {
    for (const text of ['a;=1+1', '第一行\n-2+3', '=1;=2', 'a,+1', 'x\t@y']) {
      const written = safeCell(text).replace(/([,;\t\r\n])([=+\-@])/g, "$1'$2");
      expect(unsafeCell(written)).toBe(text);
    }
  });
});
