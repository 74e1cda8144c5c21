// Range charts, both kinds: a level held in 10%–20% (I-19-1, June to December) that leaves the band
// on both sides, and a count of 1–2 dining streets (I-44-2) reported monthly, one in March and one
// in September.
import { describe, expect, it } from 'vitest';
import { buildRangeOption, rangeTable } from '../../../shared/charts/range';
import type { ChartOption, ChartPoint, IndicatorChartInputOf } from '../../../shared/charts/types';
import type { IndicatorDef } from '../../../shared/plan-schema';
import { STATUS_STYLE } from '../../../shared/status-style';

type Range = Extract<IndicatorDef, { kind: 'range' }>;

const deduction: Range = {
  code: 'I-19-1',
  measure: 19,
  kind: 'range',
  name: '价格扣除比例',
  nameEn: 'Price deduction',
  unit: '%',
  unitEn: '%',
  reporting: 'level',
  periodStart: '2022-06',
  periodEnd: '2022-12',
  min: 10,
  max: 20,
  source: '价格扣除比例提高至10%—20%',
};

const streets: Range = {
  code: 'I-44-2',
  measure: 44,
  kind: 'range',
  name: '深夜食堂特色餐饮街区',
  nameEn: 'Late-night dining streets',
  unit: '处',
  unitEn: 'streets',
  reporting: 'monthly',
  periodStart: '2022-01',
  periodEnd: '2022-12',
  min: 1,
  max: 2,
  source: '培育壮大1—2处深夜食堂特色餐饮街区',
};

const point = (period: string, value: number): ChartPoint => ({ period, value, series: 'value', revised: false });

const levelInput = (over: Partial<IndicatorChartInputOf<'range'>> = {}): IndicatorChartInputOf<'range'> => ({
  indicator: deduction,
  points: [point('2022-06', 15), point('2022-07', 22), point('2022-08', 8)],
  reportPeriod: '2022-08',
  status: 'behind',
  lang: 'zh',
  ...over,
});

const countInput = (over: Partial<IndicatorChartInputOf<'range'>> = {}): IndicatorChartInputOf<'range'> => ({
  indicator: streets,
  points: [point('2022-03', 1), point('2022-09', 1)],
  reportPeriod: '2022-10',
  status: 'achieved',
  lang: 'zh',
  ...over,
});

function series(option: ChartOption, id: string) {
  const list = Array.isArray(option.series) ? option.series : [option.series];
  const found = list.find((s) => s?.id === id);
  if (!found) throw new Error(`no series '${id}'`);
  return found;
}

function values(option: ChartOption, id: string): unknown[] {
  const data = (series(option, id).data ?? []) as unknown[];
  return data.map((d) => (d !== null && typeof d === 'object' && 'value' in d ? d.value : d));
}

const ids = (option: ChartOption) => (Array.isArray(option.series) ? option.series : []).map((s) => s.id);
const nulls = (n: number) => Array<null>(n).fill(null);

describe('buildRangeOption, a level', () => {
  it('draws the values against min and max lines and the shaded band', () => {
    const option = buildRangeOption(levelInput());
    expect(values(option, 'actual')).toEqual([15, 22, 8, ...nulls(4)]);
    expect(values(option, 'min')).toEqual(Array<number>(7).fill(10));
    expect(values(option, 'max')).toEqual(Array<number>(7).fill(20));
    expect((series(option, 'max').data as unknown[]).at(-1)).toMatchObject({ label: { formatter: '上限 20%' } });
    expect((series(option, 'min').data as unknown[]).at(-1)).toMatchObject({ label: { formatter: '下限 10%' } });
    expect(series(option, 'marks').markArea?.data).toEqual([
      [
        expect.objectContaining({ yAxis: 10, itemStyle: { color: STATUS_STYLE.on_track.color, opacity: 0.15 } }),
        { yAxis: 20 },
      ],
    ]);
  });

  it('has no planned trajectory, colours by status and marks the report month', () => {
    const option = buildRangeOption(levelInput());
    expect(ids(option)).not.toContain('planned');
    expect(series(option, 'actual')).toMatchObject({ lineStyle: { color: STATUS_STYLE.behind.color } });
    expect(series(option, 'marks').markLine?.data).toEqual([expect.objectContaining({ xAxis: '2022-08' })]);
  });

  it('titles in English', () => {
    const option = buildRangeOption(levelInput({ lang: 'en' }));
    expect(option.title).toMatchObject({
      text: 'Price deduction',
      subtext: expect.stringContaining('■ Behind') as unknown,
    });
    expect((series(option, 'max').data as unknown[]).at(-1)).toMatchObject({ label: { formatter: 'Upper end 20%' } });
  });
});

describe('buildRangeOption, a count', () => {
  it('draws the running total, empty in months without a report', () => {
    const option = buildRangeOption(countInput());
    expect(values(option, 'actual')).toEqual([null, null, 1, null, null, null, null, null, 2, null, null, null]);
    expect(series(option, 'actual').name).toBe('累计完成');
  });

  it('plans towards the minimum in whole streets, as the status engine judges a count', () => {
    const option = buildRangeOption(countInput());
    // 1 × 序时进度 month by month (0.08 … 1), shown in whole 处: never "0.5处".
    expect(values(option, 'planned')).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1]);
    expect(option.yAxis).toMatchObject({ minInterval: 1 });
  });
});

describe('rangeTable', () => {
  it('says where each level stands against the band', () => {
    const table = rangeTable(levelInput());
    expect(table.columns).toEqual(['月份', '实际值（%）', '下限（%）', '上限（%）', '与目标区间']);
    expect(table.rows.slice(0, 4)).toEqual([
      ['2022年6月', 15, 10, 20, '区间内'],
      ['2022年7月', 22, 10, 20, '高于上限'],
      ['2022年8月', 8, 10, 20, '低于下限'],
      ['2022年9月', null, 10, 20, null],
    ]);
  });

  it('adds the planned count, in English', () => {
    const table = rangeTable(countInput({ lang: 'en' }));
    expect(table.columns).toEqual([
      'Month',
      'Cumulative actual (streets)',
      'Lower end (streets)',
      'Upper end (streets)',
      'Planned to the lower end (streets)',
      'Against the band',
    ]);
    // Planned in whole streets (0.25 and 0.08 of a street are not a plan anyone can read).
    expect(table.rows[2]).toEqual(['March 2022', 1, 1, 2, 0, 'Within the band']);
    expect(table.rows[5]?.[4]).toBe(1);
  });
});
