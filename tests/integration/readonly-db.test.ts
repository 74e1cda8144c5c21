// A SQLite store this process cannot write stops the start with a message naming the file (or
// folder) and its permission, instead of starting "running" and answering 500 to every login.
// The tests run as root, whom file modes do not bind, so the real server (`server/main.ts`) is
// started as the unprivileged user `nobody` (as root; as anyone else, as that user): a file mode
// of 0444 then really refuses writes, exactly as for a deployment's service account.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, onTestFinished } from 'vitest';
import { prepareDatabase } from '../../server/bootstrap';
import { dialect, repoRoot, silent, test } from '../fixtures';

const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

/** A store prepared as the server prepares it (plans synced, demo on), in a folder of its own. */
async function preparedStore() {
  const dir = mkdtempSync(path.join(tmpdir(), 'pm-readonly-'));
  onTestFinished(() => {
    chmodSync(dir, 0o755);
    rmSync(dir, { recursive: true, force: true });
  });
  const file = path.join(dir, 'store.sqlite');
  const plansDir = path.join(repoRoot, 'data/plans');
  const db = await prepareDatabase({ DATABASE_URL: file, DEMO: true, PLANS_DIR: plansDir }, silent);
  await db.destroy();
  return { dir, file, plansDir };
}

/** Start server/main.ts as `nobody` on `file`; what it printed once it ran or ended. */
function start(file: string, plansDir: string) {
  return new Promise<{ running: boolean; code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: repoRoot,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: file, PLANS_DIR: plansDir, DEMO: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
    });
    let output = '';
    const seen = (d: Buffer) => {
      output += d.toString();
      if (output.includes('is running at')) {
        child.kill('SIGTERM');
        resolve({ running: true, code: null, output });
      }
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    child.once('exit', (code) => resolve({ running: false, code, output }));
  });
}

describe.skipIf(dialect === 'postgres')('a read-only SQLite store', { timeout: 120_000 }, () => {
  test('a file with mode 0444 stops the start, naming the file and its permission', async () => {
    const { dir, file, plansDir } = await preparedStore();
    chmodSync(dir, 0o777); // the folder writable: only the file is not
    chmodSync(file, 0o444);
    const { running, code, output } = await start(file, plansDir);
    expect(running, output).toBe(false);
    expect(code).toBe(1);
    expect(output).toContain(`数据库文件 ${file} 不可写（权限 0444`);
    expect(output).toContain(`The database file ${file} is not writable by this process (mode 0444`);
  });

  test('a read-only folder stops the start, naming the folder and its permission', async () => {
    const { dir, file, plansDir } = await preparedStore();
    chmodSync(file, 0o666);
    chmodSync(dir, 0o555);
    const { running, code, output } = await start(file, plansDir);
    expect(running, output).toBe(false);
    expect(code).toBe(1);
    expect(output).toContain(`数据库文件夹 ${dir} 不可写（权限 0555`);
  });
});
