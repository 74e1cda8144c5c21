import { describe, expect, it } from 'vitest';
import { forExport, sourceLine } from '../../shared/charts/export-frame';
import { buildIndicatorChart } from '../../shared/charts/indicator-chart';
import type { ChartOption } from '../../shared/charts/types';
import { changping } from '../fixtures';

describe('sourceLine', () => {
  it('names the reporting units, lead first, in Chinese and English', () => {
    expect(sourceLine(['区发展改革委'], 'zh')).toBe('数据来源：区发展改革委报送；方案监测整理');
    expect(sourceLine(['区财政局', '区发展改革委'], 'zh')).toBe('数据来源：区财政局、区发展改革委报送；方案监测整理');
    expect(sourceLine(['Finance Bureau', 'DRC'], 'en')).toBe(
      'Source: reported by Finance Bureau, DRC; compiled by Plan Monitor',
    );
  });

  it('says "the responsible units" when none is given', () => {
    expect(sourceLine([], 'zh')).toBe('数据来源：各责任单位报送；方案监测整理');
    expect(sourceLine([], 'en')).toBe('Source: reported by the responsible units; compiled by Plan Monitor');
  });
});

describe('forExport', () => {
  const land = changping.indicators.find((i) => i.code === 'I-41-2')!;
  const { option } = buildIndicatorChart({
    indicator: land,
    points: [{ period: '2022-01', value: 200, series: 'value', revised: false }],
    reportPeriod: '2022-01',
    status: 'on_track',
    lang: 'zh',
  });

  it('adds a white background and the source line at the bottom, keeping the chart title first', () => {
    const framed = forExport(option, '数据来源：区发展改革委报送；方案监测整理');
    expect(framed.backgroundColor).toBe('#ffffff');
    const titles = framed.title as { text?: string; bottom?: number }[];
    expect(titles).toHaveLength(2);
    expect(titles[0]!.text).toBe('供应产业用地');
    expect(titles[1]).toMatchObject({ text: '数据来源：区发展改革委报送；方案监测整理', bottom: 4 });
  });

  it('lifts the legend above the source line and makes room under the plot', () => {
    const framed = forExport(option, 'x');
    const before = option.grid as { bottom: number };
    expect((framed.legend as { bottom: number }).bottom).toBe(22);
    expect((framed.grid as { bottom: number }).bottom).toBe(before.bottom + 22);
    // The builder's option is not changed.
    expect((option.legend as { bottom: number }).bottom).toBe(0);
    expect(Array.isArray(option.title)).toBe(false);
  });

  it('copes with an option without title, legend or grid', () => {
    const bare: ChartOption = { series: [] };
    const framed = forExport(bare, 'src');
    expect(framed.title).toEqual([expect.objectContaining({ text: 'src' })]);
    expect(framed.legend).toBeUndefined();
    expect(framed.grid).toBeUndefined();
  });
});
