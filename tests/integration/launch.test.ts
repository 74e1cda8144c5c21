// `npm start` (server/launch.ts, run by Node itself as TypeScript): it builds what is stale, then
// serves from dist/server in the same process. Started a second time with nothing changed, it
// builds nothing and says so, and answers. (Staleness itself: tests/unit/build-state.test.ts.)
import { spawn } from 'node:child_process';
import { expect, it } from 'vitest';
import { repoRoot } from '../fixtures';

async function launch(): Promise<{ output: string; health: number }> {
  const child = spawn(process.execPath, ['server/launch.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: ':memory:',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  try {
    for (let waited = 0; ; waited += 50) {
      if (child.exitCode !== null || waited > 240_000) throw new Error(`launch.ts did not start:\n${output}`);
      const port = /is running at http:\/\/[^:]+:(\d+)/.exec(output)?.[1];
      if (port) {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`);
        return { output, health: res.status };
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    child.kill('SIGTERM');
    if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
  }
}

it('builds what is stale, then a restart with nothing changed builds nothing and answers', async () => {
  const first = await launch();
  expect(first.health).toBe(200);
  expect(first.output).toMatch(/client: (dist\/client is up to date|building)/);

  const second = await launch();
  expect(second.health).toBe(200);
  expect(second.output).toContain('client: dist/client is up to date, not rebuilt');
  expect(second.output).toContain('server: dist/server is up to date, not rebuilt');
  expect(second.output).not.toMatch(/building/);
  // What it serves, it says: the plan, the store, the clock and the port.
  expect(second.output).toMatch(/plans: changping-2022 /);
  expect(second.output).toContain('database: :memory:');
  expect(second.output).toMatch(/clock: today is \d{4}-\d{2}-\d{2}/);
  expect(second.output).toMatch(/port: \d+ on 127\.0\.0\.1/);
}, 600_000);
