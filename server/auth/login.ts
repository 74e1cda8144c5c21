// Logging in: the lockout, the password check and a new session.
//
// Lockout policy (OWASP Authentication Cheat Sheet): failures are counted per username *and*
// client address, so someone guessing from elsewhere cannot lock the owner out at their own
// address: 5 failures of one username from one address in 15 minutes lock that username at that
// address for 15 minutes. A slower, distributed guess is stopped by a second count per username
// over all addresses: 50 failures in 15 minutes lock it everywhere for 15 minutes (users.locked_until
// shows it to administrators). Usernames that do not exist are counted and locked the same way, and
// every answer but a success runs one password check (against a dummy hash when there is nothing
// to check), so neither the answer nor its time tells whether an account exists or is locked.
//
// Each attempt takes its place in both counts with one atomic upsert *before* the password is
// checked; an attempt whose place is past the limit is refused unchecked. So parallel guesses
// cannot get more than the limit checked, on one process or several on one database.
import { TRPCError } from '@trpc/server';
import type { Db } from '../db/connect';
import { writeAudit } from '../queries/audit';
import { loadSessionUser, type SessionUser } from '../queries/users';
import { verifyAgainstNothing, verifyPassword } from './password';
import { createSession, endSession, type NewSession } from './sessions';

export const LOCK_AFTER_FAILURES = 5;
export const ACCOUNT_LOCK_AFTER_FAILURES = 50;
export const LOCK_WINDOW_MS = 15 * 60_000;
export const LOCK_FOR_MS = 15 * 60_000;
/** The count over all addresses is kept in the row with this address. */
const ALL_ADDRESSES = '*';

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

interface Place {
  attempts: number;
  lockedUntil: string | null;
}

/** Count one more attempt of `username` from `ip`, starting a new window once the last one (or its lock) is over. */
async function takePlace(db: Db, username: string, ip: string, now: Date): Promise<Place> {
  const at = now.toISOString();
  const since = new Date(now.getTime() - LOCK_WINDOW_MS).toISOString();
  return db
    .insertInto('loginThrottle')
    .values({ username, ip, attempts: 1, windowStart: at, lockedUntil: null })
    .onConflict((oc) =>
      oc.columns(['username', 'ip']).doUpdateSet((eb) => {
        const over = eb.or([
          eb.and([eb('loginThrottle.lockedUntil', 'is not', null), eb('loginThrottle.lockedUntil', '<=', at)]),
          eb.and([eb('loginThrottle.lockedUntil', 'is', null), eb('loginThrottle.windowStart', '<=', since)]),
        ]);
        return {
          attempts: eb
            .case()
            .when(over)
            .then(1)
            .else(eb('loginThrottle.attempts', '+', 1))
            .end(),
          windowStart: eb.case().when(over).then(at).else(eb.ref('loginThrottle.windowStart')).end(),
          lockedUntil: eb
            .case()
            .when(over)
            .then(eb.cast<string | null>(eb.val(null), 'text'))
            .else(eb.ref('loginThrottle.lockedUntil'))
            .end(),
        };
      }),
    )
    .returning(['attempts', 'lockedUntil'])
    .executeTakeFirstOrThrow();
}

const lockedAt = (place: Place, limit: number, at: string) =>
  (place.lockedUntil !== null && place.lockedUntil > at) || place.attempts > limit;

export async function logIn(
  db: Db,
  input: { username: string; password: string },
  meta: LoginMeta,
): Promise<{ user: SessionUser; session: NewSession }> {
  const username = input.username.trim().toLowerCase();
  const ip = meta.ip ?? '-';
  const audit = (action: string, actorId: number | null, detail: Record<string, unknown>) =>
    writeAudit(db, { actorId, action, entity: 'user', entityKey: username, detail, ip: meta.ip, at: meta.now });
  const now = meta.now.toISOString();
  const lockUntil = new Date(meta.now.getTime() + LOCK_FOR_MS);
  const lockedError = (until: string | null) =>
    new TRPCError({
      code: 'TOO_MANY_REQUESTS',
      message: lockedMessage(until && until > now ? new Date(until) : lockUntil, meta.now),
    });

  // Windows (and their locks) over for half an hour are of no use any more.
  await db
    .deleteFrom('loginThrottle')
    .where('windowStart', '<', new Date(meta.now.getTime() - LOCK_WINDOW_MS - LOCK_FOR_MS).toISOString())
    .execute();
  const here = await takePlace(db, username, ip, meta.now);
  const everywhere = await takePlace(db, username, ALL_ADDRESSES, meta.now);
  const account = await db
    .selectFrom('users')
    .select(['id', 'passwordHash', 'disabled'])
    .where('username', '=', username)
    .executeTakeFirst();

  if (lockedAt(here, LOCK_AFTER_FAILURES, now) || lockedAt(everywhere, ACCOUNT_LOCK_AFTER_FAILURES, now)) {
    await verifyAgainstNothing(input.password);
    await audit('login.failed', null, { reason: 'locked' });
    const until = [here.lockedUntil, everywhere.lockedUntil].filter((u) => u !== null && u > now).sort();
    throw lockedError(until.at(-1) ?? null);
  }

  const right = account ? await verifyPassword(input.password, account.passwordHash) : false;
  if (!account) await verifyAgainstNothing(input.password);
  if (!account || !right) {
    await audit('login.failed', null, { reason: account ? 'wrong_password' : 'unknown_user', failures: here.attempts });
    const lockHere = here.attempts >= LOCK_AFTER_FAILURES;
    const lockEverywhere = everywhere.attempts >= ACCOUNT_LOCK_AFTER_FAILURES;
    if (!lockHere && !lockEverywhere) throw new TRPCError({ code: 'UNAUTHORIZED', message: LOGIN_FAILED });
    const until = lockUntil.toISOString();
    await db
      .updateTable('loginThrottle')
      .set({ lockedUntil: until })
      .where('username', '=', username)
      .where('ip', 'in', [...(lockHere ? [ip] : []), ...(lockEverywhere ? [ALL_ADDRESSES] : [])])
      .where((eb) => eb.or([eb('lockedUntil', 'is', null), eb('lockedUntil', '<=', now)]))
      .execute();
    if (lockEverywhere && account)
      await db.updateTable('users').set({ lockedUntil: until }).where('id', '=', account.id).execute();
    await audit('login.locked', null, {
      failures: lockEverywhere ? everywhere.attempts : here.attempts,
      scope: lockEverywhere ? 'account' : 'address',
      until,
    });
    throw lockedError(until);
  }

  // Only someone who knows the password learns that the account is disabled.
  const user = account.disabled ? null : await loadSessionUser(db, account.id);
  if (!user) {
    await audit('login.failed', null, { reason: 'disabled' });
    throw new TRPCError({ code: 'FORBIDDEN', message: ACCOUNT_DISABLED });
  }
  // A success starts this address's count again and takes back its own place in the other.
  await db.deleteFrom('loginThrottle').where('username', '=', username).where('ip', '=', ip).execute();
  await db
    .updateTable('loginThrottle')
    .set((eb) => ({ attempts: eb('attempts', '-', 1) }))
    .where('username', '=', username)
    .where('ip', '=', ALL_ADDRESSES)
    .where('attempts', '>', 0)
    .execute();
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
