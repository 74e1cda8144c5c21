import { TRPCError } from '@trpc/server';
import { cachedFirstScreen } from '../queries/first-screen';
import { boardProcedure, router } from '../trpc';
import { periodInput } from './board';

export const firstScreenRouter = router({
  get: boardProcedure.input(periodInput).query(async ({ ctx, input }) => {
    const answer = await cachedFirstScreen(ctx.db, input.planId, input.period);
    if (!answer) throw new TRPCError({ code: 'NOT_FOUND', message: `No plan '${input.planId}'` });
    return answer;
  }),
});
