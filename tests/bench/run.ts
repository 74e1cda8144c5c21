// `npm run bench`: speed figures, each printed against a baseline measured in the same run (the
// machines are shared and noisy, so only ratios mean anything). Results also go to
// tests/bench/results.json (not committed) for comparison between runs.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { openSqlite } from '../../server/db/connect';
import { migrateToLatest } from '../../server/db/migrate';
import { seedDemo } from '../../server/demo';
import { planStatus } from '../../server/queries/status';
import { syncPlan } from '../../server/plans/sync';
import { loadPlanFolder } from '../../server/plans/load';

const root = path.resolve(import.meta.dirname, '../..');

async function time(runs: number, fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 3; i++) await fn(); // warm up
  const start = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) await fn();
  return Number(process.hrtime.bigint() - start) / 1e6 / runs;
}

const db = openSqlite(':memory:');
await migrateToLatest(db);
const plan = loadPlanFolder(path.join(root, 'data/plans/changping-2022'));
await syncPlan(db, plan, () => {});
await seedDemo(db, plan);

const results: Record<string, number> = {};
// Baseline: the same rows the status query reads, fetched with plain SQL and nothing computed.
const baseline = await time(200, () =>
  sql`select a.indicator_id, a.series, a.period, a.value from actuals a join indicators i on i.id = a.indicator_id where i.plan_id = ${plan.id} and a.period <= '2022-10'`.execute(
    db,
  ),
);
const status = await time(200, () => planStatus(db, plan.id, '2022-10'));
results.statusForPeriodMs = status;
results.plainSqlBaselineMs = baseline;
results.statusOverBaseline = status / baseline;
console.log(
  `status for one period (59 measures, ${plan.indicators.length} indicators, ${plan.milestones.length} milestones): ${status.toFixed(2)} ms`,
);
console.log(
  `  plain SQL read of the same figures: ${baseline.toFixed(2)} ms (ratio ${(status / baseline).toFixed(1)}×)`,
);

writeFileSync(path.join(import.meta.dirname, 'results.json'), JSON.stringify(results, null, 2) + '\n');
await db.destroy();
