// What a unit must report for a month, and by when. The entry form and 催报 both ask this one
// question, so they can never disagree about what is missing.
import { TRPCError } from '@trpc/server';
import { dueMonth as dueMonthOf, periodOfDate, reportDueDate, type Period } from '../../shared/period';
import { today } from '../clock';
import type { Db } from '../db/connect';
import { listIndicatorDefs } from './indicators';
import { findPlan } from './plan';
import { reportingUnits } from './reporting-units';

/**
 * The month whose figures are due today by the server's clock (server/clock.ts): last month,
 * kept inside the plan (its issue month to its last month). The entry form opens on it.
 */
export async function dueMonth(db: Db, planId: string): Promise<{ today: string; period: Period }> {
  const plan = await planOrThrow(db, planId);
  const date = today();
  const last = dueMonthOf(date);
  const first = plan.issuedOn.slice(0, 7);
  const end = plan.validTo.slice(0, 7);
  return { today: date, period: last < first ? first : last > end ? end : last };
}

export async function planOrThrow(db: Db, planId: string) {
  const plan = await findPlan(db, planId);
  if (!plan) throw new TRPCError({ code: 'NOT_FOUND', message: `No plan '${planId}'` });
  return plan;
}

/**
 * The indicators and milestones due for `period`, each with its reporting unit, limited to
 * `unitIds` (null: every unit). An indicator is due in every month of its target period; a
 * milestone from the plan's issue month until it has been reported done in an earlier month
 * (so after its deadline only while it is still undone).
 */
export async function dueItems(db: Db, planId: string, period: Period, unitIds: number[] | null) {
  const plan = await planOrThrow(db, planId);
  const units = await reportingUnits(db, planId);
  const inScope = (unit: { id: number } | undefined) =>
    unit !== undefined && (unitIds === null || unitIds.includes(unit.id));

  const indicators = (await listIndicatorDefs(db, planId)).flatMap(({ id, def }) => {
    const unit = units.indicators.get(id);
    return def.periodStart <= period && period <= def.periodEnd && inScope(unit) ? [{ id, def, unit: unit! }] : [];
  });

  const doneBefore = await db
    .selectFrom('milestoneUpdates')
    .innerJoin('milestones', 'milestones.id', 'milestoneUpdates.milestoneId')
    .select('milestoneUpdates.milestoneId')
    .distinct()
    .where('milestones.planId', '=', planId)
    .where('milestoneUpdates.period', '<', period)
    .where((eb) =>
      eb.or([
        eb.and([eb('milestoneUpdates.state', '=', 'done'), eb('milestoneUpdates.reviewState', '!=', 'returned')]),
        eb('milestoneUpdates.approvedState', '=', 'done'),
      ]),
    )
    .execute();
  const done = new Set(doneBefore.map((d) => d.milestoneId));
  const started = period >= periodOfDate(plan.issuedOn);
  const milestoneRows = await db
    .selectFrom('milestones')
    .innerJoin('measures', 'measures.id', 'milestones.measureId')
    .select([
      'milestones.id',
      'milestones.code',
      'milestones.task',
      'milestones.taskEn',
      'milestones.deadline',
      'measures.no as measureNo',
    ])
    .where('milestones.planId', '=', planId)
    .orderBy('measures.no')
    .orderBy('milestones.id')
    .execute();
  const milestones = milestoneRows.flatMap((ms) => {
    const unit = units.milestones.get(ms.id);
    if (!started || done.has(ms.id) || !inScope(unit)) return [];
    return [{ ...ms, unit: unit!, overdue: period > periodOfDate(ms.deadline) }];
  });

  return { plan, dueDate: reportDueDate(period, plan.reportDueDay), indicators, milestones };
}
