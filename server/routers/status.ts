import { TRPCError } from '@trpc/server';
import { periodSchema } from '../../shared/plan-schema';
import { planStatus } from '../queries/status';
import { boardProcedure, router } from '../trpc';
import { planIdInput } from './plan';

export const statusRouter = router({
  forPeriod: boardProcedure
    .input(planIdInput.extend({ period: periodSchema.optional() }))
    .query(async ({ ctx, input }) => {
      const result = await planStatus(ctx.db, input.planId, input.period);
      if (!result) throw new TRPCError({ code: 'NOT_FOUND', message: `No plan '${input.planId}'` });
      return result;
    }),
});
