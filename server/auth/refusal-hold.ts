// Refusals for being over a rate limit (429) are held back a moment before they are sent.
//
// A client flooding the server sends its next request as soon as it has an answer, so a cheap,
// instant 429 only makes it ask again at once: three batch clients and twelve download clients
// got ~8,000 refusals a second out of the server's one thread, and readers' p99 doubled
// (docs/benchmarks.md, 2026-12-06). Held for a second, each connection of such a client asks once
// a second. A person who went over a limit waits a second longer for a refusal that says "try
// again in a minute"; nobody else waits at all.
//
// Holding costs a timer and an open connection, so it is bounded: past HELD_PER_ADDRESS refusals
// held for one address (or HELD_TOTAL for all), the refusal goes out at once and the connection is
// closed after it, and that client pays for a new connection before its next request.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';

export const DEFAULT_REFUSAL_HOLD_MS = 1_000;
export const HELD_PER_ADDRESS = 32;
export const HELD_TOTAL = 4_096;

let holdMs = DEFAULT_REFUSAL_HOLD_MS;
const heldByAddress = new Map<string, number>();
let heldTotal = 0;

/** REFUSAL_HOLD_MS (config.ts); 0 sends refusals at once (with the connection kept). */
export function setRefusalHold(ms: number) {
  holdMs = ms;
}

/** Refusals being held now (for /metrics and tests). */
export const refusalsHeld = () => heldTotal;

/** Await before sending a rate-limit refusal: the hold, or "close after this" past the bounds. */
async function holdRefusal(req: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (holdMs <= 0) return;
  const address = req.ip;
  const mine = heldByAddress.get(address) ?? 0;
  if (mine >= HELD_PER_ADDRESS || heldTotal >= HELD_TOTAL) {
    reply.header('connection', 'close');
    return;
  }
  heldByAddress.set(address, mine + 1);
  heldTotal++;
  try {
    await sleep(holdMs);
  } finally {
    heldTotal--;
    const left = (heldByAddress.get(address) ?? 1) - 1;
    if (left === 0) heldByAddress.delete(address);
    else heldByAddress.set(address, left);
  }
}

/** A limit made by `app.createRateLimit` (@fastify/rate-limit). */
export type RateLimitCheck = ReturnType<FastifyInstance['createRateLimit']>;

/**
 * Counts one request against `check`. Over the limit, the refusal is held (holdRefusal) before
 * this returns the seconds until the window ends; the caller then sends its 429. null: allowed.
 */
export async function overRateLimit(
  check: RateLimitCheck,
  req: FastifyRequest,
  reply: FastifyReply,
): Promise<{ ttlInSeconds: number } | null> {
  const limit = await check(req);
  if (limit.isAllowed || !limit.isExceeded) return null;
  await holdRefusal(req, reply);
  return { ttlInSeconds: limit.ttlInSeconds };
}
