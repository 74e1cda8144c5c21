import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { today } from '../clock';
import { targetChangeInput } from '../../shared/target-changes';
import { changeTarget } from '../queries/change-target';
import { demoCounts, goLive, planLiveAt } from '../queries/go-live';
import { findPlan, listPlans, planTree } from '../queries/plan';
import { adminProcedure, boardProcedure, publicProcedure, router } from '../trpc';

export const planIdInput = z.object({ planId: z.string().min(1).max(100) });

async function liveOrThrow(db: Parameters<typeof planLiveAt>[0], planId: string) {
  const liveAt = await planLiveAt(db, planId);
  if (liveAt === undefined) throw new TRPCError({ code: 'NOT_FOUND', message: `No plan '${planId}'` });
  return liveAt;
}

export const planRouter = router({
  list: publicProcedure.query(({ ctx }) => listPlans(ctx.db)),
  tree: boardProcedure.input(planIdInput).query(async ({ ctx, input }) => {
    const plan = await findPlan(ctx.db, input.planId);
    if (!plan) throw new TRPCError({ code: 'NOT_FOUND', message: `No plan '${input.planId}'` });
    // `today`: the server's one clock, for pages that pick the month that is due.
    return { plan, sections: await planTree(ctx.db, input.planId), today: today() };
  }),
  demo: adminProcedure.input(planIdInput).query(async ({ ctx, input }) => ({
    liveAt: await liveOrThrow(ctx.db, input.planId),
    ...(await demoCounts(ctx.db, input.planId)),
  })),
  goLive: adminProcedure
    .input(planIdInput)
    .mutation(({ ctx, input }) =>
      goLive(ctx.db, input.planId, { actorId: ctx.user.id, ip: ctx.ip, at: ctx.now(), via: 'admin' }),
    ),
  changeTarget: adminProcedure
    .input(targetChangeInput)
    .mutation(({ ctx, input }) => changeTarget(ctx.db, input, { actorId: ctx.user.id, ip: ctx.ip, at: ctx.now() })),
});
