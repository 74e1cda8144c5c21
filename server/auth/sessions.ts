// Server-side sessions. The browser holds a random 32-byte token in the pm_session cookie; the
// database holds only its sha256, which is also the session's id everywhere on the server.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/connect';
import { loadSessionUser, type SessionUser } from '../queries/users';
import { createInnerContext, type Context, type InnerContextInput } from '../trpc';

export const SESSION_COOKIE = 'pm_session';
export const SESSION_MAX_AGE_MS = 12 * 60 * 60_000;
export const SESSION_IDLE_MS = 2 * 60 * 60_000;
// last_seen_at is written at most this often, so reads do not each cost a write.
const TOUCH_EVERY_MS = 60_000;

export const sessionIdOf = (token: string) => createHash('sha256').update(token).digest('hex');
const isToken = (value: string) => /^[A-Za-z0-9_-]{43}$/.test(value);

export interface NewSession {
  id: string;
  token: string;
  expiresAt: Date;
}

export async function createSession(
  db: Db,
  userId: number,
  meta: { now: Date; ip: string | null },
): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url');
  const id = sessionIdOf(token);
  const now = meta.now.toISOString();
  const expiresAt = new Date(meta.now.getTime() + SESSION_MAX_AGE_MS);
  await db
    .deleteFrom('sessions')
    .where((eb) =>
      eb.or([
        eb('expiresAt', '<=', now),
        eb('lastSeenAt', '<=', new Date(meta.now.getTime() - SESSION_IDLE_MS).toISOString()),
      ]),
    )
    .execute();
  await db
    .insertInto('sessions')
    .values({ id, userId, createdAt: now, lastSeenAt: now, expiresAt: expiresAt.toISOString(), ip: meta.ip })
    .execute();
  return { id, token, expiresAt };
}

export async function endSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

/** The live session a cookie names and its user, fresh from the database; null if none. */
export async function resolveSession(
  db: Db,
  token: string | null | undefined,
  now: Date,
): Promise<{ id: string; user: SessionUser } | null> {
  if (!token || !isToken(token)) return null;
  const id = sessionIdOf(token);
  const session = await db
    .selectFrom('sessions')
    .select(['userId', 'lastSeenAt', 'expiresAt'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!session) return null;
  const at = now.getTime();
  const lastSeen = Date.parse(session.lastSeenAt);
  const user =
    at < Date.parse(session.expiresAt) && at < lastSeen + SESSION_IDLE_MS
      ? await loadSessionUser(db, session.userId)
      : null;
  if (!user) {
    await endSession(db, id);
    return null;
  }
  if (at - lastSeen >= TOUCH_EVERY_MS)
    await db.updateTable('sessions').set({ lastSeenAt: now.toISOString() }).where('id', '=', id).execute();
  return { id, user };
}

/** The context of one request that carries `token` (the cookie's value, if any). */
export async function contextForSession(
  db: Db,
  token: string | null | undefined,
  rest: Omit<InnerContextInput, 'db' | 'user' | 'sessionId'> = {},
): Promise<Context> {
  const ctx = createInnerContext({ db, ...rest });
  const session = await resolveSession(db, token, ctx.now());
  return session ? { ...ctx, user: session.user, sessionId: session.id } : ctx;
}
