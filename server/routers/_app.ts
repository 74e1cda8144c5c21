import { createCallerFactory, createInnerContext, router, type InnerContextInput } from '../trpc';
import { authRouter } from './auth';
import { boardRouter } from './board';
import { planRouter } from './plan';
import { statusRouter } from './status';
import { usersRouter } from './users';

export const appRouter = router({
  auth: authRouter,
  board: boardRouter,
  plan: planRouter,
  status: statusRouter,
  users: usersRouter,
});

export type AppRouter = typeof appRouter;

const callerFactory = createCallerFactory(appRouter);
/** A server-side caller; fields left out of the context get their defaults (anonymous, real clock). */
export const createCaller = (ctx: InnerContextInput) => callerFactory(createInnerContext(ctx));
