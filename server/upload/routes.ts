// The two binary endpoints of uploads, as plain Fastify routes beside tRPC: the template download
// (GET /api/templates) and the dry run of an uploaded file (POST /api/uploads/preview, multipart).
// The commit is JSON and goes through tRPC (upload.commit). Errors answer { error: { code, message } }.
import fastifyMultipart from '@fastify/multipart';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { periodOfDate } from '../../shared/period';
import { periodSchema } from '../../shared/plan-schema';
import { SESSION_COOKIE, contextForSession } from '../auth/sessions';
import type { Db } from '../db/connect';
import { today } from '../clock';
import { findPlan } from '../queries/plan';
import { assertUnitScope } from '../auth/unit-scope';
import { LOGIN_REQUIRED } from '../trpc';
import { MAX_FILE_BYTES, MAX_FILE_NAME_CHARS } from './limits';
import { refusals } from './messages';
import { startPreview } from './preview';
import { UploadRefusal } from './refusal';
import { errorFile, ERROR_FILE_TYPES } from './error-file';
import { recordUpload, uploadErrorLines } from './store';
import { contentDisposition, templateCsv, templateData, templateXlsx } from './template';
import { progressReporter } from './progress';
import { parseInWorker } from './worker-pool';
import { nextTurn } from '../next-turn';
import { timeImport } from '../ops/metrics';

const UPLOAD_ROLES = new Set(['statistician', 'admin']);
const ROLE_MESSAGE = '只有统计员和管理员可以下载模板和上传数据 / Only statisticians and admins may upload figures';

async function uploader(db: Db, req: FastifyRequest) {
  const ctx = await contextForSession(db, req.cookies[SESSION_COOKIE], { ip: req.ip });
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: LOGIN_REQUIRED });
  if (!UPLOAD_ROLES.has(ctx.user.role)) throw new TRPCError({ code: 'FORBIDDEN', message: ROLE_MESSAGE });
  return { ...ctx, user: ctx.user };
}

function checkPeriod(period: string | undefined): string {
  const parsed = periodSchema.safeParse(period);
  if (!parsed.success) throw new UploadRefusal('bad_request', refusals.badPeriod());
  if (parsed.data > periodOfDate(today())) throw new UploadRefusal('bad_request', refusals.futurePeriod(parsed.data));
  return parsed.data;
}

async function planOf(db: Db, planId: string | undefined) {
  const plan = planId ? await findPlan(db, planId) : null;
  if (!plan) throw new TRPCError({ code: 'NOT_FOUND', message: refusals.noPlan(planId ?? '') });
  return plan;
}

/** Multipart limit errors from @fastify/multipart, as refusals. */
function multipartRefusal(err: unknown): UploadRefusal | null {
  const code = (err as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return new UploadRefusal('too_large', refusals.tooLarge());
  if (code === 'FST_FILES_LIMIT') return new UploadRefusal('bad_request', refusals.oneFileOnly());
  // Not multipart at all: Fastify's own 415 for a type nobody parses, the plugin's for JSON or text.
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE' || code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return new UploadRefusal('missing_file', refusals.notMultipart());
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT')
    return new UploadRefusal('bad_request', refusals.formFields());
  if (code === 'FST_PROTO_VIOLATION') return new UploadRefusal('bad_request', refusals.missingFile());
  // The body ended before the closing boundary (connection dropped, or a client cut it short).
  if (
    code === 'FST_MP_PREMATURE_CLOSE' ||
    /unexpected end of (multipart data|form)/i.test(String((err as Error).message))
  )
    return new UploadRefusal('bad_request', refusals.incomplete());
  return null;
}

function sendError(reply: FastifyReply, err: unknown, log: FastifyInstance['log']) {
  const refusal = err instanceof UploadRefusal ? err : multipartRefusal(err);
  if (refusal) return reply.code(refusal.status).send({ error: refusal.toJSON() });
  if (err instanceof TRPCError)
    return reply.code(getHTTPStatusCodeFromError(err)).send({ error: { code: err.code, message: err.message } });
  log.error({ err }, 'upload route failed');
  return reply
    .code(500)
    .send({ error: { code: 'INTERNAL_SERVER_ERROR', message: '服务器内部错误 / Internal server error' } });
}

const templateQuery = z.object({
  plan: z.string().min(1).max(100),
  unit: z.string().min(1).max(100),
  period: z.string().max(20),
  format: z.enum(['xlsx', 'csv']).default('xlsx'),
});

interface UploadForm {
  file: { name: string; bytes: Buffer } | null;
  fields: Record<string, string>;
}

async function readForm(req: FastifyRequest): Promise<UploadForm> {
  const form: UploadForm = { file: null, fields: {} };
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      if (form.file) throw new UploadRefusal('bad_request', refusals.oneFileOnly());
      form.file = { name: part.filename, bytes: await part.toBuffer() };
    } else if (typeof part.value === 'string') form.fields[part.fieldname] = part.value;
  }
  return form;
}

const errorFileParams = z.object({ id: z.string().uuid(), file: z.enum(['errors.csv', 'errors.xlsx']) });

export async function registerUploadRoutes(app: FastifyInstance, db: Db) {
  /** Users with a file being checked now: one each (in this process), so nobody can queue up five. */
  const checking = new Set<number>();

  app.get('/api/uploads/:id/:file', async (req, reply) => {
    try {
      const ctx = await uploader(db, req);
      const params = errorFileParams.safeParse(req.params);
      if (!params.success) throw new UploadRefusal('bad_request', '错误清单只能下载为 xlsx 或 csv / xlsx or csv only');
      const found = await uploadErrorLines(db, params.data.id, ctx.user.id);
      if (!found)
        throw new TRPCError({
          code: 'NOT_FOUND',
          message: '没有这次上传的错误清单（已过期或没有错误），请重新上传 / No error list for this upload',
        });
      const format = params.data.file === 'errors.csv' ? 'csv' : 'xlsx';
      const file = await errorFile(found, format);
      return reply
        .type(ERROR_FILE_TYPES[format])
        .header('content-disposition', contentDisposition(file.fileName, file.asciiName))
        .header('cache-control', 'no-store')
        .send(file.body);
    } catch (err) {
      return sendError(reply, err, req.log);
    }
  });

  app.get('/api/templates', async (req, reply) => {
    try {
      const ctx = await uploader(db, req);
      const q = templateQuery.safeParse(req.query);
      if (!q.success)
        throw new UploadRefusal('bad_request', '请给出方案、单位和报告期 / plan, unit and period are required');
      const plan = await planOf(db, q.data.plan);
      const period = checkPeriod(q.data.period);
      const unit = await db
        .selectFrom('units')
        .select(['id', 'code', 'name'])
        .where('code', '=', q.data.unit)
        .executeTakeFirst();
      if (!unit)
        throw new TRPCError({ code: 'NOT_FOUND', message: `没有单位“${q.data.unit}” / No unit '${q.data.unit}'` });
      await assertUnitScope(ctx, [unit.id]);
      const data = await templateData(db, plan.id, unit, period);
      if (data.rows.length === 0)
        throw new TRPCError({
          code: 'NOT_FOUND',
          message: `${unit.name}在${period}没有需要报送的指标 / ${unit.code} has no indicator due for ${period}`,
        });
      const csv = q.data.format === 'csv';
      const body = csv ? templateCsv(data) : await templateXlsx(data);
      const ext = csv ? 'csv' : 'xlsx';
      return reply
        .type(csv ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', contentDisposition(`${data.fileStem}.${ext}`, `${data.asciiStem}.${ext}`))
        .header('cache-control', 'no-store')
        .send(body);
    } catch (err) {
      return sendError(reply, err, req.log);
    }
  });

  // Multipart only here: the tRPC plugin keeps its own content-type parsers in its scope.
  await app.register(async (scope) => {
    // Errors raised before the handler runs (an unparsed content type) answer in the same shape.
    scope.setErrorHandler((err, req, reply) => sendError(reply, err, req.log));
    await scope.register(fastifyMultipart, {
      limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 10, fieldSize: 1024, parts: 12 },
    });
    scope.post('/api/uploads/preview', async (req, reply) => {
      let userId: number | null = null;
      try {
        const ctx = await uploader(db, req);
        if (checking.has(ctx.user.id)) throw new UploadRefusal('checking', refusals.checking());
        checking.add((userId = ctx.user.id));
        const form = await readForm(req);
        const query = req.query as Record<string, string | undefined>;
        const field = (name: string) => form.fields[name] ?? query[name];
        const plan = await planOf(db, field('plan'));
        const period = checkPeriod(field('period'));
        if (!form.file) throw new UploadRefusal('missing_file', refusals.missingFile());
        const { bytes } = form.file;
        const fileName = (form.file.name.split(/[\\/]/).pop() || 'upload').slice(0, MAX_FILE_NAME_CHARS);
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        const fileSize = bytes.length;
        const progress = progressReporter(field('progress'), ctx.user.id);
        progress('parsing');
        await nextTurn(); // after reading and hashing the body, before the dry run's first reads
        // What the checks need from the store is read before the file: each chunk of records is
        // then interpreted as it arrives, while the worker reads the next.
        const preview = await timeImport('preview', async () => {
          const check = await startPreview(db, {
            planId: plan.id,
            period,
            approvalRequired: plan.approvalRequired === 1,
            user: ctx.user,
            onProgress: (done, total) => progress('checking', done, total),
          });
          // The body's buffer moves to the worker (not copied: a file's worth of memory less at the
          // peak); `bytes` is empty from here on.
          const parsed = await parseInWorker(
            { bytes, report: period, sheet: field('sheet')?.trim() || null },
            (rows, columns) => check.add(rows, columns),
          );
          const { rows, unlisted, errorKinds, errorLines, summary, writes } = await check.finish(parsed);
          return recordUpload(db, {
            planId: plan.id,
            userId: ctx.user.id,
            period,
            fileName,
            fileSize,
            sha256,
            parsed,
            rows,
            unlisted,
            errorKinds,
            errorLines,
            summary,
            writes,
            now: ctx.now(),
          });
        });
        progress('done', preview.summary.rows, preview.summary.rows);
        return reply.send(preview);
      } catch (err) {
        return sendError(reply, err, req.log);
      } finally {
        if (userId !== null) checking.delete(userId);
      }
    });
  });
}
