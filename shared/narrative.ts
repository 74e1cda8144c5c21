// The one-line progress sentences statisticians write into briefings, from an evaluation:
// "截至2022年10月，全区累计建设筹集保障性租赁住房12,300套（间），完成年度目标的82.0%，低于序时进度1.3个百分点。"
// Chinese first; the English sentence says the same thing.
import {
  formatDate,
  formatNumber,
  formatPercent,
  formatPeriod,
  formatQuantity,
  isPercentagePoints,
  quote,
  spreadSeriesUnit,
  type Lang,
} from './format';
import { isCalendarYear } from './period';
import type { IndicatorDef, MilestoneDef } from './plan-schema';
import type { IndicatorEvaluation, MilestoneEvaluation } from './status';
import { targetChangeNote, type TargetChange } from './target-changes';
import { MILESTONE_STATE_LABEL } from './status-style';

interface Context {
  /** Who the figures describe ("全区" / "the district"); may be empty. */
  scope: string;
  /** The target change (调整目标) in force for the month, if any: the sentence says so. */
  change?: TargetChange | null;
}

/** Unit of a difference: percentages differ by percentage points. */
function diffUnit(unit: string, lang: Lang): string {
  if (unit === '%' || isPercentagePoints(unit, unit)) return lang === 'zh' ? '个百分点' : 'pp';
  return unit;
}

function gapPhrase(gap: number, lang: Lang): string {
  const g = formatPercent(Math.abs(gap));
  if (g === '0.0') return lang === 'zh' ? '与序时进度持平' : 'level with the time-elapsed schedule';
  if (lang === 'zh') return gap > 0 ? `超序时进度${g}个百分点` : `低于序时进度${g}个百分点`;
  return gap > 0 ? `${g} pp ahead of the time-elapsed schedule` : `${g} pp behind the time-elapsed schedule`;
}

/** The sentence for an indicator in a month; `ind` is the definition in force for that month. */
export function indicatorSentence(ind: IndicatorDef, ev: IndicatorEvaluation, lang: Lang, ctx: Context): string {
  const sentence = progressSentence(ind, ev, lang, ctx);
  if (!ctx.change) return sentence;
  const note = targetChangeNote(ind, ctx.change, lang);
  return lang === 'zh' ? `${sentence}（${note}）` : `${sentence} (${note[0]!.toUpperCase()}${note.slice(1)}.)`;
}

function progressSentence(ind: IndicatorDef, ev: IndicatorEvaluation, lang: Lang, ctx: Context): string {
  const zh = lang === 'zh';
  const name = zh ? ind.name : ind.nameEn;
  const unit = zh ? ind.unit : ind.unitEn;
  const q = (v: number) => formatQuantity(v, unit, lang);
  const period = formatPeriod(ev.reportPeriod, lang);
  if (ev.status === 'not_yet_due') {
    const start = formatPeriod(ind.periodStart, lang);
    return zh
      ? `${name}的目标期自${start}开始，尚未到期。`
      : `${name}: the target period starts in ${start}; not yet due.`;
  }
  if (ev.value === null)
    return zh ? `截至${period}，${name}尚无报送数据。` : `As of ${period}, no figures have been reported for ${name}.`;
  // 未报送: say so, then the latest figure as it stood in its own month.
  if (ev.status === 'not_reported' && ev.asOf) {
    const latest = progressSentence(
      ind,
      { ...ev, status: ev.asOfStatus ?? 'on_track', reportPeriod: ev.asOf, asOfStatus: null },
      lang,
      ctx,
    );
    return zh ? `${period}${name}未报送。${latest}` : `${name} was not reported for ${period}. ${latest}`;
  }
  const stale =
    ev.asOf && ev.asOf !== ev.reportPeriod
      ? zh
        ? `（数据截至${formatPeriod(ev.asOf, lang)}）`
        : ` (latest report: ${formatPeriod(ev.asOf, lang)})`
      : '';
  const value = ev.value;
  const du = diffUnit(zh ? ind.unit : ind.unitEn, lang);
  const met = ev.status === 'achieved' || ev.status === 'on_track';

  switch (ind.kind) {
    case 'cumulative':
    case 'range': {
      if (ind.kind === 'range' && ind.reporting === 'level') {
        const band = `${formatNumber(ind.min)}—${q(ind.max)}`;
        if (zh) {
          const where = value < ind.min ? '低于目标区间下限' : value > ind.max ? '高于目标区间上限' : '处于目标区间内';
          return `截至${period}，${name}为${q(value)}${stale}，目标区间为${band}，${where}。`;
        }
        const where =
          value < ind.min
            ? 'below the target band'
            : value > ind.max
              ? 'above the target band'
              : 'within the target band';
        return `As of ${period}, ${name} stood at ${q(value)}${stale}, ${where} of ${band}.`;
      }
      const yearly = isCalendarYear(ind.periodStart, ind.periodEnd);
      const goal = zh ? (yearly ? '年度目标' : '目标') : yearly ? 'the annual target' : 'the target';
      const scope = ctx.scope;
      const head = zh
        ? `截至${period}，${scope}累计${name}${q(value)}${stale}`
        : `As of ${period}, ${name}${scope ? ` in ${scope}` : ''}: ${q(value)} cumulative${stale}`;
      // Never print "100.0%" beside "not achieved" (14,995 of 15,000 rounds up).
      const tp =
        ev.status !== 'achieved' && (ev.taskProgress ?? 0) < 100
          ? formatPercent(Math.min(ev.taskProgress ?? 0, 99.94))
          : formatPercent(ev.taskProgress ?? 0);
      if (ind.kind === 'range' && ev.status === 'achieved') {
        const over = value > ind.max;
        if (zh)
          return `${head}，${over ? `超过目标上限${q(ind.max)}` : `达到${goal}（${formatNumber(ind.min)}至${q(ind.max)}）`}。`;
        return `${head}, ${over ? `above the target's upper end of ${q(ind.max)}` : `within ${goal} of ${formatNumber(ind.min)}–${q(ind.max)}`}.`;
      }
      const goalOf =
        ind.kind === 'range' ? (zh ? `目标下限（${q(ind.min)}）` : `the target's lower end (${q(ind.min)})`) : goal;
      if (ev.status === 'achieved')
        return zh ? `${head}，已完成${goal}（完成${tp}%）。` : `${head}, ${goal} achieved (${tp}%).`;
      if (ev.status === 'missed')
        return zh
          ? `${head}，完成${goalOf}的${tp}%，目标期已结束，未完成目标。`
          : `${head}, ${tp}% of ${goalOf}; the target period has ended with the target missed.`;
      return zh
        ? `${head}，完成${goalOf}的${tp}%，${gapPhrase(ev.gap ?? 0, lang)}。`
        : `${head}, ${tp}% of ${goalOf}, ${gapPhrase(ev.gap ?? 0, lang)}.`;
    }
    case 'ceiling':
    case 'floor': {
      const t = q(ind.target);
      const goal =
        ind.tolerance > 0
          ? zh
            ? `${t}左右`
            : `about ${t}`
          : ind.kind === 'ceiling'
            ? zh
              ? `不高于${t}`
              : `at most ${t}`
            : zh
              ? `不低于${t}`
              : `at least ${t}`;
      const beyond = formatNumber(Math.abs(ev.margin ?? 0) - ind.tolerance);
      const up = ind.kind === 'ceiling';
      const verdict = met
        ? zh
          ? '符合目标要求'
          : 'meeting the target'
        : ev.status === 'at_risk'
          ? zh
            ? `${up ? '高于' : '低于'}目标值${t}，仍在“左右”区间内`
            : `${up ? 'above' : 'below'} ${t} but within the tolerance`
          : zh
            ? `${up ? '超出目标上限' : '低于目标下限'}${beyond}${du}`
            : `${beyond} ${du} ${up ? 'above the upper' : 'below the lower'} limit`;
      return zh
        ? `截至${period}，${name}为${q(value)}${stale}，目标为${goal}，${verdict}。`
        : `As of ${period}, ${name} was ${q(value)}${stale} against a target of ${goal}, ${verdict}.`;
    }
    case 'spread': {
      const su = spreadSeriesUnit(ind, lang);
      const a = formatQuantity(ev.seriesA ?? 0, su, lang);
      const b = formatQuantity(ev.seriesB ?? 0, su, lang);
      const d = formatNumber(Math.abs(value));
      const t = formatNumber(ind.target);
      const short = formatNumber(Math.abs(ev.margin ?? 0));
      if (zh) {
        const diff = value >= 0 ? `高出${d}个百分点` : `低${d}个百分点`;
        const verdict = met ? '符合目标要求' : `距目标差${short}个百分点`;
        return `截至${period}，${ind.seriesA.name}为${a}，${ind.seriesB.name}为${b}${stale}，${diff}，目标为高出${t}个百分点以上，${verdict}。`;
      }
      const diff = value >= 0 ? `${d} pp higher` : `${d} pp lower`;
      const verdict = met ? 'meeting the target' : `${short} pp short of the target`;
      return `As of ${period}, ${ind.seriesA.nameEn} was ${a} and ${ind.seriesB.nameEn} ${b}${stale}, ${diff}, against a required ${t} pp or more: ${verdict}.`;
    }
  }
}

const days = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;

const STATE_EN = { done: 'is done', in_progress: 'is in progress', not_started: 'has not started' } as const;

export function milestoneSentence(ms: MilestoneDef, ev: MilestoneEvaluation, lang: Lang): string {
  const zh = lang === 'zh';
  const period = formatPeriod(ev.reportPeriod, lang);
  const deadline = formatDate(ms.deadline, lang);
  const task = zh ? quote(ms.task) : quote(ms.taskEn, 'en');
  if (ev.status === 'not_yet_due') return zh ? `${task}尚未开始计时。` : `${task} is not yet due.`;
  const state = ev.state
    ? zh
      ? MILESTONE_STATE_LABEL[ev.state].zh
      : STATE_EN[ev.state]
    : zh
      ? '尚无进展报送'
      : 'has no progress report';
  if (ev.status === 'not_reported' && ev.asOf) {
    const asOf = formatPeriod(ev.asOf, lang);
    return zh
      ? `${period}${task}未报送进展；最近一次报送（${asOf}）为${state}。`
      : `No progress on ${task} was reported for ${period}; the latest report (${asOf}) says it ${state}.`;
  }
  let when = '';
  if (ev.state !== 'done') {
    if (ev.daysLeft >= 0)
      when = zh
        ? `，距截止日期（${deadline}）还有${ev.daysLeft}天`
        : `, ${days(ev.daysLeft)} before its deadline (${deadline})`;
    else
      when = zh
        ? `，已超过截止日期（${deadline}）${-ev.daysLeft}天`
        : `, ${days(-ev.daysLeft)} past its deadline (${deadline})`;
  }
  return zh ? `截至${period}，${task}${state}${when}。` : `As of ${period}, ${task} ${state}${when}.`;
}
