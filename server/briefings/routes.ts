// GET /api/briefings/:id — a stored briefing, byte for byte as first generated, for any
// logged-in user (the session cookie, as for the upload templates). Errors answer
// { error: { code, message } }.
import type { FastifyInstance } from 'fastify';
import { SESSION_COOKIE, contextForSession } from '../auth/sessions';
import type { Db } from '../db/connect';
import { LOGIN_REQUIRED } from '../trpc';
import { contentDisposition } from '../upload/template';
import { briefingFile } from './store';

const MIME = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
} as const;

export function registerBriefingRoutes(app: FastifyInstance, db: Db) {
  app.get<{ Params: { id: string } }>('/api/briefings/:id', async (req, reply) => {
    const ctx = await contextForSession(db, req.cookies[SESSION_COOKIE], { ip: req.ip });
    if (!ctx.user) return reply.code(401).send({ error: { code: 'UNAUTHORIZED', message: LOGIN_REQUIRED } });
    const file = /^[0-9a-f-]{36}$/.test(req.params.id) ? await briefingFile(db, req.params.id) : undefined;
    if (!file)
      return reply
        .code(404)
        .send({ error: { code: 'NOT_FOUND', message: `没有这份简报 / No briefing '${req.params.id}'` } });
    return reply
      .type(MIME[file.format])
      .header('content-disposition', contentDisposition(file.fileName, `briefing-${file.period}.${file.format}`))
      .header('cache-control', 'private, no-store')
      .header('etag', `"${file.sha256}"`)
      .send(Buffer.from(file.file));
  });
}
