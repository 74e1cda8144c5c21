import { createHash } from 'node:crypto';
import { describe, expect } from 'vitest';
import { ACCOUNT_DISABLED, LOGIN_FAILED } from '../../server/auth/login';
import { hashPassword, passwordSchema, verifyPassword } from '../../server/auth/password';
import { SESSION_IDLE_MS, SESSION_MAX_AGE_MS } from '../../server/auth/sessions';
import type { Db } from '../../server/db/connect';
import { auditTrail } from '../../server/queries/audit';
import { createCaller } from '../../server/routers/_app';
import { cookieJar, count, loggedIn, requestWith, test, testClock, type TestClock } from '../fixtures';

const MINUTE = 60_000;
const userId = async (db: Db, username: string) =>
  (await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
const failure = (p: Promise<unknown>) =>
  p.then(
    () => expect.fail('should have been refused'),
    (e: unknown) => e,
  );

describe('passwords', () => {
  test('hash with scrypt and a random salt, and verify only the right password', async () => {
    const stored = await hashPassword('correct horse');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(await hashPassword('correct horse')).not.toBe(stored);
    expect(await verifyPassword('correct horse', stored)).toBe(true);
    expect(await verifyPassword('correct hors', stored)).toBe(false);
  });

  test('need 8 characters, said in Chinese and English', () => {
    expect(passwordSchema.safeParse('1234567').error?.issues[0]?.message).toBe(
      '密码至少 8 位 / A password needs at least 8 characters',
    );
    expect(passwordSchema.safeParse('12345678').success).toBe(true);
  });
});

describe('login and sessions', () => {
  test('a login starts a new server-side session each time, storing only the token’s hash', async ({ accountsDb }) => {
    const first = await loggedIn(accountsDb, 'stat-finance');
    const second = await loggedIn(accountsDb, 'stat-finance');
    expect(first.token).toMatch(/^[\w-]{43}$/);
    expect(second.token).not.toBe(first.token);
    const ids = (await accountsDb.selectFrom('sessions').select('id').execute()).map((s) => s.id).sort();
    const sha = (t: string | null) => createHash('sha256').update(t!).digest('hex');
    expect(ids).toEqual([sha(first.token), sha(second.token)].sort());

    const me = await (await requestWith(accountsDb, first)).auth.me();
    expect(me).toMatchObject({ username: 'stat-finance', role: 'statistician' });
    expect(me?.units.map((u) => u.name).sort()).toEqual(['区发展改革委', '区财政局'].sort());
  });

  test('a session the browser already had is ended at login, not reused', async ({ accountsDb }) => {
    const jar = await loggedIn(accountsDb, 'leader');
    const before = jar.token;
    await (await requestWith(accountsDb, jar)).auth.login({ username: 'admin', password: 'demo1234' });
    expect(jar.token).not.toBe(before);
    expect(await (await requestWith(accountsDb, { ...cookieJar(), token: before })).auth.me()).toBeNull();
    expect(await (await requestWith(accountsDb, jar)).auth.me()).toMatchObject({ username: 'admin' });
    expect(await count(accountsDb, 'sessions')).toBe(1);
  });

  test('logout ends the session on the server: a copied cookie stops working', async ({ accountsDb }) => {
    const jar = await loggedIn(accountsDb, 'leader');
    const copy = { ...cookieJar(), token: jar.token };
    await (await requestWith(accountsDb, jar)).auth.logout();
    expect(jar.token).toBeNull();
    expect(await (await requestWith(accountsDb, copy)).auth.me()).toBeNull();
    expect(await count(accountsDb, 'sessions')).toBe(0);
    expect((await auditTrail(accountsDb, 'user', 'leader')).map((a) => a.action)).toEqual([
      'user.created',
      'login.succeeded',
      'logout',
    ]);
  });

  test('an unknown user and a wrong password get the same answer, and both are audited', async ({ accountsDb }) => {
    const api = createCaller({ db: accountsDb, ip: '10.0.0.7' });
    const unknown = await failure(api.auth.login({ username: 'nobody', password: 'demo1234' }));
    const wrong = await failure(api.auth.login({ username: 'leader', password: 'demo12345' }));
    expect(unknown).toMatchObject({ code: 'UNAUTHORIZED', message: LOGIN_FAILED });
    expect(wrong).toMatchObject({ code: 'UNAUTHORIZED', message: LOGIN_FAILED });
    expect((await auditTrail(accountsDb, 'user', 'nobody')).at(-1)).toMatchObject({
      action: 'login.failed',
      actor: null,
      ip: '10.0.0.7',
      detail: { reason: 'unknown_user' },
    });
    expect((await auditTrail(accountsDb, 'user', 'leader')).at(-1)).toMatchObject({
      action: 'login.failed',
      detail: { reason: 'wrong_password', failures: 1 },
    });
  });

  test('a session ends 2 hours after its last use, and 12 hours after login in any case', async ({ accountsDb }) => {
    const clock = testClock();
    const idle = await loggedIn(accountsDb, 'leader', 'demo1234', clock);
    const busy = await loggedIn(accountsDb, 'leader', 'demo1234', clock);
    for (let h = 1; h <= 11; h++) {
      clock.advance(60 * MINUTE);
      expect(await (await requestWith(accountsDb, busy, clock)).auth.me(), `hour ${h}`).not.toBeNull();
      if (h * 60 * MINUTE >= SESSION_IDLE_MS)
        expect(await (await requestWith(accountsDb, idle, clock)).auth.me(), `idle at hour ${h}`).toBeNull();
    }
    clock.advance(SESSION_MAX_AGE_MS - 11 * 60 * MINUTE);
    expect(await (await requestWith(accountsDb, busy, clock)).auth.me()).toBeNull();
    expect(await count(accountsDb, 'sessions')).toBe(0);
  });
});

describe('lockout', () => {
  const attempt = async (db: Db, clock: TestClock, password: string) =>
    failure((await requestWith(db, cookieJar(), clock)).auth.login({ username: 'approver-dr', password }));

  test('5 failures in 15 minutes lock the account for 15 minutes, even for the right password', async ({
    accountsDb,
  }) => {
    const clock = testClock();
    for (let i = 1; i <= 4; i++) {
      expect(await attempt(accountsDb, clock, `wrong-${i}`)).toMatchObject({ message: LOGIN_FAILED });
      clock.advance(3 * MINUTE);
    }
    expect(await attempt(accountsDb, clock, 'wrong-5')).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: expect.stringContaining('请 15 分钟后再试') as string,
    });
    clock.advance(10 * MINUTE);
    expect(await attempt(accountsDb, clock, 'demo1234')).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: expect.stringContaining('try again in 5 minute(s)') as string,
    });
    clock.advance(5 * MINUTE);
    const jar = await loggedIn(accountsDb, 'approver-dr', 'demo1234', clock);
    expect(jar.token).not.toBeNull();

    const trail = await auditTrail(accountsDb, 'user', 'approver-dr');
    expect(trail.map((a) => [a.action, a.detail?.reason ?? a.detail?.failures])).toEqual([
      ['user.created', undefined],
      ['login.failed', 'wrong_password'],
      ['login.failed', 'wrong_password'],
      ['login.failed', 'wrong_password'],
      ['login.failed', 'wrong_password'],
      ['login.failed', 'wrong_password'],
      ['login.locked', 5],
      ['login.failed', 'locked'],
      ['login.succeeded', undefined],
    ]);
    expect(trail.find((a) => a.action === 'login.locked')?.detail?.until).toBe('2026-03-02T09:27:00.000Z');
  });

  test('counts only the failures of the last 15 minutes, and a success starts the count again', async ({
    accountsDb,
  }) => {
    const clock = testClock();
    for (let i = 0; i < 4; i++) await attempt(accountsDb, clock, 'wrong');
    clock.advance(16 * MINUTE);
    for (let i = 0; i < 4; i++)
      expect(await attempt(accountsDb, clock, 'wrong')).toMatchObject({ code: 'UNAUTHORIZED' });
    await loggedIn(accountsDb, 'approver-dr', 'demo1234', clock);
    for (let i = 0; i < 4; i++)
      expect(await attempt(accountsDb, clock, 'wrong')).toMatchObject({ code: 'UNAUTHORIZED' });
    const locked = accountsDb.selectFrom('users').select('lockedUntil').where('username', '=', 'approver-dr');
    expect(await locked.executeTakeFirst()).toEqual({ lockedUntil: null });
  });
});

describe('changes to an account apply on its next request', () => {
  test('a disabled user cannot log in, and their open session stops working', async ({ accountsDb }) => {
    const jar = await loggedIn(accountsDb, 'stat-finance');
    const admin = await loggedIn(accountsDb, 'admin');
    const id = await userId(accountsDb, 'stat-finance');
    await (await requestWith(accountsDb, admin)).users.update({ id, disabled: true });

    const next = await requestWith(accountsDb, jar);
    expect(await next.auth.me()).toBeNull();
    expect(await failure(next.users.list())).toMatchObject({
      code: 'UNAUTHORIZED',
      message: '请先登录 / Please log in',
    });
    const api = createCaller({ db: accountsDb });
    expect(await failure(api.auth.login({ username: 'stat-finance', password: 'demo1234' }))).toMatchObject({
      code: 'FORBIDDEN',
      message: ACCOUNT_DISABLED,
    });
    // without the right password the answer is the usual one
    expect(await failure(api.auth.login({ username: 'stat-finance', password: 'guess-guess' }))).toMatchObject({
      message: LOGIN_FAILED,
    });
  });

  test('a new role or new units are what the next request sees', async ({ accountsDb }) => {
    const jar = await loggedIn(accountsDb, 'stat-finance');
    const admin = await loggedIn(accountsDb, 'admin');
    const id = await userId(accountsDb, 'stat-finance');
    await (await requestWith(accountsDb, admin)).users.update({ id, role: 'approver', unitCodes: ['commerce-bureau'] });
    const me = await (await requestWith(accountsDb, jar)).auth.me();
    expect(me).toMatchObject({ role: 'approver', units: [{ code: 'commerce-bureau', name: '区商务局' }] });

    await (await requestWith(accountsDb, admin)).users.update({ id, role: 'admin' });
    expect(await (await requestWith(accountsDb, jar)).users.list()).toHaveLength(4);
  });
});
