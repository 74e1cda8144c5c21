// What `synchronous = FULL` costs an import against `NORMAL` (issue 6 §2: FULL if ≤ 10% more).
// Each run writes the same batch through saveActuals in one transaction, as upload.commit does,
// into a fresh, migrated SQLite file in WAL mode; the two settings alternate so a busy machine
// hurts both alike. The files go in data/ (the disk the store lives on), not a tmpfs, where an
// fsync would cost nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { openSqlite } from '../../server/db/connect';
import { migrateToLatest } from '../../server/db/migrate';
import { syncPlan } from '../../server/plans/sync';
import { saveActuals } from '../../server/queries/actuals';
import { listIndicatorDefs } from '../../server/queries/indicators';
import { addMonths } from '../../shared/period';
import { FIRST_MONTH, syntheticPlan } from './scale-plans';

export interface SynchronousFigures {
  rows: number;
  runs: number;
  /** Median ms of one import. */
  normalMs: number;
  fullMs: number;
  /** fullMs ÷ normalMs. */
  ratio: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function importOnce(file: string, mode: 'NORMAL' | 'FULL', rows: number): Promise<number> {
  const db = openSqlite(file);
  try {
    await migrateToLatest(db);
    const plan = syntheticPlan(98, Math.ceil(rows / 60), 60);
    await syncPlan(db, plan, () => {});
    await db.updateTable('plans').set({ approvalRequired: 0 }).execute();
    const defs = await listIndicatorDefs(db, plan.id);
    const batch = defs
      .flatMap(({ id }) =>
        Array.from({ length: 60 }, (_, m) => ({
          indicatorId: id,
          series: 'value' as const,
          period: addMonths(FIRST_MONTH, m),
          value: m + 1,
        })),
      )
      .slice(0, rows);
    // Set last: openSqlite's own setting applies to everything before.
    await sql.raw(`pragma synchronous = ${mode}`).execute(db);
    const t0 = performance.now();
    await db.transaction().execute((trx) => saveActuals(trx, plan.id, batch, { source: 'upload', by: 'bench' }));
    return performance.now() - t0;
  } finally {
    await db.destroy();
  }
}

export async function benchSynchronous(rows = 50_000, runs = 5): Promise<SynchronousFigures> {
  const dir = mkdtempSync(path.resolve(import.meta.dirname, '../../data/.bench-synchronous-'));
  const times = { NORMAL: [] as number[], FULL: [] as number[] };
  try {
    // One warm-up of each, not counted; then alternate, starting with either.
    for (let i = -1; i < runs; i++)
      for (const mode of i % 2 ? (['NORMAL', 'FULL'] as const) : (['FULL', 'NORMAL'] as const)) {
        const ms = await importOnce(path.join(dir, `${mode}-${i + 1}.sqlite`), mode, rows);
        if (i >= 0) times[mode].push(ms);
      }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const normalMs = median(times.NORMAL);
  const fullMs = median(times.FULL);
  return { rows, runs, normalMs, fullMs, ratio: fullMs / normalMs };
}

if (process.argv[1] === import.meta.filename) {
  const figures = await benchSynchronous(Number(process.argv[2] ?? 50_000), Number(process.argv[3] ?? 5));
  console.log(JSON.stringify(figures));
}
