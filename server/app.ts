// The HTTP server: one Fastify instance serving tRPC at /trpc and the built client at /.
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyError } from 'fastify';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { MAX_BATCH_CALLS } from '../shared/trpc-batch';
import { httpContext, refuse, registerAuthHttp, type RateLimitOptions } from './auth/http';
import { registerBriefingRoutes } from './briefings/routes';
import { projectRoot } from './config';
import { capJsonDepth } from './json-depth';
import type { Db } from './db/connect';
import { DATABASE_UNAVAILABLE, databaseUnavailable, isDatabaseUnavailable } from './db/unavailable';
import { registerReceiptRoutes } from './export/receipt';
import { registerExportRoutes } from './export/routes';
import { appRouter, type AppRouter } from './routers/_app';
import { registerFirstPaintRoute } from './first-paint-route';
import { registerOverviewRoute } from './overview-route';
import { registerUploadRoutes } from './upload/routes';
import { registerPlanDraftRoutes } from './plans/draft/routes';
import { registerHealthRoutes } from './ops/health';
import { registerMetricsRoute } from './ops/metrics-route';

export const clientDist = path.join(projectRoot, 'dist', 'client');

/** REQUEST_TIMEOUT_S's default (config.ts): a 10 MB upload needs about 1.4 Mbit/s to arrive in time. */
export const REQUEST_TIMEOUT_MS = 60_000;

export async function buildApp(
  db: Db,
  options: {
    logLevel?: string;
    clientDir?: string;
    loginRateLimit?: RateLimitOptions;
    /** tRPC calls without a live session per address (auth/http.ts); tests and benches set their own. */
    anonymousCalls?: RateLimitOptions;
    /** TRUST_PROXY (config.ts): a hop count, the proxies' addresses, or false. */
    trustProxy?: number | false | string[];
    /** PUBLIC_BOARD: anyone may read the board (approved figures only); else logged-in users only. */
    publicBoard?: boolean;
    requestTimeoutMs?: number;
    /** How long close() lets requests still being answered finish before cutting them. */
    closeGraceMs?: number;
    /** METRICS_TOKEN: serve /metrics to holders of this Bearer token; unset, no /metrics. */
    metricsToken?: string;
    /** For /readyz: whether the worker pools have started (main.ts warms them); true if not given. */
    workersReady?: () => boolean;
  } = {},
) {
  const requestTimeout = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const trustProxy = options.trustProxy ?? false;
  const app = Fastify({
    // Fastify's default of 0 turns Node's request timeout off: a body trickled a byte at a time
    // held its connection open indefinitely. Node checks for late requests every
    // connectionsCheckingInterval (30 s by default), so a timeout can fire that much late; check
    // four times per timeout instead.
    requestTimeout,
    http: {
      headersTimeout: Math.min(requestTimeout, 60_000),
      connectionsCheckingInterval: Math.min(30_000, Math.max(100, Math.round(requestTimeout / 4))),
    },
    // A hop count trusts that many addresses from the socket back (proxy-addr's (address, hop)).
    trustProxy: typeof trustProxy === 'number' ? (_address: string, hop: number) => hop < trustProxy : trustProxy,
    logger: { level: options.logLevel ?? 'warn' },
    bodyLimit: 1024 * 1024,
    // Batched tRPC GETs put every procedure name in the path. Node caps the whole request head at
    // 16 KB; up to that the router must not refuse first, so tRPC's batch bound (maxBatchSize) answers.
    routerOptions: { maxParamLength: 16 * 1024 },
  });

  // Errors Fastify raises before a handler runs (a body over the limit, an unparsable body): the
  // shape tRPC clients read on /trpc, and never an internal message for a 5xx.
  app.setErrorHandler((err: FastifyError, req, reply) => {
    // A route's database away (a PostgreSQL restart): 503, "try again shortly" (db/unavailable.ts).
    const unavailable = isDatabaseUnavailable(err);
    const status = unavailable ? 503 : err.statusCode !== undefined && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) req.log.error({ err }, 'request failed');
    if (unavailable) req.log.warn({ err }, 'database unavailable');
    const message =
      status === 413
        ? '请求内容过大 / Request body too large'
        : status === 503
          ? DATABASE_UNAVAILABLE
          : status === 500
            ? '服务器内部错误 / Internal server error'
            : err.message;
    if (req.url.startsWith('/trpc/'))
      return refuse(
        req,
        reply,
        status,
        status === 413
          ? 'PAYLOAD_TOO_LARGE'
          : status === 503
            ? 'SERVICE_UNAVAILABLE'
            : status === 500
              ? 'INTERNAL_SERVER_ERROR'
              : 'BAD_REQUEST',
        message,
      );
    return reply
      .code(status)
      .send({ error: { code: unavailable ? 'SERVICE_UNAVAILABLE' : (err.code ?? 'ERROR'), message } });
  });

  // close() (SIGTERM, a test's teardown) stops accepting and lets Node close idle connections, but
  // waits without end for a connection Node does not count as idle: a refused request whose body
  // is still arriving, a client that never reads its answer. After a grace period those are cut.
  app.addHook('preClose', (done) => {
    const cut = setTimeout(() => app.server.closeAllConnections(), options.closeGraceMs ?? 10_000);
    cut.unref();
    app.server.once('close', () => clearTimeout(cut));
    done();
  });

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      // antd writes its styles at run time; scripts stay same-origin only.
      directives: { 'style-src': ["'self'", "'unsafe-inline'"], 'upgrade-insecure-requests': null },
    },
  });

  registerHealthRoutes(app, db, options.workersReady ?? (() => true));
  if (options.metricsToken) registerMetricsRoute(app, db, options.metricsToken);

  const spendAnonymousCalls = await registerAuthHttp(app, options.loginRateLimit, options.anonymousCalls);
  capJsonDepth(app);

  const publicBoard = options.publicBoard ?? false;
  const createContext = httpContext(db, publicBoard, spendAnonymousCalls);
  const trpcOptions: FastifyTRPCPluginOptions<AppRouter>['trpcOptions'] = {
    router: appRouter,
    // The session is read before any procedure runs: the database away answers 503 here too.
    createContext: (opts) =>
      createContext(opts).catch((err: unknown) => {
        throw isDatabaseUnavailable(err) ? databaseUnavailable(err) : err;
      }),
    // Refused before any input is read or a session looked up; trpc.ts words the message.
    maxBatchSize: MAX_BATCH_CALLS,
    onError: ({ error, path: procedure }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR') app.log.error({ err: error, procedure }, 'tRPC procedure failed');
      if (error.code === 'SERVICE_UNAVAILABLE') app.log.warn({ err: error.cause, procedure }, 'database unavailable');
    },
  };
  await app.register(fastifyTRPCPlugin, { prefix: '/trpc', trpcOptions });
  registerOverviewRoute(app, db, trpcOptions, publicBoard);

  await registerUploadRoutes(app, db);
  await registerPlanDraftRoutes(app, db);
  registerBriefingRoutes(app, db);
  registerReceiptRoutes(app, db);
  registerExportRoutes(app, db, publicBoard);

  const root = options.clientDir ?? clientDist;
  if (existsSync(path.join(root, 'index.html'))) {
    // `/` is the first-paint route's; built files go out as their .br or .gz twin when the browser
    // takes it (vite.config.ts writes them).
    registerFirstPaintRoute(app, db, root, publicBoard);
    await app.register(fastifyStatic, {
      root,
      wildcard: false,
      index: false,
      preCompressed: true,
    });
    // Client-side routes (/measures/41 …) get the app shell; unknown API paths stay 404.
    app.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && !req.url.startsWith('/trpc') && !req.url.startsWith('/api/'))
        return reply.type('text/html').sendFile('index.html');
      return reply.code(404).send({ error: 'Not found' });
    });
  } else {
    app.get('/', (_req, reply) =>
      reply.type('text/plain; charset=utf-8').send('Client not built: run `npm run build` (npm start does it).'),
    );
  }
  return app;
}
