// `npm run db:copy`: a SQLite store moved into PostgreSQL. Needs both databases, so it runs in the
// integration-pg project only (see vite.config.ts).
import SQLite from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import type { Db } from '../../server/db/connect';
import { openDatabase, openSqlite } from '../../server/db/connect';
import { prepareDatabase } from '../../server/bootstrap';
import { copySqliteToPostgres } from '../../server/db/copy';
import { saveActuals } from '../../server/queries/actuals';
import { indicatorHistory } from '../../server/queries/history';
import { loadPlanFolder } from '../../server/plans/load';
import { syncPlan } from '../../server/plans/sync';
import { createCaller } from '../../server/routers/_app';
import { freshDatabaseUrl, loggedIn, miniPlanDir, repoRoot, silent, test } from '../fixtures';

const tmp = mkdtempSync(path.join(tmpdir(), 'plan-monitor-copy-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Changping with demo figures and accounts, the mini plan with real figures and revisions, a login. */
async function seededFile(): Promise<string> {
  const file = path.join(tmp, 'source.sqlite');
  const db = await prepareDatabase(
    { DATABASE_URL: file, DEMO: true, PLANS_DIR: path.join(repoRoot, 'data/plans') },
    silent,
  );
  try {
    await syncPlan(db, loadPlanFolder(miniPlanDir), silent);
    const indicator = await db
      .selectFrom('indicators')
      .select('id')
      .where('planId', '=', 'mini-2023')
      .where('code', '=', 'I-01-1')
      .executeTakeFirstOrThrow();
    for (const [value, reason] of [
      [12, null],
      [15, '补报'],
    ] as const)
      await saveActuals(db, 'mini-2023', [{ indicatorId: indicator.id, series: 'value', period: '2023-03', value }], {
        source: 'entry',
        by: 'stat-finance',
        reason,
      });
    await loggedIn(db, 'admin');
  } finally {
    await db.destroy();
  }
  return file;
}

async function tableCounts(db: Db, tables: string[]) {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const row = await db
      .withoutPlugins()
      .selectFrom(table as 'plans')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    counts[table] = row.n;
  }
  return counts;
}

describe('npm run db:copy', () => {
  test(
    'moves every row of a SQLite store into PostgreSQL; the board reads the same',
    { timeout: 120_000 },
    async () => {
      const file = await seededFile();
      const url = await freshDatabaseUrl(tmp, 'unused');
      const run = spawnSync(
        process.execPath,
        ['--import', 'tsx', 'server/db/copy-cli.ts', '--from', file, '--to', url],
        { cwd: repoRoot, env: { ...process.env, DATABASE_URL: '' }, encoding: 'utf8' },
      );
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toContain(`Copied ${file} → `);
      expect(run.stdout).toMatch(/\n {2}actual_revisions +\d+\n/);

      const sqlite = openSqlite(file);
      const pg = openDatabase(url);
      try {
        const tables = (await sqlite.introspection.getTables()).map((t) => t.name);
        expect(tables).toEqual(expect.arrayContaining(['plans', 'actuals', 'actual_revisions', 'users', 'audit_log']));
        const counts = await tableCounts(sqlite, tables);
        expect(await tableCounts(pg, tables)).toEqual(counts);
        expect(counts).toMatchObject({
          plans: 2,
          users: 4,
          sessions: 1,
          actual_revisions: expect.any(Number) as number,
        });
        // Each table's count is printed; the data version counter is not copied (the target's own
        // commits move it: server/db/copy.ts).
        for (const [table, n] of Object.entries(counts))
          if (table !== 'data_version') expect(run.stdout).toMatch(new RegExp(`\\n  ${table} +${n}\\n`));

        for (const planId of ['changping-2022', 'mini-2023']) {
          const overview = await createCaller({ db: sqlite }).board.overview({ planId });
          expect(await createCaller({ db: pg }).board.overview({ planId })).toEqual(overview);
        }
        const input = { planId: 'mini-2023', code: 'I-01-1' };
        const anyUnit = () => Promise.resolve();
        expect(await indicatorHistory(pg, input, anyUnit, 'all')).toEqual(
          await indicatorHistory(sqlite, input, anyUnit, 'all'),
        );

        // The identity sequences were moved past the copied ids: new rows get fresh ones.
        const before = await pg
          .selectFrom('auditLog')
          .select((eb) => eb.fn.max('id').as('id'))
          .executeTakeFirstOrThrow();
        await loggedIn(pg, 'leader');
        const after = await pg
          .selectFrom('auditLog')
          .select((eb) => eb.fn.max('id').as('id'))
          .executeTakeFirstOrThrow();
        expect(after.id).toBeGreaterThan(before.id ?? 0);
      } finally {
        await sqlite.destroy();
        await pg.destroy();
      }

      // A second copy into the same database is refused, naming what is there.
      await expect(copySqliteToPostgres(file, url)).rejects.toThrow(
        /already holds data \(in .*plans.*\); copy into an empty database only/,
      );
    },
  );

  test('refuses what it cannot copy, with a message', async () => {
    const url = await freshDatabaseUrl(tmp, 'unused');
    await expect(copySqliteToPostgres(path.join(tmp, 'nothing.sqlite'), url)).rejects.toThrow(/No SQLite file at /);
    const bare = path.join(tmp, 'bare.sqlite');
    new SQLite(bare).close();
    await expect(copySqliteToPostgres(bare, url)).rejects.toThrow(/is not a Plan Monitor database/);
  });
});
