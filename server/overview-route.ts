// GET /trpc/board.overview answered with the kept answer's bytes (queries/board.ts cachedOverview):
// the body tRPC would send, serialised once per data change instead of per request. tRPC's Fastify
// adapter stringifies the answer every time and sends it as a web stream (chunked, several
// writes), which on the bench's 2-core machine held ours to a quarter of a bare Fastify route.
//
// Only the plain case is served here: an anonymous GET of this one procedure, plain or as a batch
// of one (the page's httpBatchLink sends it so when nothing else is asked in the same tick), with a
// valid input, for a plan that exists. Everything else goes to tRPC exactly as before: a batch
// with other calls, a session cookie (its context touches the session), other query parameters, a
// streaming client, a bad input, an unknown plan. tRPC still finds the answer kept.
import { fastifyRequestHandler, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from './auth/sessions';
import type { Db } from './db/connect';
import { cachedOverview } from './queries/board';
import { periodInput } from './routers/board';
import type { AppRouter } from './routers/_app';

const PATH = 'board.overview';

interface Bodies {
  plain?: Buffer;
  batch?: Buffer;
}
/** Per kept answer (the cache hands out the same object until the data changes). */
const bodies = new WeakMap<object, Bodies>();

/** The call this request makes, if it is the plain case; null sends it to tRPC. */
function plainCall(req: FastifyRequest): { input: unknown; batch: boolean } | null {
  if (req.cookies[SESSION_COOKIE] !== undefined) return null;
  if (req.headers['trpc-accept'] !== undefined || req.headers.accept?.includes('application/jsonl')) return null;
  const query = req.query as Record<string, unknown>;
  const keys = Object.keys(query);
  if (typeof query.input !== 'string') return null;
  try {
    if (keys.length === 1) return { input: JSON.parse(query.input), batch: false };
    if (keys.length !== 2 || query.batch !== '1') return null;
    const calls: unknown = JSON.parse(query.input);
    if (typeof calls !== 'object' || calls === null || Object.keys(calls).join() !== '0') return null;
    return { input: (calls as Record<'0', unknown>)[0], batch: true };
  } catch {
    return null;
  }
}

async function keptBody(db: Db, req: FastifyRequest): Promise<Buffer | null> {
  const call = plainCall(req);
  const input = call && periodInput.safeParse(call.input);
  if (!call || !input?.success) return null;
  const answer = await cachedOverview(db, input.data.planId, input.data.period).catch(() => null);
  if (!answer) return null;
  const kept = bodies.get(answer) ?? {};
  bodies.set(answer, kept);
  // The same envelope as tRPC's: { result: { data } }, in an array for a batch.
  kept.plain ??= Buffer.from(JSON.stringify({ result: { data: answer } }));
  if (!call.batch) return kept.plain;
  kept.batch ??= Buffer.concat([Buffer.from('['), kept.plain, Buffer.from(']')]);
  return kept.batch;
}

export function registerOverviewRoute(
  app: FastifyInstance,
  db: Db,
  trpcOptions: FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  publicBoard: boolean,
) {
  app.get(`/trpc/${PATH}`, async (req, reply) => {
    // Anonymous answers are served here only when the board is published; else tRPC refuses them.
    const body = publicBoard ? await keptBody(db, req) : null;
    if (body) return reply.type('application/json').header('vary', 'trpc-accept, accept').send(body);
    await fastifyRequestHandler({ ...trpcOptions, req, res: reply, path: PATH });
  });
}
