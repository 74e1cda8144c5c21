// Two server processes on one store (a SQLite file, or one PostgreSQL database), as behind a
// proxy: a figure saved through A is what B answers on the very next request, although B kept its
// answer from before (answer-cache.ts, with the store's shared data version, data-version.ts).
// Each app here opens the store itself, as a process of its own would: they share no memory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, onTestFinished } from 'vitest';
import { buildApp } from '../../server/app';
import { openDatabase, type Db } from '../../server/db/connect';
import { migrateToLatest } from '../../server/db/migrate';
import { seedDemo } from '../../server/demo';
import { syncPlan } from '../../server/plans/sync';
import { saveActuals } from '../../server/queries/actuals';
import { cachedOverview, type overview } from '../../server/queries/board';
import { changping, freshDatabaseUrl, silent, test } from '../fixtures';

const PLAN = 'changping-2022';
const MONTH = '2022-10';
type Overview = NonNullable<Awaited<ReturnType<typeof overview>>>;
const land = (o: Overview) => o.indicators.find((i) => i.code === 'I-41-2')?.evaluation.value;

async function twoServers() {
  const dir = mkdtempSync(path.join(tmpdir(), 'pm-two-servers-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const url = await freshDatabaseUrl(dir, 'two_servers');
  const seed = openDatabase(url);
  await migrateToLatest(seed);
  await syncPlan(seed, changping, silent);
  await seedDemo(seed, changping);
  await seed.updateTable('plans').set({ approvalRequired: 0 }).where('id', '=', PLAN).execute();
  await seed.destroy();
  const open = async () => {
    const db = openDatabase(url);
    const app = await buildApp(db, { logLevel: 'silent', clientDir: '/nonexistent', publicBoard: true });
    onTestFinished(async () => {
      await app.close();
      await db.destroy();
    });
    return { db, app };
  };
  return { a: await open(), b: await open() };
}

async function saveLand(db: Db, value: number) {
  const { id } = await db.selectFrom('indicators').select('id').where('code', '=', 'I-41-2').executeTakeFirstOrThrow();
  await saveActuals(db, PLAN, [{ indicatorId: id, series: 'value', period: MONTH, value }], {
    source: 'entry',
    by: 'test',
    confirmClearDemo: true,
  });
}

describe('two servers on one store', { timeout: 60_000 }, () => {
  test('a figure saved through A is answered by B on the next request', async () => {
    const { a, b } = await twoServers();
    const url = `/trpc/board.overview?input=${encodeURIComponent(JSON.stringify({ planId: PLAN, period: MONTH }))}`;
    const read = async () => (await b.app.inject({ url })).json<{ result: { data: Overview } }>().result.data;

    const before = await read();
    expect(await read(), 'B keeps its answer').toEqual(before);
    const kept = await cachedOverview(b.db, PLAN, MONTH);
    expect(await cachedOverview(b.db, PLAN, MONTH)).toBe(kept);

    for (const value of [4321, 5432]) {
      await saveLand(a.db, value);
      expect(land(await read())).toBe(value);
      expect(land((await cachedOverview(b.db, PLAN, MONTH))!)).toBe(value);
    }
    // And the other way round, in a transaction.
    await b.db.transaction().execute((trx) => saveLand(trx, 6543));
    expect(land((await cachedOverview(a.db, PLAN, MONTH))!)).toBe(6543);
  });
});
