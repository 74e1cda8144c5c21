// Readers while someone leans on the server (issue 17, items 6 and 7), each against the same
// readers idle: (a) five all-error uploads being checked at once, by five users; (b) six anonymous
// clients pulling a chart PNG and six the indicators.xlsx export flat out, plus three clients
// sending full tRPC batches. The server runs in a child process, the abusers in another
// (abuse-client.ts), the viewers whose answers are timed in this one.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqlite } from '../../server/db/connect';
import { createUser } from '../../server/queries/users';
import { MAX_BATCH_CALLS } from '../../shared/trpc-batch';
import { child, latencies, percentile, prepareStore, ROUND_SECONDS, stop, viewerRounds, viewers } from './http';

const UPLOADERS = 5;

async function withServer<T>(prepare: (file: string) => Promise<void>, run: (url: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pm-abuse-'));
  try {
    const file = path.join(dir, 'store.sqlite');
    await prepareStore(file, false);
    await prepare(file);
    const server = await child('bench-server.ts', file);
    try {
      return await run(server.url);
    } finally {
      await stop(server.proc);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Readers' p99 idle, then in rounds while `load` runs: the answers to requests sent between the
 * moments the load says it began and ended.
 */
async function readersAgainst(url: string, load: () => Promise<{ start: number; end: number }>, warm: string[] = []) {
  // What the load will ask for is asked once first: a library's first load (exceljs for the export)
  // is a start-up cost, not what the load does to readers.
  for (const target of warm) await (await fetch(target)).arrayBuffer();
  await viewers(url, 2); // warm-up
  const idle = await viewerRounds(url, 6);
  let done = false;
  const loaded = load().finally(() => (done = true));
  const during: Awaited<ReturnType<typeof viewers>>[] = [];
  while (!done) during.push(await viewers(url, ROUND_SECONDS));
  const { start, end } = await loaded;
  const answers = during.flatMap((d) => d.answers).filter((a) => a.sentAt >= start && a.sentAt <= end);
  const idleP99 = percentile(latencies(idle.answers), 99);
  const loadP99 = percentile(latencies(answers), 99);
  return { idleP99, loadP99, ratio: loadP99 / idleP99, answers: answers.length, seconds: (end - start) / 1000 };
}

const PLAN = 'changping-2022';

/** What the flooding clients pull: a chart PNG and the indicators.xlsx export (six connections each), full tRPC batches (three). */
export function floodTargets(url: string) {
  const batch = `/trpc/${Array.from({ length: MAX_BATCH_CALLS }, () => 'board.measure').join(',')}?batch=1&input=${encodeURIComponent(
    JSON.stringify(
      Object.fromEntries(Array.from({ length: MAX_BATCH_CALLS }, (_, i) => [i, { planId: PLAN, no: 41 }])),
    ),
  )}`;
  return [
    { url: `${url}/api/charts/${PLAN}/I-41-2.png`, connections: 6 },
    { url: `${url}/api/exports/${PLAN}/indicators.xlsx`, connections: 6 },
    { url: url + batch, connections: 3 },
  ];
}

/** The abusers (abuse-client.ts) in a process of their own: what they printed, and when the load began and ended. */
function abuseInChild<T>(args: string[]): Promise<T & { start: number; end: number }> {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'abuse-client.ts'), ...args],
    {
      cwd: path.resolve(import.meta.dirname, '../..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) =>
    proc.once('exit', (code) => {
      const start = /START (\d+)/.exec(out);
      const result = /RESULT (.*)/.exec(out);
      if (code !== 0 || !start || !result) reject(new Error(`the abuse client exited with ${code}: ${out}`));
      else resolve({ ...(JSON.parse(result[1]!) as T & { end: number }), start: Number(start[1]) });
    }),
  );
}

export async function readersDuringErrorUploads() {
  const users = Array.from({ length: UPLOADERS }, (_, i) => `bench-uploader-${i}`);
  return withServer(
    async (store) => {
      const db = openSqlite(store);
      for (const username of users)
        await createUser(
          db,
          { username, displayName: username, password: 'bench-password-1', role: 'admin', unitCodes: [] },
          { actorId: null },
        );
      await db.destroy();
    },
    async (url) => {
      let responseBytes = 0;
      const result = await readersAgainst(url, async () => {
        const found = await abuseInChild<{ responseBytes: number }>(['uploads', url, users.join(',')]);
        responseBytes = found.responseBytes;
        return found;
      });
      return { ...result, responseBytes };
    },
  );
}

export async function readersDuringPublicFloods(seconds = 10) {
  return withServer(
    async () => {},
    async (url) => {
      let statuses: Record<string, number> = {};
      const result = await readersAgainst(
        url,
        async () => {
          const found = await abuseInChild<{ statuses: Record<string, number> }>(['floods', url, String(seconds)]);
          statuses = found.statuses;
          return found;
        },
        floodTargets(url).map((t) => t.url),
      );
      return { ...result, statuses };
    },
  );
}
