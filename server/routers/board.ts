import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { periodSchema } from '../../shared/plan-schema';
import { today } from '../clock';
import { cachedAnswer } from '../db/answer-cache';
import { cachedOverview, measureDetail } from '../queries/board';
import { unitRanking } from '../queries/unit-ranking';
import { draftScope } from '../queries/shown-values';
import { boardProcedure, router } from '../trpc';
import { planIdInput } from './plan';

export const periodInput = planIdInput.extend({ period: periodSchema.optional() });

function found<T>(value: T | null, what: string): T {
  if (value === null) throw new TRPCError({ code: 'NOT_FOUND', message: what });
  return value;
}

export const boardRouter = router({
  overview: boardProcedure
    .input(periodInput)
    .query(async ({ ctx, input }) =>
      found(await cachedOverview(ctx.db, input.planId, input.period), `No plan '${input.planId}'`),
    ),
  measure: boardProcedure.input(periodInput.extend({ no: z.number().int().positive() })).query(({ ctx, input }) => {
    const drafts = draftScope(ctx.user);
    return cachedAnswer(
      ctx.db,
      JSON.stringify(['measure', input.planId, input.no, input.period, drafts, today()]),
      async () =>
        found(
          await measureDetail(ctx.db, input.planId, input.no, input.period, drafts),
          `No measure ${input.no} in plan '${input.planId}'`,
        ),
    );
  }),
  units: boardProcedure
    .input(periodInput)
    .query(({ ctx, input }) =>
      cachedAnswer(ctx.db, JSON.stringify(['units', input.planId, input.period, today()]), async () =>
        found(await unitRanking(ctx.db, input.planId, input.period), `No plan '${input.planId}'`),
      ),
    ),
});
