// Anonymous API calls spend a per-address budget, each call of a batch counted (issue 17, item 7:
// three clients sending 100-call batches flat out starved every reader). Over a real socket, on
// the demo plan, with the budget made small and the server behind a trusted proxy on loopback.
import type { FastifyInstance } from 'fastify';
import { Agent, get as httpGet } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { TOO_MANY_CALLS } from '../../server/auth/http';
import { DEFAULT_REFUSAL_HOLD_MS, HELD_PER_ADDRESS, refusalsHeld } from '../../server/auth/refusal-hold';
import type { Db } from '../../server/db/connect';
import { seedDemoAccounts } from '../../server/auth/demo-accounts';
import { seedDemo } from '../../server/demo';
import { syncPlan } from '../../server/plans/sync';
import { changping, migratedDb, silent } from '../fixtures';

const PLAN = 'changping-2022';
const BUDGET = 12;
let db: Db;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  db = await migratedDb();
  await syncPlan(db, changping, silent);
  await seedDemo(db, changping);
  await seedDemoAccounts(db, silent);
  app = await buildApp(db, {
    logLevel: 'silent',
    clientDir: '/nonexistent',
    publicBoard: true,
    trustProxy: ['127.0.0.1'],
    anonymousCalls: { max: BUDGET, timeWindowMs: 60_000 },
  });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await app?.close();
  await db?.destroy();
});

const batchOf = (n: number) =>
  `/trpc/${Array.from({ length: n }, () => 'board.measure').join(',')}?batch=1&input=${encodeURIComponent(
    JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [i, { planId: PLAN, no: 41 }]))),
  )}`;

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(base + path, { headers });
  return { status: res.status, body: (await res.json()) as unknown };
}

it('a batch spends one call per procedure; past the budget the address gets 429, others and sessions do not', async () => {
  const attacker = { 'x-forwarded-for': '203.0.113.7' };
  // Ten calls in one request, then two more: the budget of twelve is spent exactly.
  expect((await get(batchOf(10), attacker)).status).toBe(200);
  expect((await get(batchOf(2), attacker)).status).toBe(200);
  const refused = await get(batchOf(3), attacker);
  expect(refused.status).toBe(429);
  // One error per call, in the shape tRPC clients read, with the Chinese message.
  expect(refused.body).toHaveLength(3);
  for (const one of refused.body as unknown[])
    expect(one).toMatchObject({ error: { message: TOO_MANY_CALLS, data: { code: 'TOO_MANY_REQUESTS' } } });
  expect((await get(batchOf(1), attacker)).status).toBe(429);

  // A made-up session cookie does not get around it.
  expect((await get(batchOf(1), { ...attacker, cookie: 'pm_session=made-up' })).status).toBe(429);

  // Another reader's address is not affected.
  expect((await get(batchOf(1), { 'x-forwarded-for': '198.51.100.20' })).status).toBe(200);

  // A logged-in user from the spent address is not counted.
  const login = await fetch(`${base}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.99' },
    body: JSON.stringify({ username: 'leader', password: 'demo1234' }),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  for (let i = 0; i < 3; i++) expect((await get(batchOf(10), { ...attacker, cookie })).status).toBe(200);
});

/**
 * One request on a kept-alive connection of its own: status, whether the server says it will close
 * the connection, milliseconds taken.
 */
function rawGet(path: string, headers: Record<string, string>) {
  const sent = performance.now();
  const agent = new Agent({ keepAlive: true });
  return new Promise<{ status: number; closes: boolean; ms: number }>((resolve, reject) => {
    const req = httpGet(base + path, { headers, agent }, (res) => {
      res.resume();
      res.on('end', () => {
        agent.destroy();
        resolve({ status: res.statusCode!, closes: res.headers.connection === 'close', ms: performance.now() - sent });
      });
    });
    req.on('error', reject);
  });
}

it('refusals are held back before they are sent; past the bound for one address they go out at once and close the connection', async () => {
  const flooder = { 'x-forwarded-for': '203.0.113.50' };
  expect((await get(batchOf(BUDGET), flooder)).status).toBe(200);
  // More refused requests at once than one address may have held.
  const extra = 6;
  const answers = Array.from({ length: HELD_PER_ADDRESS + extra }, () => rawGet(batchOf(1), flooder));
  await expect.poll(refusalsHeld, { timeout: 5_000, interval: 20 }).toBe(HELD_PER_ADDRESS);
  // Another address over its budget is held on its own account.
  const other = { 'x-forwarded-for': '203.0.113.51' };
  expect((await get(batchOf(BUDGET), other)).status).toBe(200);
  const otherRefused = rawGet(batchOf(1), other);
  await expect.poll(refusalsHeld, { timeout: 5_000, interval: 20 }).toBe(HELD_PER_ADDRESS + 1);

  const got = await Promise.all(answers);
  expect(got.every((a) => a.status === 429)).toBe(true);
  const held = got.filter((a) => !a.closes);
  expect(held).toHaveLength(HELD_PER_ADDRESS);
  for (const a of held) expect(a.ms).toBeGreaterThanOrEqual(DEFAULT_REFUSAL_HOLD_MS);
  expect(got.filter((a) => a.closes)).toHaveLength(extra);
  const o = await otherRefused;
  expect(o).toMatchObject({ status: 429, closes: false });
  expect(o.ms).toBeGreaterThanOrEqual(DEFAULT_REFUSAL_HOLD_MS);
  expect(refusalsHeld()).toBe(0);
  // Readers from elsewhere are answered meanwhile and after.
  expect((await get(batchOf(1), { 'x-forwarded-for': '198.51.100.21' })).status).toBe(200);
});
