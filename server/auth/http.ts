// The HTTP side of accounts: the session cookie, the cross-site guard on tRPC POSTs, the
// per-address rate limit on logins and the per-address budget of API calls made without a live
// session. buildApp registers all of it before the tRPC plugin.
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import { TRPCError } from '@trpc/server';
import { TRPC_ERROR_CODES_BY_KEY, type TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/connect';
import { LOGIN_REQUIRED, type Context, type SessionCookie } from '../trpc';
import { overRateLimit } from './refusal-hold';
import { SESSION_COOKIE, contextForSession } from './sessions';

/** A per-address limit: requests (or calls) allowed per window. */
export interface RateLimitOptions {
  max: number;
  timeWindowMs: number;
}
export const defaultLoginRateLimit: RateLimitOptions = { max: 20, timeWindowMs: 60_000 };

/**
 * tRPC calls without a live session, per client address and window; each call of a batch counts,
 * so one request of 20 calls spends 20. A published board's page makes a handful of calls per
 * view; a client sending full batches flat out (each ~10 ms of the server's one thread)
 * starved every reader (docs/benchmarks.md, 2026-12-06). Logged-in users are not counted here.
 */
export const defaultAnonymousCalls: RateLimitOptions = { max: 1200, timeWindowMs: 60_000 };
export const TOO_MANY_CALLS = '请求过于频繁，请稍后再试 / Too many requests from this address; try again in a minute';

/** Spends `calls` of the request's address budget; false when it is spent (the refusal already held). */
export type AnonymousCalls = (req: FastifyRequest, reply: FastifyReply, calls: number) => Promise<boolean>;
/** The procedures named in a tRPC URL (`/trpc/a.b,c.d?batch=1`), or null for other URLs. */
function trpcProcedures(url: string): string[] | null {
  const path = url.split('?')[0] ?? '';
  if (!path.startsWith('/trpc/')) return null;
  const names = path.slice('/trpc/'.length);
  try {
    return decodeURIComponent(names).split(',');
  } catch {
    return names.split(',');
  }
}

/**
 * Refuse a tRPC request before it runs, in the shape tRPC clients read (one error per procedure
 * for a batch), so the page can show the message.
 */
export function refuse(
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: TRPC_ERROR_CODE_KEY,
  message: string,
) {
  const error = { error: { message, code: TRPC_ERROR_CODES_BY_KEY[code], data: { code, httpStatus: status } } };
  const batch = new URL(req.url, 'http://x').searchParams.get('batch') === '1';
  const body = batch ? (trpcProcedures(req.url) ?? ['']).map(() => error) : error;
  return reply.code(status).type('application/json').send(body);
}

/** The header the upload page adds to every file upload (see the upload exception below). */
export const UPLOAD_HEADER = 'x-plan-monitor-upload';
const sameOrigin = (req: FastifyRequest, origin: string) =>
  origin.toLowerCase() === `${req.protocol}://${req.host}`.toLowerCase();

export async function registerAuthHttp(
  app: FastifyInstance,
  loginRateLimit = defaultLoginRateLimit,
  anonymousCalls = defaultAnonymousCalls,
): Promise<AnonymousCalls> {
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  const checkLoginRate = app.createRateLimit({ max: loginRateLimit.max, timeWindow: loginRateLimit.timeWindowMs });
  const checkCall = app.createRateLimit({ max: anonymousCalls.max, timeWindow: anonymousCalls.timeWindowMs });
  const spendCalls: AnonymousCalls = async (req, reply, calls) => {
    for (let i = 0; i < calls; i++) if (await overRateLimit(checkCall, req, reply)) return false;
    return true;
  };

  // Requests without a session cookie spend their calls here, before anything is parsed or run;
  // those with a cookie that names no live session spend them in httpContext below.
  app.addHook('onRequest', async (req, reply) => {
    const procedures = trpcProcedures(req.url);
    if (!procedures || req.cookies[SESSION_COOKIE] !== undefined) return;
    if (!(await spendCalls(req, reply, procedures.length)))
      return refuse(req, reply, 429, 'TOO_MANY_REQUESTS', TOO_MANY_CALLS);
  });

  app.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'POST') return;
    // The one exception to "JSON only": file uploads are multipart, which a cross-site form can
    // send. It cannot add a custom header, though, and a cross-site script that adds one needs a
    // CORS preflight we never grant; the browser's Origin must be ours as well.
    if ((req.url.split('?')[0] ?? '').startsWith('/api/uploads/')) {
      const origin = req.headers.origin;
      if (origin === undefined || !sameOrigin(req, origin) || req.headers[UPLOAD_HEADER] !== '1')
        return reply.code(403).send({
          error: {
            code: 'cross_site',
            message: '拒绝跨站上传：请从本系统的上传页面提交文件 / Cross-site upload refused',
          },
        });
      return;
    }
    const procedures = trpcProcedures(req.url);
    if (!procedures) return;
    // Another site can POST here without a CORS preflight only as a form or text/plain; tRPC
    // sends JSON, which a cross-site page cannot send without the preflight we never grant.
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json')
      return refuse(req, reply, 415, 'UNSUPPORTED_MEDIA_TYPE', '请求须为 JSON / Requests must be sent as JSON');
    const origin = req.headers.origin;
    if (origin !== undefined && !sameOrigin(req, origin))
      return refuse(req, reply, 403, 'FORBIDDEN', '拒绝跨站请求 / Cross-site request refused');
    // Each login in a batch counts, so batching cannot multiply the attempts.
    const logins = procedures.filter((p) => p === 'auth.login').length;
    for (let i = 0; i < logins; i++)
      if (await overRateLimit(checkLoginRate, req, reply))
        return refuse(
          req,
          reply,
          429,
          'TOO_MANY_REQUESTS',
          '登录尝试过于频繁，请稍后再试 / Too many login attempts from this address; try again in a minute',
        );
  });
  return spendCalls;
}

function replyCookie(req: FastifyRequest, reply: FastifyReply): SessionCookie {
  const options = { httpOnly: true, sameSite: 'lax', path: '/', secure: req.protocol === 'https' } as const;
  return {
    set: (token, expiresAt) => void reply.setCookie(SESSION_COOKIE, token, { ...options, expires: expiresAt }),
    clear: () => void reply.clearCookie(SESSION_COOKIE, options),
  };
}

/** tRPC's createContext over HTTP: the session named by the cookie, loaded fresh. */
export function httpContext(db: Db, publicBoard: boolean, spendCalls: AnonymousCalls) {
  return async ({ req, res }: { req: FastifyRequest; res: FastifyReply }): Promise<Context> => {
    const cookie = req.cookies[SESSION_COOKIE];
    const ctx = await contextForSession(db, cookie, { ip: req.ip, cookie: replyCookie(req, res), publicBoard });
    // A cookie naming no live session (expired, or made up to get around the budget) counts as none.
    if (
      cookie !== undefined &&
      ctx.user === null &&
      !(await spendCalls(req, res, trpcProcedures(req.url)?.length ?? 1))
    )
      throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: TOO_MANY_CALLS });
    return ctx;
  };
}

/** Whether this request may read the board: it is published, or the session is a live one. */
export async function mayReadBoard(db: Db, publicBoard: boolean, req: FastifyRequest): Promise<boolean> {
  if (publicBoard) return true;
  const ctx = await contextForSession(db, req.cookies[SESSION_COOKIE], { ip: req.ip });
  return ctx.user !== null;
}

/**
 * For the board's plain HTTP routes (chart images, chart data, exports): whether this request
 * may read the board; answers 401 itself when it may not.
 */
export async function boardReadAllowed(db: Db, publicBoard: boolean, req: FastifyRequest, reply: FastifyReply) {
  if (await mayReadBoard(db, publicBoard, req)) return true;
  await reply.code(401).send({ error: { code: 'UNAUTHORIZED', message: LOGIN_REQUIRED } });
  return false;
}
