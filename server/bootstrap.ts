// Opening the store for a run: migrate, bring each plan folder's definition in, then seed or
// clear demo figures and demo accounts as configured. Used by `npm start`, the browser tests and
// the bench.
import type { Config } from './config';
import { openDatabase, type Db } from './db/connect';
import { redactUrl } from './db/postgres-url';
import { migrateToLatest } from './db/migrate';
import { disableDemoAccounts, seedDemoAccounts } from './auth/demo-accounts';
import { clearDemo } from './queries/actuals';
import { demoCounts, planLiveAt } from './queries/go-live';
import { setDemoToday, setToday } from './clock';
import { demoToday, seedDemo } from './demo';
import { listPlanFolders, loadPlanFolder } from './plans/load';
import { syncPlan, type Log } from './plans/sync';

export async function prepareDatabase(
  config: Pick<Config, 'DATABASE_URL' | 'DEMO' | 'PLANS_DIR'> & Partial<Pick<Config, 'TODAY'>>,
  log: Log,
): Promise<Db> {
  const db = openDatabase(config.DATABASE_URL);
  try {
    const applied = await migrateToLatest(db);
    if (applied.length > 0) log(`database ${redactUrl(config.DATABASE_URL)}: applied ${applied.join(', ')}`);
    const folders = listPlanFolders(config.PLANS_DIR);
    if (folders.length === 0) log(`no plan folders found in ${config.PLANS_DIR}`);
    let demoClock: string | null = null;
    for (const folder of folders) {
      const def = loadPlanFolder(folder);
      await syncPlan(db, def, log);
      // A plan an administrator took live (queries/go-live.ts) gets no demo figures, nor its date.
      if (config.DEMO && (await planLiveAt(db, def.id)) !== null) {
        log(`plan ${def.id}: live (正式启用), no demo figures`);
      } else if (config.DEMO) {
        const seeded = await seedDemo(db, def);
        if (seeded > 0) log(`plan ${def.id}: seeded ${seeded} demo row(s) (示例数据)`);
        const demo = await demoCounts(db, def.id);
        if (demo.figures + demo.milestoneUpdates > 0) demoClock ??= demoToday(def);
      } else {
        const cleared = await clearDemo(db, def.id);
        if (cleared > 0) log(`plan ${def.id}: demo is off, cleared ${cleared} demo row(s)`);
      }
    }
    const clock = config.TODAY ?? demoClock;
    if (config.TODAY === undefined && demoClock !== null) setDemoToday(demoClock);
    else setToday(clock);
    // After the plans, so the units the demo accounts are assigned to exist.
    if (config.DEMO) await seedDemoAccounts(db, log);
    else await disableDemoAccounts(db, log);
    return db;
  } catch (err) {
    await db.destroy();
    throw err;
  }
}
