// Reading spreadsheet cells the way people fill them (server/upload/normalize.ts, table.ts) and
// what a value means in an indicator's unit (interpret.ts). Pure functions, no file, no database.
import { describe, expect, it } from 'vitest';
import { valueIn } from '../../server/upload/interpret';
import { normalizeCode, readNumberText, readPeriod, readValue } from '../../server/upload/normalize';
import { labelField } from '../../server/upload/table';
import { declaredSize } from '../../server/upload/zip-guard';

const num = (text: string, decimalComma = false) => {
  const read = readNumberText(text, decimalComma);
  return read.kind === 'number' ? [read.value, read.multiplier, read.suffix, read.percent] : read.kind;
};

describe('numbers as text', () => {
  it.each([
    ['12300', [12300, null, null, false]],
    ['12,300', [12300, null, null, false]],
    ['１２，３００', [12300, null, null, false]],
    ['12 300', [12300, null, null, false]],
    [' 1,200\u00a0', [1200, null, null, false]],
    ['\u3000２．５\u3000', [2.5, null, null, false]],
    ['-5', [-5, null, null, false]],
    ['－5', [-5, null, null, false]],
    ['(1,234)', [-1234, null, null, false]],
    ['2.1%', [2.1, null, null, true]],
    ['2.1 ％', [2.1, null, null, true]],
    ['1.5万', [1.5, '万', null, false]],
    ['0.2亿元', [0.2, '亿', '元', false]],
    ['2500亩', [2500, null, '亩', false]],
    ['2 批', [2, null, '批', false]],
    ['.5', [0.5, null, null, false]],
  ])('%j', (text, expected) => expect(num(text)).toEqual(expected));

  it.each(['12,3OO', '1,23', '12a', 'abc', '1.2.3', '12-3'])('%j is not a number', (text) =>
    expect(num(text)).toBe('not_number'),
  );

  it.each(['', ' ', '-', '—', '/', '无', 'N/A'])('%j is blank', (text) => expect(num(text)).toBe('blank'));

  it('reads decimal commas in ;-separated files, and still reads 1.5', () => {
    expect(num('1.234,5', true)).toEqual([1234.5, null, null, false]);
    expect(num('2,1', true)).toEqual([2.1, null, null, false]);
    expect(num('1.5', true)).toEqual([1.5, null, null, false]);
  });

  it('takes typed cells as they are, with a percentage format as shown', () => {
    expect(readValue({ t: 'number', v: 2.1, percent: true })).toMatchObject({ value: 2.1, percent: true });
    expect(readValue({ t: 'date', v: '2022-10-03' })).toEqual({ kind: 'date', text: '2022-10-03' });
    expect(readValue({ t: 'error', v: '#REF!' })).toEqual({ kind: 'error', error: '#REF!' });
    expect(readValue({ t: 'formula', formula: 'A1' })).toEqual({ kind: 'formula', formula: 'A1' });
    expect(readValue({ t: 'number', v: 1e16 })).toMatchObject({ kind: 'too_big' });
  });
});

describe('a value in the indicator’s unit', () => {
  const number = (text: string) => readNumberText(text);
  it('converts 万/亿 only into a 万-based unit, and refuses to guess otherwise', () => {
    expect(valueIn(number('2000万元'), '万元')).toEqual({ value: 2000 });
    expect(valueIn(number('0.2亿'), '万元')).toEqual({ value: 2000, warning: '“0.2亿”已按 2,000 万元 计入' });
    expect(valueIn(number('1.5万'), '套（间）')).toEqual({
      problem:
        '“1.5万”带“万”字，而该指标的单位是“套（间）”，无法确定含义：如为 15,000 套（间），请填写 15000；如为 1.5 套（间），请删去“万”字',
    });
  });

  it('accepts "%" for rates and percentage points, and the unit written after the number', () => {
    expect(valueIn(number('2.1%'), '%')).toEqual({ value: 2.1 });
    expect(valueIn(number('12%'), '个百分点')).toEqual({ value: 12 });
    expect(valueIn(number('2500亩'), '亩')).toEqual({ value: 2500 });
    expect(valueIn(number('580套(间)'), '套（间）')).toEqual({ value: 580 });
    expect(valueIn(number('45%'), '亩')).toHaveProperty('problem');
    expect(valueIn(number('2500平方米'), '亩')).toHaveProperty('problem');
  });
});

describe('months', () => {
  const period = (cell: Parameters<typeof readPeriod>[0]) => {
    const read = readPeriod(cell, '2022-10');
    return read.kind === 'ok' ? read.period : read.kind;
  };
  it.each([
    ['2022-10', '2022-10'],
    ['2022/10', '2022-10'],
    ['2022.10', '2022-10'],
    ['2022年10月', '2022-10'],
    ['２０２２年１０月份', '2022-10'],
    ['2022/10/1', '2022-10'],
    ['2022年1-10月', '2022-10'],
    ['202210', '2022-10'],
    ['10月', '2022-10'],
    ['十月', '2022-10'],
    ['1—9月', '2022-09'],
    ['Oct-22', '2022-10'],
    ['October 2022', '2022-10'],
    ['2022年13月', 'bad'],
    ['下月', 'bad'],
  ])('%j → %s', (text, expected) => expect(period({ t: 'text', v: text })).toBe(expected));

  it('reads Excel dates, day numbers and numbers, and refuses to guess 2022.1', () => {
    expect(period({ t: 'date', v: '2022-09-30' })).toBe('2022-09');
    expect(period({ t: 'number', v: 44835 })).toBe('2022-10');
    expect(period({ t: 'number', v: 202210 })).toBe('2022-10');
    expect(period({ t: 'number', v: 9 })).toBe('2022-09');
    expect(period({ t: 'number', v: 2022.09 })).toBe('2022-09');
    expect(period({ t: 'number', v: 2022.1 })).toBe('ambiguous');
    expect(period(null)).toBe('blank');
  });
});

describe('codes, header labels and declared sheet sizes', () => {
  it('normalises indicator codes as typed', () => {
    expect(normalizeCode(' i－41－2 ')).toBe('I-41-2');
    expect(normalizeCode('I-9-1a')).toBe('I-09-1A');
    expect(normalizeCode('I41-2')).toBe('I-41-2');
    expect(normalizeCode('1')).toBeNull();
    expect(normalizeCode('合计')).toBeNull();
  });

  it('knows header labels in Chinese and English, with units in brackets or a trailing colon', () => {
    expect(labelField('本月数值（亩）')).toBe('value');
    expect(labelField('Value')).toBe('value');
    expect(labelField(' 指标 代码 ')).toBe('code');
    expect(labelField('Indicator')).toBe('name');
    expect(labelField('月份：')).toBe('period');
    expect(labelField('上月')).toBe('previous');
    expect(labelField('完成情况说明书')).toBeNull();
  });

  it('measures a dimension reference', () => {
    expect(declaredSize('A1:XFD1048576')).toEqual({ rows: 1_048_576, cols: 16_384 });
    expect(declaredSize('B3:H40')).toEqual({ rows: 38, cols: 7 });
    expect(declaredSize('A1')).toEqual({ rows: 1, cols: 1 });
  });
});
