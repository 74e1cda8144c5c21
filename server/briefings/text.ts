// The words around the figures: the briefing's title, file name, Chinese ordinals, status counts
// and the table cells. The figures and sentences themselves come from shared/ (narrative, format).
import { formatDate, formatNumber, formatPeriod, type Lang } from '../../shared/format';
import { statuses, type Status } from '../../shared/status';
import { STATUS_STYLE, statusLabel } from '../../shared/status-style';
import type { BriefingData } from './collect';

/** Heading and body fonts named in the files; Word and WPS have both, others substitute. */
export const FONTS = {
  heading: { eastAsia: '黑体', latin: 'Arial' },
  body: { eastAsia: '仿宋', latin: 'Times New Roman' },
} as const;

/**
 * "昌平区贯彻落实统筹疫情防控和稳定经济增长措施落实情况（截至2022年10月）": a plan titled
 * "…的实施方案" reads as "…措施落实情况"; any other title is quoted whole.
 */
export function briefingTitle(plan: BriefingData['plan'], period: string, lang: Lang): string {
  if (lang === 'en') return `Implementation of the ${plan.titleEn}: progress as of ${formatPeriod(period, 'en')}`;
  const asOf = `（截至${formatPeriod(period, 'zh')}）`;
  const stem = plan.title.match(/^(.+?)(?:的)?(?:实施)?方案$/)?.[1];
  return stem ? `${stem}措施落实情况${asOf}` : `《${plan.title}》落实情况${asOf}`;
}

/** "北京市昌平区人民政府\u30002026年11月28日". */
export function issuerLine(plan: BriefingData['plan'], date: string, lang: Lang): string {
  return lang === 'zh'
    ? `${plan.issuer}\u3000${formatDate(date, 'zh')}`
    : `${plan.issuerEn} · ${formatDate(date, 'en')}`;
}

export function fileNames(title: string, period: string, ext: string): { name: string; ascii: string } {
  const safe = title.replace(/[\\/:*?"<>|]/g, '_');
  return { name: `${safe}.${ext}`, ascii: `briefing-${period}.${ext}` };
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 12 → 十二, 21 → 二十一 (section and part numbers). */
export function chineseOrdinal(n: number): string {
  if (n < 10) return DIGITS[n]!;
  if (n < 20) return `十${n % 10 === 0 ? '' : DIGITS[n % 10]}`;
  if (n < 100) return `${DIGITS[Math.floor(n / 10)]}十${n % 10 === 0 ? '' : DIGITS[n % 10]}`;
  return String(n);
}

/** Statuses in the order a briefing lists them: done first, then on track, then the lagging ones. */
export const STATUS_ORDER: readonly Status[] = statuses;
export const LAGGING: ReadonlySet<Status> = new Set(['at_risk', 'behind', 'missed']);

/** "已完成5个、序时推进12个、略有滞后3个" / "5 achieved, 12 on track, 3 at risk". */
export function countsPhrase(counts: Partial<Record<Status, number>>, lang: Lang): string {
  const parts = STATUS_ORDER.filter((s) => (counts[s] ?? 0) > 0).map((s) =>
    lang === 'zh' ? `${statusLabel(s, 'zh')}${counts[s]}个` : `${counts[s]} ${statusLabel(s, 'en').toLowerCase()}`,
  );
  return parts.join(lang === 'zh' ? '、' : ', ');
}

export function total(counts: Partial<Record<Status, number>>): number {
  return Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
}

/** A status as printed beside an item: "■ 明显滞后". */
export function statusText(status: Status, lang: Lang): string {
  return `${STATUS_STYLE[status].symbol} ${statusLabel(status, lang)}`;
}

export function statusColor(status: Status): string {
  return STATUS_STYLE[status].color.replace('#', '').toUpperCase();
}

/** A chart-table cell as printed: numbers with separators, empty cells as a dash. */
export function cellText(value: string | number | null): string {
  if (value === null) return '—';
  return typeof value === 'number' ? formatNumber(value) : value;
}

/** The units of a measure, lead unit first, as one line. */
export function leadUnit(units: { name: string; nameEn: string }[], lang: Lang): string {
  const lead = units[0];
  if (!lead) return '—';
  return lang === 'zh' ? lead.name : lead.nameEn;
}
