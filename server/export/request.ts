// What every export route checks before doing any work: the plan, the report month and the
// language. A bad value is an ExportError (4xx with a Chinese + English message), never a stack.
import type { Lang } from '../../shared/format';
import { isPeriod, periodOfDate, type Period } from '../../shared/period';
import type { Db } from '../db/connect';
import { findPlan } from '../queries/plan';
import { boardMonths } from '../queries/status';

export class ExportError extends Error {
  constructor(
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message);
  }
}

export type ExportPlan = NonNullable<Awaited<ReturnType<typeof findPlan>>>;

export async function exportPlan(db: Db, planId: string): Promise<ExportPlan> {
  const plan = await findPlan(db, planId);
  if (!plan) throw new ExportError(404, `没有方案“${planId}” / No plan '${planId}'`);
  return plan;
}

/**
 * The report month asked for, or undefined for the board's default (the latest with data). A month
 * is known when the board's month picker offers it (boardMonths).
 */
export async function exportPeriod(db: Db, plan: ExportPlan, raw: string | undefined): Promise<Period | undefined> {
  if (raw === undefined || raw === '') return undefined;
  if (!isPeriod(raw))
    throw new ExportError(400, `报告期应写作 YYYY-MM（如 2022-10） / period must be YYYY-MM (e.g. 2022-10)`);
  const periods = await boardMonths(db, plan);
  const first = periods[0] ?? periodOfDate(plan.issuedOn);
  const last = periods.at(-1) ?? first;
  if (raw < first || raw > last)
    throw new ExportError(
      404,
      `方案“${plan.id}”没有报告期 ${raw}（可选 ${first} 至 ${last}） / No report month ${raw} in plan '${plan.id}' (${first} to ${last})`,
    );
  return raw;
}

export function exportLang(raw: string | undefined): Lang {
  if (raw === undefined || raw === '' || raw === 'zh') return 'zh';
  if (raw === 'en') return 'en';
  throw new ExportError(400, `语言只能是 zh 或 en / lang must be zh or en`);
}
