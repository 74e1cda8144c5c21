// What keeps a few anonymous clients from starving everyone (issue 17, item 7): images and data
// files are rate-limited per client address, JSON bodies may not nest deeply, and tRPC batches
// are bounded. Over a real socket, on the demo plan.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { MAX_BATCH_CALLS } from '../../shared/trpc-batch';
import type { Db } from '../../server/db/connect';
import { seedDemo } from '../../server/demo';
import { EXPORTS_PER_MINUTE, IMAGES_PER_MINUTE } from '../../server/export/routes';
import { MAX_JSON_DEPTH } from '../../server/json-depth';
import { syncPlan } from '../../server/plans/sync';
import { changping, migratedDb, silent } from '../fixtures';

const PLAN = 'changping-2022';
let db: Db;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  db = await migratedDb();
  await syncPlan(db, changping, silent);
  await seedDemo(db, changping);
  app = await buildApp(db, { logLevel: 'silent', clientDir: '/nonexistent', publicBoard: true });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await app?.close();
  await db?.destroy();
});

async function statuses(path: string, n: number) {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const res = await fetch(base + path);
    await res.arrayBuffer();
    out.push(res.status);
  }
  return out;
}

describe('per-client limits on public downloads', () => {
  it('chart images: the first IMAGES_PER_MINUTE a minute, then 429 with a Chinese message', async () => {
    const got = await statuses(`/api/charts/${PLAN}/I-41-2.svg`, IMAGES_PER_MINUTE);
    expect(got.every((s) => s === 200)).toBe(true);
    const res = await fetch(`${base}/api/charts/${PLAN}/I-41-2.png`);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/下载过于频繁/);
  });

  it('data files: the first EXPORTS_PER_MINUTE a minute, then 429', async () => {
    const got = await statuses(`/api/exports/${PLAN}/indicators.csv?section=3`, EXPORTS_PER_MINUTE + 1);
    expect(got.slice(0, EXPORTS_PER_MINUTE).every((s) => s === 200)).toBe(true);
    expect(got.at(-1)).toBe(429);
  });
});

describe('request shape bounds', () => {
  const login = (body: string) =>
    fetch(`${base}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body,
    });

  it(`a JSON body nesting deeper than ${MAX_JSON_DEPTH} levels is refused before it is parsed`, async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const res = await login(deep);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('嵌套过深');
    // Brackets inside strings are text, not nesting.
    const inString = await login(JSON.stringify({ username: '['.repeat(1000), password: 'x' }));
    expect(await inString.text()).not.toContain('嵌套过深');
  });

  it(`a tRPC batch of more than ${MAX_BATCH_CALLS} calls is refused; one of ${MAX_BATCH_CALLS} is answered`, async () => {
    const batch = (n: number) =>
      fetch(`${base}/trpc/${Array.from({ length: n }, () => 'plan.list').join(',')}?batch=1&input=%7B%7D`);
    expect((await batch(MAX_BATCH_CALLS)).status).toBe(200);
    expect((await batch(MAX_BATCH_CALLS + 1)).status).toBe(400);
    // A page's client splits its batches at the same size.
    expect(MAX_BATCH_CALLS).toBeLessThanOrEqual(20);
  });
});
