// Ceiling and floor charts: CPI "3%左右" (a ceiling of 3 with 0.5 tolerance) over six months that
// visit every zone, a plain 0.5% fee ceiling, and a 40% floor that starts mid-year.
import { describe, expect, it } from 'vitest';
import { bandTable, buildBandOption } from '../../../shared/charts/band';
import type { ChartOption, ChartPoint, IndicatorChartInputOf } from '../../../shared/charts/types';
import type { IndicatorDef } from '../../../shared/plan-schema';
import { STATUS_STYLE } from '../../../shared/status-style';

type Band = Extract<IndicatorDef, { kind: 'ceiling' | 'floor' }>;

const cpi: Band = {
  code: 'I-57-1',
  measure: 57,
  kind: 'ceiling',
  name: '居民消费价格指数涨幅',
  nameEn: 'Consumer price index rise',
  unit: '%',
  unitEn: '%',
  reporting: 'level',
  periodStart: '2022-01',
  periodEnd: '2022-12',
  target: 3,
  tolerance: 0.5,
  source: '居民消费价格指数涨幅控制在3%左右',
};

const fee: Band = { ...cpi, code: 'I-11-1', name: '担保费率', nameEn: 'Guarantee fee rate', target: 0.5, tolerance: 0 };

const reserved: Band = {
  ...cpi,
  code: 'I-19-2',
  kind: 'floor',
  name: '预留比例',
  nameEn: 'Share reserved',
  periodStart: '2022-06',
  periodEnd: '2022-12',
  target: 40,
  tolerance: 0,
};

const levels = (values: number[]): ChartPoint[] =>
  values.map((value, i) => ({ period: `2022-0${i + 1}`, value, series: 'value', revised: false }));

/** Met, met, within tolerance, beyond, within tolerance, met. */
const cpiPoints = levels([2.1, 2.8, 3.2, 3.6, 3.1, 2.9]);

const input = (
  over: Partial<IndicatorChartInputOf<'ceiling' | 'floor'>> = {},
): IndicatorChartInputOf<'ceiling' | 'floor'> => ({
  indicator: cpi,
  points: cpiPoints,
  reportPeriod: '2022-06',
  status: 'on_track',
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

describe('buildBandOption', () => {
  it('draws the monthly values up to the report month in the status colour', () => {
    const option = buildBandOption(input({ status: 'at_risk' }));
    expect(values(option, 'actual')).toEqual([2.1, 2.8, 3.2, 3.6, 3.1, 2.9, ...nulls(6)]);
    expect(series(option, 'actual')).toMatchObject({ lineStyle: { color: STATUS_STYLE.at_risk.color } });
  });

  it('draws the target and, with a tolerance, the limit beyond which it is behind', () => {
    const option = buildBandOption(input());
    expect(values(option, 'target')).toEqual(Array<number>(12).fill(3));
    expect(values(option, 'limit')).toEqual(Array<number>(12).fill(3.5));
    expect((series(option, 'target').data as unknown[]).at(-1)).toMatchObject({ label: { formatter: '目标 3%左右' } });
    expect((series(option, 'limit').data as unknown[]).at(-1)).toMatchObject({ label: { formatter: '上限 3.5%' } });
    expect(series(option, 'limit')).toMatchObject({ lineStyle: { color: STATUS_STYLE.behind.color } });
  });

  it('shades the good side to the target, the tolerance strip, and outlines the 左右 band', () => {
    const [good, tolerance, band] = series(buildBandOption(input()), 'marks').markArea?.data ?? [];
    expect(good).toEqual([
      expect.objectContaining({ itemStyle: { color: STATUS_STYLE.on_track.color, opacity: 0.12 } }),
      { yAxis: 3 },
    ]);
    expect((good as object[])[0]).not.toHaveProperty('yAxis');
    expect(tolerance).toEqual([
      expect.objectContaining({ yAxis: 3, itemStyle: { color: STATUS_STYLE.at_risk.color, opacity: 0.2 } }),
      { yAxis: 3.5 },
    ]);
    expect(band).toEqual([
      expect.objectContaining({ yAxis: 2.5, label: expect.objectContaining({ formatter: '3%左右' }) as unknown }),
      { yAxis: 3.5 },
    ]);
  });

  it('without tolerance, shades only the acceptable side up to the limit', () => {
    const ceiling = buildBandOption(input({ indicator: fee, points: levels([0.4, 0.6]) }));
    expect(ids(ceiling)).not.toContain('limit');
    expect(series(ceiling, 'marks').markArea?.data).toEqual([
      [expect.objectContaining({ label: expect.anything() as unknown }), { yAxis: 0.5 }],
    ]);
    expect((series(ceiling, 'target').data as unknown[]).at(-1)).toMatchObject({ label: { formatter: '上限 0.5%' } });

    const floor = buildBandOption(input({ indicator: reserved, points: [] }));
    const [area] = series(floor, 'marks').markArea?.data ?? [];
    expect(area).toEqual([expect.objectContaining({ yAxis: 40 }), {}]);
    expect((series(floor, 'target').data as unknown[]).at(-1)).toMatchObject({ label: { formatter: '下限 40%' } });
  });

  it('uses the indicator period as the axis and marks the report month', () => {
    const option = buildBandOption(input({ indicator: reserved, points: [], reportPeriod: '2022-08' }));
    expect(option.xAxis).toMatchObject({
      data: ['2022-06', '2022-07', '2022-08', '2022-09', '2022-10', '2022-11', '2022-12'],
    });
    expect(series(option, 'marks').markLine?.data).toEqual([expect.objectContaining({ xAxis: '2022-08' })]);
  });

  it('labels in English', () => {
    const option = buildBandOption(input({ lang: 'en' }));
    expect(option.title).toMatchObject({ text: 'Consumer price index rise' });
    expect((series(option, 'target').data as unknown[]).at(-1)).toMatchObject({
      label: { formatter: 'Target about 3%' },
    });
    expect((series(option, 'limit').data as unknown[]).at(-1)).toMatchObject({ label: { formatter: 'Ceiling 3.5%' } });
  });
});

describe('bandTable', () => {
  it('gives each month its value, target, limit and whether it met the target', () => {
    const table = bandTable(input());
    expect(table.columns).toEqual(['月份', '实际值（%）', '目标（%）', '限值（%）', '是否达标']);
    expect(table.rows.slice(0, 7)).toEqual([
      ['2022年1月', 2.1, 3, 3.5, '达标'],
      ['2022年2月', 2.8, 3, 3.5, '达标'],
      ['2022年3月', 3.2, 3, 3.5, '容差内'],
      ['2022年4月', 3.6, 3, 3.5, '未达标'],
      ['2022年5月', 3.1, 3, 3.5, '容差内'],
      ['2022年6月', 2.9, 3, 3.5, '达标'],
      ['2022年7月', null, 3, 3.5, null],
    ]);
  });

  it('judges a floor from below, in English', () => {
    const points: ChartPoint[] = [
      { period: '2022-06', value: 45, series: 'value', revised: false },
      { period: '2022-07', value: 38, series: 'value', revised: false },
    ];
    const table = bandTable(input({ indicator: reserved, points, reportPeriod: '2022-07', lang: 'en' }));
    expect(table.columns).toEqual(['Month', 'Actual (%)', 'Target (%)', 'Limit (%)', 'Met?']);
    expect(table.rows.slice(0, 3)).toEqual([
      ['June 2022', 45, 40, 40, 'Met'],
      ['July 2022', 38, 40, 40, 'Not met'],
      ['August 2022', null, 40, 40, null],
    ]);
  });
});
