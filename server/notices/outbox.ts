// Enqueueing notices. Each function takes the transaction of the event that causes the notice, so
// the notice exists exactly when the event does; the idempotency key makes a second enqueue of
// the same notice (a scheduler run on two servers, a restart) a no-op. The sender (sender.ts)
// delivers the outbox; the inbox is read by the page directly.
import { NOTICE_EVENT_INFO, type NoticeEvent } from '../../shared/notices';
import type { Db } from '../db/connect';
import type { NoticeChannel } from '../db/schema';

export interface NoticeDraft {
  /** Idempotency key of the event for this recipient (channel suffixes are added here). */
  key: string;
  event: NoticeEvent;
  /** Chinese first; becomes the e-mail subject and the inbox title. */
  subject: string;
  /** Plain text, a line per paragraph; robots read it as markdown. */
  body: string;
  /** A path in the app (`/report?plan=…`), or null. */
  link?: string | null;
}

let mailOn = false;

/** Whether e-mail is configured (SMTP_URL): without it no e-mail notice is enqueued. */
export function setMailEnabled(on: boolean): void {
  mailOn = on;
}

export function mailEnabled(): boolean {
  return mailOn;
}

async function enqueue(
  db: Db,
  row: { key: string; channel: NoticeChannel; channelId: number | null; userId: number | null; recipient: string },
  draft: NoticeDraft,
): Promise<void> {
  const at = new Date().toISOString();
  await db
    .insertInto('noticeOutbox')
    .values({
      ...row,
      event: draft.event,
      subject: draft.subject,
      body: draft.body,
      link: draft.link ?? null,
      nextAttemptAt: at,
      leaseOwner: null,
      leaseUntil: null,
      lastError: null,
      createdAt: at,
      sentAt: null,
    })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}

/** A user's choice for an event: their subscription, else the event's default. */
export async function subscriptionOf(db: Db, userId: number, event: NoticeEvent) {
  const row = await db
    .selectFrom('noticeSubscriptions')
    .select(['email', 'inbox'])
    .where('userId', '=', userId)
    .where('event', '=', event)
    .executeTakeFirst();
  const on = NOTICE_EVENT_INFO[event].byDefault;
  return { email: row ? row.email === 1 : on, inbox: row ? row.inbox === 1 : on };
}

/**
 * Notify one user: into their inbox and, when they chose it and have an address, by e-mail.
 * False when the user gets nothing (disabled, or both turned off).
 */
export async function notifyUser(db: Db, userId: number, draft: NoticeDraft): Promise<boolean> {
  const user = await db.selectFrom('users').select(['email', 'disabled']).where('id', '=', userId).executeTakeFirst();
  if (!user || user.disabled === 1) return false;
  const wants = await subscriptionOf(db, userId, draft.event);
  const byMail = wants.email && mailOn && user.email !== null && user.email !== '';
  if (wants.inbox)
    await db
      .insertInto('inbox')
      .values({
        key: draft.key,
        userId,
        event: draft.event,
        title: draft.subject,
        body: draft.body,
        link: draft.link ?? null,
        createdAt: new Date().toISOString(),
        readAt: null,
      })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
  if (byMail)
    await enqueue(
      db,
      { key: `${draft.key}:email`, channel: 'email', channelId: null, userId, recipient: user.email! },
      draft,
    );
  return wants.inbox || byMail;
}

/** Post to every enabled robot channel of the plan that takes this event. */
export async function notifyRobots(db: Db, planId: string, draft: NoticeDraft): Promise<number> {
  const channels = await db
    .selectFrom('noticeChannels')
    .select(['id', 'kind', 'name', 'events'])
    .where('planId', '=', planId)
    .where('enabled', '=', 1)
    .orderBy('id')
    .execute();
  let n = 0;
  for (const c of channels) {
    if (!(JSON.parse(c.events) as string[]).includes(draft.event)) continue;
    await enqueue(
      db,
      { key: `${draft.key}:robot:${c.id}`, channel: c.kind, channelId: c.id, userId: null, recipient: c.name },
      draft,
    );
    n++;
  }
  return n;
}

/** Active users of a role, optionally only those assigned to a unit. */
export async function usersWithRole(db: Db, role: string, unitId?: number) {
  let q = db
    .selectFrom('users')
    .select(['users.id', 'users.username', 'users.displayName'])
    .where('users.role', '=', role as 'admin')
    .where('users.disabled', '=', 0);
  if (unitId !== undefined)
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('userUnits')
          .select('userUnits.userId')
          .whereRef('userUnits.userId', '=', 'users.id')
          .where('userUnits.unitId', '=', unitId),
      ),
    );
  return q.orderBy('users.id').execute();
}
