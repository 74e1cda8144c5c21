// GET /metrics for Prometheus, only when METRICS_TOKEN is set and only with it as a Bearer token:
// request latency per route, the upload and briefing queues, the database pool, rate-limit refusals
// being held, and the process's own metrics (ops/metrics.ts).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Gauge, Histogram, Registry } from 'prom-client';
import { refusalsHeld } from '../auth/refusal-hold';
import { chartPoolState } from '../briefings/chart-pool';
import { briefingQueueState } from '../briefings/jobs';
import type { Db } from '../db/connect';
import { poolStateOf } from '../db/pool-state';
import { appRouter } from '../routers/_app';
import { parsePoolState } from '../upload/worker-pool';
import { processMetrics } from './metrics';

const procedures = new Set(Object.keys(appRouter._def.procedures));

/**
 * The route a request is counted under: Fastify's pattern (`/api/uploads/:id/:file`), and for
 * tRPC the procedure. Never the raw URL: an unknown path or procedure would add a series each.
 */
function routeOf(req: FastifyRequest): string {
  const pattern = req.routeOptions.url;
  if (pattern === undefined) return '(no route)';
  if (!pattern.startsWith('/trpc/')) return pattern;
  const names = (req.url.split('?')[0] ?? '').slice('/trpc/'.length).split(',');
  if (names.length > 1) return '/trpc/(batch)';
  return procedures.has(names[0]!) ? `/trpc/${names[0]}` : '/trpc/(unknown)';
}

const sha256 = (s: string) => createHash('sha256').update(s).digest();

export function registerMetricsRoute(app: FastifyInstance, db: Db, token: string) {
  const registry = new Registry();
  const requestSeconds = new Histogram({
    name: 'plan_monitor_http_request_duration_seconds',
    help: 'HTTP requests, from arrival to the answer sent, by route, method and status class',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  app.addHook('onResponse', (req, reply, done) => {
    requestSeconds.observe(
      { route: routeOf(req), method: req.method, status: `${Math.floor(reply.statusCode / 100)}xx` },
      reply.elapsedTime / 1000,
    );
    done();
  });

  const queues = new Gauge({
    name: 'plan_monitor_queue_depth',
    help: 'Work waiting for a free slot: parses (upload worker), chart images, briefings',
    labelNames: ['queue'] as const,
    registers: [registry],
    collect() {
      this.set({ queue: 'parse' }, parsePoolState().waiting);
      this.set({ queue: 'chart' }, chartPoolState().waiting);
      this.set({ queue: 'briefing' }, briefingQueueState().waiting);
    },
  });
  const busy = new Gauge({
    name: 'plan_monitor_busy',
    help: 'Work running now: parses, chart images, briefings',
    labelNames: ['queue'] as const,
    registers: [registry],
    collect() {
      this.set({ queue: 'parse' }, parsePoolState().busy);
      this.set({ queue: 'chart' }, chartPoolState().busy);
      this.set({ queue: 'briefing' }, briefingQueueState().running);
    },
  });
  const pool = new Gauge({
    name: 'plan_monitor_db_connections',
    help: 'Database connections: open (total), idle, and requests waiting for one (PostgreSQL pool; SQLite has fixed ones)',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const state = poolStateOf(db);
      this.set({ state: 'total' }, state.total);
      if (state.idle !== undefined) this.set({ state: 'idle' }, state.idle);
      if (state.waiting !== undefined) this.set({ state: 'waiting' }, state.waiting);
    },
  });
  const held = new Gauge({
    name: 'plan_monitor_refusals_held',
    help: 'Rate-limit refusals (429) being held back before they are sent (auth/refusal-hold.ts): a client flooding',
    registers: [registry],
    collect() {
      this.set(refusalsHeld());
    },
  });
  void [queues, busy, pool, held];

  const expected = sha256(token);
  app.get('/metrics', async (req, reply) => {
    const given = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
    if (!timingSafeEqual(sha256(given), expected))
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send({ error: { code: 'UNAUTHORIZED', message: '需要监控令牌 / A valid METRICS_TOKEN is required' } });
    const merged = Registry.merge([processMetrics, registry]);
    return reply.type(merged.contentType).send(await merged.metrics());
  });
}
