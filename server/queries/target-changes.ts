import type { TargetChange } from '../../shared/target-changes';
import type { Db } from '../db/connect';

/** Every target change of a plan's indicators, oldest first, keyed by indicator id. */
export async function targetChangesOf(db: Db, planId: string, indicatorId?: number) {
  let query = db
    .selectFrom('targetChanges')
    .innerJoin('indicators', 'indicators.id', 'targetChanges.indicatorId')
    .leftJoin('users', 'users.id', 'targetChanges.changedBy')
    .selectAll('targetChanges')
    .select(['users.displayName', 'users.username'])
    .where('indicators.planId', '=', planId);
  if (indicatorId !== undefined) query = query.where('targetChanges.indicatorId', '=', indicatorId);
  const rows = await query.orderBy('targetChanges.effectiveFrom').orderBy('targetChanges.id').execute();
  const byIndicator = new Map<number, TargetChange[]>();
  for (const r of rows) {
    const change: TargetChange = {
      id: r.id,
      effectiveFrom: r.effectiveFrom,
      old: { target: r.oldTarget, min: r.oldMin, max: r.oldMax, periodEnd: r.oldPeriodEnd },
      new: { target: r.newTarget, min: r.newMin, max: r.newMax, periodEnd: r.newPeriodEnd },
      reason: r.reason,
      changedBy: r.displayName ?? r.username ?? `#${r.changedBy}`,
      changedAt: r.changedAt,
    };
    const list = byIndicator.get(r.indicatorId);
    if (list) list.push(change);
    else byIndicator.set(r.indicatorId, [change]);
  }
  return byIndicator;
}
