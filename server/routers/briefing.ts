import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { periodSchema } from '../../shared/plan-schema';
import { warmChartPool } from '../briefings/chart-pool';
import { briefingJob, startBriefing } from '../briefings/jobs';
import { briefingScopeSchema } from '../briefings/scope';
import { listBriefings } from '../briefings/store';
import { findPlan } from '../queries/plan';
import { boardMonths } from '../queries/status';
import { authedProcedure, router } from '../trpc';
import { planIdInput } from './plan';

export const briefingRouter = router({
  options: authedProcedure.input(planIdInput).query(async ({ ctx, input }) => {
    if (!(await findPlan(ctx.db, input.planId)))
      throw new TRPCError({ code: 'NOT_FOUND', message: `没有方案“${input.planId}” / No plan '${input.planId}'` });
    warmChartPool();
    const plan = (await findPlan(ctx.db, input.planId))!;
    return { periods: await boardMonths(ctx.db, plan) };
  }),
  start: authedProcedure
    .input(
      planIdInput.extend({
        period: periodSchema,
        scope: briefingScopeSchema,
        format: z.enum(['docx', 'pptx']),
        lang: z.enum(['zh', 'en']).default('zh'),
      }),
    )
    .mutation(({ ctx, input }) => startBriefing(ctx.db, input, ctx.user, ctx.now())),
  job: authedProcedure
    .input(z.object({ jobId: z.string().min(1).max(100) }))
    .query(({ ctx, input }) => briefingJob(input.jobId, ctx.user.id)),
  list: authedProcedure.input(planIdInput).query(async ({ ctx, input }) =>
    (await listBriefings(ctx.db, input.planId)).map((b) => ({
      ...b,
      scope: briefingScopeSchema.parse(JSON.parse(b.scope)),
    })),
  ),
});
