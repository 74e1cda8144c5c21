// The first screen's rules on a small seed: three indicators and two milestones over two months.
// A-1 falls behind this month, A-2 gets there, A-3 stays behind but closes the gap; M-1 was
// overdue already and M-2 becomes overdue.
import { describe, expect, it } from 'vitest';
import { headline, progressItems, redList, trendOf, type ScreenItem } from '../../shared/board/first-screen';
import { buildProgressOption, progressTable } from '../../shared/charts/progress-dots';
import { fitToWidth, COMPACT_TICKS } from '../../shared/charts/fit';
import { STATUS_STYLE } from '../../shared/status-style';
import type { Status } from '../../shared/status';

const indicator = (code: string, status: Status, task: number, time: number): ScreenItem => ({
  code,
  kind: 'indicator',
  measureNo: 1,
  sectionNo: 1,
  name: `指标${code}`,
  nameEn: `Indicator ${code}`,
  status,
  taskProgress: task,
  timeProgress: time,
  gap: task - time,
  daysLeft: null,
  lead: { name: '区发展改革委', nameEn: 'DRC' },
});
const milestone = (code: string, status: Status, daysLeft: number): ScreenItem => ({
  ...indicator(code, status, 0, 0),
  kind: 'milestone',
  taskProgress: null,
  timeProgress: null,
  gap: null,
  daysLeft,
});

const september = [
  indicator('A-1', 'on_track', 50, 50),
  indicator('A-2', 'on_track', 90, 80),
  indicator('A-3', 'behind', 40, 70),
  milestone('M-1', 'missed', -10),
  milestone('M-2', 'on_track', 20),
];
const october = [
  indicator('A-1', 'behind', 55, 75),
  indicator('A-2', 'achieved', 100, 90),
  indicator('A-3', 'behind', 60, 85),
  milestone('M-1', 'missed', -41),
  milestone('M-2', 'missed', -11),
];

describe('the headline', () => {
  it('counts items by status and names what changed since last month', () => {
    const h = headline(october, september);
    expect(h.indicators).toMatchObject({ behind: 2, achieved: 1, on_track: 0 });
    expect(h.milestones).toMatchObject({ missed: 2 });
    expect(h.newlyBehind).toEqual(['A-1', 'M-2']);
    expect(h.newlyAchieved).toEqual(['A-2']);
  });

  it('has no changes without a previous month', () => {
    const h = headline(october, null);
    expect(h.newlyBehind).toEqual([]);
    expect(h.newlyAchieved).toEqual([]);
  });

  it('counts 未报送 under its own name', () => {
    const h = headline([{ ...october[0]!, status: 'not_reported' }], null);
    expect(h.indicators['not_reported']).toBe(1);
  });
});

describe('the red list', () => {
  it('holds the behind and overdue items, missed first, the worst of each first', () => {
    const red = redList(october, september);
    expect(red.map((r) => r.code)).toEqual(['M-1', 'M-2', 'A-3', 'A-1']);
    expect(red.find((r) => r.code === 'M-1')?.daysOverdue).toBe(41);
    expect(red.find((r) => r.code === 'A-1')?.daysOverdue).toBeNull();
  });

  it('tells the trend since last month from the gap, or from the status', () => {
    const red = new Map(redList(october, september).map((r) => [r.code, r.trend]));
    expect(red.get('A-3')).toBe('up'); // -30 → -25 个百分点
    expect(red.get('A-1')).toBe('down'); // 0 → -20
    expect(red.get('M-2')).toBe('down'); // on track → missed
    expect(red.get('M-1')).toBe('same');
    expect(trendOf(october[0]!, undefined)).toBe('new');
  });
});

describe('the progress chart', () => {
  const items = progressItems(october);

  it('has one row per numeric indicator, furthest behind on top', () => {
    expect(items.map((i) => i.code)).toEqual(['A-3', 'A-1', 'A-2']);
    const option = buildProgressOption({ items, lang: 'zh', compact: false });
    const [bars, ticks] = option.series as [
      { data: { value: number; itemStyle: { color: string } }[] },
      { data: number[] },
    ];
    expect(bars.data.map((d) => d.value)).toEqual([60, 55, 100]);
    expect(bars.data.map((d) => d.itemStyle.color)).toEqual([
      STATUS_STYLE.behind.color,
      STATUS_STYLE.behind.color,
      STATUS_STYLE.achieved.color,
    ]);
    expect(ticks.data).toEqual([85, 75, 90]);
    expect((option.yAxis as { inverse: boolean }).inverse).toBe(true);
  });

  it('puts the legend below on a phone and beside the title on a desk', () => {
    const wide = buildProgressOption({ items, lang: 'zh', compact: false }).legend as { top?: number; bottom?: number };
    const compact = buildProgressOption({ items, lang: 'zh', compact: true }).legend as {
      top?: number;
      bottom?: number;
    };
    expect(wide.top).toBe(0);
    expect(compact.bottom).toBe(0);
  });

  it('has a table view with the same figures and the status in words', () => {
    const table = progressTable({ items, lang: 'zh' });
    expect(table.rows[1]).toEqual(['A-1', '指标A-1', '■ 明显滞后', 55, 75, -20]);
  });
});

describe('charts fitted to a phone', () => {
  const months = Array.from({ length: 12 }, (_, i) => `2022-${String(i + 1).padStart(2, '0')}`);
  const option = {
    title: { text: 'T', subtext: 'facts' },
    legend: { data: ['a', 'b'], bottom: 0 },
    grid: { left: 56, right: 32, top: 84, bottom: 56 },
    xAxis: { type: 'category' as const, data: months },
  };

  it('keeps a desk-width option as it is', () => {
    expect(fitToWidth(option, 800)).toBe(option);
  });

  it('shows fewer month labels and leaves the legend room below them', () => {
    const fitted = fitToWidth(option, 360) as unknown as {
      xAxis: { axisLabel: { interval: number } }[];
      grid: { bottom: number }[];
      title: { textStyle: { width: number; overflow: string } }[];
    };
    const shown = months.filter((_, i) => i % (fitted.xAxis[0]!.axisLabel.interval + 1) === 0);
    expect(shown.length).toBeLessThanOrEqual(COMPACT_TICKS);
    expect(fitted.grid[0]!.bottom).toBeGreaterThan(option.grid.bottom);
    expect(fitted.title[0]!.textStyle).toMatchObject({ width: 336, overflow: 'break' });
  });
});
