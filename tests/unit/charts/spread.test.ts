// The spread chart on I-09-1's rule (A at least B + 10 pp). A rises 20 → 25; B is chosen so the gap
// to the required line alternates met and not met, and B is missing in May, which then counts for
// nothing: margins 2, −1, 3, −2, –, 4.
import type { TooltipComponentOption } from 'echarts';
import { describe, expect, it } from 'vitest';
import { buildSpreadOption, spreadTable } from '../../../shared/charts/spread';
import type { ChartOption, ChartPoint, IndicatorChartInputOf } from '../../../shared/charts/types';
import type { IndicatorDef } from '../../../shared/plan-schema';
import { STATUS_STYLE } from '../../../shared/status-style';

const loans: Extract<IndicatorDef, { kind: 'spread' }> = {
  code: 'I-09-1',
  measure: 9,
  kind: 'spread',
  name: '普惠小微贷款增速高出各项贷款增速',
  nameEn: 'Margin of small-business loan growth over total loan growth',
  unit: '个百分点',
  unitEn: 'pp',
  reporting: 'level',
  periodStart: '2022-01',
  periodEnd: '2022-12',
  target: 10,
  tolerance: 0,
  seriesA: { name: '普惠小微贷款增速', nameEn: 'Small-business loan growth' },
  seriesB: { name: '各项贷款增速', nameEn: 'Total loan growth' },
  source: '普惠小微贷款增速高于各项贷款增速10个百分点以上',
};

const a = [20, 21, 22, 23, 24, 25];
const b: (number | null)[] = [8, 12, 9, 15, null, 11];
const points: ChartPoint[] = [
  ...a.map((value, i): ChartPoint => ({ period: `2022-0${i + 1}`, value, series: 'a', revised: false })),
  ...b.flatMap((value, i): ChartPoint[] =>
    value === null ? [] : [{ period: `2022-0${i + 1}`, value, series: 'b', revised: i === 1 }],
  ),
];

const input = (over: Partial<IndicatorChartInputOf<'spread'>> = {}): IndicatorChartInputOf<'spread'> => ({
  indicator: loans,
  points,
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

const nulls = (n: number) => Array<null>(n).fill(null);
const met = STATUS_STYLE.on_track.color;
const notMet = STATUS_STYLE.behind.color;

describe('buildSpreadOption', () => {
  it('draws both series, A in the status colour, named from the indicator', () => {
    const option = buildSpreadOption(input({ status: 'behind' }));
    expect(values(option, 'a')).toEqual([...a, ...nulls(6)]);
    expect(values(option, 'b')).toEqual([...b, ...nulls(6)]);
    expect(series(option, 'a')).toMatchObject({ name: '普惠小微贷款增速', lineStyle: { color: notMet } });
    expect(series(option, 'b')).toMatchObject({ name: '各项贷款增速' });
    const en = buildSpreadOption(input({ lang: 'en' }));
    expect(series(en, 'a').name).toBe('Small-business loan growth');
    expect(series(en, 'b').name).toBe('Total loan growth');
  });

  it('draws the required line B + target wherever B is reported', () => {
    const option = buildSpreadOption(input());
    expect(values(option, 'required')).toEqual([18, 22, 19, 25, null, 21, ...nulls(6)]);
    expect(series(option, 'required').name).toBe('要求值（各项贷款增速+10个百分点）');
  });

  it('spans the gap between A and the required line with a floating bar, only where both are reported', () => {
    const option = buildSpreadOption(input());
    // The transparent base reaches the lower of A and the requirement; the gap sits on top.
    expect(values(option, 'gap-base')).toEqual([18, 21, 19, 23, null, 21, ...nulls(6)]);
    expect(values(option, 'gap')).toEqual([2, 1, 3, 2, null, 4, ...nulls(6)]);
    for (const id of ['gap-base', 'gap'])
      expect(series(option, id)).toMatchObject({ stack: 'gap', stackStrategy: 'all' });
  });

  it('colours each month met (on_track) or not met (behind)', () => {
    const data = series(buildSpreadOption(input()), 'gap').data as ({ itemStyle: { color: string } } | null)[];
    expect(data.slice(0, 6).map((d) => d?.itemStyle.color ?? null)).toEqual([met, notMet, met, notMet, null, met]);
  });

  it('colours a shortfall within the tolerance as at risk', () => {
    const option = buildSpreadOption(input({ indicator: { ...loans, tolerance: 1.5 } }));
    const data = series(option, 'gap').data as ({ itemStyle: { color: string } } | null)[];
    expect(data.slice(0, 4).map((d) => d?.itemStyle.color)).toEqual([met, STATUS_STYLE.at_risk.color, met, notMet]);
  });

  it('gives the signed gap and verdict in the tooltip', () => {
    const format = (lang: 'zh' | 'en') => {
      const tooltip = buildSpreadOption(input({ lang })).tooltip as TooltipComponentOption;
      const formatter = tooltip.formatter as (params: unknown) => string;
      return formatter([
        { seriesId: 'gap-base', seriesName: '', value: 21, dataIndex: 1, marker: '' },
        { seriesId: 'gap', seriesName: 'gap', value: 1, dataIndex: 1, marker: '' },
        { seriesId: 'b', seriesName: 'B', value: 12, dataIndex: 1, marker: '' },
      ]);
    };
    expect(format('zh')).toBe('2022年2月<br/>B：12%（已修订）<br/>与要求值的差距：-1个百分点（未达标）');
    expect(format('en')).toBe('February 2022<br/>B: 12% (revised)<br/>Gap to required: -1 pp (Not met)');
  });

  it('marks the report month', () => {
    const marks = series(buildSpreadOption(input({ reportPeriod: '2022-05' })), 'marks');
    expect(marks.markLine?.data).toEqual([expect.objectContaining({ xAxis: '2022-05' })]);
  });
});

describe('spreadTable', () => {
  it('lists A, B, the requirement, A − B and the verdict for each month', () => {
    const table = spreadTable(input());
    expect(table.columns).toEqual([
      '月份',
      '普惠小微贷款增速（%）',
      '各项贷款增速（%）',
      '要求值（%）',
      'A − B（个百分点）',
      '是否达标',
    ]);
    expect(table.rows.slice(0, 7)).toEqual([
      ['2022年1月', 20, 8, 18, 12, '达标'],
      ['2022年2月', 21, 12, 22, 9, '未达标'],
      ['2022年3月', 22, 9, 19, 13, '达标'],
      ['2022年4月', 23, 15, 25, 8, '未达标'],
      ['2022年5月', 24, null, null, null, null],
      ['2022年6月', 25, 11, 21, 14, '达标'],
      ['2022年7月', null, null, null, null, null],
    ]);
  });

  it('is in English when asked', () => {
    const table = spreadTable(input({ lang: 'en' }));
    expect(table.columns).toEqual([
      'Month',
      'Small-business loan growth (%)',
      'Total loan growth (%)',
      'Required (%)',
      'A − B (pp)',
      'Met?',
    ]);
    expect(table.rows[1]).toEqual(['February 2022', 21, 12, 22, 9, 'Not met']);
  });
});
