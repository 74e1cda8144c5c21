import { indicatorHistory, indicatorHistoryInput, revertInput, revertRevision } from '../queries/history';
import { draftScope } from '../queries/shown-values';
import { assertUnitScope } from '../auth/unit-scope';
import { adminProcedure, authedProcedure, router } from '../trpc';

export const historyRouter = router({
  indicator: authedProcedure
    .input(indicatorHistoryInput)
    .query(({ ctx, input }) =>
      indicatorHistory(ctx.db, input, (unitId) => assertUnitScope(ctx, [unitId], 'read'), draftScope(ctx.user)),
    ),
  revert: adminProcedure
    .input(revertInput)
    .mutation(({ ctx, input }) => revertRevision(ctx.db, input, { user: ctx.user, ip: ctx.ip, now: ctx.now() })),
});
