import {
  approvalSettingInput,
  approveInput,
  queueInput,
  returnInput,
  reviewItems,
  reviewQueue,
  selfApprovalInput,
  setApprovalRequired,
  setSelfApprovalAllowed,
} from '../queries/review';
import { noApproverInput, noApproverPolicy, setNoApproverCounts } from '../queries/approval';
import { adminProcedure, roleProcedure, router, type Context } from '../trpc';
import type { SessionUser } from '../queries/users';

const reviewer = roleProcedure('approver', 'admin');
const by = (ctx: Context & { user: SessionUser }) => ({ user: ctx.user, ip: ctx.ip, now: ctx.now() });

export const reviewRouter = router({
  queue: reviewer.input(queueInput).query(({ ctx, input }) => reviewQueue(ctx.db, input, ctx.user)),
  approve: reviewer
    .input(approveInput)
    .mutation(({ ctx, input }) => reviewItems(ctx.db, input, { approve: true }, by(ctx))),
  return: reviewer
    .input(returnInput)
    .mutation(({ ctx, input }) => reviewItems(ctx.db, input, { approve: false, comment: input.comment }, by(ctx))),
  setApprovalRequired: adminProcedure
    .input(approvalSettingInput)
    .mutation(({ ctx, input }) => setApprovalRequired(ctx.db, input, by(ctx))),
  setSelfApprovalAllowed: adminProcedure
    .input(selfApprovalInput)
    .mutation(({ ctx, input }) => setSelfApprovalAllowed(ctx.db, input, by(ctx))),
  noApprover: adminProcedure
    .input(noApproverInput.pick({ planId: true }))
    .query(({ ctx, input }) => noApproverPolicy(ctx.db, input.planId)),
  setNoApproverCounts: adminProcedure
    .input(noApproverInput)
    .mutation(({ ctx, input }) => setNoApproverCounts(ctx.db, input, by(ctx))),
});
