// The abusers of abuse.ts, in a process of their own (as import-client.ts is for the load bench):
// clients flooding the server, or five uploaders, keep their own event loop busy sending and
// receiving megabytes, and viewers' answers arriving meanwhile in the same process were timed
// late by that loop, not by the server. An attacker's clients are not in the leaders' browsers.
// Arguments: `floods <url> <seconds>` or `uploads <url> <user,user,…>`. Prints `START <epoch ms>`
// as the load begins, then `RESULT <json>` with `end` (epoch ms) when it is over.
import { TEMPLATE_HEADER } from '../../server/upload/template';
import { floodTargets } from './abuse';
import { cannon } from './http';

const PLAN = 'changping-2022';
/** Rows of each all-error file: one indicator and month again and again (the probe's file had 99,990). */
const ERROR_ROWS = 99_990;
const [mode, url, arg] = process.argv.slice(2) as [string, string, string];

async function floods(seconds: number) {
  console.log(`START ${Date.now()}`);
  const statuses = new Map<number, number>();
  const count = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
  await Promise.all(
    floodTargets(url).map((t) => cannon({ url: t.url, connections: t.connections, duration: seconds }, count)),
  );
  return { statuses: Object.fromEntries(statuses) };
}

async function login(username: string) {
  const res = await fetch(`${url}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'bench-password-1' }),
  });
  if (res.status !== 200) throw new Error(`bench login ${username}: ${res.status}`);
  return res.headers.getSetCookie()[0]!.split(';')[0]!;
}

async function uploads(users: string[]) {
  const lines = [TEMPLATE_HEADER.join(',')];
  for (let i = 0; i < ERROR_ROWS; i++) lines.push(`I-41-2,,,,2022-10,,${i},`);
  const file = new Uint8Array(Buffer.from(lines.join('\n'), 'utf8'));
  const cookies = await Promise.all(users.map(login));
  console.log(`START ${Date.now()}`);
  let bytes = 0;
  await Promise.all(
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
  );
  return { responseBytes: bytes };
}

const result = mode === 'floods' ? await floods(Number(arg)) : await uploads(arg.split(','));
console.log(`RESULT ${JSON.stringify({ ...result, end: Date.now() })}`);
