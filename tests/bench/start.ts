// `npm start` to its first answer (GET /healthz 200; /readyz also waits for the worker pools), as an operator restarting the service sees it:
// cold (no build yet: the client and the server are built, a new store is created and seeded) and
// warm (nothing changed: the same store, both builds up to date).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../crash/server-process';

async function startToFirstAnswer(databaseFile: string): Promise<number> {
  const began = performance.now();
  const child = spawn('npm', ['start'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseFile, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // npm runs the server in a child of its own: the group is stopped as one.
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start ended:\n${output}`);
      if (performance.now() - began > 180_000) throw new Error(`no answer within 180 s:\n${output}`);
      const port = /is running at http:\/\/[^:]+:(\d+)/.exec(output)?.[1];
      if (port) {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null);
        if (res?.status === 200) return performance.now() - began;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
    await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)));
  }
}

export async function startFigures(): Promise<{ coldMs: number; warmMs: number[] }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pm-bench-start-'));
  try {
    rmSync(path.join(repoRoot, 'dist'), { recursive: true, force: true });
    const store = path.join(dir, 'store.sqlite');
    const coldMs = await startToFirstAnswer(store);
    const warmMs: number[] = [];
    for (let i = 0; i < 3; i++) warmMs.push(await startToFirstAnswer(store));
    return { coldMs, warmMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
