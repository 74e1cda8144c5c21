// Progress towards a cumulative target: the running total up to the report month against the
// planned trajectory (target × 序时进度, linear or phased) and the target itself.
import { formatPeriod, formatQuantity } from '../format';
import { plannedShare } from '../status';
import {
  actualSeries,
  axisTooltip,
  flatLine,
  frame,
  indicatorFacts,
  indicatorMonths,
  INK,
  marksSeries,
  monthAxis,
  monthValues,
  percentCell,
  plannedValues,
  reportLine,
  reportOnAxis,
  statusColor,
  titleOption,
  unitOf,
  valueAxis,
  withUnit,
} from './common';
import type { ChartOption, ChartTable, IndicatorChartInputOf } from './types';

type CumulativeInput = IndicatorChartInputOf<'cumulative'>;

function names(lang: CumulativeInput['lang']) {
  return lang === 'zh'
    ? { actual: '累计完成', planned: '序时进度', target: '目标' }
    : { actual: 'Cumulative actual', planned: 'Time-elapsed plan', target: 'Target' };
}

export function buildCumulativeOption(input: CumulativeInput): ChartOption {
  const { indicator: ind, lang, status } = input;
  const unit = unitOf(ind, lang);
  const months = indicatorMonths(ind);
  const actual = monthValues(ind, input.points, input.reportPeriod);
  const n = names(lang);
  const report = reportOnAxis(months, input.reportPeriod);
  const revised = actual.some((v) => v.revised);
  // The target is the top of a cumulative chart, where the report month's label also sits: in
  // the right half the two would overlap, so the target is labelled at the left end instead.
  const targetLabelAt = report && months.indexOf(report) >= months.length / 2 ? 'start' : 'end';
  return {
    ...frame(
      titleOption(
        lang === 'zh' ? ind.name : ind.nameEn,
        indicatorFacts(ind, input.reportPeriod, revised, lang),
        status,
        lang,
      ),
      axisTooltip({ lang, unit, months, revised: { actual } }),
      [n.actual, n.planned, n.target],
      input.fontFamily,
    ),
    xAxis: monthAxis(months, lang),
    yAxis: valueAxis(ind),
    series: [
      flatLine(
        'target',
        n.target,
        ind.target,
        months,
        INK.target,
        `${n.target} ${formatQuantity(ind.target, unit, lang)}`,
        targetLabelAt,
      ),
      {
        id: 'planned',
        name: n.planned,
        type: 'line',
        symbolSize: 0,
        lineStyle: { color: INK.planned, type: 'dotted', width: 1.5 },
        itemStyle: { color: INK.planned },
        data: plannedValues(ind, months),
      },
      actualSeries('actual', n.actual, actual, statusColor(status)),
      marksSeries(report ? [reportLine(report, lang)] : []),
    ],
  };
}

export function cumulativeTable(input: CumulativeInput): ChartTable {
  const { indicator: ind, lang } = input;
  const zh = lang === 'zh';
  const unit = unitOf(ind, lang);
  const months = indicatorMonths(ind);
  const planned = plannedValues(ind, months);
  const n = names(lang);
  return {
    columns: [
      zh ? '月份' : 'Month',
      withUnit(n.actual, unit, lang),
      withUnit(zh ? '计划进度' : 'Planned', unit, lang),
      zh ? '完成%' : 'Progress %',
      zh ? '序时进度%' : 'Time elapsed %',
    ],
    rows: monthValues(ind, input.points, input.reportPeriod).map(({ period, value }, i) => [
      formatPeriod(period, lang),
      value,
      planned[i] ?? null,
      // As in the status engine: a target of 0 is met by any report.
      value === null ? null : percentCell(ind.target === 0 ? 100 : (value / ind.target) * 100),
      percentCell(plannedShare(ind, period) * 100),
    ]),
  };
}
