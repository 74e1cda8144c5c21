import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { periodSchema } from '../../shared/plan-schema';
import { warmChartPool } from '../briefings/chart-pool';
import { briefingJob, startBriefing } from '../briefings/jobs';
import { briefingHeader, briefingHeaderSchema, saveBriefingHeader } from '../briefings/header';
import { briefingExtrasSchema } from '../briefings/options';
import { briefingScopeSchema } from '../briefings/scope';
import { listBriefings } from '../briefings/store';
import { findPlan } from '../queries/plan';
import { boardMonths } from '../queries/status';
import { authedProcedure, roleProcedure, router } from '../trpc';
import { planIdInput } from './plan';

export const briefingRouter = router({
  options: authedProcedure.input(planIdInput).query(async ({ ctx, input }) => {
    if (!(await findPlan(ctx.db, input.planId)))
      throw new TRPCError({ code: 'NOT_FOUND', message: `没有方案“${input.planId}” / No plan '${input.planId}'` });
    void warmChartPool();
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
        extras: briefingExtrasSchema.optional(),
      }),
    )
    .mutation(({ ctx, input }) => startBriefing(ctx.db, input, ctx.user, ctx.now())),
  header: authedProcedure.input(planIdInput).query(({ ctx, input }) => briefingHeader(ctx.db, input.planId)),
  saveHeader: roleProcedure('admin', 'leader')
    .input(planIdInput.extend({ header: briefingHeaderSchema }))
    .mutation(async ({ ctx, input }) => {
      if (!(await findPlan(ctx.db, input.planId)))
        throw new TRPCError({ code: 'NOT_FOUND', message: `没有方案“${input.planId}” / No plan '${input.planId}'` });
      await saveBriefingHeader(ctx.db, input.planId, input.header, ctx.now());
      return briefingHeader(ctx.db, input.planId);
    }),
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
