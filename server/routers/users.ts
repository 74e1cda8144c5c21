import { z } from 'zod';
import { passwordSchema } from '../auth/password';
import {
  createUser,
  listUsers,
  newUserSchema,
  setPassword,
  unitsWithoutApprover,
  updateUser,
  userChangesSchema,
} from '../queries/users';
import { adminProcedure, router, type Context } from '../trpc';

const userId = z.number().int().positive();
const by = (ctx: Context & { user: { id: number } }) => ({ actorId: ctx.user.id, ip: ctx.ip, now: ctx.now() });

export const usersRouter = router({
  list: adminProcedure.query(({ ctx }) => listUsers(ctx.db)),
  unitsWithoutApprover: adminProcedure.query(({ ctx }) => unitsWithoutApprover(ctx.db)),
  create: adminProcedure.input(newUserSchema).mutation(({ ctx, input }) => createUser(ctx.db, input, by(ctx))),
  update: adminProcedure
    .input(userChangesSchema.extend({ id: userId }))
    .mutation(({ ctx, input: { id, ...changes } }) => updateUser(ctx.db, id, changes, by(ctx))),
  resetPassword: adminProcedure
    .input(z.object({ id: userId, password: passwordSchema }))
    .mutation(async ({ ctx, input }) => {
      await setPassword(ctx.db, input.id, input.password, { ...by(ctx), keepSessionId: ctx.sessionId });
      return { reset: true };
    }),
});
