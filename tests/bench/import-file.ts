// The 100,000-row file import, end to end on a real server in a child process (so its event
// loop and memory are measured alone): upload → dry run (parsed in a worker thread, checked
// against the store) → commit, against a plan of 1,700 cumulative indicators × 60 months. Baselines
// from the same run: exceljs' streaming reader parsing the same file and nothing else, and raw
// better-sqlite3 prepared INSERTs of the same rows into the same `actuals` table.
//
// Rounds: this machine's timings move 20–50% from one run to the next (shared, 2 cores), the
// baseline as much as ours. Each round measures the baseline parse and then one import on a fresh
// copy of the same store, back to back; the figures reported are the medians over the rounds
// (ratios taken within each round), and every round is printed.
import SQLite from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqlite } from '../../server/db/connect';
import { migrateToLatest } from '../../server/db/migrate';
import { syncPlan } from '../../server/plans/sync';
import { createUser } from '../../server/queries/users';
import { TEMPLATE_HEADER } from '../../server/upload/template';
import { addMonths } from '../../shared/period';
import { cumulativePlan, FIRST_MONTH } from './scale-plans';

export const IMPORT_MONTHS = 60;
const INDICATORS = 1_700;
export const IMPORT_ROWS = 100_000;

export interface ImportFigures {
  rows: number;
  fileBytes: number;
  /** Each round's figures; the fields below are their medians. */
  rounds: ImportRound[];
  /** Median over the rounds of (end to end ÷ the same round's parse-only). */
  totalOverParse: number;
  previewMs: number;
  commitMs: number;
  totalMs: number;
  parseOnlyMs: number;
  rawInsertMs: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** The server process's peak resident memory during the import, and before it. */
  peakRssBytes: number;
  idleRssBytes: number;
  /** Median over the rounds of (peak − idle): GC timing moves one round's peak by ±10 MB. */
  rssGrowthBytes: number;
}

/** The bench server (bench-server.ts) as a child process, measured from outside. */
async function startServer(storeFile: string) {
  // PM_BENCH_PROFILE=<dir>: the server writes a CPU profile there (to see where an import's time goes).
  const dir = process.env.PM_BENCH_PROFILE;
  const profile = dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
  const proc = spawn(
    process.execPath,
    [...profile, '--import', 'tsx', path.join(import.meta.dirname, 'bench-server.ts'), storeFile],
    {
      cwd: path.resolve(import.meta.dirname, '../..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  const waiters: (() => void)[] = [];
  proc.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    for (const w of waiters.splice(0)) w();
  });
  const waitFor = async (re: RegExp): Promise<RegExpExecArray> => {
    for (;;) {
      const m = re.exec(out);
      if (m) return m;
      if (proc.exitCode !== null) throw new Error('bench server exited');
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  const port = Number((await waitFor(/PORT (\d+)/))[1]);
  // The server warms its parse worker once listening (as npm start does): let that settle, so the
  // idle memory below includes it and the import is measured alone.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  // VmHWM is the peak resident set since the last reset; writing 5 to clear_refs resets it.
  const status = () => readFileSync(`/proc/${proc.pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status())?.[1] ?? NaN) * 1024;
  return {
    proc,
    url: `http://127.0.0.1:${port}`,
    memory: () => ({ rss: kb('VmRSS'), peak: kb('VmHWM') }),
    resetPeak: () => writeFileSync(`/proc/${proc.pid}/clear_refs`, '5'),
    async measure(): Promise<{ p99: number; max: number }> {
      out = '';
      proc.kill('SIGUSR2');
      return JSON.parse((await waitFor(/MEASURE (\{.*\})/))[1]!) as { p99: number; max: number };
    },
    async stop() {
      proc.kill('SIGTERM');
      await new Promise((resolve) => (proc.exitCode === null ? proc.once('exit', resolve) : resolve(null)));
    },
  };
}

export function importPlan() {
  return cumulativePlan(77, INDICATORS, IMPORT_MONTHS);
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

export type ImportRound = Pick<
  ImportFigures,
  | 'previewMs'
  | 'commitMs'
  | 'totalMs'
  | 'parseOnlyMs'
  | 'loopDelayP99Ms'
  | 'loopDelayMaxMs'
  | 'peakRssBytes'
  | 'idleRssBytes'
>;

const median = (xs: number[]) => {
  const sorted = [...xs].sort((x, y) => x - y);
  const m = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[m]! : (sorted[m - 1]! + sorted[m]!) / 2;
};

/** One import of `file` on a server over `storeFile` (a fresh copy of the prepared store). */
async function importOnce(
  storeFile: string,
  file: string,
  plan: ReturnType<typeof importPlan>,
): Promise<Omit<ImportRound, 'parseOnlyMs'>> {
  // The server runs in a child process: its memory and event loop are its own, not this
  // harness's (which holds the file and the upload body).
  const server = await startServer(storeFile);
  try {
    const base = server.url;
    const login = await fetch(`${base}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bench-admin', password: 'bench-password-1' }),
    });
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const form = new FormData();
    form.append('plan', plan.id);
    form.append('period', addMonths(FIRST_MONTH, IMPORT_MONTHS - 1));
    form.append('file', new Blob([new Uint8Array(readFileSync(file))]), 'import.xlsx');

    const idleRss = server.memory().rss;
    server.resetPeak();
    server.proc.kill('SIGUSR1');
    const t0 = performance.now();
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
    const loop = await server.measure();
    const peakRss = server.memory().peak;
    if (commit.status !== 200) throw new Error(`commit failed: ${(await commit.text()).slice(0, 500)}`);
    const check = new SQLite(storeFile, { readonly: true });
    const written = (check.prepare('select count(*) as n from actuals').get() as { n: number }).n;
    check.close();
    if (written !== IMPORT_ROWS) throw new Error(`expected ${IMPORT_ROWS} figures, found ${written}`);
    return {
      previewMs: t1 - t0,
      commitMs: t2 - t1,
      totalMs: t2 - t0,
      loopDelayP99Ms: loop.p99,
      loopDelayMaxMs: loop.max,
      peakRssBytes: peakRss,
      idleRssBytes: idleRss,
    };
  } finally {
    await server.stop();
  }
}

export async function benchImportFile(rounds = 3): Promise<ImportFigures> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pm-import-'));
  try {
    const plan = importPlan();
    const file = path.join(dir, 'import.xlsx');
    await writeImportFile(file, plan);
    const fileBytes = statSync(file).size;

    const pristine = path.join(dir, 'pristine.sqlite');
    const db = openSqlite(pristine);
    await migrateToLatest(db);
    await syncPlan(db, plan, () => {});
    await db.updateTable('plans').set({ approvalRequired: 0 }).execute();
    await createUser(
      db,
      { username: 'bench-admin', displayName: 'Bench', password: 'bench-password-1', role: 'admin', unitCodes: [] },
      { actorId: null },
    );
    await db.destroy(); // the last connection closing checkpoints the WAL: one file to copy

    const done: ImportRound[] = [];
    for (let i = 0; i < rounds; i++) {
      const parseOnlyMs = await parseOnly(file);
      const storeFile = path.join(dir, `store-${i}.sqlite`);
      copyFileSync(pristine, storeFile);
      done.push({ parseOnlyMs, ...(await importOnce(storeFile, file, plan)) });
    }
    const med = (k: keyof ImportRound) => median(done.map((r) => r[k]));

    // Raw baseline: the same rows into the same table (same indexes and foreign keys).
    const direct = openSqlite(path.join(dir, 'raw.sqlite'));
    await migrateToLatest(direct);
    await syncPlan(direct, plan, () => {});
    const ids = await direct.selectFrom('indicators').select(['id', 'code']).execute();
    await direct.destroy();
    const raw = new SQLite(path.join(dir, 'raw.sqlite'));
    const insert = raw.prepare(
      'insert into actuals (indicator_id, series, period, value, note, source, reported_by, reported_at, review_state, approved_value, reason, upload_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
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
            null,
            'bench-upload',
          );
        }
    })();
    const rawInsertMs = performance.now() - t3;
    raw.close();

    return {
      rows: IMPORT_ROWS,
      fileBytes,
      rounds: done,
      totalOverParse: median(done.map((r) => r.totalMs / r.parseOnlyMs)),
      previewMs: med('previewMs'),
      commitMs: med('commitMs'),
      totalMs: med('totalMs'),
      parseOnlyMs: med('parseOnlyMs'),
      rawInsertMs,
      loopDelayP99Ms: med('loopDelayP99Ms'),
      loopDelayMaxMs: med('loopDelayMaxMs'),
      peakRssBytes: med('peakRssBytes'),
      idleRssBytes: med('idleRssBytes'),
      rssGrowthBytes: median(done.map((r) => r.peakRssBytes - r.idleRssBytes)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchImportFile());
