// The month a worksheet's name says, for a workbook kept one sheet per month (sheet-month.ts).
import { describe, expect, it } from 'vitest';
import { monthOfText } from '../../server/upload/sheet-month';

describe('monthOfText', () => {
  it.each([
    ['10月', '2022-10'],
    ['十月', '2022-10'],
    ['2022年10月', '2022-10'],
    ['2022.10', '2022-10'],
    ['2022-9', '2022-09'],
    ['Oct', '2022-10'],
    ['September', '2022-09'],
    ['Oct-21', '2021-10'],
    ['2022年10月报表', '2022-10'],
    ['10月份数据', '2022-10'],
    ['1-9月累计', '2022-09'],
    ['2021年12月', '2021-12'],
  ])('%s → %s', (name, month) => {
    expect(monthOfText(name, '2022-10')).toBe(month);
  });

  it.each(['Sheet1', '说明', '2022年', '汇总', 'Ma'])('%s names no month', (name) => {
    expect(monthOfText(name, '2022-10')).toBeNull();
  });
});
