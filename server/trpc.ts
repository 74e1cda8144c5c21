// tRPC is initialised once, here. Routers import only the builders exported below.
import { TRPCError, initTRPC } from '@trpc/server';
import { ROLE_NAMES, type Role } from '../shared/roles';
import { BATCH_TOO_LARGE } from '../shared/trpc-batch';
import type { Db } from './db/connect';
import { databaseUnavailable, isDatabaseUnavailable } from './db/unavailable';
import type { SessionUser } from './queries/users';

/** Sets or clears the pm_session cookie: Fastify's reply over HTTP, a stand-in in tests. */
export interface SessionCookie {
  set(token: string, expiresAt: Date): void;
  clear(): void;
}

export interface Context {
  db: Db;
  /** Loaded from the database for this request: a role change or disabling applies at once. */
  user: SessionUser | null;
  /** The live session's id (the sha256 of the cookie's token), or null. */
  sessionId: string | null;
  ip: string | null;
  /** The clock, injectable so tests can move it (lockouts, expiry). */
  now: () => Date;
  cookie: SessionCookie;
  /** The board is published (PUBLIC_BOARD=1): anyone may read it, approved figures only. */
  publicBoard: boolean;
}

export type InnerContextInput = Pick<Context, 'db'> & Partial<Omit<Context, 'db'>>;

const noCookie: SessionCookie = { set: () => {}, clear: () => {} };

/** A context without HTTP, for createCaller in tests and scripts. */
export function createInnerContext(input: InnerContextInput): Context {
  return {
    db: input.db,
    user: input.user ?? null,
    sessionId: input.sessionId ?? null,
    ip: input.ip ?? null,
    now: input.now ?? (() => new Date()),
    cookie: input.cookie ?? noCookie,
    // Callers without HTTP (tests, scripts) read the board as published unless told otherwise;
    // over HTTP the context always carries the PUBLIC_BOARD setting (auth/http.ts).
    publicBoard: input.publicBoard ?? true,
  };
}

const t = initTRPC.context<Context>().create({
  // Clients get the message and code, never a stack trace or SQL.
  errorFormatter: ({ shape, error }) => ({
    ...shape,
    message:
      error.code === 'INTERNAL_SERVER_ERROR'
        ? 'Internal server error'
        : // tRPC's own words for a batch over maxBatchSize (app.ts), said the way the app says it.
          error.message === 'Batch call exceeds maximum size'
          ? BATCH_TOO_LARGE
          : shape.message,
    data: { code: shape.data.code, httpStatus: shape.data.httpStatus },
  }),
});

export const LOGIN_REQUIRED = '请先登录 / Please log in';

export const router = t.router;
/** Every procedure: a database that cannot be reached answers 503, not 500 (db/unavailable.ts). */
export const publicProcedure = t.procedure.use(async ({ next }) => {
  const result = await next();
  if (!result.ok && isDatabaseUnavailable(result.error)) throw databaseUnavailable(result.error);
  return result;
});
export const createCallerFactory = t.createCallerFactory;

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: LOGIN_REQUIRED });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/** Reads of the board: anyone when it is published (PUBLIC_BOARD=1), else logged-in users only. */
export const boardProcedure = t.procedure.use(({ ctx, next }) => {
  if (!ctx.user && !ctx.publicBoard) throw new TRPCError({ code: 'UNAUTHORIZED', message: LOGIN_REQUIRED });
  return next();
});

/** A procedure only the given roles may call (FORBIDDEN, naming the roles, for the others). */
export function roleProcedure(...roles: Role[]) {
  const names = roles.map((r) => ROLE_NAMES[r]);
  const message = `此操作仅限${names.map((n) => n.zh).join('、')} / Only ${names.map((n) => n.en.toLowerCase()).join(' or ')}s may do this`;
  return authedProcedure.use(({ ctx, next }) => {
    if (!roles.includes(ctx.user.role)) throw new TRPCError({ code: 'FORBIDDEN', message });
    return next();
  });
}

export const adminProcedure = roleProcedure('admin');
