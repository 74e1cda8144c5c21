// A value held below a ceiling or above a floor. The good side of the target is shaded green up
// to the target; with a tolerance (CPI "3%左右") the strip from the target to the limit is shaded
// amber (at risk, as the status engine judges it) and the whole 左右 band, target ± tolerance, is
// outlined and named.
import type { LineSeriesOption } from 'echarts/charts';
import { formatPeriod, formatQuantity, type Lang } from '../format';
import type { IndicatorDef } from '../plan-schema';
import { STATUS_STYLE } from '../status-style';
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
  reportLine,
  reportOnAxis,
  statusColor,
  titleOption,
  unitOf,
  valueAxis,
  verdictLabel,
  withUnit,
} from './common';
import type { ChartOption, ChartTable, IndicatorChartInputOf } from './types';

type BandInput = IndicatorChartInputOf<'ceiling' | 'floor'>;
type BandIndicator = Extract<IndicatorDef, { kind: 'ceiling' | 'floor' }>;
type MarkAreaData = NonNullable<NonNullable<LineSeriesOption['markArea']>['data']>;

/** The value beyond which the indicator is behind: the target, moved out by the tolerance. */
function bandLimit(ind: BandIndicator): number {
  return ind.kind === 'ceiling' ? ind.target + ind.tolerance : ind.target - ind.tolerance;
}

/** Signed distance to the target, positive on the good side (as the status engine measures it). */
function margin(ind: BandIndicator, value: number): number {
  return ind.kind === 'ceiling' ? ind.target - value : value - ind.target;
}

function labels(ind: BandIndicator, lang: Lang) {
  const q = (v: number) => formatQuantity(v, unitOf(ind, lang), lang);
  const up = ind.kind === 'ceiling';
  const zh = lang === 'zh';
  const bound = zh ? (up ? '上限' : '下限') : up ? 'Ceiling' : 'Floor';
  return {
    actual: zh ? '实际值' : 'Actual',
    target: zh ? '目标' : 'Target',
    limit: zh ? '限值' : 'Limit',
    targetLine:
      ind.tolerance > 0
        ? zh
          ? `目标 ${q(ind.target)}左右`
          : `Target about ${q(ind.target)}`
        : `${bound} ${q(ind.target)}`,
    limitLine: `${bound} ${q(bandLimit(ind))}`,
    band: zh ? `${q(ind.target)}左右` : `About ${q(ind.target)}`,
    good: zh ? '达标区' : 'Met',
    tolerance: zh ? '容差内' : 'Within tolerance',
  };
}

function areas(ind: BandIndicator, lang: Lang): MarkAreaData {
  const l = labels(ind, lang);
  const up = ind.kind === 'ceiling';
  const { target, tolerance } = ind;
  const limit = bandLimit(ind);
  // An empty end means "to the edge of the grid" (an explicit ±Infinity hangs ECharts 6.1).
  const style = {
    itemStyle: { color: STATUS_STYLE.on_track.color, opacity: 0.12 },
    label: { formatter: l.good, position: up ? 'insideBottomLeft' : 'insideTopLeft' },
  } as const;
  const good: MarkAreaData[number] = up ? [style, { yAxis: target }] : [{ ...style, yAxis: target }, {}];
  if (tolerance === 0) return [good];
  return [
    good,
    [
      {
        yAxis: Math.min(target, limit),
        itemStyle: { color: STATUS_STYLE.at_risk.color, opacity: 0.2 },
        label: { formatter: l.tolerance, position: 'insideTop' },
      },
      { yAxis: Math.max(target, limit) },
    ],
    [
      {
        yAxis: target - tolerance,
        itemStyle: { color: 'transparent', borderColor: INK.muted, borderType: 'dashed', borderWidth: 1 },
        label: { formatter: l.band, position: 'insideTopLeft', color: INK.muted },
      },
      { yAxis: target + tolerance },
    ],
  ];
}

export function buildBandOption(input: BandInput): ChartOption {
  const { indicator: ind, lang, status } = input;
  const unit = unitOf(ind, lang);
  const months = indicatorMonths(ind);
  const actual = monthValues(ind, input.points, input.reportPeriod);
  const l = labels(ind, lang);
  const report = reportOnAxis(months, input.reportPeriod);
  const revised = actual.some((v) => v.revised);
  const withLimit = ind.tolerance > 0;
  return {
    ...frame(
      titleOption(
        lang === 'zh' ? ind.name : ind.nameEn,
        indicatorFacts(ind, input.reportPeriod, revised, lang),
        status,
        lang,
      ),
      axisTooltip({ lang, unit, months, revised: { actual } }),
      withLimit ? [l.actual, l.target, l.limit] : [l.actual, l.target],
      input.fontFamily,
    ),
    xAxis: monthAxis(months, lang),
    yAxis: valueAxis(ind),
    series: [
      flatLine('target', l.target, ind.target, months, INK.target, l.targetLine),
      ...(withLimit
        ? [flatLine('limit', l.limit, bandLimit(ind), months, STATUS_STYLE.behind.color, l.limitLine)]
        : []),
      actualSeries('actual', l.actual, actual, statusColor(status)),
      marksSeries(report ? [reportLine(report, lang)] : [], areas(ind, lang)),
    ],
  };
}

export function bandTable(input: BandInput): ChartTable {
  const { indicator: ind, lang } = input;
  const zh = lang === 'zh';
  const unit = unitOf(ind, lang);
  const l = labels(ind, lang);
  const limit = bandLimit(ind);
  return {
    columns: [
      zh ? '月份' : 'Month',
      withUnit(l.actual, unit, lang),
      withUnit(l.target, unit, lang),
      withUnit(l.limit, unit, lang),
      zh ? '是否达标' : 'Met?',
    ],
    rows: monthValues(ind, input.points, input.reportPeriod).map(({ period, value }) => [
      formatPeriod(period, lang),
      value,
      ind.target,
      limit,
      value === null ? null : verdictLabel(margin(ind, value), ind.tolerance, lang),
    ]),
  };
}
