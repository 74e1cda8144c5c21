import { createCallerFactory, router } from '../trpc';
import { boardRouter } from './board';
import { planRouter } from './plan';
import { statusRouter } from './status';

export const appRouter = router({
  board: boardRouter,
  plan: planRouter,
  status: statusRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
