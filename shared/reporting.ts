// How a figure is asked for and questioned when a unit reports it: the reporting convention as
// the entry form and templates label it, the target in words, and the warning for each
// plausibility check (shared/checks.ts). Web entry, review and upload all word them the same way.
import { boundsOf, type FigureCheck } from './checks';
import { formatNumber, formatPeriod, formatQuantity, isPercentagePoints, spreadSeriesUnit, type Lang } from './format';
import { periodIndex, type Period } from './period';
import type { IndicatorDef, ReportingConvention } from './plan-schema';
import type { SeriesKey } from './status';

export const REPORTING_LABEL: Readonly<Record<ReportingConvention, { zh: string; en: string }>> = {
  cumulative: { zh: '1–N月累计', en: 'Total to date' },
  monthly: { zh: '当月值', en: 'This month only' },
  level: { zh: '最新水平', en: 'Current level' },
};

/**
 * The convention for one report month: a cumulative figure counts from the start of the target
 * period, so October of a calendar-year target reads "1–10月累计".
 */
export function reportingLabel(ind: Pick<IndicatorDef, 'reporting' | 'periodStart'>, period: Period, lang: Lang) {
  if (ind.reporting !== 'cumulative' || period < ind.periodStart) return REPORTING_LABEL[ind.reporting][lang];
  const start = periodIndex(ind.periodStart);
  const end = periodIndex(period);
  if (Math.floor(start / 12) !== Math.floor(end / 12))
    return lang === 'zh'
      ? `${formatPeriod(ind.periodStart, 'zh')}起累计`
      : `Total since ${formatPeriod(ind.periodStart, 'en')}`;
  const from = (start % 12) + 1;
  const to = (end % 12) + 1;
  if (lang === 'zh') return from === to ? `${to}月累计` : `${from}–${to}月累计`;
  const month = (p: Period) => formatPeriod(p, 'en').split(' ')[0]!;
  return from === to ? `Total for ${month(period)}` : `Total ${month(ind.periodStart)}–${month(period)}`;
}

/** The unit one series is reported in: the two series of a spread in 个百分点 are rates in %. */
export function seriesUnit(ind: IndicatorDef, series: SeriesKey, lang: Lang): string {
  if (ind.kind === 'spread' && series !== 'value') return spreadSeriesUnit(ind, lang);
  return lang === 'zh' ? ind.unit : ind.unitEn;
}

/** The series a unit reports for an indicator: both rates of a spread, else the one value. */
export function seriesOf(ind: IndicatorDef): SeriesKey[] {
  return ind.kind === 'spread' ? ['a', 'b'] : ['value'];
}

export function seriesName(ind: IndicatorDef, series: SeriesKey, lang: Lang): string | null {
  if (ind.kind !== 'spread' || series === 'value') return null;
  const s = series === 'a' ? ind.seriesA : ind.seriesB;
  return lang === 'zh' ? s.name : s.nameEn;
}

/** The target in words: "2,500亩", "不高于0.5%", "3%左右（±0.5）", "1–2批". */
export function targetText(ind: IndicatorDef, lang: Lang): string {
  const zh = lang === 'zh';
  const unit = zh ? ind.unit : ind.unitEn;
  const q = (v: number) => formatQuantity(v, unit, lang);
  switch (ind.kind) {
    case 'cumulative':
      return q(ind.target);
    case 'range':
      return `${formatNumber(ind.min)}–${q(ind.max)}`;
    case 'ceiling':
    case 'floor': {
      const t = q(ind.target);
      if (ind.tolerance > 0) return zh ? `${t}左右（±${ind.tolerance}）` : `about ${t} (±${ind.tolerance})`;
      if (ind.kind === 'ceiling') return zh ? `不高于${t}` : `at most ${t}`;
      return zh ? `不低于${t}` : `at least ${t}`;
    }
    case 'spread': {
      const pp = isPercentagePoints(ind.unit, ind.unitEn);
      const d = formatNumber(ind.target);
      return zh
        ? `${ind.seriesA.name}高于${ind.seriesB.name}${d}${pp ? '个百分点' : ind.unit}以上`
        : `${ind.seriesA.nameEn} at least ${d} ${pp ? 'pp' : ind.unitEn} above ${ind.seriesB.nameEn}`;
    }
  }
}

/** A plausibility check as a sentence the statistician can act on. */
export function checkMessage(
  ind: IndicatorDef,
  series: SeriesKey,
  value: number,
  check: FigureCheck,
  lang: Lang,
): string {
  const zh = lang === 'zh';
  const q = (v: number) => formatQuantity(v, seriesUnit(ind, series, lang), lang);
  const when = check.comparedPeriod ? formatPeriod(check.comparedPeriod, lang) : '';
  const compared = check.compared ?? 0;
  const range = (min: number | undefined, max: number | undefined) => {
    if (min !== undefined && max !== undefined)
      return zh ? `${formatNumber(min)}至${q(max)}之间` : `between ${formatNumber(min)} and ${q(max)}`;
    if (min !== undefined) return zh ? `不低于${q(min)}` : `at least ${q(min)}`;
    return zh ? `不高于${q(max ?? 0)}` : `at most ${q(max ?? 0)}`;
  };
  const b = boundsOf(ind);
  switch (check.kind) {
    case 'impossible':
      return zh
        ? `${ind.name}${q(value)}不可能成立（应${range(b.hardMin, b.hardMax)}），请核对单位和数值`
        : `${ind.nameEn} of ${q(value)} cannot be right (it must be ${range(b.hardMin, b.hardMax)}); please check the unit and the figure`;
    case 'out_of_bounds':
      return zh
        ? `${ind.name}${q(value)}超出合理范围（一般${range(b.min, b.max)}），请核实并填写原因`
        : `${ind.nameEn} of ${q(value)} is outside the usual range (${range(b.min, b.max)}); please check it and give a reason`;
    case 'negative':
      return zh ? `${ind.name}不能为负数，请检查` : `${ind.nameEn} cannot be negative; please check`;
    case 'cumulative_decrease':
      return zh
        ? `累计值${q(value)}低于${when}报送的${q(compared)}，累计数一般不会减少，请核实并填写原因`
        : `The running total ${q(value)} is lower than the ${q(compared)} reported for ${when}; a running total rarely goes down, please check it and give a reason`;
    case 'unusual_jump':
      return zh
        ? `${q(value)}与${when}的${q(compared)}相比变化异常大，请核实`
        : `${q(value)} is an unusually large change from ${when}'s ${q(compared)}; please check`;
  }
}
