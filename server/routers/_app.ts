import { createCallerFactory, createInnerContext, router, type InnerContextInput } from '../trpc';
import { authRouter } from './auth';
import { boardRouter } from './board';
import { briefingRouter } from './briefing';
import { chaseRouter } from './chase';
import { entryRouter } from './entry';
import { firstScreenRouter } from './first-screen';
import { historyRouter } from './history';
import { noticesRouter } from './notices';
import { planRouter } from './plan';
import { planDraftsRouter } from './plan-drafts';
import { receiptsRouter } from './receipts';
import { reviewRouter } from './review';
import { statusRouter } from './status';
import { uploadRouter } from './upload';
import { usersRouter } from './users';

export const appRouter = router({
  auth: authRouter,
  board: boardRouter,
  briefing: briefingRouter,
  chase: chaseRouter,
  entry: entryRouter,
  firstScreen: firstScreenRouter,
  history: historyRouter,
  notices: noticesRouter,
  plan: planRouter,
  planDrafts: planDraftsRouter,
  receipts: receiptsRouter,
  review: reviewRouter,
  status: statusRouter,
  upload: uploadRouter,
  users: usersRouter,
});

export type AppRouter = typeof appRouter;

const callerFactory = createCallerFactory(appRouter);
/** A server-side caller; fields left out of the context get their defaults (anonymous, real clock). */
export const createCaller = (ctx: InnerContextInput) => callerFactory(createInnerContext(ctx));
