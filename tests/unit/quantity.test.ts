// Reading quantities as plans write them (shared/quantity.ts): look-alike digits, 万/亿, 两批, 十三.
import { describe, expect, it } from 'vitest';
import { normalizeDigits, numbersInPhrase, parseChineseNumeral, toUnit, unitScale } from '../../shared/quantity';

describe('normalizeDigits', () => {
  it.each([
    ['２０２２', '2022'], // full-width digits
    ['１．５％', '1.5%'], // full-width point and percent
    ['٢٠٢٢', '2022'], // Arabic-Indic
    ['۱۲', '12'], // extended Arabic-Indic (Persian)
    ['－3', '-3'], // full-width hyphen-minus
    ['−3', '-3'], // U+2212 minus sign
    ['达到2.04万亩', '达到2.04万亩'], // already ASCII: untouched
    ['10%—20%', '10%—20%'], // an em dash is a range, not a minus
  ])('%j → %j', (input, expected) => {
    expect(normalizeDigits(input)).toBe(expected);
  });
});

describe('unitScale', () => {
  it.each([
    ['万元', 1e4],
    ['亿元', 1e8],
    ['万', 1e4],
    ['亩', 1],
    ['套（间）', 1],
    ['%', 1],
    ['', 1],
  ])('%j → %d', (unit, scale) => {
    expect(unitScale(unit)).toBe(scale);
  });
});

describe('toUnit', () => {
  it.each([
    [2.04, 1e4, '亩', 20400],
    [1.13, 1e4, '亩', 11300], // 1.13 × 10⁴ is 11299.999999999998 in binary
    [0.57, 1e8, '万元', 5700], // 5699.999999999999 unrounded
    [1.5, 1e4, '套（间）', 15000],
    [2000, 1e4, '万元', 2000],
    [1.2, 1e8, '万元', 12000],
    [500, 1e4, '亿元', 0.05],
    [3, 1, '万元', 0.0003],
    [0.07, 1e4, '亩', 700], // 700.0000000000001 unrounded
  ])('%d × %d in %s = %d exactly', (value, scale, unit, expected) => {
    expect(toUnit(value, scale, unit)).toBe(expected);
  });
});

describe('parseChineseNumeral', () => {
  it.each([
    ['一', 1],
    ['二', 2],
    ['两', 2],
    ['九', 9],
    ['十', 10],
    ['十三', 13],
    ['二十', 20],
    ['四十五', 45],
    ['九十九', 99],
  ])('%s → %i', (text, n) => {
    expect(parseChineseNumeral(text)).toBe(n);
  });

  it.each(['', '三四', '十十', '一百', '百', '二十两', '十四五', 'abc', '2'])('%j → null', (text) => {
    expect(parseChineseNumeral(text)).toBeNull();
  });
});

describe('numbersInPhrase', () => {
  it.each([
    // the documented examples
    ['粮食播种面积达到2.04万亩', '亩', [20400]],
    ['发放第二批2000万元', '万元', [2, 2000]],
    ['年内分两批', '批', [2]],
    ['10%—20%', '%', [10, 20]],
    // multipliers converted into the target unit
    ['建设筹集保障性租赁住房1.5万套（间）', '套（间）', [15000]],
    ['蔬菜播种面积达到1.87万亩', '亩', [18700]],
    ['投资1.2亿元', '万元', [12000]],
    ['新增1.13万亩', '亩', [11300]],
    ['安排0.57亿元', '万元', [5700]],
    ['安排资金500万元', '亿元', [0.05]],
    ['补贴2000万元', '元', [20000000]],
    // separators and look-alike digits
    ['1,654项政务服务事项', '项', [1654]],
    ['累计12,300套', '套', [12300]],
    ['１２３４５亩', '亩', [12345]],
    ['１．５万亩', '亩', [15000]],
    ['涨幅在3％左右', '%', [3]],
    ['٢٠٢٢年', '', [2022]],
    // Chinese numerals and ranges
    ['十三项', '项', [13]],
    ['二十条', '条', [20]],
    ['下半年再完成1—2批集中供地', '批', [1, 2]],
    ['培育壮大1至2处', '处', [1, 2]],
    ['分别为10，20', '', [10, 20]], // a full-width comma separates clauses, not thousands
    // nothing to read
    ['年内', '', []],
    ['', '', []],
  ])('%j in %j → %j', (phrase, unit, expected) => {
    expect(numbersInPhrase(phrase, unit)).toEqual(expected);
  });

  it('returns exact integers, not binary noise', () => {
    const [area] = numbersInPhrase('1.13万亩', '亩');
    expect(Number.isInteger(area)).toBe(true);
    expect(area).toBe(11300);
  });
});

describe('Chinese numerals with a multiplier', () => {
  it.each([
    ['两万亩', '亩', [20000]],
    ['三亿元', '万元', [30000]],
    ['年内分两批', '批', [2]],
  ])('%s in %s → %o', (phrase, unit, expected) => {
    expect(numbersInPhrase(phrase, unit)).toEqual(expected);
  });
});
