import { myReceipts, myReceiptsInput, readReceipt, receiptIdInput } from '../queries/receipts';
import { authedProcedure, roleProcedure, router } from '../trpc';

const reporter = roleProcedure('statistician', 'admin');

export const receiptsRouter = router({
  get: authedProcedure.input(receiptIdInput).query(({ ctx, input }) => readReceipt(ctx.db, input.id, ctx.user)),
  mine: reporter.input(myReceiptsInput).query(({ ctx, input }) => myReceipts(ctx.db, input, ctx.user)),
});
