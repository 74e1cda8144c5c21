// The outbox's sender: claims due notices with a lease (one UPDATE, which SQLite and PostgreSQL
// both serialise, so two server processes never claim the same row), delivers each, and records
// the attempt. A failure is retried with exponential backoff; after the last attempt the notice
// is `failed` and waits for an administrator (retry or cancel on the outbox page).
//
// Delivery is marked in its own commit right after the send, so a crash can repeat at most the one
// notice whose send had finished but not yet been recorded; its e-mail carries the idempotency key
// as Message-ID so mail systems drop such a copy. A crash leaves the claimed row leased until
// `leaseMs` runs out, then any sender takes it up.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/connect';
import { DeliveryError, sendMail, sendRobot, type MailSettings, type Message } from './channels';

export interface SenderOptions {
  mail: MailSettings | null;
  /** Absolute base of links in messages, e.g. http://localhost:3000. */
  baseUrl: string;
  /** Delay before the first retry; each further one doubles it. */
  retryBaseMs?: number;
  maxAttempts?: number;
  /** How long a claimed notice stays with this sender. */
  leaseMs?: number;
  /** Pause between drains when nothing was due. */
  pollMs?: number;
  log?: (message: string) => void;
}

export const SENDER_DEFAULTS = { retryBaseMs: 30_000, maxAttempts: 8, leaseMs: 60_000, pollMs: 5_000 };

/** When the n-th failed attempt (1-based) is tried again. */
export function retryDelayMs(attempts: number, baseMs: number): number {
  return baseMs * 2 ** Math.max(0, attempts - 1);
}

/** Claim the oldest due notice for `owner`; null when nothing is due. */
async function claimOne(db: Db, owner: string, leaseMs: number) {
  const now = new Date();
  const nowIso = now.toISOString();
  const next = await db
    .selectFrom('noticeOutbox')
    .select('id')
    .where('status', '=', 'pending')
    .where('nextAttemptAt', '<=', nowIso)
    .where((eb) => eb.or([eb('leaseUntil', 'is', null), eb('leaseUntil', '<', nowIso)]))
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  if (!next) return null;
  // The WHERE is checked again against the row as the UPDATE finds it: of two senders only one
  // matches (PostgreSQL re-reads a row another transaction just changed; SQLite has one writer).
  const claimed = await db
    .updateTable('noticeOutbox')
    .set({ leaseOwner: owner, leaseUntil: new Date(now.getTime() + leaseMs).toISOString() })
    .where('id', '=', next.id)
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('leaseUntil', 'is', null), eb('leaseUntil', '<', nowIso)]))
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return 'lost' as const;
  return db
    .selectFrom('noticeOutbox')
    .leftJoin('noticeChannels', 'noticeChannels.id', 'noticeOutbox.channelId')
    .select([
      'noticeOutbox.id',
      'noticeOutbox.key',
      'noticeOutbox.channel',
      'noticeOutbox.recipient',
      'noticeOutbox.subject',
      'noticeOutbox.body',
      'noticeOutbox.link',
      'noticeOutbox.attempts',
      'noticeChannels.url',
      'noticeChannels.secret',
    ])
    .where('noticeOutbox.id', '=', next.id)
    .executeTakeFirstOrThrow();
}

type Claimed = Exclude<Awaited<ReturnType<typeof claimOne>>, null | 'lost'>;

async function deliver(n: Claimed, options: SenderOptions): Promise<void> {
  const message: Message = {
    key: n.key,
    subject: n.subject,
    body: n.body,
    link: n.link ? new URL(n.link, options.baseUrl).toString() : null,
  };
  if (n.channel === 'email') {
    if (!options.mail) throw new DeliveryError('未配置邮件服务器（SMTP_URL），无法发送邮件');
    return sendMail(options.mail, n.recipient, message);
  }
  if (n.url === null) throw new DeliveryError('该群机器人已被删除');
  return sendRobot({ kind: n.channel, url: n.url, secret: n.secret }, message);
}

/** Deliver every notice due now, one at a time; returns how many were attempted. */
export async function drainOutbox(db: Db, options: SenderOptions, owner: string = randomUUID()): Promise<number> {
  const o = { ...SENDER_DEFAULTS, ...options };
  let attempted = 0;
  for (;;) {
    const n = await claimOne(db, owner, o.leaseMs);
    if (n === null) return attempted;
    if (n === 'lost') continue;
    attempted++;
    let error: string | null = null;
    try {
      await deliver(n, options);
    } catch (err) {
      error = err instanceof DeliveryError ? err.message : `发送失败：${(err as Error).message ?? String(err)}`;
    }
    const at = new Date();
    const attempts = n.attempts + 1;
    const done = error === null;
    const gaveUp = !done && attempts >= o.maxAttempts;
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('noticeOutbox')
        .set({
          status: done ? 'sent' : gaveUp ? 'failed' : 'pending',
          attempts: sql<number>`attempts + 1`,
          sentAt: done ? at.toISOString() : null,
          lastError: error,
          nextAttemptAt: new Date(at.getTime() + (done ? 0 : retryDelayMs(attempts, o.retryBaseMs))).toISOString(),
          leaseOwner: null,
          leaseUntil: null,
        })
        .where('id', '=', n.id)
        .where('leaseOwner', '=', owner)
        .execute();
      await trx
        .insertInto('noticeAttempts')
        .values({ noticeId: n.id, at: at.toISOString(), sender: owner, ok: done ? 1 : 0, error })
        .execute();
    });
    if (error !== null)
      options.log?.(
        `notice #${n.id} (${n.channel}) attempt ${attempts} failed${gaveUp ? ', giving up' : ''}: ${error}`,
      );
  }
}

/** Drain now and then every `pollMs` until stopped; a failing drain (database away) is logged and retried. */
export function startSender(db: Db, options: SenderOptions): { stop: () => Promise<void>; kick: () => void } {
  const o = { ...SENDER_DEFAULTS, ...options };
  const owner = `${process.pid}-${randomUUID().slice(0, 8)}`;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  const run = () => {
    if (stopped || running) return;
    if (timer) clearTimeout(timer);
    running = drainOutbox(db, options, owner)
      .then(() => undefined)
      .catch((err: unknown) => options.log?.(`notice sender: ${(err as Error).message}`))
      .finally(() => {
        running = null;
        if (!stopped) {
          timer = setTimeout(run, o.pollMs);
          timer.unref();
        }
      });
  };
  run();
  return {
    kick: run,
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
