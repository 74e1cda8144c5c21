// GET /api/receipts/<id>.xlsx — a receipt (回执) as a spreadsheet, for whoever may read it (the
// session cookie, as for the briefings). Built when asked from the stored receipt; every text
// cell goes through safeCell (sheet.ts). Errors answer { error: { code, message } } in Chinese.
import { TRPCError } from '@trpc/server';
import type { FastifyInstance } from 'fastify';
import { formatPeriod } from '../../shared/format';
import {
  ITEM_STATE_LABEL,
  beijingTime,
  receiptCountsText,
  receiptSourceText,
  receiptState,
} from '../../shared/receipt';
import { MILESTONE_STATE_LABEL } from '../../shared/status-style';
import { SESSION_COOKIE, contextForSession } from '../auth/sessions';
import type { Db } from '../db/connect';
import { readReceipt, type ReceiptView } from '../queries/receipts';
import { LOGIN_REQUIRED } from '../trpc';
import { contentDisposition } from '../upload/template';
import { XLSX_TYPE, sheetXlsx } from './sheet';

const STATUS = { NOT_FOUND: 404, FORBIDDEN: 403, BAD_REQUEST: 400 } as const;

export function receiptXlsx(r: ReceiptView): Promise<Buffer> {
  const state = (s: string | null) =>
    s === null ? '' : (MILESTONE_STATE_LABEL[s as keyof typeof MILESTONE_STATE_LABEL]?.zh ?? s);
  return sheetXlsx({
    sheetName: '报送回执',
    title: `报送回执 ${r.id}`,
    notes: [
      `报送月份：${formatPeriod(r.period, 'zh')}`,
      `报送单位：${r.units.join('、')}`,
      `报送人：${r.submittedBy.displayName}（${r.submittedBy.username}）`,
      `提交时间：${beijingTime(r.createdAt)}`,
      `来源：${receiptSourceText(r)}`,
      `数量：${receiptCountsText(r)}`,
      `状态：${receiptState(r.pending)}`,
      ...(r.reason ? [`修改原因：${r.reason}`] : []),
    ],
    columns: ['编号', '指标或任务', '单位', '责任单位', '月份', '原值', '新值', '提交时状态', '当前状态', '审核意见'],
    widths: [12, 40, 10, 16, 10, 14, 14, 12, 12, 30],
    rows: r.items.map((i) => [
      i.code,
      i.name,
      i.unit,
      i.unitName,
      formatPeriod(i.period, 'zh'),
      i.kind === 'figure' ? i.oldValue : state(i.oldState),
      i.kind === 'figure' ? i.newValue : state(i.newState),
      ITEM_STATE_LABEL[i.stateAtCommit].zh,
      ITEM_STATE_LABEL[i.state].zh,
      i.comment ?? '',
    ]),
  });
}

export function registerReceiptRoutes(app: FastifyInstance, db: Db) {
  app.get<{ Params: { file: string } }>('/api/receipts/:file', async (req, reply) => {
    const ctx = await contextForSession(db, req.cookies[SESSION_COOKIE], { ip: req.ip });
    if (!ctx.user) return reply.code(401).send({ error: { code: 'UNAUTHORIZED', message: LOGIN_REQUIRED } });
    const id = /^([0-9a-f-]{36})\.xlsx$/.exec(req.params.file)?.[1];
    if (!id)
      return reply
        .code(404)
        .send({ error: { code: 'NOT_FOUND', message: '回执只能下载为 .xlsx（/api/receipts/<编号>.xlsx）' } });
    try {
      const receipt = await readReceipt(db, id, ctx.user, undefined);
      return reply
        .type(XLSX_TYPE)
        .header(
          'content-disposition',
          contentDisposition(`报送回执-${receipt.period}-${id.slice(0, 8)}.xlsx`, `receipt-${id.slice(0, 8)}.xlsx`),
        )
        .header('cache-control', 'private, no-store')
        .send(await receiptXlsx(receipt));
    } catch (err) {
      if (err instanceof TRPCError && err.code in STATUS)
        return reply
          .code(STATUS[err.code as keyof typeof STATUS])
          .send({ error: { code: err.code, message: err.message } });
      throw err;
    }
  });
}
