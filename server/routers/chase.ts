import { chaseUnits, missingInput, missingReports, missingXlsx, onTimeInput, onTimeRates } from '../queries/chase';
import { today } from '../clock';
import { roleProcedure, router } from '../trpc';

const chaser = roleProcedure('admin', 'leader', 'approver');

export const chaseRouter = router({
  missing: chaser
    .input(missingInput)
    .query(({ ctx, input }) => missingReports(ctx.db, { ...input, asOf: input.asOf ?? today() }, chaseUnits(ctx.user))),
  onTimeRates: chaser
    .input(onTimeInput)
    .query(({ ctx, input }) => onTimeRates(ctx.db, { ...input, asOf: input.asOf ?? today() }, chaseUnits(ctx.user))),
  exportXlsx: chaser
    .input(missingInput)
    .query(({ ctx, input }) => missingXlsx(ctx.db, { ...input, asOf: input.asOf ?? today() }, chaseUnits(ctx.user))),
});
