import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { periodSchema } from '../../shared/plan-schema';
import { commitUpload } from '../upload/commit';
import { progressReporter, progressTokenPattern, readProgress } from '../upload/progress';
import { openPreview, recentUploads } from '../upload/store';
import { templateUnits } from '../upload/template';
import { roleProcedure, router } from '../trpc';
import { timeImport } from '../ops/metrics';

const uploaderProcedure = roleProcedure('statistician', 'admin');
const planId = z.string().min(1).max(100);
const uploadId = z.uuid();
const progressToken = z.string().regex(progressTokenPattern).optional();

export const uploadRouter = router({
  units: uploaderProcedure
    .input(z.object({ planId, period: periodSchema }))
    .query(({ ctx, input }) =>
      templateUnits(
        ctx.db,
        input.planId,
        input.period,
        ctx.user.role === 'admin' ? null : ctx.user.units.map((u) => u.id),
      ),
    ),
  get: uploaderProcedure.input(z.object({ uploadId })).query(async ({ ctx, input }) => {
    const found = await openPreview(ctx.db, input.uploadId, ctx.user.id);
    if (!found) throw new TRPCError({ code: 'NOT_FOUND', message: `没有这次上传 / No upload '${input.uploadId}'` });
    return found;
  }),
  recent: uploaderProcedure
    .input(z.object({ planId }))
    .query(({ ctx, input }) => recentUploads(ctx.db, input.planId, ctx.user.role === 'admin' ? null : ctx.user.id)),
  commit: uploaderProcedure
    .input(
      z.object({
        uploadId,
        reason: z.string().trim().max(500, '原因最多 500 字 / A reason has at most 500 characters').optional(),
        progressToken,
        confirmClearDemo: z.boolean().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const progress = progressReporter(input.progressToken, ctx.user.id);
      const result = await timeImport('commit', () =>
        commitUpload(
          ctx.db,
          input.uploadId,
          input.reason || null,
          { user: ctx.user, ip: ctx.ip, now: ctx.now(), progress },
          input.confirmClearDemo === true,
        ),
      );
      progress('done', result.inserted + result.updated, result.inserted + result.updated);
      return result;
    }),
  progress: uploaderProcedure
    .input(z.object({ token: z.string().regex(progressTokenPattern) }))
    .query(({ ctx, input }) => readProgress(input.token, ctx.user.id)),
});
