// The briefing bench: the Word briefing of all 59 measures of the demo plan (the default 通报:
// charts of the lagging items in 附件2), from the choice to the stored snapshot, on a fresh
// in-memory database. `ms` is the first build after a fresh start (the chart workers started as
// server start-up does, no render yet); `warmMs` is the next one; `pptxMs` the PowerPoint briefing
// of the same scope. `cpuMs` is the process's CPU time (all threads) for the first build: on a
// shared, busy machine it says more than the wall clock. `loopDelayMaxMs`: the longest the event
// loop was blocked meanwhile.
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { closeChartPool, warmChartPool } from '../../server/briefings/chart-pool';
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
  pptxMs: number;
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
  const once = async (format: 'docx' | 'pptx') => {
    const cpu = process.cpuUsage();
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const t0 = performance.now();
    const prepared = await prepareBriefing(db, {
      planId: plan.id,
      period: '2022-10',
      scope: { kind: 'plan' },
      format,
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
    // As server/main.ts does at start-up.
    await warmChartPool();
    const cold = await once('docx');
    const warm = await once('docx');
    const pptx = await once('pptx');
    return { ...cold, warmMs: warm.ms, pptxMs: pptx.ms };
  } finally {
    await closeChartPool();
    await db.destroy();
  }
}
