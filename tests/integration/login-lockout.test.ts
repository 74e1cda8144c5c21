// The lockout against what an attacker does over HTTP (issue 17, items 3 and 5): many guesses
// sent at once, guesses at usernames that do not exist, and a stranger trying to lock the owner
// out. Requests leave from different loopback addresses (127.0.0.x) so the server sees real,
// different client addresses.
import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { seedDemoAccounts } from '../../server/auth/demo-accounts';
import { LOCK_AFTER_FAILURES } from '../../server/auth/login';
import { derivationCount, verifyAgainstNothing } from '../../server/auth/password';
import type { Db } from '../../server/db/connect';
import { syncPlan } from '../../server/plans/sync';
import { changping, migratedDb, silent } from '../fixtures';

let db: Db;
let port: number;
let close: () => Promise<void>;
beforeEach(async () => {
  db = await migratedDb();
  await syncPlan(db, changping, silent);
  await seedDemoAccounts(db, silent);
  // The per-address rate limit is auth-http.test.ts's subject; here only the lockout may refuse.
  const app = await buildApp(db, {
    logLevel: 'silent',
    clientDir: '/nonexistent',
    loginRateLimit: { max: 10_000, timeWindowMs: 60_000 },
  });
  await app.listen({ port: 0, host: '0.0.0.0' });
  port = (app.server.address() as { port: number }).port;
  close = () => app.close().then(() => db.destroy());
}, 30_000);
afterEach(() => close());

/** POST auth.login from the given local address; the status and the error message. */
function login(username: string, password: string, from = '127.0.0.1') {
  const body = JSON.stringify({ username, password });
  return new Promise<{ status: number; message: string | null }>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        localAddress: from,
        method: 'POST',
        path: '/trpc/auth.login',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => {
          const parsed = JSON.parse(text) as { error?: { message: string } };
          resolve({ status: res.statusCode ?? 0, message: parsed.error?.message ?? null });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const auditOf = (username: string) =>
  db
    .selectFrom('auditLog')
    .select(['action', 'detail', 'ip'])
    .where('entityKey', '=', username)
    .where('action', 'like', 'login.%')
    .execute();

describe('parallel guesses', { timeout: 60_000 }, () => {
  it(`19 wrong and the right password at once: at most ${LOCK_AFTER_FAILURES} are checked, the rest refused unchecked`, async () => {
    const attempts = [
      ...Array.from({ length: 19 }, (_, i) => login('approver-dr', `wrong-${i}`)),
      login('approver-dr', 'demo1234'),
    ];
    const answers = await Promise.all(attempts);
    const trail = await auditOf('approver-dr');
    const checkedWrong = trail.filter((a) => String(a.detail).includes('wrong_password')).length;
    const succeeded = trail.filter((a) => a.action === 'login.succeeded').length;
    expect(checkedWrong + succeeded).toBeLessThanOrEqual(LOCK_AFTER_FAILURES);
    expect(answers.filter((a) => a.status === 429).length).toBeGreaterThanOrEqual(20 - LOCK_AFTER_FAILURES);
    // The right password got a session only if it was among the first five taken.
    expect(answers[19]!.status === 200).toBe(succeeded === 1);
    // Once locked, the right password is refused.
    expect((await login('approver-dr', 'demo1234')).status).toBe(succeeded === 1 ? 200 : 429);
  });
});

describe('unknown and locked accounts answer like any wrong password', { timeout: 60_000 }, () => {
  it('an unknown username locks on the 5th try with the same words as a real one', async () => {
    const real: (string | null)[] = [];
    const unknown: (string | null)[] = [];
    for (let i = 0; i < 6; i++) {
      real.push((await login('leader', `wrong-${i}`)).message);
      unknown.push((await login('nobody-here', `wrong-${i}`)).message);
    }
    expect(unknown).toEqual(real);
    expect(real[4]).toMatch(/锁定/);
  });

  it('every refusal runs one password check, so none answers sooner: unknown, wrong, locked', async () => {
    await verifyAgainstNothing('warm the dummy hash');
    const checks = async (username: string, password: string) => {
      const before = derivationCount();
      await login(username, password);
      return derivationCount() - before;
    };
    const runs = [await checks('nobody-here', 'x'), await checks('leader', 'wrong')];
    for (let i = 0; i < LOCK_AFTER_FAILURES; i++) await login('admin', 'wrong');
    runs.push(await checks('admin', 'demo1234'), await checks('admin', 'wrong'));
    expect(runs).toEqual([1, 1, 1, 1]);
  });
});

describe('a stranger cannot lock the owner out', { timeout: 60_000 }, () => {
  it('failures from one address lock the username at that address only', async () => {
    for (let i = 0; i < LOCK_AFTER_FAILURES + 3; i++) await login('admin', `guess-${i}`, '127.0.0.2');
    expect((await login('admin', 'demo1234', '127.0.0.2')).status).toBe(429);
    const owner = await login('admin', 'demo1234', '127.0.0.3');
    expect(owner.status).toBe(200);
    const trail = await auditOf('admin');
    expect(trail.filter((a) => a.action === 'login.locked').map((a) => a.ip)).toEqual(['127.0.0.2']);
    expect(trail.at(-1)).toMatchObject({ action: 'login.succeeded', ip: '127.0.0.3' });
  });
});
