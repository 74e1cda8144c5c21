// Reading and changing notice settings, the inbox and the outbox. Secrets and webhook URLs are
// stored as given and never returned to a page in full nor written to the audit log.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import {
  DEFAULT_SCHEDULE,
  NOTICE_EVENTS,
  NOTICE_EVENT_INFO,
  ROBOT_INFO,
  emailSchema,
  maskSecret,
  noticeScheduleSchema,
  robotChannelSchema,
  type NoticeEvent,
  type NoticeSchedule,
} from '../../shared/notices';
import type { Db } from '../db/connect';
import { redactUrl } from '../db/postgres-url';
import { subscriptionOf } from '../notices/outbox';
import { writeAudit } from './audit';
import type { ChangeMeta, SessionUser } from './users';

const planId = z.string().min(1).max(100);
const id = z.number().int().positive();

export const channelSaveInput = robotChannelSchema.extend({ planId, id: id.optional() });
export const mySettingsInput = z.object({
  email: emailSchema,
  subscriptions: z.array(z.object({ event: z.enum(NOTICE_EVENTS), email: z.boolean(), inbox: z.boolean() })).max(20),
});
export const scheduleSaveInput = noticeScheduleSchema.extend({ planId });
export const outboxInput = z.object({
  status: z.enum(['pending', 'sent', 'failed', 'cancelled']).optional(),
  limit: z.number().int().min(1).max(500).default(100),
});

const auditBy = (meta: ChangeMeta) => ({ actorId: meta.actorId, ip: meta.ip ?? null, at: meta.now });

/** A webhook URL as a page may see it: scheme, host and path, the token in the query masked. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    const path = u.pathname.length > 24 ? `${u.pathname.slice(0, 20)}…` : u.pathname;
    return `${u.protocol}//${u.host}${path}${u.search ? '?••••' : ''}`;
  } catch {
    return '••••';
  }
}

export async function listChannels(db: Db, plan: string) {
  const rows = await db.selectFrom('noticeChannels').selectAll().where('planId', '=', plan).orderBy('id').execute();
  return rows.map((c) => ({
    id: c.id,
    planId: c.planId,
    kind: c.kind,
    name: c.name,
    url: maskUrl(c.url),
    secret: maskSecret(c.secret),
    events: JSON.parse(c.events) as NoticeEvent[],
    enabled: c.enabled === 1,
    updatedAt: c.updatedAt,
  }));
}

export async function saveChannel(db: Db, input: z.infer<typeof channelSaveInput>, meta: ChangeMeta) {
  const host = new URL(input.url).host;
  const expected = ROBOT_INFO[input.kind].host;
  // A loopback host is allowed for a self-hosted relay and for the tests' receivers.
  if (host !== expected && !/^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(host) && !host.endsWith(`.${expected}`))
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: `这不是${ROBOT_INFO[input.kind].zh}的地址：应以 https://${expected}/ 开头，请在群机器人设置里复制 Webhook 地址`,
    });
  if (input.kind === 'wecom' && input.secret)
    throw new TRPCError({ code: 'BAD_REQUEST', message: '企业微信群机器人没有签名密钥，请清空“密钥”一栏' });
  const at = (meta.now ?? new Date()).toISOString();
  const values = {
    planId: input.planId,
    kind: input.kind,
    name: input.name,
    url: input.url,
    events: JSON.stringify(input.events),
    enabled: input.enabled ? 1 : 0,
    updatedAt: at,
  };
  // An omitted secret keeps the stored one; an empty one removes it.
  const secret = input.secret === undefined ? {} : { secret: input.secret === '' ? null : input.secret };
  return db.transaction().execute(async (trx) => {
    let channelId = input.id;
    if (channelId === undefined) {
      const row = await trx
        .insertInto('noticeChannels')
        .values({ ...values, secret: null, ...secret, createdAt: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      channelId = row.id;
    } else {
      const done = await trx
        .updateTable('noticeChannels')
        .set({ ...values, ...secret })
        .where('id', '=', channelId)
        .where('planId', '=', input.planId)
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) === 0)
        throw new TRPCError({ code: 'NOT_FOUND', message: `没有这个群机器人 / No channel #${channelId}` });
    }
    await writeAudit(trx, {
      ...auditBy(meta),
      action: input.id === undefined ? 'notice.channel.created' : 'notice.channel.updated',
      entity: 'noticeChannel',
      entityKey: String(channelId),
      // Never the URL's token nor the secret.
      detail: {
        kind: input.kind,
        name: input.name,
        events: input.events,
        enabled: input.enabled,
        secretChanged: input.secret !== undefined,
      },
    });
    return { id: channelId };
  });
}

export async function removeChannel(db: Db, channelId: number, meta: ChangeMeta) {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('noticeOutbox')
      .set({ status: 'cancelled', lastError: '群机器人已删除' })
      .where('channelId', '=', channelId)
      .where('status', '=', 'pending')
      .execute();
    await trx.deleteFrom('noticeChannels').where('id', '=', channelId).execute();
    await writeAudit(trx, {
      ...auditBy(meta),
      action: 'notice.channel.removed',
      entity: 'noticeChannel',
      entityKey: String(channelId),
    });
  });
  return { removed: true };
}

export async function channelTarget(db: Db, channelId: number) {
  const c = await db
    .selectFrom('noticeChannels')
    .select(['kind', 'url', 'secret', 'planId'])
    .where('id', '=', channelId)
    .executeTakeFirst();
  if (!c) throw new TRPCError({ code: 'NOT_FOUND', message: `没有这个群机器人 / No channel #${channelId}` });
  return c;
}

export async function mySettings(db: Db, user: SessionUser) {
  const row = await db.selectFrom('users').select('email').where('id', '=', user.id).executeTakeFirstOrThrow();
  const events = NOTICE_EVENTS.filter((e) => NOTICE_EVENT_INFO[e].roles.includes(user.role));
  const subscriptions = [];
  for (const event of events) subscriptions.push({ event, ...(await subscriptionOf(db, user.id, event)) });
  return { email: row.email ?? '', subscriptions };
}

export async function saveMySettings(db: Db, user: SessionUser, input: z.infer<typeof mySettingsInput>) {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ email: input.email === '' ? null : input.email })
      .where('id', '=', user.id)
      .execute();
    for (const s of input.subscriptions) {
      const values = { email: s.email ? 1 : 0, inbox: s.inbox ? 1 : 0 };
      await trx
        .insertInto('noticeSubscriptions')
        .values({ userId: user.id, event: s.event, ...values })
        .onConflict((oc) => oc.columns(['userId', 'event']).doUpdateSet(values))
        .execute();
    }
  });
  return mySettings(db, user);
}

export async function inbox(db: Db, userId: number) {
  const items = await db
    .selectFrom('inbox')
    .select(['id', 'event', 'title', 'body', 'link', 'createdAt', 'readAt'])
    .where('userId', '=', userId)
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
  const unread = await db
    .selectFrom('inbox')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('userId', '=', userId)
    .where('readAt', 'is', null)
    .executeTakeFirstOrThrow();
  return { unread: Number(unread.n), items };
}

export async function markRead(db: Db, userId: number, ids: number[] | 'all', now: Date) {
  let q = db
    .updateTable('inbox')
    .set({ readAt: now.toISOString() })
    .where('userId', '=', userId)
    .where('readAt', 'is', null);
  if (ids !== 'all') {
    if (ids.length === 0) return { read: 0 };
    q = q.where('id', 'in', ids);
  }
  const done = await q.executeTakeFirst();
  return { read: Number(done.numUpdatedRows) };
}

export async function listOutbox(db: Db, input: z.infer<typeof outboxInput>) {
  let q = db
    .selectFrom('noticeOutbox')
    .leftJoin('users', 'users.id', 'noticeOutbox.userId')
    .select([
      'noticeOutbox.id',
      'noticeOutbox.event',
      'noticeOutbox.channel',
      'noticeOutbox.recipient',
      'noticeOutbox.subject',
      'noticeOutbox.status',
      'noticeOutbox.attempts',
      'noticeOutbox.nextAttemptAt',
      'noticeOutbox.lastError',
      'noticeOutbox.createdAt',
      'noticeOutbox.sentAt',
      'users.displayName as userName',
    ])
    .orderBy('noticeOutbox.id', 'desc')
    .limit(input.limit);
  if (input.status) q = q.where('noticeOutbox.status', '=', input.status);
  const rows = await q.execute();
  const counts = await db
    .selectFrom('noticeOutbox')
    .select(['status', (eb) => eb.fn.countAll().as('n')])
    .groupBy('status')
    .execute();
  return { rows, counts: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])) as Record<string, number> };
}

export async function noticeAttempts(db: Db, noticeId: number) {
  return db
    .selectFrom('noticeAttempts')
    .select(['at', 'ok', 'error'])
    .where('noticeId', '=', noticeId)
    .orderBy('id')
    .execute();
}

/** Send a failed or pending notice again now (attempts start again), or cancel it. */
export async function retryOrCancel(db: Db, noticeId: number, action: 'retry' | 'cancel', meta: ChangeMeta) {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('noticeOutbox').select(['status']).where('id', '=', noticeId).executeTakeFirst();
    if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: `没有这条通知 / No notice #${noticeId}` });
    if (row.status === 'sent')
      throw new TRPCError({ code: 'CONFLICT', message: '这条通知已发送，不能重试或取消 / Already sent' });
    await trx
      .updateTable('noticeOutbox')
      .set(
        action === 'retry'
          ? { status: 'pending', attempts: 0, nextAttemptAt: (meta.now ?? new Date()).toISOString() }
          : { status: 'cancelled' },
      )
      .where('id', '=', noticeId)
      .execute();
    await writeAudit(trx, {
      ...auditBy(meta),
      action: `notice.${action}`,
      entity: 'notice',
      entityKey: String(noticeId),
    });
    return { status: action === 'retry' ? 'pending' : 'cancelled' };
  });
}

export function mailStatus(mail: { smtpUrl: string; from: string } | null) {
  return mail
    ? { configured: true, server: redactUrl(mail.smtpUrl), from: mail.from }
    : { configured: false, server: null, from: null };
}

/** A plan's reminder schedule: the one set on 通知设置, else the defaults. */
export async function noticeSchedule(db: Db, planId: string): Promise<NoticeSchedule> {
  const row = await db
    .selectFrom('noticeSchedules')
    .select(['dueSoonDays', 'overdueEveryDays'])
    .where('planId', '=', planId)
    .executeTakeFirst();
  return row ?? DEFAULT_SCHEDULE;
}

export async function saveNoticeSchedule(db: Db, input: z.infer<typeof scheduleSaveInput>, meta: ChangeMeta) {
  const { planId: plan, ...schedule } = input;
  const known = await db.selectFrom('plans').select('id').where('id', '=', plan).executeTakeFirst();
  if (!known) throw new TRPCError({ code: 'NOT_FOUND', message: `没有这个方案：${plan}` });
  await db.transaction().execute(async (trx) => {
    const before = await noticeSchedule(trx, plan);
    await trx
      .insertInto('noticeSchedules')
      .values({ planId: plan, ...schedule, updatedAt: (meta.now ?? new Date()).toISOString() })
      .onConflict((oc) =>
        oc.column('planId').doUpdateSet({ ...schedule, updatedAt: (meta.now ?? new Date()).toISOString() }),
      )
      .execute();
    await writeAudit(trx, {
      ...auditBy(meta),
      action: 'notice.schedule.updated',
      entity: 'plan',
      entityKey: plan,
      detail: { before, after: schedule },
    });
  });
  return noticeSchedule(db, plan);
}
