// The briefing bench: the Word briefing of all 59 measures of the demo plan (31 chart images),
// from the choice to the stored snapshot, on a fresh in-memory database. `ms` is the first build
// (it starts the chart workers, as the first briefing after a server start does); `warmMs` is the
// next one. `cpuMs` is the process's CPU time (all threads) for the first build: on a shared,
// busy machine it says more than the wall clock. `loopDelayMaxMs`: the longest the event loop
// was blocked meanwhile.
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { closeChartPool } from '../../server/briefings/chart-pool';
import { prepareBriefing, renderBriefing } from '../../server/briefings/build';
import { openSqlite } from '../../server/db/connect';
import { migrateToLatest } from '../../server/db/migrate';
import { seedDemo } from '../../server/demo';
import { loadPlanFolder } from '../../server/plans/load';
import { syncPlan } from '../../server/plans/sync';

const planDir = path.resolve(import.meta.dirname, '../../data/plans/changping-2022');

export interface BriefingBench {
  ms: number;
  warmMs: number;
  cpuMs: number;
  loopDelayMaxMs: number;
  bytes: number;
  measures: number;
}

export async function briefingBench(): Promise<BriefingBench> {
  const db = openSqlite(':memory:');
  await migrateToLatest(db);
  const plan = loadPlanFolder(planDir);
  await syncPlan(db, plan, () => {});
  await seedDemo(db, plan);
  const user = { id: 0, displayName: 'bench' };
  const once = async () => {
    const cpu = process.cpuUsage();
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const t0 = performance.now();
    const prepared = await prepareBriefing(db, {
      planId: plan.id,
      period: '2022-10',
      scope: { kind: 'plan' },
      format: 'docx',
      lang: 'zh',
    });
    const out = await renderBriefing(db, prepared, user, new Date());
    const ms = performance.now() - t0;
    delay.disable();
    const used = process.cpuUsage(cpu);
    return {
      ms,
      cpuMs: (used.user + used.system) / 1000,
      loopDelayMaxMs: delay.max / 1e6,
      bytes: out.size,
      measures: prepared.total,
    };
  };
  try {
    const cold = await once();
    const warm = await once();
    return { ...cold, warmMs: warm.ms };
  } finally {
    await closeChartPool();
    await db.destroy();
  }
}
