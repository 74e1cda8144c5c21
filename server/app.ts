// The HTTP server: one Fastify instance serving tRPC at /trpc and the built client at /.
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyError } from 'fastify';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { httpContext, refuse, registerAuthHttp, type LoginRateLimit } from './auth/http';
import { registerBriefingRoutes } from './briefings/routes';
import { projectRoot } from './config';
import type { Db } from './db/connect';
import { registerExportRoutes } from './export/routes';
import { appRouter, type AppRouter } from './routers/_app';
import { registerOverviewRoute } from './overview-route';
import { registerUploadRoutes } from './upload/routes';
import { registerPlanDraftRoutes } from './plans/draft/routes';

export const clientDist = path.join(projectRoot, 'dist', 'client');

export async function buildApp(
  db: Db,
  options: {
    logLevel?: string;
    clientDir?: string;
    loginRateLimit?: LoginRateLimit;
    trustProxy?: boolean | string[];
  } = {},
) {
  const app = Fastify({
    trustProxy: options.trustProxy ?? false,
    logger: { level: options.logLevel ?? 'warn' },
    bodyLimit: 1024 * 1024,
    // Batched tRPC GETs put every procedure name in the path. Node caps the whole request head at
    // 16 KB; up to that the router must not refuse first, so the batch bound (auth/http.ts) answers.
    routerOptions: { maxParamLength: 16 * 1024 },
  });

  // Errors Fastify raises before a handler runs (a body over the limit, an unparsable body): the
  // shape tRPC clients read on /trpc, and never an internal message for a 5xx.
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const status = err.statusCode !== undefined && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) req.log.error({ err }, 'request failed');
    const message =
      status === 413
        ? '请求内容过大 / Request body too large'
        : status === 500
          ? '服务器内部错误 / Internal server error'
          : err.message;
    if (req.url.startsWith('/trpc/'))
      return refuse(
        req,
        reply,
        status,
        status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST',
        message,
      );
    return reply.code(status).send({ error: { code: err.code ?? 'ERROR', message } });
  });

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      // antd writes its styles at run time; scripts stay same-origin only.
      directives: { 'style-src': ["'self'", "'unsafe-inline'"], 'upgrade-insecure-requests': null },
    },
  });

  await registerAuthHttp(app, options.loginRateLimit);

  const trpcOptions: FastifyTRPCPluginOptions<AppRouter>['trpcOptions'] = {
    router: appRouter,
    createContext: httpContext(db),
    onError: ({ error, path: procedure }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR') app.log.error({ err: error, procedure }, 'tRPC procedure failed');
    },
  };
  await app.register(fastifyTRPCPlugin, { prefix: '/trpc', trpcOptions });
  registerOverviewRoute(app, db, trpcOptions);

  await registerUploadRoutes(app, db);
  await registerPlanDraftRoutes(app, db);
  registerBriefingRoutes(app, db);
  registerExportRoutes(app, db);

  const root = options.clientDir ?? clientDist;
  if (existsSync(path.join(root, 'index.html'))) {
    await app.register(fastifyStatic, { root, wildcard: false });
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
