// `npm start` to its first answers, as an operator restarting the service sees them: /healthz (the
// process answers), /readyz (what a load balancer waits for: the worker pools and the first
// screen's modules are loaded) and GET / (the first screen as a visitor gets it). Cold: nothing
// built, a new store created and seeded; warm: nothing changed, the same store, both builds up to
// date, Node's compile cache filled by the previous start.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../crash/server-process';

export const START_PATHS = ['/healthz', '/readyz', '/'] as const;
export type StartTimes = Record<(typeof START_PATHS)[number], number>;

async function startToAnswers(databaseFile: string): Promise<StartTimes> {
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
  const times: Partial<StartTimes> = {};
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start ended:\n${output}`);
      if (performance.now() - began > 180_000) throw new Error(`no answer within 180 s:\n${output}`);
      const port = /is running at http:\/\/[^:]+:(\d+)/.exec(output)?.[1];
      if (port) {
        // One request at a time, in order: each path is asked again until it answers 200.
        for (const p of START_PATHS) {
          if (times[p] !== undefined) continue;
          const res = await fetch(`http://127.0.0.1:${port}${p}`).catch(() => null);
          if (res?.status === 200) times[p] = performance.now() - began;
          await res?.arrayBuffer();
        }
        if (START_PATHS.every((p) => times[p] !== undefined)) return times as StartTimes;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
    await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)));
  }
}

export async function startFigures(): Promise<{ cold: StartTimes; warm: StartTimes[] }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pm-bench-start-'));
  try {
    rmSync(path.join(repoRoot, 'dist'), { recursive: true, force: true });
    const store = path.join(dir, 'store.sqlite');
    const cold = await startToAnswers(store);
    const warm: StartTimes[] = [];
    for (let i = 0; i < 5; i++) warm.push(await startToAnswers(store));
    return { cold, warm };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
