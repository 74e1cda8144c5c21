// Crash rounds (issue 6 §2): the real server takes an upload, is killed with SIGKILL before the
// commit request, while its transaction saves rows, inside its COMMIT, or after the answer, and is
// started again on the same SQLite file. After each restart the file must pass integrity_check and
// foreign_key_check, and every upload so far must be wholly written or wholly absent, its record
// agreeing. Each round is aimed (a seeded schedule names the target) by watching the server from
// outside (commit-watch.ts), and where it landed is decided afterwards from what the client saw and
// what the file holds; the two can differ on a busy machine, and the result counts both.
// Randomness comes from `seed` only. Used by tests/integration/crash-safety.test.ts (10 rounds) and
// tests/bench/crash.ts (200).
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkStore, type TrackedUpload } from './check-store';
import { watchCommit, type CommitWatch } from './commit-watch';
import { CRASH_PLAN, REPORT_PERIOD, MONTHS, cellsOf, writeUploadFile } from './crash-plan';
import { ADMIN, prepareCrashStore } from './crash-store';
import { login, mutate, startServer, uploadPreview, type StoreEnv, type ServerProcess } from './server-process';
import { classify, LANDED, newPagesInWal, type Aim, type Phase } from './landed';
import { readWalTail } from './wal-tail';
import { mulberry32 } from '../../server/mulberry32';

export interface CrashRoundsOptions {
  rounds: number;
  seed: number;
  log?: (line: string) => void;
  /**
   * When set, a quarter of the rounds aimed "during" use a file this big (at most 100,000, the
   * upload limit), so that SQLite spills the transaction's pages to the WAL before COMMIT.
   */
  spillRows?: number;
  /** Start again from the store as first prepared (a file copy) every this many rounds: the file
   * stays small, so restarts and integrity checks stay fast over hundreds of rounds. */
  resetEvery?: number;
  /** Keep the temporary folder (store, files, server output) for a look afterwards. */
  keep?: boolean;
}

export interface CrashRoundsResult {
  rounds: number;
  ms: number;
  aimed: Record<Aim, number>;
  phases: Record<Phase, number>;
  landed: Record<Aim | 'during or inside', number>;
  failures: string[];
  /** ms from the WAL moving to the answer, of answered commits: how long COMMIT takes. */
  commitMs: number[];
  dir: string;
}

/** Rows per file for each aim: small where only the moment matters, bigger where the moment is
 * inside COMMIT (its length grows with the file) or needs several saved chunks to aim at. */
const ROWS: Record<Aim, [number, number]> = {
  before: [1_000, 4_000],
  during: [6_000, 16_000],
  inside: [12_000, 25_000],
  after: [2_000, 8_000],
};

/** Aims for `rounds` rounds, each at least once from four rounds on, in a seeded order. */
function schedule(rounds: number, random: () => number): Aim[] {
  const share: [Aim, number][] = [
    ['before', 0.15],
    ['during', 0.3],
    ['inside', 0.35],
  ];
  const aims: Aim[] = [];
  for (const [aim, s] of share) for (let i = Math.max(1, Math.round(rounds * s)); i > 0; i--) aims.push(aim);
  while (aims.length < rounds) aims.push('after');
  aims.length = rounds;
  for (let i = aims.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [aims[i], aims[j]] = [aims[j]!, aims[i]!];
  }
  return aims;
}

const secs = (n: number) => `${(n / 1000).toFixed(1)} s`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const storeFiles = (file: string) => [file, `${file}-wal`, `${file}-shm`];

export async function runCrashRounds(options: CrashRoundsOptions): Promise<CrashRoundsResult> {
  const { rounds, seed, log = () => {}, spillRows, resetEvery } = options;
  if (spillRows !== undefined && spillRows > 100_000)
    throw new Error(`spillRows ${spillRows} is past the upload limit`);
  // Enough cells that no file names one twice.
  const indicators = Math.max(1_000, Math.ceil((spillRows ?? 0) / MONTHS));
  const random = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const started = performance.now();
  const dir = mkdtempSync(path.join(tmpdir(), 'plan-monitor-crash-'));
  const aims = schedule(rounds, random);
  const aimed: Record<Aim, number> = { before: 0, during: 0, inside: 0, after: 0 };
  const phases = Object.fromEntries(Object.keys(LANDED).map((p) => [p, 0])) as Record<Phase, number>;
  const failures: string[] = [];
  const commitMs: number[] = [];
  let tracked: TrackedUpload[] = [];
  /** Outcome of each earlier upload since the last reset; a later crash must not change it. */
  let outcome = new Map<string, boolean>();
  // How long COMMIT takes per row, from answered commits (WAL moved → answer). The least of the
  // last few: on a busy machine an answer can come late, and an estimate that runs long lands
  // "inside" kills after the answer.
  const commitMsPerRows: number[] = [];
  const commitMsPerRow = () => (commitMsPerRows.length === 0 ? 0.003 : Math.min(...commitMsPerRows.slice(-5)));

  const store = await prepareCrashStore(dir, indicators);
  const env: StoreEnv = store.env;
  const wal = `${env.databaseFile}-wal`;
  let server: ServerProcess = store.server;
  let cookie = store.cookie;
  const pristine = path.join(dir, 'pristine.sqlite');
  if (resetEvery) {
    await server.stop('SIGTERM');
    storeFiles(env.databaseFile).forEach((f, i) => existsSync(f) && copyFileSync(f, storeFiles(pristine)[i]!));
    server = await startServer(env);
    cookie = await login(server.url, ADMIN.username, ADMIN.password);
  }
  // Every draw happens up front in one order, so a seed replays its choices whatever the timing.
  const draws = aims.map((aim) => {
    const [lo, hi] = ROWS[aim];
    const big = spillRows !== undefined && aim === 'during' && random() < 0.25;
    return {
      aim,
      rows: big ? spillRows : int(lo, hi),
      start: int(0, indicators * MONTHS - 1),
      ext: random() < 0.3 ? 'xlsx' : 'csv',
      fraction: random(),
    };
  });
  const fileOf = (round: number) => path.join(dir, `round-${round}.${draws[round - 1]!.ext}`);
  const writeFileOf = (round: number) => {
    const { start, rows } = draws[round - 1]!;
    return writeUploadFile(fileOf(round), cellsOf({ start, count: rows }, round, indicators));
  };
  let nextFile: Promise<Buffer> | null = null;
  try {
    for (let round = 1; round <= rounds; round++) {
      if (resetEvery && round > 1 && (round - 1) % resetEvery === 0) {
        await server.stop('SIGTERM');
        storeFiles(env.databaseFile).forEach((f, i) => {
          rmSync(f, { force: true });
          if (existsSync(storeFiles(pristine)[i]!)) copyFileSync(storeFiles(pristine)[i]!, f);
        });
        tracked = [];
        outcome = new Map();
        server = await startServer(env);
        cookie = await login(server.url, ADMIN.username, ADMIN.password);
      }
      const { aim, rows, ext, fraction } = draws[round - 1]!;
      const label = `round ${round}/${rounds}`;
      aimed[aim]++;

      const t = { start: performance.now(), preview: 0, restart: 0, check: 0 };
      const file = fileOf(round);
      const bytes = await (nextFile ?? writeFileOf(round));
      const preview = await uploadPreview(
        server.url,
        cookie,
        { bytes, name: path.basename(file) },
        { plan: CRASH_PLAN, period: REPORT_PERIOD },
      );
      rmSync(file);
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
      let watch: CommitWatch | null = null;
      let killNote = '';
      const walBefore = readWalTail(wal);
      if (aim === 'before') await sleep(fraction * 20);
      else {
        sent = true;
        const token = `crash-${seed}-${round}`;
        const w = watchCommit(server.url, cookie, token, wal);
        watch = w;
        const commit = mutate(server.url, cookie, 'upload.commit', {
          uploadId: upload.uploadId,
          reason: `崩溃测试 ${round}`,
          progressToken: token,
        })
          .then(() => {
            answered = true;
            if (w.walMovedAt !== null) {
              const ms = performance.now() - w.walMovedAt;
              commitMs.push(ms);
              commitMsPerRows.push(ms / rows);
            }
          })
          // A lost connection is the kill; an error answer is a failure of its own.
          .catch((err: unknown) => {
            if (!(err instanceof TypeError)) failures.push(`${label}: commit answered ${(err as Error).message}`);
          })
          .finally(() => w.stop());
        if (aim === 'during') {
          // Somewhere in the first 90% of the saving, while later chunks are still to come.
          const share = 0.05 + 0.85 * fraction;
          await w.until((x) => x.progress?.phase === 'saving' && x.progress.done >= share * x.progress.total);
          killNote = ` — aimed at ${Math.round(share * 100)}% saved, saw ${w.progress?.done}/${w.progress?.total}`;
        } else if (aim === 'inside') {
          // The WAL moving once saving has begun is COMMIT writing (these files do not spill);
          // then a seeded part of the time COMMIT is expected to take.
          const moved = await w.until((x) => x.sawSaving && x.walMovedAt !== null);
          const delay = fraction * 0.5 * commitMsPerRow() * rows;
          if (moved && delay >= 1) await sleep(delay);
          killNote = ` — aimed ${delay.toFixed(0)} ms after the WAL moved${w.sawAllSaved ? ' (N of N seen)' : ''}`;
        } else {
          await commit;
          await sleep(fraction * 20);
        }
      }
      await server.stop('SIGKILL');
      watch?.stop();
      const pagesInWal = newPagesInWal(walBefore, readWalTail(wal));

      try {
        const restarting = startServer(env);
        // The next round's file is written while the server starts (two processes, two cores).
        if (round < rounds) {
          nextFile = new Promise((resolve) => setImmediate(resolve)).then(() => writeFileOf(round + 1));
          nextFile.catch(() => {});
        }
        server = await restarting;
        cookie = await login(server.url, ADMIN.username, ADMIN.password);
      } catch (err) {
        failures.push(`${label}: the server did not start again after the kill: ${(err as Error).message}`);
        break;
      }

      t.restart = performance.now();
      const state = checkStore(env.databaseFile, tracked);
      for (const p of state.problems) failures.push(`${label}: ${p}`);
      t.check = performance.now();
      const mine = state.uploads.get(upload.uploadId);
      const present = mine?.present ?? false;
      if (present && mine?.figures !== expected)
        failures.push(`${label}: committed, but ${mine?.figures} of ${expected} figures hold its values`);
      const phase = classify(sent, answered, present, watch, pagesInWal);
      phases[phase]++;
      if (phase === 'before commit' && present) failures.push(`${label}: never committed, yet present`);
      if (phase === 'after commit' && !present) failures.push(`${label}: the commit was answered, yet it is gone`);
      for (const [id, was] of outcome)
        if (state.uploads.get(id)?.present !== was) failures.push(`${label}: upload ${id} changed after its round`);
      outcome.set(upload.uploadId, present);
      log(
        `${label}: ${rows} rows (${ext}), aimed ${aim}, ${phase}${killNote}` +
          (pagesInWal ? ', uncommitted pages in the WAL' : '') +
          ` (file + preview ${secs(t.preview - t.start)}, restart ${secs(t.restart - t.preview)}, check ${secs(t.check - t.restart)})`,
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
  const landed: CrashRoundsResult['landed'] = { before: 0, during: 0, inside: 0, after: 0, 'during or inside': 0 };
  for (const [phase, n] of Object.entries(phases)) landed[LANDED[phase as Phase]] += n;
  return { rounds, ms: performance.now() - started, aimed, phases, landed, failures, commitMs, dir };
}
