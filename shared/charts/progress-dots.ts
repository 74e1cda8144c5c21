// The first screen's chart: every numeric indicator's completion (bar, coloured by status) against
// its 序时进度 (a tick), furthest behind on top. Rows are the items of shared/board/first-screen.ts
// in their order; a click on a row opens its measure (the page maps dataIndex back to the item).
import type { TooltipComponentFormatterCallbackParams } from 'echarts';
import type { ScreenItem } from '../board/first-screen';
import { formatPercent, type Lang } from '../format';
import { STATUS_STYLE } from '../status-style';
import { DEFAULT_FONT_FAMILY, escapeHtml, INK, percentCell } from './common';
import type { ChartOption, ChartTable } from './types';

export interface ProgressChartInput {
  items: readonly Pick<ScreenItem, 'code' | 'name' | 'nameEn' | 'status' | 'taskProgress' | 'timeProgress' | 'gap'>[];
  lang: Lang;
  /** A phone-width box: shorter row labels, the legend below. */
  compact: boolean;
  /** Dark background (the wall mode). */
  dark?: boolean;
  fontFamily?: string;
}

/** Bars end here; a completion beyond (a target exceeded three times) is written in its label. */
export const PROGRESS_AXIS_MAX = 150;

/** Pixels per indicator row, so the chart's height follows the number of indicators. */
export const PROGRESS_ROW_HEIGHT = 22;

const styleOf = (status: string) =>
  (STATUS_STYLE as Partial<Record<string, { color: string; zh: string; en: string; symbol: string }>>)[status];

function names(lang: Lang) {
  return lang === 'zh'
    ? { task: '完成进度', time: '序时进度', gap: '差距', pp: '个百分点' }
    : { task: 'Completion', time: 'Time elapsed', gap: 'Gap', pp: ' pp' };
}

export function progressChartHeight(count: number, compact: boolean): number {
  return Math.max(160, count * PROGRESS_ROW_HEIGHT + (compact ? 88 : 64));
}

export function buildProgressOption(input: ProgressChartInput): ChartOption {
  const { items, lang, compact, dark = false } = input;
  const n = names(lang);
  const ink = dark ? '#e6e6e6' : INK.target;
  const labelWidth = compact ? 96 : 220;
  return {
    animation: false,
    textStyle: { fontFamily: (input.fontFamily ?? DEFAULT_FONT_FAMILY).replace(/"/g, "'"), color: ink },
    legend: {
      data: [n.task, n.time],
      ...(compact ? { bottom: 0 } : { top: 0, right: 16 }),
      textStyle: { color: ink },
    },
    grid: { left: labelWidth + 12, right: compact ? 16 : 40, top: compact ? 8 : 32, bottom: compact ? 56 : 28 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: TooltipComponentFormatterCallbackParams) => {
        const list = Array.isArray(params) ? params : [params];
        const item = items[list[0]?.dataIndex ?? 0];
        if (!item) return '';
        const style = styleOf(item.status);
        const colon = lang === 'zh' ? '：' : ': ';
        return [
          `${escapeHtml(item.code)} ${escapeHtml(lang === 'zh' ? item.name : item.nameEn)}`,
          `${style?.symbol ?? ''} ${style?.[lang] ?? item.status}`,
          `${n.task}${colon}${formatPercent(item.taskProgress ?? 0)}%`,
          `${n.time}${colon}${formatPercent(item.timeProgress ?? 0)}%`,
          `${n.gap}${colon}${formatPercent(item.gap ?? 0)}${n.pp}`,
        ].join('<br/>');
      },
    },
    xAxis: {
      type: 'value',
      min: 0,
      max: PROGRESS_AXIS_MAX,
      interval: compact ? 50 : 25,
      axisLabel: { formatter: '{value}%', color: ink },
      splitLine: { lineStyle: { color: dark ? '#434343' : '#e8e8e8' } },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: items.map((i) => `${i.code} ${lang === 'zh' ? i.name : i.nameEn}`),
      axisTick: { show: false },
      axisLabel: { width: labelWidth, overflow: 'truncate', color: ink, fontSize: compact ? 11 : 12, interval: 0 },
    },
    series: [
      {
        id: 'task',
        name: n.task,
        type: 'bar',
        barWidth: Math.round(PROGRESS_ROW_HEIGHT * 0.55),
        itemStyle: { color: dark ? '#69b1ff' : INK.report },
        data: items.map((i) => ({
          value: Math.min(i.taskProgress ?? 0, PROGRESS_AXIS_MAX),
          itemStyle: { color: styleOf(i.status)?.color ?? INK.muted },
        })),
        label: {
          show: true,
          position: 'right',
          color: ink,
          fontSize: 11,
          formatter: (p: { dataIndex: number }) => `${formatPercent(items[p.dataIndex]?.taskProgress ?? 0)}%`,
        },
      },
      {
        id: 'time',
        name: n.time,
        type: 'line',
        // Only the ticks: one short vertical mark per row at 序时进度.
        lineStyle: { width: 0, opacity: 0 },
        symbol: 'rect',
        symbolSize: [3, PROGRESS_ROW_HEIGHT - 4],
        itemStyle: { color: ink },
        z: 5,
        data: items.map((i) => i.timeProgress ?? 0),
      },
    ],
  };
}

/** The chart's text alternative: one row per indicator, in the chart's order. */
export function progressTable(input: Pick<ProgressChartInput, 'items' | 'lang'>): ChartTable {
  const zh = input.lang === 'zh';
  return {
    columns: zh
      ? ['编号', '指标', '状态', '完成进度%', '序时进度%', '差距（个百分点）']
      : ['Code', 'Indicator', 'Status', 'Completion %', 'Time elapsed %', 'Gap (pp)'],
    rows: input.items.map((i) => [
      i.code,
      zh ? i.name : i.nameEn,
      `${styleOf(i.status)?.symbol ?? ''} ${styleOf(i.status)?.[input.lang] ?? i.status}`,
      i.taskProgress === null ? null : percentCell(i.taskProgress),
      i.timeProgress === null ? null : percentCell(i.timeProgress),
      i.gap === null ? null : percentCell(i.gap),
    ]),
  };
}
