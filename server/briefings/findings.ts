// What a 督查通报 says about who is behind: the lagging indicators worst first with their gap, the
// overdue or urgent milestone tasks, and the lead units ranked by their lagging share. Pure: the
// Word and PowerPoint briefings both print from these lists.
import { formatNumber, formatPercent, type Lang } from '../../shared/format';
import type { Status } from '../../shared/status';
import { statusLabel } from '../../shared/status-style';
import type { BriefingData, BriefingIndicator, BriefingMeasure } from './collect';

type Milestone = BriefingMeasure['milestones'][number];

/** Statuses a briefing names one by one (略有滞后 included: it is the early warning). */
export const LAGGING_STATUSES: ReadonlySet<Status> = new Set<Status>(['missed', 'behind', 'at_risk']);
/** Statuses counted against a unit in 三、单位情况. */
const AGAINST: ReadonlySet<Status> = new Set<Status>(['missed', 'behind']);
const SEVERITY: readonly Status[] = ['missed', 'behind', 'at_risk'];

/** "【明显滞后】": a status as a word, black on white. */
export function statusWord(status: Status, lang: Lang): string {
  return lang === 'zh' ? `【${statusLabel(status, 'zh')}】` : `[${statusLabel(status, 'en')}]`;
}

/**
 * Decimals an indicator's figures are printed with, the same in every cell: as many as its target
 * or any reported figure has, at most two (19 beside 20.3 becomes 19.0 beside 20.3).
 */
export function indicatorDecimals(ind: Pick<BriefingIndicator, 'definition' | 'points'>): number {
  const def = ind.definition;
  const numbers = [...ind.points.map((p) => p.value), ...(def.kind === 'range' ? [def.min, def.max] : [def.target])];
  let decimals = 0;
  for (const n of numbers) {
    const text = String(Math.round(n * 100) / 100);
    const dot = text.indexOf('.');
    if (dot >= 0) decimals = Math.max(decimals, text.length - dot - 1);
  }
  return Math.min(2, decimals);
}

/** A figure with the indicator's fixed decimals and thousands separators. */
export function fixed(value: number, decimals: number): string {
  const rounded = formatNumber(value, decimals);
  if (decimals === 0) return rounded;
  const dot = rounded.indexOf('.');
  const have = dot < 0 ? 0 : rounded.length - dot - 1;
  return `${rounded}${dot < 0 ? '.' : ''}${'0'.repeat(decimals - have)}`;
}

const unitOf = (ind: BriefingIndicator, lang: Lang) => (lang === 'zh' ? ind.unit : ind.unitEn);

/** The target as printed: "2,500辆", "3.0%–5.0%". */
export function targetText(ind: BriefingIndicator, lang: Lang): string {
  const d = indicatorDecimals(ind);
  const def = ind.definition;
  const unit = unitOf(ind, lang);
  if (def.kind === 'range') return `${fixed(def.min, d)}–${fixed(def.max, d)}${unit}`;
  const word =
    lang === 'zh'
      ? { ceiling: '不高于', floor: '不低于', spread: '差距', cumulative: '' }[def.kind]
      : { ceiling: '≤ ', floor: '≥ ', spread: 'gap ', cumulative: '' }[def.kind];
  return `${word}${fixed(def.target, d)}${lang === 'en' && unit !== '%' ? ' ' : ''}${unit}`;
}

export function valueText(ind: BriefingIndicator, lang: Lang): string {
  const v = ind.evaluation.value;
  if (v === null) return '—';
  const unit = unitOf(ind, lang);
  return `${fixed(v, indicatorDecimals(ind))}${lang === 'en' && unit !== '%' ? ' ' : ''}${unit}`;
}

/** "低于序时进度12.3个百分点" or, for a limit, "超出上限0.5%" — empty when there is no gap to name. */
export function gapText(ind: BriefingIndicator, lang: Lang): string {
  const ev = ind.evaluation;
  const zh = lang === 'zh';
  if (ev.gap !== null) {
    const pp = formatPercent(Math.abs(ev.gap));
    if (ev.gap < 0) return zh ? `落后序时进度${pp}个百分点` : `${pp} pp behind time elapsed`;
    return zh ? `快于序时进度${pp}个百分点` : `${pp} pp ahead of time elapsed`;
  }
  if (ev.margin !== null && ev.margin < 0) {
    const amount = `${fixed(-ev.margin, indicatorDecimals(ind))}${unitOf(ind, lang)}`;
    const def = ind.definition;
    if (def.kind === 'ceiling') return zh ? `超出上限${amount}` : `${amount} above the ceiling`;
    if (def.kind === 'floor') return zh ? `低于下限${amount}` : `${amount} below the floor`;
    return zh ? `偏离目标${amount}` : `${amount} off target`;
  }
  return '';
}

export interface LaggingItem {
  measure: BriefingMeasure;
  ind: BriefingIndicator;
  /** Lower is worse: the gap in percentage points, or the shortfall as a share of the target. */
  severity: number;
}

function severity(ind: BriefingIndicator): number {
  const ev = ind.evaluation;
  if (ev.gap !== null) return ev.gap;
  const def = ind.definition;
  const scale = Math.abs(def.kind === 'range' ? def.max - def.min : def.target) || 1;
  return ev.margin === null ? 0 : (ev.margin / scale) * 100;
}

/** Every lagging indicator in scope: 未完成 first, then 明显滞后, 略有滞后; each worst gap first. */
export function laggingIndicators(data: BriefingData): LaggingItem[] {
  return data.measures
    .flatMap((measure) =>
      measure.indicators
        .filter((ind) => LAGGING_STATUSES.has(ind.evaluation.status))
        .map((ind) => ({ measure, ind, severity: severity(ind) })),
    )
    .sort(
      (a, b) =>
        SEVERITY.indexOf(a.ind.evaluation.status) - SEVERITY.indexOf(b.ind.evaluation.status) ||
        a.severity - b.severity ||
        a.measure.no - b.measure.no,
    );
}

export interface UrgentTask {
  measure: BriefingMeasure;
  ms: Milestone;
}

/** Tasks past their deadline (most days over first), then those due within 30 days not started. */
export function urgentMilestones(data: BriefingData): UrgentTask[] {
  return data.measures
    .flatMap((measure) =>
      measure.milestones.filter((ms) => LAGGING_STATUSES.has(ms.evaluation.status)).map((ms) => ({ measure, ms })),
    )
    .sort(
      (a, b) =>
        SEVERITY.indexOf(a.ms.evaluation.status) - SEVERITY.indexOf(b.ms.evaluation.status) ||
        a.ms.evaluation.daysLeft - b.ms.evaluation.daysLeft,
    );
}

/** "已超过截止日期123天" / "距截止日期还有20天" — only where it matters (≤ 30 days or past). */
export function deadlineText(daysLeft: number, lang: Lang): string {
  const zh = lang === 'zh';
  if (daysLeft < 0) return zh ? `已超过截止日期${-daysLeft}天` : `${-daysLeft} days past its deadline`;
  if (daysLeft <= 30) return zh ? `距截止日期还有${daysLeft}天` : `${daysLeft} days before its deadline`;
  return '';
}

export interface UnitRank {
  name: string;
  nameEn: string;
  /** Indicators and tasks of the measures the unit leads. */
  led: number;
  /** Of them 明显滞后 or 未完成. */
  against: number;
  atRisk: number;
  /** Of them 未报送 / no figure yet. */
  unreported: number;
}

/** Lead units ranked by (明显滞后 + 未完成) ÷ items led, then by count; units with nothing led are left out. */
export function unitRanking(data: BriefingData): UnitRank[] {
  const byUnit = new Map<string, UnitRank>();
  for (const m of data.measures) {
    const lead = m.units[0];
    if (!lead) continue;
    const rank = byUnit.get(lead.code) ?? {
      name: lead.name,
      nameEn: lead.nameEn,
      led: 0,
      against: 0,
      atRisk: 0,
      unreported: 0,
    };
    for (const item of [...m.indicators, ...m.milestones]) {
      const s = item.evaluation.status;
      if (s === 'not_yet_due') continue;
      rank.led++;
      if (AGAINST.has(s)) rank.against++;
      else if (s === 'at_risk') rank.atRisk++;
      else if (s === 'no_data' || (s as string) === 'not_reported') rank.unreported++;
    }
    byUnit.set(lead.code, rank);
  }
  return [...byUnit.values()]
    .filter((u) => u.led > 0)
    .sort((a, b) => b.against / b.led - a.against / a.led || b.against - a.against || b.atRisk - a.atRisk);
}
