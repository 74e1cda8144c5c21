// Accounts over a real socket (fastify.inject does not behave like a browser for every tRPC
// case): cookies, the cross-site guard, the login rate limit and what error bodies reveal.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { seedDemoAccounts } from '../../server/auth/demo-accounts';
import type { Db } from '../../server/db/connect';
import { syncPlan } from '../../server/plans/sync';
import { changping, count, migratedDb, silent } from '../fixtures';

async function serve(options: Parameters<typeof buildApp>[1] = {}) {
  const db = await migratedDb();
  await syncPlan(db, changping, silent);
  await seedDemoAccounts(db, silent);
  const app = await buildApp(db, { logLevel: 'silent', clientDir: '/nonexistent', ...options });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const close = async () => {
    await app.close();
    await db.destroy();
  };
  return { db, base, close };
}

let server: { db: Db; base: string; close: () => Promise<void> };
beforeAll(async () => {
  server = await serve();
});
afterAll(() => server.close());

const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
const sessionOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .find((c) => c.startsWith('pm_session='))
    ?.match(/^pm_session=([^;]*)/)?.[1];
const cookie = (token: string | undefined) => ({ cookie: `pm_session=${token ?? ''}` });

async function login(base: string, headers: Record<string, string> = {}, password = 'demo1234') {
  return fetch(`${base}/trpc/auth.login`, json({ username: 'stat-finance', password }, headers));
}
async function me(token: string | undefined) {
  const res = await fetch(`${server.base}/trpc/auth.me`, { headers: cookie(token) });
  return ((await res.json()) as { result: { data: { username: string } | null } }).result.data;
}

describe('session cookie', () => {
  it('is set at login HttpOnly, SameSite=Lax, Path=/ (not Secure over plain HTTP) and names the user', async () => {
    const res = await login(server.base);
    expect(res.status).toBe(200);
    const set = res.headers.getSetCookie().find((c) => c.startsWith('pm_session='))!;
    expect(set).toMatch(/; HttpOnly/);
    expect(set).toMatch(/; SameSite=Lax/);
    expect(set).toMatch(/; Path=\//);
    expect(set).not.toMatch(/Secure/);
    expect(await me(sessionOf(res))).toMatchObject({ username: 'stat-finance' });
    expect(await me(undefined)).toBeNull();
  });

  it('is Secure when the request came over HTTPS through a trusted proxy', async () => {
    const proxied = await serve({ trustProxy: 1 });
    const res = await login(proxied.base, { 'x-forwarded-proto': 'https' });
    expect(res.headers.getSetCookie().find((c) => c.startsWith('pm_session='))).toMatch(/; Secure/);
    await proxied.close();
  });

  it('is replaced at login: a session id sent before login is not valid after it', async () => {
    const planted = 'A'.repeat(43);
    const first = await login(server.base, cookie(planted));
    const token = sessionOf(first);
    expect(token).not.toBe(planted);
    expect(await me(planted)).toBeNull();
    const second = await login(server.base, cookie(token));
    expect(sessionOf(second)).not.toBe(token);
    expect(await me(token)).toBeNull();
    expect(await me(sessionOf(second))).toMatchObject({ username: 'stat-finance' });
  });

  it('is cleared by logout, which ends the session on the server', async () => {
    const token = sessionOf(await login(server.base));
    const res = await fetch(`${server.base}/trpc/auth.logout`, json({}, cookie(token)));
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().find((c) => c.startsWith('pm_session='))).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect(await me(token)).toBeNull();
  });
});

describe('cross-site requests to mutations', () => {
  it('are refused unless sent as JSON from the same origin', async () => {
    const token = sessionOf(await login(server.base));
    const logout = `${server.base}/trpc/auth.logout`;
    const form = new FormData();
    form.append('x', '1');
    const refused = [
      { ...json({}), headers: { 'content-type': 'text/plain', ...cookie(token) } },
      { method: 'POST', body: new URLSearchParams({ x: '1' }), headers: cookie(token) },
      { method: 'POST', body: form, headers: cookie(token) },
    ];
    for (const init of refused) {
      const res = await fetch(logout, init);
      expect(res.status).toBe(415);
      expect(await res.json()).toMatchObject({
        error: { data: { code: 'UNSUPPORTED_MEDIA_TYPE' }, message: expect.stringContaining('JSON') as string },
      });
    }
    const foreign = await fetch(logout, json({}, { origin: 'https://evil.example', ...cookie(token) }));
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ error: { data: { code: 'FORBIDDEN' } } });
    expect(await me(token)).toMatchObject({ username: 'stat-finance' });

    const same = await fetch(logout, json({}, { origin: server.base, ...cookie(token) }));
    expect(same.status).toBe(200);
    expect(await me(token)).toBeNull();
  });

  it('answer a batch with one error per procedure, as the tRPC client expects', async () => {
    const res = await fetch(`${server.base}/trpc/auth.logout,auth.logout?batch=1`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    });
    const body = (await res.json()) as unknown[];
    expect(body).toHaveLength(2);
    expect(body[0]).toMatchObject({ error: { data: { httpStatus: 415 } } });
  });
});

describe('login rate limit per address', () => {
  it('refuses logins beyond the limit with 429, leaving other procedures alone', async () => {
    const limited = await serve({ loginRateLimit: { max: 3, timeWindowMs: 60_000 } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await login(limited.base, {}, 'wrong-password')).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const res = await login(limited.base);
    expect(await res.json()).toMatchObject({
      error: {
        data: { code: 'TOO_MANY_REQUESTS' },
        message: expect.stringContaining('Too many login attempts') as string,
      },
    });
    expect((await fetch(`${limited.base}/trpc/plan.list`)).status).toBe(200);
    await limited.close();
  });

  it('counts every login of a batch', async () => {
    const limited = await serve({ loginRateLimit: { max: 3, timeWindowMs: 60_000 } });
    const attempt = { username: 'leader', password: 'wrong-password' };
    const res = await fetch(
      `${limited.base}/trpc/auth.login,auth.login,auth.login,auth.login?batch=1`,
      json({ 0: attempt, 1: attempt, 2: attempt, 3: attempt }),
    );
    expect(res.status).toBe(429);
    expect(await count(limited.db, 'auditLog')).toBe(4); // the four demo accounts' creation only
    await limited.close();
  });
});

describe('responses', () => {
  it('carry helmet’s security headers', async () => {
    const res = await fetch(`${server.base}/trpc/plan.list`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('strict-transport-security')).toBeTruthy();
  });

  it('never show a stack trace or SQL, for bad input or a failing database', async () => {
    const bad = await fetch(`${server.base}/trpc/auth.login`, json({ username: 42 }));
    expect(bad.status).toBe(400);
    const broken = await serve();
    await sql`drop table audit_log`.execute(broken.db);
    const failed = await login(broken.base);
    expect(failed.status).toBe(500);
    const failedBody = await failed.text();
    expect(JSON.parse(failedBody)).toMatchObject({ error: { message: 'Internal server error' } });
    await broken.close();
    for (const body of [await bad.text(), failedBody]) {
      expect(body).not.toMatch(/stack|\bat .*\.ts:\d+|audit_log|sqlite|insert into|select /i);
    }
  });
});
