import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { findPlan, listPlans, planTree } from '../queries/plan';
import { boardProcedure, publicProcedure, router } from '../trpc';

export const planIdInput = z.object({ planId: z.string().min(1).max(100) });

export const planRouter = router({
  list: publicProcedure.query(({ ctx }) => listPlans(ctx.db)),
  tree: boardProcedure.input(planIdInput).query(async ({ ctx, input }) => {
    const plan = await findPlan(ctx.db, input.planId);
    if (!plan) throw new TRPCError({ code: 'NOT_FOUND', message: `No plan '${input.planId}'` });
    return { plan, sections: await planTree(ctx.db, input.planId) };
  }),
});
