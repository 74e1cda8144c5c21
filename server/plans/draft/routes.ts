// POST /api/plan-drafts?name=<file name>: an administrator uploads a plan's text (.txt or .docx,
// the file's bytes as the body); the answer is the new draft's id, or { error: { code, message } }
// with a Chinese message, and nothing is stored. Review and publishing go through tRPC (planDrafts).
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { unitKinds } from '../../../shared/plan-schema';
import { SESSION_COOKIE, contextForSession } from '../../auth/sessions';
import type { Db } from '../../db/connect';
import { insertPlanDraft } from '../../queries/plan-drafts';
import { LOGIN_REQUIRED } from '../../trpc';
import { draftPlan, DraftError } from './draft';
import { MAX_PLAN_FILE_BYTES, readPlanFile } from './read-file';

const unitKindSchema = z.enum(unitKinds);
const tooLarge = `文件过大，方案文件不应超过 ${MAX_PLAN_FILE_BYTES / 1024 / 1024} MB`;

export async function registerPlanDraftRoutes(app: FastifyInstance, db: Db): Promise<void> {
  await app.register((scope, _opts, registered) => {
    // Any body type is taken as the file's bytes, up to the limit; larger bodies are cut off unread.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_PLAN_FILE_BYTES }, (_req, body, done) =>
      done(null, body),
    );
    scope.setErrorHandler((err: { code?: string; statusCode?: number }, req, reply) => {
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
        return reply.code(413).send({ error: { code: 'PAYLOAD_TOO_LARGE', message: tooLarge } });
      req.log.error({ err }, 'plan draft upload failed');
      return reply
        .code(500)
        .send({ error: { code: 'INTERNAL_SERVER_ERROR', message: '服务器内部错误 / Internal server error' } });
    });
    scope.post('/api/plan-drafts', async (req, reply) => {
      const ctx = await contextForSession(db, req.cookies[SESSION_COOKIE], { ip: req.ip });
      if (!ctx.user) return reply.code(401).send({ error: { code: 'UNAUTHORIZED', message: LOGIN_REQUIRED } });
      if (ctx.user.role !== 'admin')
        return reply
          .code(403)
          .send({ error: { code: 'FORBIDDEN', message: '只有管理员可以导入方案 / Only admins may load a plan' } });
      const name =
        z
          .string()
          .catch('plan.txt')
          .parse((req.query as { name?: unknown }).name)
          .slice(0, 200) || 'plan.txt';
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      try {
        const text = await readPlanFile(body, name);
        const rows = await db.selectFrom('units').select(['code', 'name', 'nameEn', 'kind']).execute();
        const registry = rows.map((u) => ({ ...u, kind: unitKindSchema.catch('department').parse(u.kind) }));
        const draft = draftPlan(text, { file: name, registry });
        draft.id = `plan-${draft.issuedOn.slice(0, 4)}-${randomUUID().slice(0, 4)}`;
        const id = await insertPlanDraft(db, {
          fileName: name,
          sourceText: text,
          draft,
          createdBy: ctx.user.id,
          at: new Date().toISOString(),
        });
        return { id };
      } catch (err) {
        if (err instanceof DraftError)
          return reply.code(400).send({ error: { code: 'BAD_REQUEST', message: err.message } });
        throw err;
      }
    });
    registered();
  });
}
