// 调整目标: a published indicator's target (or its period's last month) changed from an effective
// month on. Changes form a sequence, each effective later than the one before; the definition in
// force for a month is the plan's own with the latest change effective by that month applied. The
// status engine, the board, the exports and the sentences take the definition from here, so a
// month before a change is judged against the old target and a month from it on against the new.
import { z } from 'zod';
import { formatPeriod, type Lang } from './format';
import { isPeriod, type Period } from './period';
import { indicatorSchema, type IndicatorDef } from './plan-schema';
import { targetText } from './reporting';

/** The new values of a change: `target` for every kind but a range, `min`/`max` for a range. */
export interface TargetValues {
  target: number | null;
  min: number | null;
  max: number | null;
  periodEnd: Period;
}

export interface TargetChange {
  id: number;
  effectiveFrom: Period;
  old: TargetValues;
  new: TargetValues;
  reason: string;
  changedBy: string;
  changedAt: string;
}

export const REASON_MAX = 500;

/** What an administrator submits (the dialog and `plan.changeTarget`). */
export const targetChangeInput = z.object({
  planId: z.string().min(1).max(100),
  code: z.string().min(1).max(40),
  effectiveFrom: z.string().max(20),
  target: z.number().finite().nullable(),
  min: z.number().finite().nullable(),
  max: z.number().finite().nullable(),
  periodEnd: z.string().max(20),
  reason: z.string().max(2000),
});
export type TargetChangeInput = z.infer<typeof targetChangeInput>;

/** The target values of a definition. */
export function targetValues(def: IndicatorDef): TargetValues {
  return def.kind === 'range'
    ? { target: null, min: def.min, max: def.max, periodEnd: def.periodEnd }
    : { target: def.target, min: null, max: null, periodEnd: def.periodEnd };
}

/** `def` with other target values (a value left null keeps the definition's). */
export function withTargetValues(def: IndicatorDef, v: TargetValues): IndicatorDef {
  if (def.kind === 'range') return { ...def, min: v.min ?? def.min, max: v.max ?? def.max, periodEnd: v.periodEnd };
  return { ...def, target: v.target ?? def.target, periodEnd: v.periodEnd };
}

/** The latest change effective by `period`, or null (changes in any order). */
export function changeInForce<C extends Pick<TargetChange, 'effectiveFrom' | 'id'>>(
  changes: readonly C[],
  period: Period,
): C | null {
  let best: C | null = null;
  for (const c of changes)
    if (
      c.effectiveFrom <= period &&
      (!best || c.effectiveFrom > best.effectiveFrom || (c.effectiveFrom === best.effectiveFrom && c.id > best.id))
    )
      best = c;
  return best;
}

/** The definition in force for a month, and the change that made it (null: the plan's own). */
export function definitionInForce(def: IndicatorDef, changes: readonly TargetChange[], period: Period) {
  const change = changeInForce(changes, period);
  return { def: change ? withTargetValues(def, change.new) : def, change };
}

/**
 * Every problem with a proposed change, in Chinese (empty when it may be made). `current` is the
 * definition in force now (after the latest change), `last` the latest change's effective month.
 */
export function targetChangeProblems(
  current: IndicatorDef,
  last: Period | null,
  input: Pick<TargetChangeInput, 'effectiveFrom' | 'target' | 'min' | 'max' | 'periodEnd' | 'reason'>,
): string[] {
  const problems: string[] = [];
  const reason = input.reason.trim();
  if (reason === '') problems.push('请填写调整原因');
  else if (reason.length > REASON_MAX) problems.push(`调整原因不能超过${REASON_MAX}字（现有${reason.length}字）`);
  const from = input.effectiveFrom;
  if (!isPeriod(from)) problems.push('生效月份须为“年-月”，如 2022-07');
  else {
    if (from < current.periodStart || from > current.periodEnd)
      problems.push(`生效月份须在指标的目标期内（${current.periodStart} 至 ${current.periodEnd}）`);
    if (last !== null && from <= last) problems.push(`生效月份须晚于上次调整的生效月份（${last}）`);
  }
  if (!isPeriod(input.periodEnd)) problems.push('目标期限须为“年-月”，如 2022-12');
  else {
    if (input.periodEnd < current.periodStart)
      problems.push(`目标期限不能早于目标期的起始月份（${current.periodStart}）`);
    if (isPeriod(from) && input.periodEnd < from) problems.push('目标期限不能早于生效月份');
  }
  if (current.kind === 'range') {
    if (input.min === null || input.max === null) problems.push('请填写目标区间的下限和上限');
    else if (input.min > input.max) problems.push('目标区间的下限不能高于上限');
  } else if (input.target === null) problems.push('请填写新的目标值');
  else if (current.kind === 'cumulative' && input.target < 0) problems.push('累计目标不能为负数');
  if (problems.length > 0) return problems;
  const next = withTargetValues(current, { ...input });
  const now = targetValues(current);
  const after = targetValues(next);
  if (
    now.target === after.target &&
    now.min === after.min &&
    now.max === after.max &&
    now.periodEnd === after.periodEnd
  )
    return ['新目标与现行目标相同，无需调整'];
  // The same schema as plan.json: a changed definition must still be a valid one.
  const parsed = indicatorSchema.safeParse(next);
  if (!parsed.success) return parsed.error.issues.map((i) => `目标无效：${i.message}`);
  return [];
}

/** "2,500亩" or "2,500亩（期限2022年12月）" — a target with its date when it moved. */
function valuesText(def: IndicatorDef, v: TargetValues, withDate: boolean, lang: Lang): string {
  const text = targetText(withTargetValues(def, v), lang);
  if (!withDate) return text;
  const end = formatPeriod(v.periodEnd, lang);
  return lang === 'zh' ? `${text}（期限${end}）` : `${text} (by ${end})`;
}

/** The words a sentence, the board and an export add: "目标自2022年7月起由2,500亩调整为3,000亩". */
export function targetChangeNote(def: IndicatorDef, change: TargetChange, lang: Lang): string {
  const withDate = change.old.periodEnd !== change.new.periodEnd;
  const from = valuesText(def, change.old, withDate, lang);
  const to = valuesText(def, change.new, withDate, lang);
  const when = formatPeriod(change.effectiveFrom, lang);
  return lang === 'zh' ? `目标自${when}起由${from}调整为${to}` : `target adjusted from ${from} to ${to} as of ${when}`;
}
