// Exports as plain GET routes beside tRPC (binary bodies and download headers, as for templates in
// server/upload/routes.ts). Public reads, like the board:
//   /api/charts/:planId/:code.(png|svg)?period=&lang=        one chart as an image
//   /api/charts/:planId/:code/data.(xlsx|csv)?period=&lang=  the numbers behind it
//   /api/exports/:planId/indicators.(xlsx|csv)?period=&lang=&section=&unit=&role=&status=&group=&kind=&q=
// Errors answer { error: { code, message } } with a 4xx and a Chinese + English message.
// Each client (address) may ask for IMAGES_PER_MINUTE images and EXPORTS_PER_MINUTE data files a
// minute; images are rasterised in the chart pool's threads and, like data files, kept until the
// data changes (cachedAnswer), so six clients on one chart cost one render, not six a second.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyInstance } from 'fastify';
import { boardReadAllowed } from '../auth/http';
import { overRateLimit, type RateLimitCheck } from '../auth/refusal-hold';
import { svgToPngInPool } from '../briefings/chart-pool';
import { today } from '../clock';
import { cachedAnswer } from '../db/answer-cache';
import type { Db } from '../db/connect';
import { DEFAULT_CHART_SIZE } from '../render/chart-size';
import { contentDisposition } from '../upload/template';
import { chartExport } from './chart';
import { exportFilters, planData } from './plan-data';
import { ExportError, exportLang, exportPeriod, exportPlan } from './request';
import { CSV_TYPE, sheetCsv, sheetXlsx, XLSX_TYPE, type SheetDoc } from './sheet';

type Query = Record<string, string | undefined>;
type Params = Record<string, string | undefined>;

const CODE = /^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/;

export const IMAGES_PER_MINUTE = 30;
export const EXPORTS_PER_MINUTE = 20;

function parseFile(file: string | undefined, stem: RegExp, formats: string[]): { stem: string; format: string } {
  const m = /^(.+)\.([a-z]+)$/.exec(file ?? '');
  if (!m || !stem.test(m[1]!) || !formats.includes(m[2]!))
    throw new ExportError(
      400,
      `不支持的文件“${file ?? ''}”，可选格式：${formats.join('、')} / Unsupported file '${file ?? ''}'; formats: ${formats.join(', ')}`,
    );
  return { stem: m[1]!, format: m[2]! };
}

function checkCode(code: string | undefined): string {
  if (!code || !CODE.test(code))
    throw new ExportError(
      400,
      `指标或任务代码不正确：“${code ?? ''}” / Not an indicator or task code: '${code ?? ''}'`,
    );
  return code;
}

async function sendSheet(reply: FastifyReply, body: Buffer, format: string, fileStem: string, asciiStem: string) {
  const csv = format === 'csv';
  return reply
    .type(csv ? CSV_TYPE : XLSX_TYPE)
    .header('content-disposition', contentDisposition(`${fileStem}.${format}`, `${asciiStem}.${format}`))
    .header('cache-control', 'no-store')
    .send(body);
}

function sendError(req: FastifyRequest, reply: FastifyReply, err: unknown) {
  if (err instanceof ExportError)
    return reply
      .code(err.status)
      .send({ error: { code: err.status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST', message: err.message } });
  req.log.error({ err }, 'export route failed');
  return reply
    .code(500)
    .send({ error: { code: 'INTERNAL_SERVER_ERROR', message: '服务器内部错误 / Internal server error' } });
}

const sheetBytes = (doc: SheetDoc, format: string) =>
  format === 'csv' ? Promise.resolve(sheetCsv(doc)) : sheetXlsx(doc);

export function registerExportRoutes(app: FastifyInstance, db: Db, publicBoard: boolean) {
  const imageRate = app.createRateLimit({ max: IMAGES_PER_MINUTE, timeWindow: 60_000 });
  const exportRate = app.createRateLimit({ max: EXPORTS_PER_MINUTE, timeWindow: 60_000 });
  const overLimit = async (check: RateLimitCheck, req: FastifyRequest, reply: FastifyReply) => {
    const limit = await overRateLimit(check, req, reply);
    if (!limit) return false;
    await reply
      .code(429)
      .header('retry-after', String(limit.ttlInSeconds))
      .send({
        error: {
          code: 'TOO_MANY_REQUESTS',
          message: `下载过于频繁，请 ${limit.ttlInSeconds} 秒后再试 / Too many downloads from this address; try again in ${limit.ttlInSeconds} s`,
        },
      });
    return true;
  };

  app.get('/api/charts/:planId/:file', async (req, reply) => {
    if (!(await boardReadAllowed(db, publicBoard, req, reply))) return reply;
    try {
      if (await overLimit(imageRate, req, reply)) return reply;
      const params = req.params as Params;
      const query = req.query as Query;
      const { stem: code, format } = parseFile(params.file, CODE, ['png', 'svg']);
      const lang = exportLang(query.lang);
      const plan = await exportPlan(db, params.planId ?? '');
      const period = await exportPeriod(db, plan, query.period);
      const { chart, body } = await cachedAnswer(
        db,
        `export-image|${plan.id}|${code}|${period ?? ''}|${lang}|${format}|${today()}`,
        async () => {
          const chart = await chartExport(db, plan, code, period, lang);
          const { renderChartSvg } = await import('../render/chart-svg');
          const svg = renderChartSvg(chart.option, DEFAULT_CHART_SIZE);
          // resvg takes ~150 ms of CPU a chart: in the pool's threads, not on the event loop.
          const body =
            format === 'svg'
              ? svg
              : Buffer.from(await svgToPngInPool({ svg, width: DEFAULT_CHART_SIZE.width, pixelRatio: 2 }));
          return { chart, body };
        },
      );
      return reply
        .type(format === 'svg' ? 'image/svg+xml; charset=utf-8' : 'image/png')
        .header(
          'content-disposition',
          contentDisposition(`${chart.fileStem}.${format}`, `${chart.asciiStem}.${format}`),
        )
        .header('cache-control', 'no-store')
        .send(body);
    } catch (err) {
      return sendError(req, reply, err);
    }
  });

  app.get('/api/charts/:planId/:code/:file', async (req, reply) => {
    if (!(await boardReadAllowed(db, publicBoard, req, reply))) return reply;
    try {
      if (await overLimit(exportRate, req, reply)) return reply;
      const params = req.params as Params;
      const query = req.query as Query;
      const code = checkCode(params.code);
      const { format } = parseFile(params.file, /^data$/, ['xlsx', 'csv']);
      const lang = exportLang(query.lang);
      const plan = await exportPlan(db, params.planId ?? '');
      const period = await exportPeriod(db, plan, query.period);
      const chart = await chartExport(db, plan, code, period, lang);
      const suffix = lang === 'zh' ? '数据' : 'data';
      const body = await sheetBytes(chart.data, format);
      return await sendSheet(reply, body, format, `${chart.fileStem} ${suffix}`, `${chart.asciiStem}-data`);
    } catch (err) {
      return sendError(req, reply, err);
    }
  });

  app.get('/api/exports/:planId/:file', async (req, reply) => {
    if (!(await boardReadAllowed(db, publicBoard, req, reply))) return reply;
    try {
      if (await overLimit(exportRate, req, reply)) return reply;
      const params = req.params as Params;
      const query = req.query as Query;
      const { format } = parseFile(params.file, /^indicators$/, ['xlsx', 'csv']);
      const lang = exportLang(query.lang);
      const plan = await exportPlan(db, params.planId ?? '');
      const period = await exportPeriod(db, plan, query.period);
      const filters = exportFilters(query);
      const { data, body } = await cachedAnswer(
        db,
        `export-data|${plan.id}|${period ?? ''}|${lang}|${format}|${JSON.stringify(filters)}|${today()}`,
        async () => {
          const data = await planData(db, plan, period, lang, filters);
          return { data, body: await sheetBytes(data, format) };
        },
      );
      return await sendSheet(reply, body, format, data.fileStem, data.asciiStem);
    } catch (err) {
      return sendError(req, reply, err);
    }
  });
}
