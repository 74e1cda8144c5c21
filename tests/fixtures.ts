// Named test fixtures (Vitest `test.extend`): a migrated in-memory database, the same with the
// Changping plan synced (with or without demo figures), and a tRPC caller on it. Each test gets
// its own database.
import path from 'node:path';
import { test as base } from 'vitest';
import type { PlanDef } from '../shared/plan-schema';
import { openSqlite, type Db } from '../server/db/connect';
import { migrateToLatest } from '../server/db/migrate';
import { seedDemo } from '../server/demo';
import { loadPlanFolder } from '../server/plans/load';
import { syncPlan } from '../server/plans/sync';
import { createCaller } from '../server/routers/_app';

export const repoRoot = path.resolve(import.meta.dirname, '..');
export const changpingDir = path.join(repoRoot, 'data/plans/changping-2022');
export const miniPlanDir = path.join(repoRoot, 'tests/fixtures/plans/mini-2023');
export const changping: PlanDef = loadPlanFolder(changpingDir);
export const silent = () => {};

export async function migratedDb(): Promise<Db> {
  const db = openSqlite(':memory:');
  await migrateToLatest(db);
  return db;
}

interface Fixtures {
  /** Migrated, empty. */
  emptyDb: Db;
  /** Changping plan synced, no figures. */
  planDb: Db;
  /** Changping plan with demo figures. */
  demoDb: Db;
  api: ReturnType<typeof createCaller>;
}

export const test = base.extend<Fixtures>({
  emptyDb: async ({}, use) => {
    const db = await migratedDb();
    await use(db);
    await db.destroy();
  },
  planDb: async ({}, use) => {
    const db = await migratedDb();
    await syncPlan(db, changping, silent);
    await use(db);
    await db.destroy();
  },
  demoDb: async ({}, use) => {
    const db = await migratedDb();
    await syncPlan(db, changping, silent);
    await seedDemo(db, changping);
    await use(db);
    await db.destroy();
  },
  api: async ({ demoDb }, use) => {
    await use(createCaller({ db: demoDb }));
  },
});

export async function count(
  db: Db,
  table:
    | 'actuals'
    | 'indicators'
    | 'milestones'
    | 'measures'
    | 'units'
    | 'planChanges'
    | 'actualRevisions'
    | 'milestoneUpdates'
    | 'measureUnits',
) {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
