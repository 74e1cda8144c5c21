// `npm run bundle` (server/ops/bundle-cli.ts): the archive for a server with no network. Unpacked
// in a temporary folder and started by its start.sh with npm's registry unreachable, an empty npm
// cache and no Node in PATH but the system's, it must come up ready and serve the page and logins.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it, onTestFinished } from 'vitest';
import { repoRoot } from '../fixtures';

it('installs from one archive and starts with no network', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pm-bundle-test-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  execFileSync('npm', ['run', '-s', 'bundle', '--', `--out=${dir}`], { cwd: repoRoot, stdio: 'pipe' });
  const [archive, ...others] = readdirSync(dir);
  expect(others).toEqual([]);
  expect(archive).toMatch(new RegExp(`^plan-monitor-.*-linux-x64-node${process.versions.node}\\.tar\\.gz$`));

  const installed = path.join(dir, 'installed');
  execFileSync('mkdir', ['-p', installed]);
  execFileSync('tar', ['-xzf', path.join(dir, archive!), '-C', installed]);
  const root = path.join(installed, archive!.replace(/\.tar\.gz$/, ''));
  // Production dependencies only, no sources and no TypeScript loader.
  for (const absent of ['client', 'server', 'node_modules/tsx', 'node_modules/vite', 'node_modules/vitest'])
    expect(existsSync(path.join(root, absent)), absent).toBe(false);

  const child = spawn(path.join(root, 'start.sh'), [], {
    // Nothing of this machine's set-up: npm points nowhere, its cache is empty.
    env: {
      PATH: '/usr/bin:/bin',
      HOME: dir,
      npm_config_registry: 'http://127.0.0.1:9/',
      npm_config_cache: path.join(dir, 'npm-cache'),
      npm_config_offline: 'true',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  onTestFinished(async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  });

  let base = '';
  for (let waited = 0, ready = 0; ready !== 200; waited += 100) {
    if (child.exitCode !== null || waited > 120_000)
      throw new Error(`the installed server did not get ready:\n${output}`);
    const port = /is running at http:\/\/[^:]+:(\d+)/.exec(output)?.[1];
    if (port) {
      base = `http://127.0.0.1:${port}`;
      ready = (await fetch(`${base}/readyz`).catch(() => null))?.status ?? 0;
    }
    if (ready !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(output).toContain(`database: ${path.join(root, 'data', 'plan-monitor.sqlite')}`);
  // Nothing is built at start (there is nothing to build from), and once ready the server has
  // written Node's compile cache (start.sh sets it) for the next start.
  expect(output).not.toMatch(/building/);
  expect(readdirSync(path.join(root, 'dist', '.node-compile-cache')).length).toBeGreaterThan(0);

  const page = await fetch(`${base}/`);
  expect(page.status).toBe(200);
  expect(await page.text()).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js">/);
  const login = await fetch(`${base}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'demo1234' }),
  });
  expect(login.status).toBe(200);
}, 600_000);
