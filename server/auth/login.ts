// Logging in: password check, lockout (5 failures in 15 minutes lock the account for 15 minutes)
// and a new session. Unknown user and wrong password get the same answer, after the same work.
import { TRPCError } from '@trpc/server';
import type { Db } from '../db/connect';
import { writeAudit } from '../queries/audit';
import { loadSessionUser, type SessionUser } from '../queries/users';
import { verifyAgainstNothing, verifyPassword } from './password';
import { createSession, endSession, type NewSession } from './sessions';

export const LOCK_AFTER_FAILURES = 5;
export const LOCK_WINDOW_MS = 15 * 60_000;
export const LOCK_FOR_MS = 15 * 60_000;

export const LOGIN_FAILED = '用户名或密码错误 / Wrong username or password';
export const ACCOUNT_DISABLED = '账号已停用，请联系管理员 / This account is disabled; ask an administrator';
export function lockedMessage(lockedUntil: Date, now: Date): string {
  const minutes = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 60_000));
  return `登录失败次数过多，账号已锁定，请 ${minutes} 分钟后再试 / Too many failed logins: the account is locked, try again in ${minutes} minute(s)`;
}

export interface LoginMeta {
  now: Date;
  ip: string | null;
  /** A session the browser already had; it is ended, never reused. */
  previousSessionId: string | null;
}

export async function logIn(
  db: Db,
  input: { username: string; password: string },
  meta: LoginMeta,
): Promise<{ user: SessionUser; session: NewSession }> {
  const username = input.username.trim().toLowerCase();
  const audit = (action: string, actorId: number | null, detail: Record<string, unknown>) =>
    writeAudit(db, { actorId, action, entity: 'user', entityKey: username, detail, ip: meta.ip, at: meta.now });
  const now = meta.now.toISOString();

  const account = await db
    .selectFrom('users')
    .select(['id', 'passwordHash', 'disabled', 'lockedUntil'])
    .where('username', '=', username)
    .executeTakeFirst();
  if (!account) {
    await verifyAgainstNothing(input.password);
    await audit('login.failed', null, { reason: 'unknown_user' });
    throw new TRPCError({ code: 'UNAUTHORIZED', message: LOGIN_FAILED });
  }
  if (account.lockedUntil && account.lockedUntil > now) {
    await audit('login.failed', null, { reason: 'locked' });
    throw new TRPCError({
      code: 'TOO_MANY_REQUESTS',
      message: lockedMessage(new Date(account.lockedUntil), meta.now),
    });
  }

  if (!(await verifyPassword(input.password, account.passwordHash))) {
    await db.insertInto('loginFailures').values({ userId: account.id, at: now }).execute();
    const since = new Date(meta.now.getTime() - LOCK_WINDOW_MS).toISOString();
    const { n } = await db
      .selectFrom('loginFailures')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('userId', '=', account.id)
      .where('at', '>', since)
      .executeTakeFirstOrThrow();
    const failures = Number(n);
    await audit('login.failed', null, { reason: 'wrong_password', failures });
    if (failures < LOCK_AFTER_FAILURES) throw new TRPCError({ code: 'UNAUTHORIZED', message: LOGIN_FAILED });
    const until = new Date(meta.now.getTime() + LOCK_FOR_MS);
    await db.updateTable('users').set({ lockedUntil: until.toISOString() }).where('id', '=', account.id).execute();
    // The count starts again from zero once the lock ends.
    await db.deleteFrom('loginFailures').where('userId', '=', account.id).execute();
    await audit('login.locked', null, { failures, until: until.toISOString() });
    throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: lockedMessage(until, meta.now) });
  }

  // Only someone who knows the password learns that the account is disabled.
  const user = account.disabled ? null : await loadSessionUser(db, account.id);
  if (!user) {
    await audit('login.failed', null, { reason: 'disabled' });
    throw new TRPCError({ code: 'FORBIDDEN', message: ACCOUNT_DISABLED });
  }
  await db.deleteFrom('loginFailures').where('userId', '=', account.id).execute();
  if (account.lockedUntil)
    await db.updateTable('users').set({ lockedUntil: null }).where('id', '=', account.id).execute();
  if (meta.previousSessionId) await endSession(db, meta.previousSessionId);
  const session = await createSession(db, account.id, meta);
  await audit('login.succeeded', account.id, {});
  return { user, session };
}

export async function logOut(
  db: Db,
  ctx: { sessionId: string | null; user: SessionUser | null; ip: string | null; now: Date },
) {
  if (!ctx.sessionId) return;
  await endSession(db, ctx.sessionId);
  if (ctx.user)
    await writeAudit(db, {
      actorId: ctx.user.id,
      action: 'logout',
      entity: 'user',
      entityKey: ctx.user.username,
      ip: ctx.ip,
      at: ctx.now,
    });
}
