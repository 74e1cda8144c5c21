// HTTP figures on loopback, the server in a child process and autocannon in this one:
// - the overview procedure's requests/s and p99 at 50 connections, against a bare Fastify route
//   returning the same JSON (also a child process);
// - load: 50 viewers browsing the overview and measure pages while one statistician imports a
//   100,000-row file; read p99 during the import against idle, and errors.
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { seedDemoAccounts } from '../../server/auth/demo-accounts';
import { openSqlite } from '../../server/db/connect';
import { migrateToLatest } from '../../server/db/migrate';
import { seedDemo } from '../../server/demo';
import { loadPlanFolder } from '../../server/plans/load';
import { syncPlan } from '../../server/plans/sync';
import { createUser } from '../../server/queries/users';
import { addMonths } from '../../shared/period';
import { IMPORT_MONTHS, IMPORT_ROWS, importPlan, writeImportFile } from './import-file';
import { FIRST_MONTH } from './scale-plans';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const PLAN = 'changping-2022';
const CONNECTIONS = 50;
/** Requests a second per viewer: a person reading a page, not a closed loop flat out (that measures saturation). */
const VIEWER_RATE = 1;

export async function child(script: string, arg: string): Promise<{ url: string; proc: ChildProcess }> {
  // PM_BENCH_PROFILE=<dir>: each server writes a CPU profile there, as in import-file.ts.
  const dir = process.env.PM_BENCH_PROFILE;
  const profile = dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
  const proc = spawn(process.execPath, [...profile, '--import', 'tsx', path.join(import.meta.dirname, script), arg], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /PORT (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    proc.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, proc };
}

export async function stop(proc: ChildProcess) {
  proc.kill('SIGTERM');
  await new Promise((resolve) => (proc.exitCode === null ? proc.once('exit', resolve) : resolve(null)));
}

/** One autocannon run; `onResponse` sees each answer's status and latency (ms) as it arrives. */
export function cannon(
  opts: autocannon.Options,
  onResponse?: (statusCode: number, ms: number) => void,
): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(opts, (err: Error | null, result) => (err ? reject(err) : resolve(result)));
    autocannon.track(instance, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false });
    if (onResponse)
      instance.on('response', (_client, statusCode: number, _bytes: number, ms: number) => onResponse(statusCode, ms));
  });
}

/** One viewer's answer: when its request was sent (epoch ms) and how long the answer took (ms). */
interface Answer {
  sentAt: number;
  ms: number;
}

/** Viewers at a page a second each, with every 2xx answer kept. */
export async function viewers(url: string, duration: number) {
  const answers: Answer[] = [];
  const result = await cannon(
    {
      url,
      connections: CONNECTIONS,
      connectionRate: VIEWER_RATE,
      duration,
      requests: viewerRequests(),
      ignoreCoordinatedOmission: true, // done in latencies() below
    },
    (statusCode, ms) => {
      if (statusCode >= 200 && statusCode < 300) answers.push({ sentAt: Date.now() - ms, ms });
    },
  );
  return { result, answers };
}

/**
 * Seconds of one round of viewers. Each round opens its fifty connections at once, and their first
 * requests arrive together: a burst the server drains in tens of milliseconds, which sets a
 * window's p99. Idle and loaded windows are both measured in rounds of this length, so both hold
 * one burst per round (an idle window of one 6 s round against loaded rounds of 3 s counted the
 * bursts twice as often under load).
 */
export const ROUND_SECONDS = 3;

/** Viewers for `seconds`, in rounds of ROUND_SECONDS: every 2xx answer, and each round's result. */
export async function viewerRounds(url: string, seconds: number) {
  const rounds: Awaited<ReturnType<typeof viewers>>[] = [];
  for (let left = seconds; left > 0; left -= ROUND_SECONDS)
    rounds.push(await viewers(url, Math.min(ROUND_SECONDS, left)));
  return { results: rounds.map((r) => r.result), answers: rounds.flatMap((r) => r.answers) };
}

/**
 * The answers' latencies, corrected for coordinated omission: a viewer sends its next request on
 * schedule only after an answer, so the requests it could not send meanwhile are counted at the
 * latency they would have seen (HdrHistogram's recordValueWithExpectedInterval). Nothing is added
 * while answers take under a viewer's interval (a second), as they should.
 *
 * autocannon's own percentiles are not used: at a connection rate it makes this correction with an
 * expected interval of `Math.ceil(1 / rate)`, which for 1 request a second is 1 — in a histogram
 * of milliseconds. Each answer of V ms then also records V − 1, V − 2, … 1: 130 made-up samples
 * for one 130 ms answer, so a few slow answers outweigh all the fast ones and p99 lands near the
 * window's maximum.
 */
export function latencies(answers: Answer[]): number[] {
  const intervalMs = 1_000 / VIEWER_RATE;
  const out: number[] = [];
  for (const { ms } of answers) {
    out.push(ms);
    for (let missed = ms - intervalMs; missed >= intervalMs; missed -= intervalMs) out.push(missed);
  }
  return out;
}

/**
 * The statistician (import-client.ts) in a process of its own: resolves with the moments the
 * upload was sent and the commit answered (epoch ms), once the process has exited cleanly.
 */
function importInChild(url: string, xlsx: string, planId: string, period: string) {
  const proc = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(import.meta.dirname, 'import-client.ts'),
      url,
      xlsx,
      planId,
      period,
      `${IMPORT_ROWS}`,
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise<{ start: number; end: number; importMs: number }>((resolve, reject) =>
    proc.once('exit', (code) => {
      const start = /START (\d+)/.exec(out);
      const done = /DONE (\d+) ([\d.]+)/.exec(out);
      if (code !== 0 || !start || !done) reject(new Error(`load: the import client exited with ${code}: ${out}`));
      else resolve({ start: Number(start[1]), end: Number(done[1]), importMs: Number(done[2]) });
    }),
  );
}

/** Nearest-rank percentile (HdrHistogram's and autocannon's definition). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export const trpcGet = (proc: string, input: unknown) =>
  `/trpc/${proc}?input=${encodeURIComponent(JSON.stringify(input))}`;

export async function prepareStore(file: string, withImportPlan: boolean) {
  const db = openSqlite(file);
  await migrateToLatest(db);
  const changping = loadPlanFolder(path.join(repoRoot, 'data/plans/changping-2022'));
  await syncPlan(db, changping, () => {});
  await seedDemo(db, changping);
  await seedDemoAccounts(db, () => {});
  if (withImportPlan) {
    const plan = importPlan();
    await syncPlan(db, plan, () => {});
    await db.updateTable('plans').set({ approvalRequired: 0 }).where('id', '=', plan.id).execute();
    await createUser(
      db,
      { username: 'bench-importer', displayName: 'Bench', password: 'bench-password-1', role: 'admin', unitCodes: [] },
      { actorId: null },
    );
  }
  await db.destroy();
}

export async function overviewThroughput(seconds = 8) {
  const dir = mkdtempSync(path.join(tmpdir(), 'pm-http-'));
  try {
    const file = path.join(dir, 'store.sqlite');
    await prepareStore(file, false);
    const ours = await child('bench-server.ts', file);
    const route = trpcGet('board.overview', { planId: PLAN, period: '2022-10' });
    const body = await (await fetch(ours.url + route)).text();
    writeFileSync(path.join(dir, 'overview.json'), body);
    const bare = await child('bare-server.ts', path.join(dir, 'overview.json'));
    try {
      const run = (url: string) => cannon({ url, connections: CONNECTIONS, duration: seconds });
      await run(ours.url + route); // warm-up round, not counted
      const oursResult = await cannon({ url: ours.url + route, connections: CONNECTIONS, duration: seconds });
      const bareResult = await run(`${bare.url}/overview`);
      return {
        oursRps: oursResult.requests.average,
        bareRps: bareResult.requests.average,
        oursP99: oursResult.latency.p99,
        bareP99: bareResult.latency.p99,
        errors: oursResult.errors + oursResult.non2xx,
        answerBytes: Buffer.byteLength(body),
      };
    } finally {
      await stop(ours.proc);
      await stop(bare.proc);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What 50 viewers ask for: the overview and the measure pages, as the browser's tRPC calls. */
let viewerAddresses = 0;

function viewerRequests(): autocannon.Request[] {
  const measures = [1, 7, 19, 41, 46, 57];
  // Each viewer (connection) an address of its own, as a proxy in front would say (bench-server.ts
  // trusts loopback): fifty people, not one client, as far as per-address limits go.
  const from = (req: autocannon.Request, context: object) => {
    const viewer = context as { address?: string };
    viewer.address ??= `10.1.${Math.floor(viewerAddresses / 250)}.${(viewerAddresses++ % 250) + 1}`;
    return { ...req, headers: { ...req.headers, 'x-forwarded-for': viewer.address } };
  };
  return [
    { method: 'GET', path: trpcGet('board.overview', { planId: PLAN, period: '2022-10' }), setupRequest: from },
    ...measures.map((no) => ({
      method: 'GET' as const,
      path: trpcGet('board.measure', { planId: PLAN, no, period: '2022-10' }),
      setupRequest: from,
    })),
  ];
}

export async function loadDuringImport(idleSeconds = 8) {
  const dir = mkdtempSync(path.join(tmpdir(), 'pm-load-'));
  try {
    const file = path.join(dir, 'store.sqlite');
    await prepareStore(file, true);
    const plan = importPlan();
    const xlsx = path.join(dir, 'import.xlsx');
    await writeImportFile(xlsx, plan);
    const server = await child('bench-server.ts', file);
    try {
      await viewers(server.url, 2); // warm-up
      const idle = await viewerRounds(server.url, idleSeconds);

      const importing = importInChild(server.url, xlsx, plan.id, addMonths(FIRST_MONTH, IMPORT_MONTHS - 1));
      // Viewers keep browsing in rounds until the import has finished. Counted as during the import:
      // every answer to a request sent between the upload's start and the commit's answer (the
      // client process starts up first), all rounds together.
      const during: Awaited<ReturnType<typeof viewers>>[] = [];
      let done = false;
      const finished = importing.finally(() => (done = true));
      while (!done) during.push(await viewers(server.url, ROUND_SECONDS));
      const { start, end, importMs } = await finished;
      const duringAnswers = during.flatMap((d) => d.answers).filter((a) => a.sentAt >= start && a.sentAt <= end);
      const duringLatencies = latencies(duringAnswers);
      const idleLatencies = latencies(idle.answers);
      const all = [...idle.results, ...during.map((d) => d.result)];
      return {
        idleP99: percentile(idleLatencies, 99),
        importP99: percentile(duringLatencies, 99),
        duringAnswers: duringAnswers.length,
        idleMax: Math.max(...idleLatencies),
        importMax: Math.max(...duringLatencies),
        errors: all.reduce((n, r) => n + r.errors + r.non2xx + r.timeouts, 0),
        requests: all.reduce((n, r) => n + r.requests.total, 0),
        importMs,
      };
    } finally {
      await stop(server.proc);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await overviewThroughput());
  console.log(await loadDuringImport());
}
