// Named test fixtures (Vitest `test.extend`): a migrated database, the same with the Changping
// plan synced (with or without demo figures), and a tRPC caller on it. Each test gets its own
// database: in-memory SQLite, or in the `integration-pg` project a PostgreSQL database copied from
// a template (tests/setup/postgres.ts provides the server).
import path from 'node:path';
import { inject, test as base } from 'vitest';
import type { PlanDef } from '../shared/plan-schema';
import { openSqlite, type Db } from '../server/db/connect';
import { migrateToLatest } from '../server/db/migrate';
import { seedDemo } from '../server/demo';
import { loadPlanFolder } from '../server/plans/load';
import { syncPlan } from '../server/plans/sync';
import { seedDemoAccounts } from '../server/auth/demo-accounts';
import { contextForSession } from '../server/auth/sessions';
import { createCaller } from '../server/routers/_app';
import type { SessionCookie } from '../server/trpc';
import { createDatabase, openTestDatabase, type Template } from './setup/pg-databases';

export const repoRoot = path.resolve(import.meta.dirname, '..');
export const changpingDir = path.join(repoRoot, 'data/plans/changping-2022');
export const miniPlanDir = path.join(repoRoot, 'tests/fixtures/plans/mini-2023');
export const changping: PlanDef = loadPlanFolder(changpingDir);
export const silent = () => {};

/** Set in the `integration-pg` project only. */
const postgres = inject('postgres');
export const dialect: 'sqlite' | 'postgres' = postgres ? 'postgres' : 'sqlite';

/** A migrated database of its own; `destroy()` it when done (on PostgreSQL that drops it). */
export async function migratedDb(): Promise<Db> {
  if (postgres) return openTestDatabase(postgres, 'empty');
  const db = openSqlite(':memory:');
  await migrateToLatest(db);
  return db;
}

/**
 * A DATABASE_URL for a test that starts the server's own code on it (prepareDatabase, the CLIs):
 * a SQLite file `<name>.sqlite` in `dir`, or a new, empty PostgreSQL database.
 */
export async function freshDatabaseUrl(dir: string, name: string): Promise<string> {
  if (postgres) return (await createDatabase(postgres, null)).url;
  return path.join(dir, `${name}.sqlite`);
}

/** On PostgreSQL, the fixture databases are copied from templates filled the same way once per run. */
async function fixtureDb(template: Template, fill: (db: Db) => Promise<unknown>): Promise<Db> {
  if (postgres) return openTestDatabase(postgres, template);
  const db = await migratedDb();
  await fill(db);
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
  /** Changping plan synced, with the demo accounts (password `demo1234`), no figures. */
  accountsDb: Db;
}

export const test = base.extend<Fixtures>({
  emptyDb: async ({}, use) => {
    const db = await migratedDb();
    await use(db);
    await db.destroy();
  },
  planDb: async ({}, use) => {
    const db = await fixtureDb('plan', (db) => syncPlan(db, changping, silent));
    await use(db);
    await db.destroy();
  },
  demoDb: async ({}, use) => {
    const db = await fixtureDb('demo', async (db) => {
      await syncPlan(db, changping, silent);
      await seedDemo(db, changping);
    });
    await use(db);
    await db.destroy();
  },
  api: async ({ demoDb }, use) => {
    await use(createCaller({ db: demoDb }));
  },
  accountsDb: async ({ planDb }, use) => {
    await seedDemoAccounts(planDb, silent);
    await use(planDb);
  },
});

/** A hand-moved clock for lockout and expiry tests; pass `clock.now` as the context's `now`. */
export function testClock(start = '2026-03-02T09:00:00.000Z') {
  let t = Date.parse(start);
  return { now: () => new Date(t), advance: (ms: number) => void (t += ms) };
}
export type TestClock = ReturnType<typeof testClock>;

/** The pm_session cookie as a browser keeps it between requests. */
export function cookieJar(): SessionCookie & { token: string | null } {
  const jar = {
    token: null as string | null,
    set: (token: string) => void (jar.token = token),
    clear: () => void (jar.token = null),
  };
  return jar;
}

/** A caller for one request carrying the jar's cookie, resolved as the HTTP server does. */
export async function requestWith(db: Db, jar: ReturnType<typeof cookieJar>, clock?: TestClock) {
  return createCaller(await contextForSession(db, jar.token, { cookie: jar, now: clock?.now }));
}

/** Log in through auth.login (as a browser would) and return the jar holding the new cookie. */
export async function loggedIn(db: Db, username: string, password = 'demo1234', clock?: TestClock) {
  const jar = cookieJar();
  await (await requestWith(db, jar, clock)).auth.login({ username, password });
  return jar;
}

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
    | 'measureUnits'
    | 'users'
    | 'sessions'
    | 'auditLog',
) {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
