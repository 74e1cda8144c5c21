import { dueMonth } from '../queries/due';
import { checkFigures, entryCheckInput, entrySaveInput, saveEntry } from '../queries/entry';
import { entryForm, entryFormInput } from '../queries/entry-form';
import { z } from 'zod';
import { roleProcedure, router } from '../trpc';

const reporter = roleProcedure('statistician', 'admin');

export const entryRouter = router({
  due: reporter
    .input(z.object({ planId: z.string().min(1).max(100) }))
    .query(({ ctx, input }) => dueMonth(ctx.db, input.planId)),
  form: reporter.input(entryFormInput).query(({ ctx, input }) => entryForm(ctx.db, input, ctx.user)),
  check: reporter.input(entryCheckInput).query(({ ctx, input }) => checkFigures(ctx.db, input, ctx.user)),
  save: reporter
    .input(entrySaveInput)
    .mutation(({ ctx, input }) => saveEntry(ctx.db, input, { user: ctx.user, ip: ctx.ip, now: ctx.now() })),
});
