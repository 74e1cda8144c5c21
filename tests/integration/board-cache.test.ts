// The board's answers are kept until a write commits (server/db/data-version.ts, answer-cache.ts)
// and GET /trpc/board.overview is answered from the kept bytes (server/overview-route.ts): a kept
// answer equals a fresh one, a saved figure shows on the next read, and an answer computed while a
// write committed is not handed to later requests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, onTestFinished } from 'vitest';
import { buildApp } from '../../server/app';
import { cachedAnswer } from '../../server/db/answer-cache';
import { openDatabase, type Db } from '../../server/db/connect';
import { dataVersionOf } from '../../server/db/data-version';
import { migrateToLatest } from '../../server/db/migrate';
import { seedDemo } from '../../server/demo';
import { syncPlan } from '../../server/plans/sync';
import { saveActuals } from '../../server/queries/actuals';
import { overview } from '../../server/queries/board';
import { createCaller } from '../../server/routers/_app';
import { changping, freshDatabaseUrl, silent, test } from '../fixtures';

const PLAN = 'changping-2022';
const MONTH = '2022-10';
type Overview = NonNullable<Awaited<ReturnType<typeof overview>>>;

/** Save a figure for land supplied (I-41-2) in the report month, shown at once (approval off). */
async function saveLand(db: Db, value: number) {
  await db.updateTable('plans').set({ approvalRequired: 0 }).where('id', '=', PLAN).execute();
  const { id } = await db.selectFrom('indicators').select('id').where('code', '=', 'I-41-2').executeTakeFirstOrThrow();
  await saveActuals(db, PLAN, [{ indicatorId: id, series: 'value', period: MONTH, value }], {
    source: 'entry',
    by: 'test',
    confirmClearDemo: true,
  });
}
const land = (o: Overview) => o.indicators.find((i) => i.code === 'I-41-2')?.evaluation.value;

async function keptUntilAWrite(db: Db) {
  const api = createCaller({ db });
  for (const period of [MONTH, undefined]) {
    const first = await api.board.overview({ planId: PLAN, period });
    expect(first).toEqual(await overview(db, PLAN, period));
    expect(await api.board.overview({ planId: PLAN, period }), 'kept').toBe(first);
  }
  const before = await api.board.overview({ planId: PLAN, period: MONTH });
  await saveLand(db, 4321);
  const after = await api.board.overview({ planId: PLAN, period: MONTH });
  expect(after).toEqual(await overview(db, PLAN, MONTH));
  expect(land(after)).not.toBe(land(before));
}

describe('board.overview kept until a write commits', () => {
  test('on the test store (:memory:, or PostgreSQL in integration-pg)', ({ demoDb }) => keptUntilAWrite(demoDb));

  test('on a store opened as the server opens it (a SQLite file, whose plain reads use the read-only connection; or a PostgreSQL database)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pm-board-cache-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const url = await freshDatabaseUrl(dir, 'board_cache');
    const seed = openDatabase(url);
    await migrateToLatest(seed);
    await syncPlan(seed, changping, silent);
    await seedDemo(seed, changping);
    await seed.destroy();
    const db = openDatabase(url);
    onTestFinished(() => db.destroy());
    await keptUntilAWrite(db);
  });

  test('an answer computed while a write committed is not handed to later requests', async ({ demoDb: db }) => {
    const key = 'race';
    // The save commits after the overview was read and before the computation ends, as when a
    // statistician saves while a viewer's overview is being computed.
    const stale = await cachedAnswer(db, key, async () => {
      const o = await overview(db, PLAN, MONTH);
      await saveLand(db, 4321);
      return o;
    });
    const next = await cachedAnswer(db, key, () => overview(db, PLAN, MONTH));
    expect(next).not.toBe(stale);
    expect(next).toEqual(await overview(db, PLAN, MONTH));
    expect(land(next!)).not.toBe(land(stale!));
  });

  test('the data version moves on a commit or a lone write, not on reads, a rollback, a session touch or a dry run', async ({
    demoDb: db,
  }) => {
    const version = dataVersionOf(db)!;
    const at = version.value;
    await db.selectFrom('plans').selectAll().execute();
    await overview(db, PLAN, MONTH);
    expect(version.value).toBe(at);
    await db.transaction().execute((trx) => trx.updateTable('plans').set({ approvalRequired: 0 }).execute());
    expect(version.value).toBe(at + 1);
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.updateTable('plans').set({ approvalRequired: 1 }).execute();
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(version.value).toBe(at + 1);
    await db.updateTable('sessions').set({ lastSeenAt: new Date().toISOString() }).execute();
    expect(version.value).toBe(at + 1);
    // A dry run's kept rows: no kept answer reads them.
    await db.updateTable('uploads').set({ preview: null }).where('expiresAt', '<', '2000-01-01').execute();
    await db
      .transaction()
      .execute((trx) => trx.deleteFrom('uploadLines').where('uploadId', '=', 'no-such-upload').execute());
    expect(version.value).toBe(at + 1);
    await db.updateTable('plans').set({ approvalRequired: 1 }).execute();
    expect(version.value).toBe(at + 2);
  });
});

describe('GET /trpc/board.overview from the kept bytes', () => {
  const input = (value: unknown) => encodeURIComponent(JSON.stringify(value));
  // A session cookie (here one that names no session) sends the request through tRPC itself.
  const viaTrpc = { pm_session: 'no-such-session' };

  test('answers the bytes tRPC answers, plain and batched, and follows a save', async ({ demoDb: db }) => {
    const app = await buildApp(db, { logLevel: 'silent', clientDir: '/nonexistent', publicBoard: true });
    onTestFinished(() => app.close());
    const urls = [
      `/trpc/board.overview?input=${input({ planId: PLAN, period: MONTH })}`,
      `/trpc/board.overview?batch=1&input=${input({ 0: { planId: PLAN } })}`,
    ];
    const same = async () => {
      for (const url of urls) {
        const kept = await app.inject({ url });
        const trpc = await app.inject({ url, cookies: viaTrpc });
        expect(kept.statusCode).toBe(200);
        expect(kept.headers['content-type']).toBe(trpc.headers['content-type']);
        expect(kept.headers.vary).toBe(trpc.headers.vary);
        expect(kept.body).toBe(trpc.body);
      }
    };
    await same();
    const before = (await app.inject({ url: urls[0]! })).json<{ result: { data: Overview } }>().result.data;
    await saveLand(db, 4321);
    const after = (await app.inject({ url: urls[0]! })).json<{ result: { data: Overview } }>().result.data;
    expect(land(after)).not.toBe(land(before));
    await same();
  });

  test('leaves an unknown plan and a bad input to tRPC’s errors', async ({ demoDb: db }) => {
    const app = await buildApp(db, { logLevel: 'silent', clientDir: '/nonexistent', publicBoard: true });
    onTestFinished(() => app.close());
    const unknown = await app.inject({ url: `/trpc/board.overview?input=${input({ planId: 'nope' })}` });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { data: { code: 'NOT_FOUND' } } });
    const bad = await app.inject({ url: `/trpc/board.overview?input=${input({ planId: PLAN, period: '2022-13' })}` });
    expect(bad.statusCode).toBe(400);
    const notJson = await app.inject({ url: '/trpc/board.overview?input=%7B' });
    expect(notJson.statusCode).toBe(400);
  });
});
