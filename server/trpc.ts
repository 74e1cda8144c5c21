// tRPC is initialised once, here. Routers import only the builders exported below.
import { initTRPC } from '@trpc/server';
import type { Db } from './db/connect';

export interface Context {
  db: Db;
}

const t = initTRPC.context<Context>().create({
  // Clients get the message and code, never a stack trace or SQL.
  errorFormatter: ({ shape, error }) => ({
    ...shape,
    message: error.code === 'INTERNAL_SERVER_ERROR' ? 'Internal server error' : shape.message,
    data: { code: shape.data.code, httpStatus: shape.data.httpStatus },
  }),
});

export const router = t.router;
export const publicProcedure = t.procedure;
export const createCallerFactory = t.createCallerFactory;
