import { createCallerFactory, router } from '../trpc';
import { planRouter } from './plan';
import { statusRouter } from './status';

export const appRouter = router({
  plan: planRouter,
  status: statusRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
