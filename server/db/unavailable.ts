// "The database is away" (a PostgreSQL restart, failover, a dropped connection or a network blip)
// told apart from a bug, so a request can be answered 503 ("try again shortly") instead of 500.
// The pg pool drops a broken connection by itself and opens new ones when asked, so once the
// database is back the next request simply succeeds.
import { TRPCError } from '@trpc/server';

export const DATABASE_UNAVAILABLE =
  '数据库暂时无法连接，请稍后重试 / The database is unavailable; please try again shortly';

/** Socket errors of a connection that cannot be made or was cut. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs: class 08 (connection exception), 57P01-57P03 (terminated by an administrator, by a
 * crash, or the server is starting or shutting down), 53300 (too many connections).
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;

/** pg's own messages for a connection that ended or never came, which carry no code. */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|is not queryable|is not currently accepting connections/;

/** Whether `err` (or what it wraps) says the database cannot be reached right now. */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!(err instanceof Error) || depth > 5) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
  if (UNAVAILABLE_MESSAGE.test(err.message)) return true;
  if (err instanceof AggregateError && err.errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  return isDatabaseUnavailable(err.cause, depth + 1);
}

export const databaseUnavailable = (cause?: unknown) =>
  new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: DATABASE_UNAVAILABLE, cause });
