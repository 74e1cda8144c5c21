// What every chart shares: the font, the neutral inks, the month axis, the title with its status
// tag, the axis tooltip, and reported points laid out one per month. Status colours come only
// from STATUS_STYLE; the inks here are for what is not a status (plans, targets, the report month).
import type {
  TitleComponentOption,
  TooltipComponentFormatterCallbackParams,
  TooltipComponentOption,
  XAXisComponentOption,
  YAXisComponentOption,
} from 'echarts';
import type { LineSeriesOption } from 'echarts/charts';
import type { MarkLineComponentOption } from 'echarts/components';
import { formatPercent, formatPeriod, formatNumber, formatQuantity, unitNote, type Lang } from '../format';
import { periodRange, type Period } from '../period';
import { isCountUnit, tidy } from '../quantity';
import type { IndicatorDef } from '../plan-schema';
import { plannedShare, progressTarget, type SeriesKey, type Status } from '../status';
import { STATUS_STYLE, statusLabel } from '../status-style';
import type { ChartOption, ChartPoint } from './types';

// Single quotes inside: ECharts writes the family into an SVG style="…" attribute unescaped, so a
// double quote would end the attribute and break every exported SVG.
export const DEFAULT_FONT_FAMILY = "'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif";

export const INK = { target: '#262626', planned: '#595959', muted: '#737373', report: '#1677ff' } as const;

export const REVISED_SYMBOL = 'diamond';

export type MarkLineItem = NonNullable<MarkLineComponentOption['data']>[number];

export function statusColor(status: Status): string {
  return STATUS_STYLE[status].color;
}

export function unitOf(ind: IndicatorDef, lang: Lang): string {
  return lang === 'zh' ? ind.unit : ind.unitEn;
}

/** "累计完成（亩）" / "Cumulative (mu)"; no brackets for a unitless figure. */
export function withUnit(label: string, unit: string, lang: Lang): string {
  if (unit === '') return label;
  return lang === 'zh' ? `${label}（${unit}）` : `${label} (${unit})`;
}

/** A percentage as a number with one decimal, as formatPercent writes it: 58.333 → 58.3. */
export function percentCell(value: number): number {
  return Number(formatPercent(value));
}

/** Whether a value is on the good side of its target (margin ≥ 0), within tolerance, or beyond. */
export function verdictStatus(margin: number, tolerance: number): Status {
  if (margin >= 0) return 'on_track';
  return margin >= -tolerance ? 'at_risk' : 'behind';
}

export function verdictLabel(margin: number, tolerance: number, lang: Lang): string {
  const v = verdictStatus(margin, tolerance);
  if (lang === 'zh') return v === 'on_track' ? '达标' : v === 'at_risk' ? '容差内' : '未达标';
  return v === 'on_track' ? 'Met' : v === 'at_risk' ? 'Within tolerance' : 'Not met';
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Axis label: the month alone, with its year on the first label and on every January. */
export function monthLabel(period: Period, withYear: boolean, lang: Lang): string {
  const full = formatPeriod(period, lang); // "2022年6月" / "June 2022"
  if (lang === 'zh') return withYear ? full : full.slice(full.indexOf('年') + 1);
  const [month = '', year = ''] = full.split(' ');
  return withYear ? `${month.slice(0, 3)} ${year}` : month.slice(0, 3);
}

/**
 * The x axis of months; its categories are the periods ('2022-06'), so marks can name them. Labels
 * carry the year only when the axis spans two years (the subtitle's report month gives it
 * otherwise): a long first label would make ECharts skip every other month.
 */
export function monthAxis(months: Period[], lang: Lang): XAXisComponentOption {
  const years = new Set(months.map((m) => m.slice(0, 4)));
  return {
    type: 'category',
    data: months,
    axisTick: { alignWithLabel: true },
    axisLabel: {
      formatter: (value: string, index: number) =>
        monthLabel(value, years.size > 1 && (index === 0 || value.endsWith('-01')), lang),
    },
  };
}

/** The y axis; its unit is in the subtitle, where an axis name would collide with it. */
/** The value axis: whole-number ticks for a count (批, 个, 条…), "%" on the labels of rates. */
export function valueAxis(ind?: Pick<IndicatorDef, 'unit'>, suffix = ''): YAXisComponentOption {
  return {
    type: 'value',
    ...(ind && isCountUnit(ind.unit) ? { minInterval: 1 } : {}),
    axisLabel: { formatter: (value: number) => `${formatNumber(value)}${suffix}` },
  };
}

/** Title plus a subtitle of facts ending in the status symbol and label, so colour is not alone. */
export function titleOption(text: string, facts: string[], status: Status, lang: Lang): TitleComponentOption {
  const tag = `${STATUS_STYLE[status].symbol} ${statusLabel(status, lang)}`;
  return {
    text,
    subtext: [...facts, `{status|${tag}}`].join(lang === 'zh' ? '　' : ' · '),
    left: 8,
    subtextStyle: { rich: { status: { color: statusColor(status), fontWeight: 'bold' } } },
  };
}

export function indicatorFacts(ind: IndicatorDef, report: Period, revised: boolean, lang: Lang): string[] {
  const zh = lang === 'zh';
  const facts: string[] = [];
  const unit = unitNote(ind, lang);
  if (unit !== '') facts.push(unit);
  facts.push(zh ? `报告期：${formatPeriod(report, lang)}` : `Report month: ${formatPeriod(report, lang)}`);
  // Exports have no tooltips, so the diamond is explained in the subtitle.
  if (revised) facts.push(zh ? '◆ 数据已修订' : '◆ revised figure');
  return facts;
}

/** The parts of an option every chart has; builders add axes and series. */
export function frame(
  title: TitleComponentOption,
  tooltip: TooltipComponentOption,
  legend: string[],
  fontFamily: string | undefined,
): ChartOption {
  return {
    animation: false,
    textStyle: { fontFamily: (fontFamily ?? DEFAULT_FONT_FAMILY).replace(/"/g, "'") },
    title,
    tooltip,
    legend: { data: legend, bottom: 0 },
    grid: { left: 56, right: 32, top: 84, bottom: 56 },
  };
}

export interface MonthValue {
  period: Period;
  value: number | null;
  revised: boolean;
}

export function indicatorMonths(ind: IndicatorDef): Period[] {
  return periodRange(ind.periodStart, ind.periodEnd);
}

/** The report month when it falls inside the axis, else null (nothing to highlight). */
export function reportOnAxis(months: Period[], report: Period): Period | null {
  return months.includes(report) ? report : null;
}

/**
 * One value per month of the indicator's period, null where nothing was reported and after the
 * report month. 'monthly' figures become a running total; 'cumulative' and 'level' are as reported.
 * A month without a report stays null even in a running total, so the gap shows.
 */
export function monthValues(
  ind: IndicatorDef,
  points: ChartPoint[],
  report: Period,
  series: SeriesKey = 'value',
): MonthValue[] {
  const byMonth = new Map<Period, ChartPoint>();
  for (const p of points) if (p.series === series) byMonth.set(p.period, p);
  let sum = 0;
  return indicatorMonths(ind).map((period) => {
    const p = byMonth.get(period);
    if (!p || period > report) return { period, value: null, revised: false };
    sum += p.value;
    return { period, value: ind.reporting === 'monthly' ? tidy(sum) : p.value, revised: p.revised };
  });
}

/** target × plannedShare for each month: what should have been reached by then (序时进度). */
export function plannedValues(ind: IndicatorDef, months: Period[]): number[] {
  const target = progressTarget(ind) ?? 0;
  // Two decimals, as formatNumber shows them: 2500 × 1/12 is 208.33 in the table, not 208.333333333.
  // A count is planned in whole things: 2 批 over 4 months shows 1 批 by the second, never 0.5.
  const whole = isCountUnit(ind.unit);
  return months.map((m) => {
    const planned = target * plannedShare(ind, m);
    return whole ? Math.round(planned) : Math.round(planned * 100) / 100;
  });
}

export function actualSeries(id: string, name: string, values: MonthValue[], color: string): LineSeriesOption {
  return {
    id,
    name,
    type: 'line',
    symbol: 'circle',
    symbolSize: 7,
    lineStyle: { color, width: 2.5 },
    itemStyle: { color },
    data: values.map((v) =>
      v.value === null
        ? null
        : v.revised
          ? { value: v.value, symbol: REVISED_SYMBOL, symbolSize: 12, itemStyle: { color, borderColor: INK.target } }
          : v.value,
    ),
  };
}

/**
 * A horizontal reference line drawn as a series, not a markLine: ECharts leaves markLines out of
 * the y-axis extent, so a target above every value would fall off the chart. Symbol size 0 rather
 * than 'none', because ECharts draws no label for a point without a symbol. The label sits above
 * the line at its right end, or at its left end when something else is labelled there.
 */
export function flatLine(
  id: string,
  name: string,
  value: number,
  months: Period[],
  color: string,
  label: string,
  labelAt: 'start' | 'end' = 'end',
): LineSeriesOption {
  const at = labelAt === 'end' ? months.length - 1 : 0;
  const align = labelAt === 'end' ? 'right' : 'left';
  return {
    id,
    name,
    type: 'line',
    symbolSize: 0,
    lineStyle: { color, type: 'dashed', width: 1.5 },
    itemStyle: { color },
    emphasis: { disabled: true },
    data: months.map((_, i) =>
      i === at ? { value, label: { show: true, position: 'top', align, formatter: label, color } } : value,
    ),
  };
}

/** A vertical line at a month, labelled at its top ('end') or along its middle. */
export function monthLine(
  month: Period,
  label: string,
  color: string,
  position: 'end' | 'insideMiddleTop',
): MarkLineItem {
  return {
    xAxis: month,
    lineStyle: { color, type: 'solid', width: 1.5 },
    label: { formatter: label, position, color },
  };
}

export function reportLine(month: Period, lang: Lang): MarkLineItem {
  return monthLine(month, lang === 'zh' ? '报告期' : 'Report month', INK.report, 'end');
}

/** An empty series that only carries the marks (bands, the report month), outside the legend. */
export function marksSeries(
  markLine: MarkLineItem[],
  markArea: NonNullable<LineSeriesOption['markArea']>['data'] = [],
): LineSeriesOption {
  return {
    id: 'marks',
    type: 'line',
    data: [],
    markLine: { symbol: 'none', silent: true, data: markLine },
    markArea: { silent: true, data: markArea },
  };
}

interface AxisTooltip {
  lang: Lang;
  unit: string;
  months: Period[];
  /** Series ids whose revised months get "（已修订）", with those months. */
  revised?: Record<string, MonthValue[]>;
  /** Series ids left out of the list (drawn helpers, or given in `extra`). */
  skip?: string[];
  /** Lines added after the series, for the month at this index. */
  extra?: (index: number) => string[];
}

/** An axis tooltip: the month, then each series' value with its unit; names are escaped. */
export function axisTooltip({
  lang,
  unit,
  months,
  revised = {},
  skip = [],
  extra,
}: AxisTooltip): TooltipComponentOption {
  const mark = lang === 'zh' ? '（已修订）' : ' (revised)';
  const colon = lang === 'zh' ? '：' : ': ';
  return {
    trigger: 'axis',
    formatter: (params: TooltipComponentFormatterCallbackParams) => {
      const list = Array.isArray(params) ? params : [params];
      const index = list[0]?.dataIndex ?? 0;
      const lines = [formatPeriod(months[index] ?? months[0] ?? '', lang)];
      for (const p of list) {
        const id = p.seriesId ?? '';
        if (skip.includes(id) || typeof p.value !== 'number' || Number.isNaN(p.value)) continue;
        const isRevised = revised[id]?.[index]?.revised ?? false;
        const name = escapeHtml(p.seriesName ?? '');
        lines.push(
          `${typeof p.marker === 'string' ? p.marker : ''}${name}${colon}${formatQuantity(p.value, unit, lang)}${isRevised ? mark : ''}`,
        );
      }
      return [...lines, ...(extra?.(index) ?? [])].join('<br/>');
    },
  };
}
