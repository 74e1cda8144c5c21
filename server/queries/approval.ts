// Whether a new submission waits for approval: the plan's approval switch, and for a unit with no
// active approver the plan's choice between counting at once and waiting for an administrator
// (plans.no_approver_counts). Every write (form, upload, API) asks here.
import { z } from 'zod';
import type { Db } from '../db/connect';
import { writeAudit } from './audit';
import { planOrThrow } from './due';
import type { Actor } from './entry';
import { reportingUnits } from './reporting-units';
import { unitsWithoutApprover } from './users';

/** Units with at least one active approver. */
async function unitsWithApprover(db: Db): Promise<Set<number>> {
  const rows = await db
    .selectFrom('userUnits')
    .innerJoin('users', 'users.id', 'userUnits.userId')
    .select('userUnits.unitId')
    .where('users.disabled', '=', 0)
    .where('users.role', '=', 'approver')
    .execute();
  return new Set(rows.map((r) => r.unitId));
}

export interface ApprovalPolicy {
  /** A new figure of this indicator waits for approval. */
  indicator(id: number): boolean;
  /** A new state of this milestone waits for approval. */
  milestone(id: number): boolean;
}

export async function approvalPolicy(db: Db, planId: string): Promise<ApprovalPolicy> {
  const plan = await db
    .selectFrom('plans')
    .select(['approvalRequired', 'noApproverCounts'])
    .where('id', '=', planId)
    .executeTakeFirst();
  const required = (plan?.approvalRequired ?? 1) === 1;
  if (!required) return { indicator: () => false, milestone: () => false };
  if (plan?.noApproverCounts !== 1) return { indicator: () => true, milestone: () => true };
  const [units, approved] = await Promise.all([reportingUnits(db, planId), unitsWithApprover(db)]);
  const waits = (unit: { id: number } | undefined) => unit === undefined || approved.has(unit.id);
  return {
    indicator: (id) => waits(units.indicators.get(id)),
    milestone: (id) => waits(units.milestones.get(id)),
  };
}

export const noApproverInput = z.object({ planId: z.string().min(1).max(100), counts: z.boolean() });

/**
 * For the users page: the units that report (an active statistician) but have no active approver,
 * and what the plan does with their figures.
 */
export async function noApproverPolicy(db: Db, planId: string) {
  const plan = await planOrThrow(db, planId);
  const units = await unitsWithoutApprover(db);
  return {
    planId,
    units,
    approvalRequired: plan.approvalRequired === 1,
    /** true: their figures count at once; false: they wait for an administrator. */
    counts: plan.noApproverCounts === 1,
  };
}

/** Choose whether figures of units with no approver count at once or wait. Audited. */
export async function setNoApproverCounts(db: Db, input: z.infer<typeof noApproverInput>, actor: Actor) {
  const plan = await planOrThrow(db, input.planId);
  const counts = input.counts ? 1 : 0;
  if (plan.noApproverCounts !== counts) {
    await db.updateTable('plans').set({ noApproverCounts: counts }).where('id', '=', input.planId).execute();
    await writeAudit(db, {
      actorId: actor.user.id,
      ip: actor.ip,
      at: actor.now,
      action: 'plan.no_approver_counts',
      entity: 'plan',
      entityKey: input.planId,
      detail: { noApproverCounts: [plan.noApproverCounts === 1, input.counts] },
    });
  }
  return noApproverPolicy(db, input.planId);
}
