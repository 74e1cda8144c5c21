// Series A must run at least `target` above series B (I-09-1: inclusive small-business loan growth
// ≥ total loan growth + 10 pp). Drawn: A, B, the required line B + target, and for each month where
// both series are reported a floating bar spanning the gap between A and the required line,
// coloured met / within tolerance / not met. Floating bars are two stacked bars, a transparent
// base up to the lower of the two lines and the visible gap on top: plain data, no render
// function, and the bar shows exactly where A sits against the requirement.
import type { BarSeriesOption } from 'echarts/charts';
import { formatNumber, formatPeriod, formatQuantity, spreadSeriesUnit, type Lang } from '../format';
import type { Period } from '../period';
import { STATUS_STYLE } from '../status-style';
import {
  actualSeries,
  axisTooltip,
  frame,
  indicatorFacts,
  indicatorMonths,
  INK,
  marksSeries,
  monthAxis,
  monthValues,
  reportLine,
  reportOnAxis,
  statusColor,
  titleOption,
  valueAxis,
  verdictLabel,
  verdictStatus,
  withUnit,
  type MonthValue,
} from './common';
import { tidy } from '../quantity';
import type { ChartOption, ChartTable, IndicatorChartInputOf } from './types';

type SpreadInput = IndicatorChartInputOf<'spread'>;
type SpreadIndicator = SpreadInput['indicator'];

interface SpreadMonth {
  period: Period;
  a: MonthValue;
  b: MonthValue;
  /** B + target, where B is reported. */
  required: number | null;
  /** A − B, where both are reported. */
  diff: number | null;
  /** A − (B + target), where both are reported: positive means met. */
  margin: number | null;
}

function diffUnit(ind: SpreadIndicator, lang: Lang): string {
  return lang === 'zh' ? ind.unit : ind.unitEn;
}

function spreadMonths(input: SpreadInput): SpreadMonth[] {
  const { indicator: ind } = input;
  const a = monthValues(ind, input.points, input.reportPeriod, 'a');
  const b = monthValues(ind, input.points, input.reportPeriod, 'b');
  return a.map((av, i) => {
    const bv = b[i] ?? { period: av.period, value: null, revised: false };
    const required = bv.value === null ? null : tidy(bv.value + ind.target);
    const both = av.value !== null && bv.value !== null;
    return {
      period: av.period,
      a: av,
      b: bv,
      required,
      diff: both ? tidy((av.value ?? 0) - (bv.value ?? 0)) : null,
      margin: both && required !== null ? tidy((av.value ?? 0) - required) : null,
    };
  });
}

function labels(ind: SpreadIndicator, lang: Lang) {
  const zh = lang === 'zh';
  const t = formatNumber(ind.target);
  return {
    a: zh ? ind.seriesA.name : ind.seriesA.nameEn,
    b: zh ? ind.seriesB.name : ind.seriesB.nameEn,
    required: zh ? `要求值（${ind.seriesB.name}+${t}${ind.unit}）` : `Required (B + ${t} ${ind.unitEn})`,
    gap: zh ? '与要求值的差距' : 'Gap to required',
  };
}

export function buildSpreadOption(input: SpreadInput): ChartOption {
  const { indicator: ind, lang, status } = input;
  const zh = lang === 'zh';
  const unit = spreadSeriesUnit(ind, lang);
  const months = indicatorMonths(ind);
  const rows = spreadMonths(input);
  const l = labels(ind, lang);
  const report = reportOnAxis(months, input.reportPeriod);
  const a = rows.map((r) => r.a);
  const revised = rows.some((r) => r.a.revised || r.b.revised);
  const gapLine = (index: number): string[] => {
    const m = rows[index]?.margin;
    if (m === undefined || m === null) return [];
    const gap = `${m > 0 ? '+' : ''}${formatQuantity(m, diffUnit(ind, lang), lang)}`;
    const verdict = verdictLabel(m, ind.tolerance, lang);
    return [zh ? `${l.gap}：${gap}（${verdict}）` : `${l.gap}: ${gap} (${verdict})`];
  };
  const bar: BarSeriesOption = { type: 'bar', stack: 'gap', stackStrategy: 'all', barWidth: '40%' };
  return {
    ...frame(
      titleOption(zh ? ind.name : ind.nameEn, indicatorFacts(ind, input.reportPeriod, revised, lang), status, lang),
      axisTooltip({
        lang,
        unit,
        months,
        revised: { a, b: rows.map((r) => r.b) },
        skip: ['gap-base', 'gap'],
        extra: gapLine,
      }),
      [l.a, l.b, l.required, l.gap],
      input.fontFamily,
    ),
    xAxis: monthAxis(months, lang),
    // The series are rates in % (the target and the gap are in 个百分点): the axis reads in %.
    yAxis: valueAxis(undefined, unit === '%' ? '%' : ''),
    series: [
      {
        ...bar,
        id: 'gap-base',
        silent: true,
        itemStyle: { color: 'transparent' },
        data: rows.map((r) => (r.margin === null || r.required === null ? null : Math.min(r.required, r.a.value ?? 0))),
      },
      {
        ...bar,
        id: 'gap',
        name: l.gap,
        itemStyle: { color: INK.muted, opacity: 0.5 },
        data: rows.map((r) =>
          r.margin === null
            ? null
            : {
                value: Math.abs(r.margin),
                itemStyle: { color: STATUS_STYLE[verdictStatus(r.margin, ind.tolerance)].color, opacity: 0.5 },
              },
        ),
      },
      actualSeries('a', l.a, a, statusColor(status)),
      actualSeries(
        'b',
        l.b,
        rows.map((r) => r.b),
        INK.muted,
      ),
      {
        id: 'required',
        name: l.required,
        type: 'line',
        symbolSize: 0,
        lineStyle: { color: INK.target, type: 'dashed', width: 1.5 },
        itemStyle: { color: INK.target },
        data: rows.map((r) => r.required),
      },
      marksSeries(report ? [reportLine(report, lang)] : []),
    ],
  };
}

export function spreadTable(input: SpreadInput): ChartTable {
  const { indicator: ind, lang } = input;
  const zh = lang === 'zh';
  const unit = spreadSeriesUnit(ind, lang);
  const l = labels(ind, lang);
  return {
    columns: [
      zh ? '月份' : 'Month',
      withUnit(l.a, unit, lang),
      withUnit(l.b, unit, lang),
      withUnit(zh ? '要求值' : 'Required', unit, lang),
      withUnit('A − B', diffUnit(ind, lang), lang),
      zh ? '是否达标' : 'Met?',
    ],
    rows: spreadMonths(input).map((r) => [
      formatPeriod(r.period, lang),
      r.a.value,
      r.b.value,
      r.required,
      r.diff,
      r.margin === null ? null : verdictLabel(r.margin, ind.tolerance, lang),
    ]),
  };
}
