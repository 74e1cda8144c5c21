// How numbers, periods and percentages are written, in Chinese and English. The board, the
// exports and the sentences all format through here.
import { periodIndex, type Period } from './period';

export type Lang = 'zh' | 'en';

const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** 2022-10 → "2022年10月" / "October 2022". */
export function formatPeriod(period: Period, lang: Lang): string {
  const index = periodIndex(period);
  const year = Math.floor(index / 12);
  const month = index % 12;
  return lang === 'zh' ? `${year}年${month + 1}月` : `${MONTHS_EN[month]} ${year}`;
}

/** 2022-06-30 → "2022年6月30日" / "30 June 2022". */
export function formatDate(isoDate: string, lang: Lang): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return lang === 'zh' ? `${y}年${m}月${d}日` : `${d} ${MONTHS_EN[m - 1]} ${y}`;
}

// Building an Intl.NumberFormat is costly (toLocaleString builds one per call); keep one per precision.
const numberFormats = new Map<number, Intl.NumberFormat>();

/** Thousands separators, at most `maxDecimals` decimals, no trailing zeros: 12300 → "12,300". */
export function formatNumber(value: number, maxDecimals = 2): string {
  let format = numberFormats.get(maxDecimals);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { maximumFractionDigits: maxDecimals, useGrouping: true });
    numberFormats.set(maxDecimals, format);
  }
  return format.format(value);
}

/** A percentage with exactly one decimal: 82 → "82.0". The caller adds "%" or its wording. */
export function formatPercent(value: number): string {
  return (Math.round(value * 10) / 10).toFixed(1);
}

/** A value with its unit: "12,300套（间）", "3%", "2,000万元"; English puts a space before words. */
export function formatQuantity(value: number, unit: string, lang: Lang = 'zh'): string {
  const n = formatNumber(value);
  if (lang === 'zh' || unit === '' || unit === '%') return `${n}${unit}`;
  return `${n} ${unit}`;
}

/** Whether a unit is percentage points (a difference of two rates). */
export function isPercentagePoints(unit: string, unitEn = ''): boolean {
  return unit === '个百分点' || unitEn === 'pp';
}

/** The unit of the two series of a spread: a target in 个百分点 compares two rates in %. */
export function spreadSeriesUnit(ind: { unit: string; unitEn: string }, lang: Lang): string {
  if (isPercentagePoints(ind.unit, ind.unitEn)) return '%';
  return lang === 'zh' ? ind.unit : ind.unitEn;
}

const INNER_QUOTE: Record<string, string> = { '“': '‘', '”': '’', '‘': '“', '’': '”' };

/**
 * Text in quotation marks, nested as GB/T 15834 asks: “…” outside, so quotes already inside the
 * text become ‘…’ (and ‘…’ inside those become “…”): “开设‘金融助企纾困服务窗口’”. English
 * quotes "…" outside and '…' inside.
 */
export function quote(text: string, lang: Lang = 'zh'): string {
  if (lang === 'zh') return `“${text.replace(/[“”‘’]/g, (c) => INNER_QUOTE[c] ?? c)}”`;
  return `"${text.replace(/[“”"]/g, "'").replace(/[‘’]/g, "'")}"`;
}

/**
 * The unit line of a chart or export. A spread whose target is in 个百分点 compares two rates:
 * its series are in % and only the gap is in 个百分点.
 */
export function unitNote(ind: { kind: string; unit: string; unitEn: string }, lang: Lang): string {
  const zh = lang === 'zh';
  const unit = zh ? ind.unit : ind.unitEn;
  if (ind.kind === 'spread' && isPercentagePoints(ind.unit, ind.unitEn))
    return zh ? `单位：%（差距：${unit}）` : `Unit: % (gap: ${unit})`;
  if (unit === '') return '';
  return zh ? `单位：${unit}` : `Unit: ${unit}`;
}
