import { z } from 'zod';
import { demoAccountsShown } from '../auth/demo-accounts';
import { logIn, logOut } from '../auth/login';
import { publicProcedure, router } from '../trpc';

export const authRouter = router({
  login: publicProcedure
    .input(z.object({ username: z.string().trim().min(1).max(100), password: z.string().min(1).max(1024) }))
    .mutation(async ({ ctx, input }) => {
      const { user, session } = await logIn(ctx.db, input, {
        now: ctx.now(),
        ip: ctx.ip,
        previousSessionId: ctx.sessionId,
      });
      ctx.cookie.set(session.token, session.expiresAt);
      return user;
    }),
  logout: publicProcedure.mutation(async ({ ctx }) => {
    await logOut(ctx.db, { ...ctx, now: ctx.now() });
    ctx.cookie.clear();
    return { loggedOut: true };
  }),
  me: publicProcedure.query(({ ctx }) => ctx.user),
  demoAccounts: publicProcedure.query(({ ctx }) => demoAccountsShown(ctx.db)),
});
