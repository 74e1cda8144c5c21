// The real server (`node --import tsx server/main.ts`, one process), for every test and bench that
// needs one: the browser tests, and the crash and backup tests that start it again and again on the
// same file, stopped cleanly (SIGTERM) or killed (SIGKILL) in between. Also a minimal HTTP client
// for what those do: log in, preview, commit.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Preview } from '../../server/upload/preview';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

export interface ServerProcess {
  url: string;
  pid: number;
  /** Everything the process printed so far. */
  output(): string;
  /** How the process ended: its exit code, null while it runs or when a signal ended it. */
  exitCode(): number | null;
  /** Send `signal` (SIGTERM unless told) and wait for the process to be gone. */
  stop(signal?: 'SIGKILL' | 'SIGTERM'): Promise<void>;
}

export interface ServerEnv {
  /** DATABASE_URL; without it a SQLite file in a temporary folder, removed on stop. */
  databaseFile?: string;
  /** PLANS_DIR; data/plans without it. */
  plansDir?: string;
  /** DEMO; on without it. */
  demo?: boolean;
  /** Any other setting (TODAY, METRICS_TOKEN …), over the ones above. */
  env?: Record<string, string>;
  /**
   * Run the build (dist/server/main.js, `npm run build:server` first) with these Node options
   * instead of the TypeScript sources under tsx.
   */
  built?: { nodeArgs: string[] };
}

/** A store the crash and backup tests start again and again: its file and plans are fixed. */
export type StoreEnv = ServerEnv & { databaseFile: string; plansDir: string };

export async function startServer(options: ServerEnv = {}): Promise<ServerProcess> {
  let output = '';
  const tempDir = options.databaseFile ? null : mkdtempSync(path.join(tmpdir(), 'plan-monitor-server-'));
  // PORT=0: the system picks a free port; main.ts prints the one it got.
  const args = options.built
    ? [...options.built.nodeArgs, 'dist/server/main.js']
    : ['--import', 'tsx', 'server/main.ts'];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: options.databaseFile ?? path.join(tempDir!, 'store.sqlite'),
      ...(options.plansDir ? { PLANS_DIR: options.plansDir } : {}),
      ...(options.demo !== undefined ? { DEMO: options.demo ? '1' : '0' } : {}),
      // The pages and the stores' boards are read without a session unless a test logs in.
      PUBLIC_BOARD: '1',
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 120 s:\n${output}`)), 120_000);
    const check = setInterval(() => {
      const m = /is running at http:\/\/[^:]+:(\d+)/.exec(output);
      if (m) {
        clearInterval(check);
        clearTimeout(timer);
        resolve(m[1]!);
      }
    }, 20);
    void exited.then(() => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`server exited with ${child.exitCode ?? child.signalCode}:\n${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    output: () => output,
    exitCode: () => child.exitCode,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    },
  };
}

export async function login(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return res.headers.getSetCookie()[0]!.split(';')[0]!;
}

export async function uploadPreview(
  url: string,
  cookie: string,
  file: { bytes: Buffer; name: string },
  fields: { plan: string; period: string },
): Promise<Preview> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(file.bytes)]), file.name);
  const res = await fetch(`${url}/api/uploads/preview`, {
    method: 'POST',
    headers: { cookie, origin: url, 'x-plan-monitor-upload': '1' },
    body: form,
  });
  const body = (await res.json()) as Preview & { error?: { message: string } };
  if (res.status !== 200) throw new Error(`preview ${file.name}: ${res.status} ${body.error?.message}`);
  return body;
}

/** A tRPC mutation (non-batched POST); throws on an error answer. */
export async function mutate<T>(url: string, cookie: string, procedure: string, input: unknown): Promise<T> {
  const res = await fetch(`${url}/trpc/${procedure}`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json', origin: url },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as { result?: { data: T }; error?: { message: string } };
  if (!body.result) throw new Error(`${procedure}: ${res.status} ${body.error?.message}`);
  return body.result.data;
}

/** A tRPC query (GET); throws on an error answer. */
export async function query<T>(url: string, procedure: string, input: unknown): Promise<T> {
  const res = await fetch(`${url}/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`);
  const body = (await res.json()) as { result?: { data: T }; error?: { message: string } };
  if (!body.result) throw new Error(`${procedure}: ${res.status} ${body.error?.message}`);
  return body.result.data;
}
