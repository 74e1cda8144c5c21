// A figure to bring or hold between `min` and `max`, the band shaded. Both kinds of range come
// here: a level to hold (I-19-1, a price deduction of 10%–20%) is the value per month; a count to
// reach (I-44-2, 1–2 dining streets) is the running total, with the planned trajectory towards the
// minimum, since that is what the status engine judges a count by.
import { formatPeriod, formatQuantity, type Lang } from '../format';
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

type RangeInput = IndicatorChartInputOf<'range'>;
type RangeIndicator = RangeInput['indicator'];

function isCount(ind: RangeIndicator): boolean {
  return ind.reporting !== 'level';
}

function labels(ind: RangeIndicator, lang: Lang) {
  const q = (v: number) => formatQuantity(v, unitOf(ind, lang), lang);
  const zh = lang === 'zh';
  return {
    actual: isCount(ind) ? (zh ? '累计完成' : 'Cumulative actual') : zh ? '实际值' : 'Actual',
    min: zh ? '下限' : 'Lower end',
    max: zh ? '上限' : 'Upper end',
    minLine: zh ? `下限 ${q(ind.min)}` : `Lower end ${q(ind.min)}`,
    maxLine: zh ? `上限 ${q(ind.max)}` : `Upper end ${q(ind.max)}`,
    planned: zh ? '序时进度（按下限）' : 'Time-elapsed plan (to the lower end)',
    band: zh ? '目标区间' : 'Target band',
  };
}

function position(ind: RangeIndicator, value: number, lang: Lang): string {
  const zh = lang === 'zh';
  if (value < ind.min) return zh ? '低于下限' : 'Below the band';
  if (value > ind.max) return zh ? '高于上限' : 'Above the band';
  return zh ? '区间内' : 'Within the band';
}

export function buildRangeOption(input: RangeInput): ChartOption {
  const { indicator: ind, lang, status } = input;
  const unit = unitOf(ind, lang);
  const months = indicatorMonths(ind);
  const actual = monthValues(ind, input.points, input.reportPeriod);
  const l = labels(ind, lang);
  const report = reportOnAxis(months, input.reportPeriod);
  const revised = actual.some((v) => v.revised);
  const count = isCount(ind);
  return {
    ...frame(
      titleOption(
        lang === 'zh' ? ind.name : ind.nameEn,
        indicatorFacts(ind, input.reportPeriod, revised, lang),
        status,
        lang,
      ),
      axisTooltip({ lang, unit, months, revised: { actual } }),
      count ? [l.actual, l.planned, l.min, l.max] : [l.actual, l.min, l.max],
      input.fontFamily,
    ),
    xAxis: monthAxis(months, lang),
    yAxis: valueAxis(ind),
    series: [
      flatLine('min', l.min, ind.min, months, INK.target, l.minLine),
      flatLine('max', l.max, ind.max, months, INK.target, l.maxLine),
      ...(count
        ? [
            {
              id: 'planned',
              name: l.planned,
              type: 'line' as const,
              symbolSize: 0,
              lineStyle: { color: INK.planned, type: 'dotted' as const, width: 1.5 },
              itemStyle: { color: INK.planned },
              data: plannedValues(ind, months),
            },
          ]
        : []),
      actualSeries('actual', l.actual, actual, statusColor(status)),
      marksSeries(report ? [reportLine(report, lang)] : [], [
        [
          {
            yAxis: ind.min,
            itemStyle: { color: STATUS_STYLE.on_track.color, opacity: 0.15 },
            label: { formatter: l.band, position: 'insideLeft' },
          },
          { yAxis: ind.max },
        ],
      ]),
    ],
  };
}

export function rangeTable(input: RangeInput): ChartTable {
  const { indicator: ind, lang } = input;
  const zh = lang === 'zh';
  const unit = unitOf(ind, lang);
  const l = labels(ind, lang);
  const months = indicatorMonths(ind);
  const planned = isCount(ind) ? plannedValues(ind, months) : null;
  return {
    columns: [
      zh ? '月份' : 'Month',
      withUnit(l.actual, unit, lang),
      withUnit(l.min, unit, lang),
      withUnit(l.max, unit, lang),
      ...(planned ? [withUnit(zh ? '按下限计划' : 'Planned to the lower end', unit, lang)] : []),
      zh ? '与目标区间' : 'Against the band',
    ],
    rows: monthValues(ind, input.points, input.reportPeriod).map(({ period, value }, i) => [
      formatPeriod(period, lang),
      value,
      ind.min,
      ind.max,
      ...(planned ? [planned[i] ?? null] : []),
      value === null ? null : position(ind, value, lang),
    ]),
  };
}
