// `npm run bench`: speed figures, each printed against a baseline measured in the same run (the
// machines are shared and noisy, so only ratios mean anything). Results also go to
// tests/bench/results.json (not committed) for comparison between runs.
import SQLite from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { openSqlite } from '../../server/db/connect';
import { migrateToLatest } from '../../server/db/migrate';
import { overview } from '../../server/queries/board';
import { saveActuals } from '../../server/queries/actuals';
import { listIndicatorDefs } from '../../server/queries/indicators';
import { syncPlan } from '../../server/plans/sync';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { addMonths } from '../../shared/period';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { readersDuringErrorUploads, readersDuringPublicFloods } from './abuse';
import { briefingBench } from './briefing';
import { benchCrash } from './crash';
import { overviewThroughput, loadDuringImport } from './http';
import { benchImportFile } from './import-file';
import { runProperties } from './properties';
import { benchSynchronous } from './synchronous';
import { browserFigures, firstPageJsGzip } from './browser';
import { firstScreenFigures } from './first-screen';
import { START_PATHS, startFigures } from './start';
import { FIRST_MONTH, seedScale, syntheticPlan } from './scale-plans';

const results: Record<string, number> = {};

// `npm run bench -- 5 7` runs only sections 5 and 7 (numbered below); no argument runs them all.
const only = new Set(process.argv.slice(2).map(Number));
const section = (n: number) => only.size === 0 || only.has(n);

async function time(runs: number, fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 3; i++) await fn(); // warm up
  const start = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) await fn();
  return Number(process.hrtime.bigint() - start) / 1e6 / runs;
}

function report(name: string, value: number, unit: string, goal: string) {
  results[name] = value;
  const shown = Number.isInteger(value) ? value.toLocaleString('en') : value.toFixed(2);
  console.log(`${name}: ${shown}${unit} (goal ${goal})`);
}

// 1. The overview query at scale: 20 plans × 100 indicators × 60 months.
if (section(1)) {
  const PLANS = 20;
  const INDICATORS = 100;
  const MONTHS = 60;
  const db = openSqlite(':memory:');
  await migrateToLatest(db);
  const seedStart = Date.now();
  const plans = await seedScale(db, PLANS, INDICATORS, MONTHS);
  console.log(
    `seeded ${PLANS} plans × ${INDICATORS} indicators × ${MONTHS} months in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`,
  );
  const planId = plans[PLANS - 1]!;
  const period = addMonths(FIRST_MONTH, MONTHS - 1);
  // Baseline: the same figures read with one plain SQL query, nothing computed.
  const baseline = await time(50, () =>
    sql`select a.indicator_id, a.series, a.period, a.value from actuals a join indicators i on i.id = a.indicator_id where i.plan_id = ${planId} and a.period <= ${period}`.execute(
      db,
    ),
  );
  // Inside a transaction: the answer cache (db/answer-cache.ts) keeps nothing there, so each run
  // computes the overview (outside one, every run after the first was a cache hit, ~0.02 ms).
  const full = await time(50, () => db.transaction().execute((trx) => overview(trx, planId, period)));
  report('overview ms (one plan of 100 indicators, 60 months, 20 plans stored)', full, ' ms', '≤ 50 ms');
  report('plain SQL read of the same figures ms', baseline, ' ms', 'baseline');
  report('overview ÷ plain SQL read', full / baseline, '×', 'informational');
  await db.destroy();
}

// 2. The import write path: 100,000 new figures validated and written through saveActuals (one
// transaction), against raw better-sqlite3 prepared INSERTs of the same rows. A new figure is one
// row (who, when, why, which upload); revision rows come when a stored value changes.
if (section(2)) {
  const db = openSqlite(path.join(mkdtempSync(path.join(tmpdir(), 'pm-ours-')), 'ours.sqlite'));
  await migrateToLatest(db);
  const plan = syntheticPlan(99, 1700, 60);
  await syncPlan(db, plan, () => {});
  await db.updateTable('plans').set({ approvalRequired: 0 }).execute();
  const defs = await listIndicatorDefs(db, plan.id);
  const months = Array.from({ length: 60 }, (_, i) => addMonths(FIRST_MONTH, i));
  const rows = defs
    .flatMap(({ id }) =>
      months.map((period, m) => ({ indicatorId: id, series: 'value' as const, period, value: m + 1 })),
    )
    .slice(0, 100_000);
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const t0 = performance.now();
  await saveActuals(db, plan.id, rows, { source: 'upload', by: 'bench', uploadId: 'bench-upload' });
  const ours = performance.now() - t0;
  delay.disable();

  // The raw baseline: one prepared INSERT of the same rows, in one transaction, into the same
  // table (same indexes and foreign keys, same columns filled) of a second migrated store. Ours
  // also checks every rule first.
  const directFile = path.join(mkdtempSync(path.join(tmpdir(), 'pm-raw-')), 'raw.sqlite');
  {
    const seeded = openSqlite(directFile);
    await migrateToLatest(seeded);
    await syncPlan(seeded, plan, () => {});
    await seeded.destroy();
  }
  const direct = new SQLite(directFile);
  const insert = direct.prepare(
    'insert into actuals (indicator_id, series, period, value, note, source, reported_by, reported_at, review_state, approved_value, reason, upload_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const t1 = performance.now();
  direct.transaction(() => {
    for (const r of rows)
      insert.run(
        r.indicatorId,
        r.series,
        r.period,
        r.value,
        null,
        'upload',
        'bench',
        '2025-01-01T00:00:00Z',
        'approved',
        r.value,
        null,
        'bench-upload',
      );
  })();
  const baseline = performance.now() - t1;
  const ourRate = rows.length / (ours / 1000);
  const rawRate = rows.length / (baseline / 1000);
  report('import write path rows/s (saveActuals, 100,000 new figures)', ourRate, ' rows/s', 'informational');
  report('raw better-sqlite3 prepared INSERT rows/s (same table, same rows)', rawRate, ' rows/s', 'baseline');
  report('import write path ÷ raw INSERT', ourRate / rawRate, '×', '≥ 0.5');
  report('event-loop delay max during the write ms', delay.max / 1e6, ' ms', 'informational');
  direct.close();
  await db.destroy();
}

// 3. The board in Chromium (real server, demo plan): drawn charts and first-page JavaScript.
if (section(3)) {
  const { overviewMs, measureMs } = await browserFigures();
  report('overview drawn in Chromium (59 measures, all progress bars) ms', overviewMs, ' ms', '≤ 2000 ms');
  report('measure 41 page: every visible chart drawn ms', measureMs, ' ms', '≤ 2000 ms');
  report('first-page JavaScript gzip KiB', firstPageJsGzip() / 1024, ' KiB', '≤ 300 KiB');
}

// 4. The Word briefing of all 59 measures (the default 通报, charts of the lagging items), first
// build after a fresh start and the next one, and the PowerPoint briefing of all 59 measures.
if (section(4)) {
  const b = await briefingBench();
  report('briefing .docx, all 59 measures, first build after start s', b.ms / 1000, ' s', '≤ 3 s');
  report('briefing .docx, all 59 measures, second build s', b.warmMs / 1000, ' s', '≤ 3 s');
  report('briefing .pptx, all 59 measures s', b.pptxMs / 1000, ' s', '≤ 1 s');
  console.log(
    `  (first build: CPU ${(b.cpuMs / 1000).toFixed(1)} s, ${(b.bytes / 1024 / 1024).toFixed(1)} MB, event-loop delay max ${b.loopDelayMaxMs.toFixed(0)} ms)`,
  );
}

// 5. A 100,000-row .xlsx end to end on a real server (upload, dry run in a worker, commit), three
// rounds each beside its own baseline parse; medians reported (see import-file.ts).
if (section(5)) {
  const f = await benchImportFile();
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  for (const [i, r] of f.rounds.entries())
    console.log(
      `  (round ${i + 1}: dry run ${s(r.previewMs)}, commit ${s(r.commitMs)}, exceljs parse ${s(r.parseOnlyMs)}: ${(r.totalMs / r.parseOnlyMs).toFixed(2)}×; RSS +${((r.peakRssBytes - r.idleRssBytes) / 1024 / 1024).toFixed(0)} MB; loop p99 ${r.loopDelayP99Ms.toFixed(0)} ms)`,
    );
  console.log(
    `  (medians of ${f.rounds.length} rounds; 100,000-row file: ${(f.fileBytes / 1024 / 1024).toFixed(1)} MB; dry run ${s(f.previewMs)}, commit ${s(f.commitMs)}, exceljs streaming parse alone ${s(f.parseOnlyMs)})`,
  );
  report('100,000-row .xlsx end to end ÷ exceljs streaming parse-only', f.totalOverParse, '×', '≤ 1.3');
  report('100,000-row .xlsx import rows/s ÷ raw INSERT rows/s', f.rawInsertMs / f.totalMs, '×', 'informational');
  // Memory the import costs the server: its peak resident set during the import above what it
  // held idle just before (Node, the modules and the open store come first, whatever the file);
  // the median over the rounds of each round's growth.
  report('server peak RSS growth ÷ file size during the import', f.rssGrowthBytes / f.fileBytes, '×', '≤ 20');
  console.log(
    `  (server RSS idle ${(f.idleRssBytes / 1024 / 1024).toFixed(0)} MB, +${(f.rssGrowthBytes / 1024 / 1024).toFixed(0)} MB at the peak of the import)`,
  );
  report('event-loop delay p99 on the server during the import ms', f.loopDelayP99Ms, ' ms', '≤ 50 ms');
  report('event-loop delay max on the server during the import ms', f.loopDelayMaxMs, ' ms', 'informational');
}

// 6. The overview procedure over HTTP at 50 connections against a bare Fastify route.
if (section(6)) {
  const h = await overviewThroughput();
  report('overview requests/s over HTTP (50 connections)', h.oursRps, ' req/s', 'informational');
  report('bare Fastify route, same JSON requests/s', h.bareRps, ' req/s', 'baseline');
  report('overview requests/s ÷ bare Fastify', h.oursRps / h.bareRps, '×', '≥ 0.5');
  report('overview p99 latency at 50 connections ms', h.oursP99, ' ms', '≤ 50 ms');
}

// 7. Load: 50 viewers while a statistician imports the 100,000-row file.
if (section(7)) {
  const l = await loadDuringImport();
  report('load: errors during 50 viewers + one 100,000-row import', l.errors, '', '0');
  report('load: read p99 idle ms', l.idleP99, ' ms', 'baseline');
  report('load: read p99 during the import ms', l.importP99, ' ms', 'informational');
  console.log(
    `  (${l.duringAnswers} answers to requests sent while the import ran, ${(l.importMs / 1000).toFixed(1)} s)`,
  );
  report('load: slowest read idle ms', l.idleMax, ' ms', 'informational');
  report('load: slowest read during the import ms', l.importMax, ' ms', 'informational');
  report('load: read p99 during import ÷ idle', l.importP99 / l.idleP99, '×', '≤ 2');
}

// 8. synchronous = FULL against NORMAL for an import (the setting in server/db/connect.ts).
if (section(8)) {
  const s = await benchSynchronous();
  report('import with synchronous=FULL ÷ NORMAL', s.ratio, '×', 'FULL if ≤ 1.10');
}

// 9. Property tests of the number and month readers and the status engine.
if (section(9)) {
  const p = await runProperties(10_000);
  report('property-test cases run (fast-check)', p.cases, '', '≥ 100,000');
}

// 10. Crash safety: SIGKILL before, during and inside the commit of imports and after its answer,
// 200 rounds (each restarts the real server: most of a round's few seconds).
if (section(10)) {
  const c = await benchCrash(200);
  report(`crash rounds (SIGKILL during imports) failed of ${c.rounds}`, c.failures.length, '', '0');
  report('crash rounds, time', c.ms / 60_000, ' min', 'informational');
  console.log(`  landed: ${JSON.stringify(c.landed)}`);
  for (const f of c.failures.slice(0, 5)) console.log(`  ${f}`);
}

// 11. Readers while five users' all-error uploads (99,990 repeated rows each) are checked.
if (section(11)) {
  const a = await readersDuringErrorUploads();
  report('abuse: read p99 idle ms', a.idleP99, ' ms', 'baseline');
  report('abuse: read p99 during five all-error uploads ms', a.loadP99, ' ms', 'informational');
  console.log(`  (${a.answers} answers in ${a.seconds.toFixed(1)} s; largest preview answer ${a.responseBytes} bytes)`);
  report('abuse: read p99 during five all-error uploads ÷ idle', a.ratio, '×', '≤ 2');
}

// 12. Readers while six anonymous clients pull a chart PNG, six the indicators.xlsx export and
// three send full tRPC batches, flat out.
if (section(12)) {
  const f = await readersDuringPublicFloods();
  report('abuse: read p99 idle ms (floods)', f.idleP99, ' ms', 'baseline');
  report('abuse: read p99 during image, export and batch floods ms', f.loadP99, ' ms', 'informational');
  console.log(
    `  (${f.answers} answers in ${f.seconds.toFixed(1)} s; flood answers by status ${JSON.stringify(f.statuses)})`,
  );
  report('abuse: read p99 during floods ÷ idle', f.ratio, '×', '≤ 2');
}

// 13. The leader's first screen on a phone over Slow 4G with a 4× slower CPU (cold cache), and on a
// desk unthrottled: Core Web Vitals' "good" thresholds and the first-screen chart.
if (section(13)) {
  const { phone, desktop } = await firstScreenFigures();
  report('first screen, phone Slow 4G + 4× CPU: LCP ms', phone.lcpMs, ' ms', '≤ 2500 ms');
  report('first screen, phone Slow 4G + 4× CPU: CLS', phone.cls, '', '≤ 0.1');
  report('first screen, phone Slow 4G + 4× CPU: chart drawn ms', phone.chartMs, ' ms', '≤ 3000 ms');
  report(
    'first screen, phone Slow 4G + 4× CPU: app took over (own chart drawn) ms',
    phone.appMs,
    ' ms',
    'informational',
  );
  report('first screen, desktop unthrottled: LCP ms', desktop.lcpMs, ' ms', 'informational');
  report('first screen, desktop unthrottled: CLS', desktop.cls, '', 'informational');
  report('first screen, desktop unthrottled: chart drawn ms', desktop.chartMs, ' ms', 'informational');
  report('first-page JavaScript gzip KiB (first screen)', firstPageJsGzip() / 1024, ' KiB', '≤ 300 KiB');
}

// 14. `npm start` to its first answers: cold (nothing built, a new store) and warm (nothing changed).
if (section(14)) {
  const { cold, warm } = await startFigures();
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  for (const p of START_PATHS) {
    report(`npm start to ${p} 200, cold (builds, new store) ms`, cold[p], ' ms', 'informational');
    console.log(`  (warm runs: ${warm.map((t) => t[p].toFixed(0)).join(', ')} ms)`);
    report(
      `npm start to ${p} 200, warm (nothing changed), median of ${warm.length} ms`,
      median(warm.map((t) => t[p])),
      ' ms',
      p === '/healthz' ? '≤ 2000 ms' : 'informational',
    );
  }
}

writeFileSync(path.join(import.meta.dirname, 'results.json'), JSON.stringify(results, null, 2) + '\n');
