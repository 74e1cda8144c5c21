// Crash rounds (issue 6 §2): the real server takes a large upload, is killed with SIGKILL before,
// during or after the commit, and is started again on the same SQLite file. After each restart
// the file must pass integrity_check and foreign_key_check, and every upload so far must be wholly
// written or wholly absent, its record agreeing. Randomness comes from `seed` only (the kill delay
// inside a commit is a seeded fraction of a window scaled by the commit times seen so far).
// Used by tests/integration/crash-safety.test.ts (20 rounds) and tests/bench/crash.ts (200).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkStore, type TrackedUpload } from './check-store';
import { CRASH_PLAN, REPORT_PERIOD, MONTHS, cellsOf, writeUploadFile } from './crash-plan';
import { ADMIN, prepareCrashStore } from './crash-store';
import { login, mutate, startServer, uploadPreview, type ServerProcess } from './server-process';
import { readWalTail } from './wal-tail';

/** Where a kill landed, as decided afterwards from what the client saw and what the file holds. */
export type Phase =
  | 'before commit'
  /**
   * Killed while the commit request was handled and before its COMMIT: perhaps before BEGIN, or
   * inside the transaction with its pages still in memory (SQLite spills them to the WAL only past
   * cache_spill, ~15 MB here, about 50,000 rows), which leaves no trace to tell the two apart.
   */
  | 'during the commit request, rolled back'
  /** The WAL held pages of the open transaction (see wal-tail.ts); recovery dropped them. */
  | 'inside the transaction (pages in the WAL), rolled back'
  | 'inside commit, committed (answer lost)'
  | 'after commit';

export interface CrashRoundsOptions {
  rounds: number;
  seed: number;
  log?: (line: string) => void;
  /** Rows per file, drawn between these (default 2,000–20,000, the upload limit). */
  minRows?: number;
  maxRows?: number;
  indicators?: number;
  /** Keep the temporary folder (store, files, server output) for a look afterwards. */
  keep?: boolean;
}

export interface CrashRoundsResult {
  rounds: number;
  ms: number;
  phases: Record<Phase, number>;
  failures: string[];
  /** Commit times the client saw answered, for the size of the kill window. */
  commitMs: number[];
  dir: string;
}

/** mulberry32: small, seedable, good enough to spread kill moments. */
function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ms = (n: number) => `${(n / 1000).toFixed(1)} s`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runCrashRounds(options: CrashRoundsOptions): Promise<CrashRoundsResult> {
  const { rounds, seed, log = () => {}, minRows = 2_000, maxRows = 20_000 } = options;
  // Enough cells that no file names one twice.
  const indicators = options.indicators ?? Math.max(1_000, Math.ceil(maxRows / MONTHS));
  const random = seeded(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const started = performance.now();
  const dir = mkdtempSync(path.join(tmpdir(), 'plan-monitor-crash-'));
  const phases: Record<Phase, number> = {
    'before commit': 0,
    'during the commit request, rolled back': 0,
    'inside the transaction (pages in the WAL), rolled back': 0,
    'inside commit, committed (answer lost)': 0,
    'after commit': 0,
  };
  const failures: string[] = [];
  const commitMs: number[] = [];
  const tracked: TrackedUpload[] = [];
  /** Outcome of each earlier upload; a later crash must not change it. */
  const outcome = new Map<string, boolean>();
  // ms per row of answered commits, smoothed; the kill window for n rows is ~1.3 × the estimate.
  let msPerRow = 0.1;
  const FIXED_MS = 150;

  const store = await prepareCrashStore(dir, indicators);
  let server: ServerProcess = store.server;
  let cookie = store.cookie;
  try {
    for (let round = 1; round <= rounds; round++) {
      // Every draw happens in the same order whatever the timing, so a seed replays its choices.
      const rows = Math.round(minRows * (maxRows / minRows) ** random());
      const start = int(0, indicators * MONTHS - 1);
      const ext = random() < 0.3 ? 'xlsx' : 'csv';
      const planDraw = random();
      const plan = planDraw < 0.2 ? 'before' : planDraw < 0.8 ? 'during' : 'after';
      const fraction = random();
      const label = `round ${round}/${rounds}`;

      const t = { start: performance.now(), preview: 0, restart: 0, check: 0 };
      const file = path.join(dir, `round-${round}.${ext}`);
      const bytes = await writeUploadFile(file, cellsOf({ start, count: rows }, round, indicators));
      const preview = await uploadPreview(
        server.url,
        cookie,
        { bytes, name: path.basename(file) },
        { plan: CRASH_PLAN, period: REPORT_PERIOD },
      );
      t.preview = performance.now();
      const expected = preview.summary.new + preview.summary.changed;
      if (!preview.summary.canCommit || expected !== rows) {
        failures.push(`${label}: preview of ${rows} rows: ${JSON.stringify(preview.summary)}`);
        break;
      }
      const upload = { uploadId: preview.uploadId, round, expected };
      tracked.push(upload);

      let sent = false;
      let answered = false;
      let delay = 0;
      if (plan === 'before') await sleep(fraction * 20);
      else {
        sent = true;
        const t0 = performance.now();
        const commit = mutate(server.url, cookie, 'upload.commit', {
          uploadId: upload.uploadId,
          reason: `崩溃测试 ${round}`,
        })
          .then(() => {
            answered = true;
            const ms = performance.now() - t0;
            commitMs.push(ms);
            msPerRow = 0.7 * msPerRow + (0.3 * Math.max(0, ms - FIXED_MS)) / rows;
          })
          // A lost connection is the kill; an error answer is a failure of its own.
          .catch((err: unknown) => {
            if (!(err instanceof TypeError)) failures.push(`${label}: commit answered ${(err as Error).message}`);
          });
        if (plan === 'during') {
          delay = fraction * 1.3 * (FIXED_MS + msPerRow * rows);
          await sleep(delay - (performance.now() - t0));
        } else {
          await commit;
          await sleep(fraction * 20);
        }
      }
      await server.stop('SIGKILL');
      const tail = readWalTail(`${store.env.databaseFile}-wal`);

      try {
        server = await startServer(store.env);
        cookie = await login(server.url, ADMIN.username, ADMIN.password);
      } catch (err) {
        failures.push(`${label}: the server did not start again after the kill: ${(err as Error).message}`);
        break;
      }

      t.restart = performance.now();
      const state = checkStore(store.env.databaseFile, tracked);
      for (const p of state.problems) failures.push(`${label}: ${p}`);
      t.check = performance.now();
      const mine = state.uploads.get(upload.uploadId);
      const present = mine?.present ?? false;
      if (present && mine?.figures !== expected)
        failures.push(`${label}: committed, but ${mine?.figures} of ${expected} figures hold its values`);
      const phase: Phase = !sent
        ? 'before commit'
        : answered
          ? 'after commit'
          : present
            ? 'inside commit, committed (answer lost)'
            : tail.uncommittedFrames > 0
              ? 'inside the transaction (pages in the WAL), rolled back'
              : 'during the commit request, rolled back';
      phases[phase]++;
      if (phase === 'before commit' && present) failures.push(`${label}: never committed, yet present`);
      if (phase === 'after commit' && !present) failures.push(`${label}: the commit was answered, yet it is gone`);
      for (const [id, was] of outcome)
        if (state.uploads.get(id)?.present !== was) failures.push(`${label}: upload ${id} changed after its round`);
      outcome.set(upload.uploadId, present);
      log(
        `${label}: ${rows} rows (${ext}), ${phase}` +
          (plan === 'during' ? ` — killed ${Math.round(delay)} ms after the commit request` : '') +
          (tail.uncommittedFrames > 0 ? `, ${tail.uncommittedFrames} uncommitted page(s) in the WAL` : '') +
          ` (file + preview ${ms(t.preview - t.start)}, restart ${ms(t.restart - t.preview)}, check ${ms(t.check - t.restart)})`,
      );
    }
  } catch (err) {
    // An upload refused or a request failing outside a kill: reported, not thrown, so a bench run
    // still prints what it saw.
    failures.push(`stopped: ${(err as Error).message}`);
  } finally {
    await server.stop('SIGTERM');
    if (!options.keep && failures.length === 0) rmSync(dir, { recursive: true, force: true });
  }
  return { rounds, ms: performance.now() - started, phases, failures, commitMs, dir };
}
