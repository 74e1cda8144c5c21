// 调整目标, the write: an administrator changes a published target from an effective month on.
import { TRPCError } from '@trpc/server';
import type { Period } from '../../shared/period';
import {
  definitionInForce,
  targetChangeProblems,
  targetValues,
  type TargetChangeInput,
} from '../../shared/target-changes';
import type { Db } from '../db/connect';
import { writeAudit } from './audit';
import { indicatorDefFromRow } from './indicators';
import { targetChangesOf } from './target-changes';

async function indicatorOf(db: Db, planId: string, code: string) {
  const row = await db
    .selectFrom('indicators')
    .innerJoin('measures', 'measures.id', 'indicators.measureId')
    .selectAll('indicators')
    .select('measures.no as measureNo')
    .where('indicators.planId', '=', planId)
    .where('indicators.code', '=', code)
    .executeTakeFirst();
  if (!row)
    throw new TRPCError({ code: 'NOT_FOUND', message: `方案 ${planId} 中没有指标 ${code} / No indicator '${code}'` });
  return row;
}

/** One indicator's definition as published, as in force now, and its changes (the history). */
export async function indicatorTargetHistory(db: Db, planId: string, code: string) {
  const row = await indicatorOf(db, planId, code);
  const published = indicatorDefFromRow(row);
  const changes = (await targetChangesOf(db, planId, row.id)).get(row.id) ?? [];
  const last = changes.at(-1) ?? null;
  return {
    id: row.id,
    published,
    current: last ? definitionInForce(published, changes, last.effectiveFrom).def : published,
    changes,
  };
}

export interface TargetChangeActor {
  actorId: number;
  ip?: string | null;
  at: Date;
}

/**
 * 调整目标: record a change from its effective month on. Checked against the target in force
 * now (shared/target-changes.ts); a bad one is refused with every problem named and writes nothing.
 */
export async function changeTarget(db: Db, input: TargetChangeInput, actor: TargetChangeActor) {
  const run = async (trx: Db) => {
    const { id, current, changes } = await indicatorTargetHistory(trx, input.planId, input.code);
    const last: Period | null = changes.at(-1)?.effectiveFrom ?? null;
    const problems = targetChangeProblems(current, last, input);
    if (problems.length > 0) throw new TRPCError({ code: 'BAD_REQUEST', message: problems.join('；') });
    const old = targetValues(current);
    const range = current.kind === 'range';
    const row = {
      indicatorId: id,
      effectiveFrom: input.effectiveFrom,
      oldTarget: old.target,
      newTarget: range ? null : input.target,
      oldMin: old.min,
      newMin: range ? input.min : null,
      oldMax: old.max,
      newMax: range ? input.max : null,
      oldPeriodEnd: old.periodEnd,
      newPeriodEnd: input.periodEnd,
      reason: input.reason.trim(),
      changedBy: actor.actorId,
      changedAt: actor.at.toISOString(),
    };
    const { id: changeId } = await trx
      .insertInto('targetChanges')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actorId: actor.actorId,
      action: 'indicator.target_changed',
      entity: 'indicator',
      entityKey: `${input.planId}/${input.code}`,
      detail: { changeId, ...row },
      ip: actor.ip ?? null,
      at: actor.at,
    });
    return { id: changeId, ...row };
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}
