// The cumulative chart on the status tests' fixture: 1200 flats over calendar 2022, so the planned
// trajectory is 100 a month and a report of 100 more each month is exactly on schedule.
import type { TooltipComponentOption } from 'echarts';
import { describe, expect, it } from 'vitest';
import { buildCumulativeOption, cumulativeTable } from '../../../shared/charts/cumulative';
import type { ChartOption, ChartPoint, IndicatorChartInputOf } from '../../../shared/charts/types';
import type { IndicatorDef } from '../../../shared/plan-schema';
import { STATUS_STYLE } from '../../../shared/status-style';

const flats: Extract<IndicatorDef, { kind: 'cumulative' }> = {
  code: 'I-41-9',
  measure: 41,
  kind: 'cumulative',
  name: '建设筹集住房',
  nameEn: 'Housing built',
  unit: '套',
  unitEn: 'flats',
  reporting: 'cumulative',
  periodStart: '2022-01',
  periodEnd: '2022-12',
  target: 1200,
  source: '建设筹集住房1200套',
};

const point = (period: string, value: number, revised = false): ChartPoint => ({
  period,
  value,
  series: 'value',
  revised,
});

/** 100, 200, … 600 for January to June; March's figure was revised. */
const sixMonths = [1, 2, 3, 4, 5, 6].map((m) => point(`2022-0${m}`, m * 100, m === 3));

const input = (over: Partial<IndicatorChartInputOf<'cumulative'>> = {}): IndicatorChartInputOf<'cumulative'> => ({
  indicator: flats,
  points: sixMonths,
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

/** Series data as plain numbers, whatever the item shape. */
function values(option: ChartOption, id: string): unknown[] {
  const data = (series(option, id).data ?? []) as unknown[];
  return data.map((d) => (d !== null && typeof d === 'object' && 'value' in d ? d.value : d));
}

const nulls = (n: number) => Array<null>(n).fill(null);

describe('buildCumulativeOption', () => {
  it('draws the reported running total up to the report month and nothing after', () => {
    const option = buildCumulativeOption(input());
    expect(values(option, 'actual')).toEqual([100, 200, 300, 400, 500, 600, ...nulls(6)]);
  });

  it('ignores reports after the report month and of other series', () => {
    const extra = [...sixMonths, point('2022-07', 700), { ...point('2022-05', 9999), series: 'a' as const }];
    expect(values(buildCumulativeOption(input({ points: extra })), 'actual')).toEqual([
      100,
      200,
      300,
      400,
      500,
      600,
      ...nulls(6),
    ]);
  });

  it('sums monthly reports into a running total, leaving an unreported month empty', () => {
    const monthly = { ...flats, reporting: 'monthly' as const };
    const points = [1, 2, 3, 5, 6].map((m) => point(`2022-0${m}`, 100));
    const option = buildCumulativeOption(input({ indicator: monthly, points }));
    expect(values(option, 'actual')).toEqual([100, 200, 300, null, 400, 500, ...nulls(6)]);
  });

  it('plans target × 序时进度 for every month of the period', () => {
    const option = buildCumulativeOption(input());
    expect(values(option, 'planned')).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100, 1200]);
  });

  it('follows a phased schedule through plannedShare', () => {
    const phased = {
      ...flats,
      schedule: [
        { period: '2022-06', value: 300 },
        { period: '2022-12', value: 1200 },
      ],
    };
    const option = buildCumulativeOption(input({ indicator: phased }));
    expect(values(option, 'planned')).toEqual([50, 100, 150, 200, 250, 300, 450, 600, 750, 900, 1050, 1200]);
  });

  it('draws the target as a line labelled with value and unit', () => {
    const option = buildCumulativeOption(input());
    expect(values(option, 'target')).toEqual(Array<number>(12).fill(1200));
    const last = (series(option, 'target').data as unknown[]).at(-1);
    expect(last).toMatchObject({ label: { show: true, formatter: '目标 1,200套' } });
    const en = buildCumulativeOption(input({ lang: 'en' }));
    expect((series(en, 'target').data as unknown[]).at(-1)).toMatchObject({
      label: { formatter: 'Target 1,200 flats' },
    });
  });

  it('marks the report month with a vertical line', () => {
    const marks = series(buildCumulativeOption(input()), 'marks');
    expect(marks.markLine?.data).toEqual([expect.objectContaining({ xAxis: '2022-06' })]);
  });

  it('labels the target away from the report month, so the two labels never meet at the top', () => {
    const months = 12;
    for (let m = 1; m <= months; m++) {
      const reportPeriod = `2022-${String(m).padStart(2, '0')}`;
      const option = buildCumulativeOption(input({ reportPeriod, points: sixMonths.slice(0, Math.min(m, 6)) }));
      const target = series(option, 'target').data as unknown[];
      const labelled = target.findIndex((d) => typeof d === 'object' && d !== null && 'label' in d);
      const report = (series(option, 'marks').markLine?.data as { xAxis: string }[])[0]!.xAxis;
      const reportIndex = Number(report.slice(5)) - 1;
      // Different halves of the axis: the report label is centred on its month, the target's
      // runs from its end of the line towards the middle.
      expect({ reportPeriod, targetLeft: labelled < months / 2 }).toEqual({
        reportPeriod,
        targetLeft: reportIndex >= months / 2,
      });
      expect(target[labelled]).toMatchObject({
        label: { position: 'top', align: labelled === 0 ? 'left' : 'right' },
      });
    }
  });

  it('marks no month once the report month is past the period, and shows every month', () => {
    const option = buildCumulativeOption(input({ reportPeriod: '2023-02' }));
    expect(series(option, 'marks').markLine?.data).toEqual([]);
    expect(values(option, 'actual').slice(0, 6)).toEqual([100, 200, 300, 400, 500, 600]);
  });

  it('shows no actuals before the period starts', () => {
    const option = buildCumulativeOption(input({ reportPeriod: '2021-12', status: 'not_yet_due' }));
    expect(values(option, 'actual')).toEqual(nulls(12));
  });

  it('colours the actuals by status', () => {
    for (const status of ['on_track', 'behind'] as const) {
      const actual = series(buildCumulativeOption(input({ status })), 'actual');
      expect(actual).toMatchObject({
        lineStyle: { color: STATUS_STYLE[status].color },
        itemStyle: { color: STATUS_STYLE[status].color },
      });
    }
  });

  it('draws a revised value as a diamond and explains the diamond in the subtitle', () => {
    const option = buildCumulativeOption(input());
    const data = series(option, 'actual').data as unknown[];
    expect(data[2]).toMatchObject({ value: 300, symbol: 'diamond' });
    expect(data[1]).toBe(200);
    expect(option.title).toMatchObject({ subtext: expect.stringContaining('◆ 数据已修订') as unknown });
    const clean = buildCumulativeOption(input({ points: sixMonths.map((p) => ({ ...p, revised: false })) }));
    expect(clean.title).toMatchObject({ subtext: expect.not.stringContaining('◆') as unknown });
  });

  it('says "已修订" / "revised" in the tooltip of a revised month only', () => {
    const format = (lang: 'zh' | 'en', dataIndex: number) => {
      const tooltip = buildCumulativeOption(input({ lang })).tooltip as TooltipComponentOption;
      const formatter = tooltip.formatter as (params: unknown) => string;
      return formatter([
        { seriesId: 'actual', seriesName: 'A<b>', value: (dataIndex + 1) * 100, dataIndex, marker: '' },
        { seriesId: 'target', seriesName: 'T', value: 1200, dataIndex, marker: '' },
      ]);
    };
    expect(format('zh', 2)).toBe('2022年3月<br/>A&#60;b&#62;：300套（已修订）<br/>T：1,200套');
    expect(format('zh', 1)).not.toContain('已修订');
    expect(format('en', 2)).toBe('March 2022<br/>A&#60;b&#62;: 300 flats (revised)<br/>T: 1,200 flats');
  });

  it('titles in the chosen language with unit, report month and the status in words and symbol', () => {
    expect(buildCumulativeOption(input()).title).toMatchObject({
      text: '建设筹集住房',
      subtext: '单位：套　报告期：2022年6月　◆ 数据已修订　{status|● 序时推进}',
      subtextStyle: { rich: { status: { color: STATUS_STYLE.on_track.color } } },
    });
    expect(buildCumulativeOption(input({ lang: 'en', status: 'behind' })).title).toMatchObject({
      text: 'Housing built',
      subtext: 'Unit: flats · Report month: June 2022 · ◆ revised figure · {status|■ Behind}',
    });
  });

  it('uses a CJK font unless told otherwise, never with double quotes', () => {
    expect(buildCumulativeOption(input()).textStyle).toEqual({
      fontFamily: "'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif",
    });
    expect(buildCumulativeOption(input({ fontFamily: '"Source Han Sans", serif' })).textStyle).toEqual({
      fontFamily: "'Source Han Sans', serif",
    });
  });
});

describe('cumulativeTable', () => {
  it('lists every month with actual, planned, 完成% and 序时进度%', () => {
    const table = cumulativeTable(input());
    expect(table.columns).toEqual(['月份', '累计完成（套）', '计划进度（套）', '完成%', '序时进度%']);
    expect(table.rows).toHaveLength(12);
    expect(table.rows[0]).toEqual(['2022年1月', 100, 100, 8.3, 8.3]);
    expect(table.rows[5]).toEqual(['2022年6月', 600, 600, 50, 50]);
    expect(table.rows[6]).toEqual(['2022年7月', null, 700, null, 58.3]);
  });

  it('is in English when asked', () => {
    const table = cumulativeTable(input({ lang: 'en' }));
    expect(table.columns).toEqual([
      'Month',
      'Cumulative actual (flats)',
      'Planned (flats)',
      'Progress %',
      'Time elapsed %',
    ]);
    expect(table.rows[11]).toEqual(['December 2022', null, 1200, null, 100]);
  });

  it('counts a target of 0 as fully met', () => {
    const table = cumulativeTable(input({ indicator: { ...flats, target: 0 } }));
    expect(table.rows[0]?.[3]).toBe(100);
  });
});
