// The briefing bench: the Word briefing of all 59 measures of the demo plan (31 chart images),
// from the choice to the stored snapshot, on a fresh in-memory database. `cold` includes starting
// the chart workers (the first briefing after a server start); `warm` is the next one.
import path from 'node:path';
import { closeChartPool } from '../../server/briefings/chart-pool';
import { prepareBriefing, renderBriefing } from '../../server/briefings/build';
import { openSqlite } from '../../server/db/connect';
import { migrateToLatest } from '../../server/db/migrate';
import { seedDemo } from '../../server/demo';
import { loadPlanFolder } from '../../server/plans/load';
import { syncPlan } from '../../server/plans/sync';

const planDir = path.resolve(import.meta.dirname, '../../data/plans/changping-2022');

export async function briefingBench(): Promise<{ coldMs: number; warmMs: number; bytes: number; measures: number }> {
  const db = openSqlite(':memory:');
  await migrateToLatest(db);
  const plan = loadPlanFolder(planDir);
  await syncPlan(db, plan, () => {});
  await seedDemo(db, plan);
  const user = { id: 0, displayName: 'bench' };
  const once = async () => {
    const t0 = performance.now();
    const prepared = await prepareBriefing(db, {
      planId: plan.id,
      period: '2022-10',
      scope: { kind: 'plan' },
      format: 'docx',
      lang: 'zh',
    });
    const out = await renderBriefing(db, prepared, user, new Date());
    return { ms: performance.now() - t0, bytes: out.size, measures: prepared.total };
  };
  try {
    const cold = await once();
    const warm = await once();
    return { coldMs: cold.ms, warmMs: warm.ms, bytes: warm.bytes, measures: warm.measures };
  } finally {
    await closeChartPool();
    await db.destroy();
  }
}
