import { TRPCError } from '@trpc/server';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { DeliveryError, sendMail, sendRobot } from '../notices/channels';
import { reportingReminders } from '../notices/events';
import { noticeRuntime } from '../notices/start';
import { writeAudit } from '../queries/audit';
import {
  channelSaveInput,
  channelTarget,
  inbox,
  listChannels,
  listOutbox,
  mailStatus,
  markRead,
  mySettings,
  mySettingsInput,
  noticeAttempts,
  outboxInput,
  removeChannel,
  retryOrCancel,
  saveChannel,
  saveMySettings,
  saveNoticeSchedule,
  scheduleSaveInput,
  noticeSchedule,
} from '../queries/notices';
import { adminProcedure, authedProcedure, roleProcedure, router, type Context } from '../trpc';

const id = z.number().int().positive();
const planId = z.string().min(1).max(100);
const by = (ctx: Context & { user: { id: number } }) => ({ actorId: ctx.user.id, ip: ctx.ip, now: ctx.now() });

const testMessage = (name: string) => ({
  key: `test:${randomUUID()}`,
  subject: '【测试】方案监测通知测试',
  body: `这是一条测试消息，发往${name}。收到即表示配置正确。`,
  link: null,
});

/** A delivery problem is the administrator's to fix: a clear message, never a 500. */
async function tryDelivery(send: () => Promise<void>) {
  try {
    await send();
    return { sent: true };
  } catch (err) {
    if (err instanceof DeliveryError) throw new TRPCError({ code: 'BAD_REQUEST', message: err.message });
    throw err;
  }
}

export const noticesRouter = router({
  inbox: authedProcedure.query(({ ctx }) => inbox(ctx.db, ctx.user.id)),
  markRead: authedProcedure
    .input(z.object({ ids: z.array(id).max(500).optional() }))
    .mutation(({ ctx, input }) => markRead(ctx.db, ctx.user.id, input.ids ?? 'all', ctx.now())),
  mySettings: authedProcedure.query(({ ctx }) => mySettings(ctx.db, ctx.user)),
  saveMySettings: authedProcedure
    .input(mySettingsInput)
    .mutation(({ ctx, input }) => saveMySettings(ctx.db, ctx.user, input)),
  testEmail: authedProcedure.mutation(async ({ ctx }) => {
    const mail = noticeRuntime()?.mail ?? null;
    if (!mail) throw new TRPCError({ code: 'BAD_REQUEST', message: '服务器未配置邮件（SMTP_URL），请联系管理员' });
    const { email } = await mySettings(ctx.db, ctx.user);
    if (!email) throw new TRPCError({ code: 'BAD_REQUEST', message: '请先填写并保存您的邮箱地址' });
    return tryDelivery(() => sendMail(mail, email, testMessage(email)));
  }),
  schedule: adminProcedure.input(z.object({ planId })).query(({ ctx, input }) => noticeSchedule(ctx.db, input.planId)),
  saveSchedule: adminProcedure
    .input(scheduleSaveInput)
    .mutation(({ ctx, input }) => saveNoticeSchedule(ctx.db, input, by(ctx))),
  mailStatus: adminProcedure.query(() => mailStatus(noticeRuntime()?.mail ?? null)),
  channels: adminProcedure.input(z.object({ planId })).query(({ ctx, input }) => listChannels(ctx.db, input.planId)),
  saveChannel: adminProcedure.input(channelSaveInput).mutation(({ ctx, input }) => saveChannel(ctx.db, input, by(ctx))),
  removeChannel: adminProcedure
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => removeChannel(ctx.db, input.id, by(ctx))),
  testChannel: adminProcedure.input(z.object({ id })).mutation(async ({ ctx, input }) => {
    const target = await channelTarget(ctx.db, input.id);
    return tryDelivery(() => sendRobot(target, testMessage('本群'), ctx.now()));
  }),
  outbox: adminProcedure.input(outboxInput).query(({ ctx, input }) => listOutbox(ctx.db, input)),
  attempts: adminProcedure.input(z.object({ id })).query(({ ctx, input }) => noticeAttempts(ctx.db, input.id)),
  retry: adminProcedure.input(z.object({ id })).mutation(async ({ ctx, input }) => {
    const done = await retryOrCancel(ctx.db, input.id, 'retry', by(ctx));
    noticeRuntime()?.kick();
    return done;
  }),
  cancel: adminProcedure
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => retryOrCancel(ctx.db, input.id, 'cancel', by(ctx))),
  /** 催报's 提醒: remind one unit or every late one now, whatever the schedule; audited. */
  remindNow: roleProcedure('admin', 'leader', 'approver')
    .input(z.object({ planId, unitCodes: z.array(z.string().min(1).max(100)).max(500).optional() }))
    .mutation(async ({ ctx, input }) => {
      const own = ctx.user.role === 'approver' ? ctx.user.units.map((u) => u.code) : null;
      const asked = input.unitCodes ?? own ?? undefined;
      if (own && asked?.some((c) => !own.includes(c)))
        throw new TRPCError({ code: 'FORBIDDEN', message: '只能提醒您负责审核的单位' });
      const at = ctx.now();
      const result = await reportingReminders(ctx.db, input.planId, {
        ...(asked ? { unitCodes: asked } : {}),
        force: `${input.planId}:${at.toISOString()}:${ctx.user.id}`,
      });
      await writeAudit(ctx.db, {
        actorId: ctx.user.id,
        ip: ctx.ip,
        at,
        action: 'chase.reminded',
        entity: 'plan',
        entityKey: input.planId,
        detail: { unitCodes: input.unitCodes ?? 'all late', units: result.units, notices: result.notices },
      });
      noticeRuntime()?.kick();
      return result;
    }),
});
