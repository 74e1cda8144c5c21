// Vitest globalSetup of the `integration-pg` project: a PostgreSQL server for the run (a throwaway
// cluster, or the one PM_TEST_PG_URL names — its user needs CREATEDB), and three migrated template
// databases the tests copy one database each from (CREATE DATABASE … TEMPLATE, ~50 ms): `empty`,
// `plan` (Changping synced) and `demo` (with demo figures). Everything created is dropped at the end.
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import type { Db } from '../../server/db/connect';
import { openPostgres } from '../../server/db/postgres';
import { migrateToLatest } from '../../server/db/migrate';
import { loadPlanFolder } from '../../server/plans/load';
import { syncPlan } from '../../server/plans/sync';
import { seedDemo } from '../../server/demo';
import { startCluster, type Cluster } from './pg-cluster';
import { databaseUrl } from './pg-databases';

export default async function setup(project: TestProject) {
  let cluster: Cluster | null = null;
  const adminUrl = process.env.PM_TEST_PG_URL || (cluster = await startCluster()).url;
  // Every database of this run starts with the prefix, so teardown finds them all, even those a
  // test forgot to close.
  const prefix = `pm_test_${Date.now().toString(36)}_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  const teardown = async () => {
    try {
      const { rows } = await admin.query<{ datname: string }>(
        'select datname from pg_database where starts_with(datname, $1)',
        [prefix],
      );
      for (const { datname } of rows) await admin.query(`drop database "${datname}" with (force)`);
      await admin.end();
    } finally {
      cluster?.stop();
    }
  };

  try {
    await admin.connect();
    const templates = { empty: `${prefix}_empty`, plan: `${prefix}_plan`, demo: `${prefix}_demo` };
    const changping = loadPlanFolder(path.resolve(import.meta.dirname, '../../data/plans/changping-2022'));
    const build = async (name: string, from: string | null, fill: (db: Db) => Promise<unknown>) => {
      await admin.query(`create database "${name}"${from ? ` template "${from}" strategy file_copy` : ''}`);
      const db = openPostgres(databaseUrl(adminUrl, name), { max: 1 });
      try {
        await fill(db);
      } finally {
        await db.destroy();
      }
    };
    await build(templates.empty, null, (db) => migrateToLatest(db));
    await build(templates.plan, templates.empty, (db) => syncPlan(db, changping, () => {}));
    await build(templates.demo, templates.plan, (db) => seedDemo(db, changping));
    project.provide('postgres', { adminUrl, prefix, templates });
  } catch (err) {
    await teardown();
    throw err;
  }
  return teardown;
}
