// Readers while someone leans on the server (issue 17, items 6 and 7), each against the same
// readers idle: (a) five all-error uploads being checked at once, by five users; (b) six anonymous
// clients pulling a chart PNG and six the indicators.xlsx export flat out, plus three clients
// sending full tRPC batches. The server runs in a child process; the load comes from this one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MAX_BATCH_CALLS } from '../../shared/trpc-batch';
import { openSqlite } from '../../server/db/connect';
import { createUser } from '../../server/queries/users';
import { TEMPLATE_HEADER } from '../../server/upload/template';
import { cannon, child, latencies, percentile, prepareStore, stop, viewers } from './http';

const PLAN = 'changping-2022';
const UPLOADERS = 5;
/** Rows of each all-error file: one indicator and month again and again (the probe's file had 99,990). */
const ERROR_ROWS = 99_990;

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

/** Readers' p99 idle, then in rounds while `load` runs (answers to requests sent meanwhile). */
async function readersAgainst(url: string, load: () => Promise<unknown>) {
  await viewers(url, 2); // warm-up
  const idle = await viewers(url, 6);
  const start = Date.now();
  let done = false;
  const loaded = load().finally(() => (done = true));
  const during: Awaited<ReturnType<typeof viewers>>[] = [];
  while (!done) during.push(await viewers(url, 3));
  await loaded;
  const end = Date.now();
  const answers = during.flatMap((d) => d.answers).filter((a) => a.sentAt >= start && a.sentAt <= end);
  const idleP99 = percentile(latencies(idle.answers), 99);
  const loadP99 = percentile(latencies(answers), 99);
  return { idleP99, loadP99, ratio: loadP99 / idleP99, answers: answers.length, seconds: (end - start) / 1000 };
}

async function login(url: string, username: string, password: string) {
  const res = await fetch(`${url}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`bench login ${username}: ${res.status}`);
  return res.headers.getSetCookie()[0]!.split(';')[0]!;
}

export async function readersDuringErrorUploads() {
  const lines = [TEMPLATE_HEADER.join(',')];
  for (let i = 0; i < ERROR_ROWS; i++) lines.push(`I-41-2,,,,2022-10,,${i},`);
  const file = new Uint8Array(Buffer.from(lines.join('\n'), 'utf8'));
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
      const cookies = await Promise.all(users.map((u) => login(url, u, 'bench-password-1')));
      let bytes = 0;
      const result = await readersAgainst(url, () =>
        Promise.all(
          cookies.map(async (cookie) => {
            const form = new FormData();
            form.append('plan', PLAN);
            form.append('period', '2022-10');
            form.append('file', new Blob([file]), 'errors.csv');
            const res = await fetch(`${url}/api/uploads/preview`, {
              method: 'POST',
              headers: { cookie, origin: url, 'x-plan-monitor-upload': '1' },
              body: form,
            });
            bytes = Math.max(bytes, (await res.arrayBuffer()).byteLength);
            if (res.status !== 200) throw new Error(`bench upload: ${res.status}`);
          }),
        ),
      );
      return { ...result, responseBytes: bytes };
    },
  );
}

export async function readersDuringPublicFloods(seconds = 10) {
  return withServer(
    async () => {},
    async (url) => {
      const statuses = new Map<number, number>();
      const count = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
      const batch = `/trpc/${Array.from({ length: MAX_BATCH_CALLS }, () => 'board.measure').join(',')}?batch=1&input=${encodeURIComponent(
        JSON.stringify(
          Object.fromEntries(Array.from({ length: MAX_BATCH_CALLS }, (_, i) => [i, { planId: PLAN, no: 41 }])),
        ),
      )}`;
      const result = await readersAgainst(url, () =>
        Promise.all([
          cannon({ url: `${url}/api/charts/${PLAN}/I-41-2.png`, connections: 6, duration: seconds }, count),
          cannon({ url: `${url}/api/exports/${PLAN}/indicators.xlsx`, connections: 6, duration: seconds }, count),
          cannon({ url: url + batch, connections: 3, duration: seconds }, count),
        ]),
      );
      return { ...result, statuses: Object.fromEntries(statuses) };
    },
  );
}
