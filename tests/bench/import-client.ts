// The statistician of the load bench (http.ts), in a process of its own: logs in, uploads the
// file for a dry run and commits it. Arguments: server URL, .xlsx path, plan id, report period,
// rows expected new. Prints `START <epoch ms>` just before the upload is sent and
// `DONE <epoch ms> <import ms>` once the commit has answered; exits non-zero on any failure.
//
// Why not in the load generator's process: building and sending a 2.8 MB multipart body held that
// process's event loop 40–80 ms at a time, and the viewers' answers arriving meanwhile were timed
// late. A statistician uploads from a browser of their own.
import { readFileSync } from 'node:fs';

const [url, xlsx, planId, period, expected] = process.argv.slice(2) as [string, string, string, string, string];

const login = await fetch(`${url}/trpc/auth.login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'bench-importer', password: 'bench-password-1' }),
});
if (login.status !== 200) throw new Error(`load: login failed ${login.status}`);
const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;

console.log(`START ${Date.now()}`);
const t0 = performance.now();
const form = new FormData();
form.append('plan', planId);
form.append('period', period);
form.append('file', new Blob([new Uint8Array(readFileSync(xlsx))]), 'import.xlsx');
const preview = await fetch(`${url}/api/uploads/preview`, {
  method: 'POST',
  headers: { cookie, origin: url, 'x-plan-monitor-upload': '1' },
  body: form,
});
const body = (await preview.json()) as { uploadId?: string; summary?: { new: number } };
if (!body.uploadId || body.summary?.new !== Number(expected))
  throw new Error(`load: preview failed ${preview.status} ${JSON.stringify(body).slice(0, 300)}`);
const commit = await fetch(`${url}/trpc/upload.commit`, {
  method: 'POST',
  headers: { cookie, origin: url, 'content-type': 'application/json' },
  body: JSON.stringify({ uploadId: body.uploadId }),
});
if (commit.status !== 200) throw new Error(`load: commit failed ${commit.status}`);
console.log(`DONE ${Date.now()} ${performance.now() - t0}`);
