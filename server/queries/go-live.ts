// Going live (正式启用): the step that removes a plan's demo figures (示例数据). It is taken on
// purpose only — by an administrator (admin page or `npm run plan:go-live`), or by a writer who
// confirmed, in a dialog naming the counts, that their first real figures may clear them.
// Every way in writes one audit entry and one log line.
import { TRPCError } from '@trpc/server';
import type { Db } from '../db/connect';
import { endDemoDate } from '../clock';
import { writeAudit } from './audit';

export interface DemoCounts {
  figures: number;
  milestoneUpdates: number;
}

export interface GoLiveActor {
  actorId: number | null;
  ip?: string | null;
  at?: Date;
  /** Where it was asked for: `admin` (the page), `cli`, `entry`, `upload`. */
  via: string;
  /** The server log; console by default (server/main.ts logs the same way). */
  log?: (message: string) => void;
}

/** How many demo rows a plan holds: what going live would remove. */
export async function demoCounts(db: Db, planId: string): Promise<DemoCounts> {
  const figures = await db
    .selectFrom('actuals')
    .innerJoin('indicators', 'indicators.id', 'actuals.indicatorId')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('indicators.planId', '=', planId)
    .where('actuals.source', '=', 'demo')
    .executeTakeFirstOrThrow();
  const updates = await db
    .selectFrom('milestoneUpdates')
    .innerJoin('milestones', 'milestones.id', 'milestoneUpdates.milestoneId')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('milestones.planId', '=', planId)
    .where('milestoneUpdates.source', '=', 'demo')
    .executeTakeFirstOrThrow();
  // pg returns count(*) as a string.
  return { figures: Number(figures.n), milestoneUpdates: Number(updates.n) };
}

/** What going live removes, in the words of the confirmation (zh / en). */
export function describeDemo(counts: DemoCounts): { zh: string; en: string } {
  return {
    zh: `示例数据：指标数值 ${counts.figures} 条、任务进展 ${counts.milestoneUpdates} 条`,
    en: `demo data: ${counts.figures} figure(s), ${counts.milestoneUpdates} milestone update(s)`,
  };
}

/** Refusal of a write that would clear demo data without the writer's confirmation. */
export function demoPresentError(counts: DemoCounts): TRPCError {
  const d = describeDemo(counts);
  return new TRPCError({
    code: 'PRECONDITION_FAILED',
    message: `本方案仍在使用示例数据。保存实际数据将清除${d.zh}，且不可恢复；请确认后再提交（本次未写入任何数据） / This plan still shows demo data. Saving real figures removes the ${d.en}; confirm to go on (nothing was written).`,
  });
}

export async function planLiveAt(db: Db, planId: string): Promise<string | null | undefined> {
  const row = await db.selectFrom('plans').select('liveAt').where('id', '=', planId).executeTakeFirst();
  return row?.liveAt;
}

/**
 * Take a plan live: remove its demo figures and milestone updates, mark it live (the demo is not
 * seeded again), audit and log it. Runs in the caller's transaction when `db` is one. Idempotent:
 * a plan already live with no demo rows left only gets no second audit entry.
 */
export async function goLive(db: Db, planId: string, actor: GoLiveActor): Promise<DemoCounts & { already: boolean }> {
  const run = async (trx: Db) => {
    const liveAt = await planLiveAt(trx, planId);
    if (liveAt === undefined)
      throw new TRPCError({ code: 'NOT_FOUND', message: `没有方案“${planId}” / No plan '${planId}'` });
    const counts = await demoCounts(trx, planId);
    if (liveAt !== null && counts.figures + counts.milestoneUpdates === 0) return { ...counts, already: true };
    const at = actor.at ?? new Date();
    await trx
      .deleteFrom('actuals')
      .where('source', '=', 'demo')
      .where('indicatorId', 'in', trx.selectFrom('indicators').select('id').where('planId', '=', planId))
      .execute();
    await trx
      .deleteFrom('milestoneUpdates')
      .where('source', '=', 'demo')
      .where('milestoneId', 'in', trx.selectFrom('milestones').select('id').where('planId', '=', planId))
      .execute();
    await trx
      .updateTable('plans')
      .set({ liveAt: liveAt ?? at.toISOString() })
      .where('id', '=', planId)
      .execute();
    await writeAudit(trx, {
      actorId: actor.actorId,
      action: 'plan.went_live',
      entity: 'plan',
      entityKey: planId,
      detail: { via: actor.via, demoFigures: counts.figures, demoMilestoneUpdates: counts.milestoneUpdates },
      ip: actor.ip ?? null,
      at,
    });
    return { ...counts, already: false };
  };
  const log = actor.log ?? ((message: string) => console.log(`[plan-monitor] ${message}`));
  const result = db.isTransaction ? await run(db) : await db.transaction().execute(run);
  if (!result.already) {
    log(
      `plan ${planId}: went live (${actor.via}), removed ${result.figures} demo figure(s) and ${result.milestoneUpdates} demo milestone update(s)`,
    );
    // A clock pinned to the demo's date follows TODAY or the real date from now on (server/clock.ts).
    endDemoDate();
  }
  return result;
}
