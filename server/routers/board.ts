import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { periodSchema } from '../../shared/plan-schema';
import { today } from '../clock';
import { cachedAnswer } from '../db/answer-cache';
import { cachedOverview, measureDetail } from '../queries/board';
import { unitRanking } from '../queries/unit-ranking';
import { publicProcedure, router } from '../trpc';
import { planIdInput } from './plan';

export const periodInput = planIdInput.extend({ period: periodSchema.optional() });

function found<T>(value: T | null, what: string): T {
  if (value === null) throw new TRPCError({ code: 'NOT_FOUND', message: what });
  return value;
}

export const boardRouter = router({
  overview: publicProcedure
    .input(periodInput)
    .query(async ({ ctx, input }) =>
      found(await cachedOverview(ctx.db, input.planId, input.period), `No plan '${input.planId}'`),
    ),
  measure: publicProcedure
    .input(periodInput.extend({ no: z.number().int().positive() }))
    .query(({ ctx, input }) =>
      cachedAnswer(ctx.db, JSON.stringify(['measure', input.planId, input.no, input.period, today()]), async () =>
        found(
          await measureDetail(ctx.db, input.planId, input.no, input.period),
          `No measure ${input.no} in plan '${input.planId}'`,
        ),
      ),
    ),
  units: publicProcedure
    .input(periodInput)
    .query(({ ctx, input }) =>
      cachedAnswer(ctx.db, JSON.stringify(['units', input.planId, input.period, today()]), async () =>
        found(await unitRanking(ctx.db, input.planId, input.period), `No plan '${input.planId}'`),
      ),
    ),
});
