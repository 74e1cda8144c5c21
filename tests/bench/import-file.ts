// The 100,000-row file import, end to end on a real server in this process (so the event-loop
// delay measured here is the server's): upload → dry run (parsed in a worker thread, checked
// against the store) → commit, against a plan of 1,700 cumulative indicators × 60 months. Baselines
// from the same run: exceljs' streaming reader parsing the same file and nothing else, and raw
// better-sqlite3 prepared INSERTs of the same rows into the same `actuals` table.
import SQLite from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { buildApp } from '../../server/app';
import { openSqlite } from '../../server/db/connect';
import { migrateToLatest } from '../../server/db/migrate';
import { syncPlan } from '../../server/plans/sync';
import { createUser } from '../../server/queries/users';
import { TEMPLATE_HEADER } from '../../server/upload/template';
import { addMonths } from '../../shared/period';
import type { IndicatorDef } from '../../shared/plan-schema';
import { FIRST_MONTH, syntheticPlan } from './scale-plans';

export const IMPORT_MONTHS = 60;
const INDICATORS = 1_700;
export const IMPORT_ROWS = 100_000;

export interface ImportFigures {
  rows: number;
  fileBytes: number;
  previewMs: number;
  commitMs: number;
  totalMs: number;
  parseOnlyMs: number;
  rawInsertMs: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  peakRssBytes: number;
}

export function importPlan() {
  const plan = syntheticPlan(77, INDICATORS, IMPORT_MONTHS);
  // Cumulative only: one value per indicator-month, as a statistician's sheet has.
  plan.indicators = plan.indicators.map((i): IndicatorDef => ({
    code: i.code,
    measure: i.measure,
    name: i.name,
    nameEn: i.nameEn,
    unit: i.unit,
    unitEn: i.unitEn,
    reporting: 'cumulative',
    periodStart: i.periodStart,
    periodEnd: i.periodEnd,
    source: i.source,
    kind: 'cumulative',
    target: 1_000_000,
  }));
  return plan;
}

export async function writeImportFile(file: string, plan: ReturnType<typeof importPlan>) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
  const sheet = workbook.addWorksheet('报送');
  sheet.addRow(TEMPLATE_HEADER).commit();
  let n = 0;
  for (const ind of plan.indicators)
    for (let m = 0; m < IMPORT_MONTHS && n < IMPORT_ROWS; m++, n++)
      sheet
        .addRow([ind.code, ind.name, ind.unit, '1—N月累计', addMonths(FIRST_MONTH, m), null, (m + 1) * 10 + 0.5, null])
        .commit();
  await workbook.commit();
}

async function parseOnly(file: string): Promise<number> {
  const t = performance.now();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', worksheets: 'emit' });
  let cells = 0;
  for await (const sheet of reader) for await (const row of sheet) cells += row.cellCount;
  if (cells === 0) throw new Error('nothing parsed');
  return performance.now() - t;
}

export async function benchImportFile(): Promise<ImportFigures> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pm-import-'));
  try {
    const plan = importPlan();
    const file = path.join(dir, 'import.xlsx');
    await writeImportFile(file, plan);
    const fileBytes = statSync(file).size;
    const parseOnlyMs = await parseOnly(file);

    const db = openSqlite(path.join(dir, 'store.sqlite'));
    await migrateToLatest(db);
    await syncPlan(db, plan, () => {});
    await db.updateTable('plans').set({ approvalRequired: 0 }).execute();
    await createUser(
      db,
      { username: 'bench-admin', displayName: 'Bench', password: 'bench-password-1', role: 'admin', unitCodes: [] },
      { actorId: null },
    );
    const app = await buildApp(db, { logLevel: 'silent', clientDir: '/nonexistent' });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const login = await fetch(`${base}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bench-admin', password: 'bench-password-1' }),
    });
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;

    let peakRss = process.memoryUsage.rss();
    const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20);
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const t0 = performance.now();
    const form = new FormData();
    form.append('plan', plan.id);
    form.append('period', addMonths(FIRST_MONTH, IMPORT_MONTHS - 1));
    form.append('file', new Blob([new Uint8Array(readFileSync(file))]), 'import.xlsx');
    const preview = await fetch(`${base}/api/uploads/preview`, {
      method: 'POST',
      headers: { cookie, origin: base, 'x-plan-monitor-upload': '1' },
      body: form,
    });
    const body = (await preview.json()) as {
      uploadId?: string;
      summary?: { rows: number; new: number; errors: number };
      error?: unknown;
    };
    const t1 = performance.now();
    if (!body.uploadId || body.summary?.errors !== 0 || body.summary.new !== IMPORT_ROWS)
      throw new Error(`preview failed: ${JSON.stringify(body).slice(0, 500)}`);
    const commit = await fetch(`${base}/trpc/upload.commit`, {
      method: 'POST',
      headers: { cookie, origin: base, 'content-type': 'application/json' },
      body: JSON.stringify({ uploadId: body.uploadId }),
    });
    const t2 = performance.now();
    delay.disable();
    clearInterval(rssTimer);
    if (commit.status !== 200) throw new Error(`commit failed: ${(await commit.text()).slice(0, 500)}`);
    const written = await db
      .selectFrom('actuals')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(written.n) !== IMPORT_ROWS) throw new Error(`expected ${IMPORT_ROWS} figures, found ${written.n}`);
    await app.close();
    await db.destroy();

    // Raw baseline: the same rows into the same table (same indexes and foreign keys).
    const direct = openSqlite(path.join(dir, 'raw.sqlite'));
    await migrateToLatest(direct);
    await syncPlan(direct, plan, () => {});
    const ids = await direct.selectFrom('indicators').select(['id', 'code']).execute();
    await direct.destroy();
    const raw = new SQLite(path.join(dir, 'raw.sqlite'));
    const insert = raw.prepare(
      'insert into actuals (indicator_id, series, period, value, note, source, reported_by, reported_at, review_state, approved_value) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const t3 = performance.now();
    raw.transaction(() => {
      let n = 0;
      for (const { id } of ids)
        for (let m = 0; m < IMPORT_MONTHS && n < IMPORT_ROWS; m++, n++) {
          const value = (m + 1) * 10 + 0.5;
          insert.run(
            id,
            'value',
            addMonths(FIRST_MONTH, m),
            value,
            null,
            'upload',
            'bench',
            '2025-01-01T00:00:00.000Z',
            'approved',
            value,
          );
        }
    })();
    const rawInsertMs = performance.now() - t3;
    raw.close();

    return {
      rows: IMPORT_ROWS,
      fileBytes,
      previewMs: t1 - t0,
      commitMs: t2 - t1,
      totalMs: t2 - t0,
      parseOnlyMs,
      rawInsertMs,
      loopDelayP99Ms: delay.percentile(99) / 1e6,
      loopDelayMaxMs: delay.max / 1e6,
      peakRssBytes: peakRss,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchImportFile());
