// `npm run db:backup` on a running server that keeps committing uploads, then the restore the
// README describes: stop the server, move the -wal/-shm files away, copy the backup in place,
// start. The copy must be one moment of the store: exactly the first k commits, k at least those
// made before the backup began, and the restored board must answer as it did right after commit k.
// SQLite only (the command refuses PostgreSQL and points to pg_dump).
import SQLite from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';
import { checkStore, type TrackedUpload } from '../crash/check-store';
import { CRASH_PLAN, REPORT_PERIOD, cellsOf, writeUploadFile } from '../crash/crash-plan';
import { ADMIN, prepareCrashStore } from '../crash/crash-store';
import { login, mutate, query, repoRoot, startServer, uploadPreview } from '../crash/server-process';
import { dialect } from '../fixtures';

const INDICATORS = 100;

function runBackup(env: Record<string, string>, args: string[]) {
  return promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/db/backup-cli.ts', ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
  });
}

describe.skipIf(dialect === 'postgres')('db:backup', () => {
  it('refuses PostgreSQL and points to pg_dump', async () => {
    const failed = await runBackup({ DATABASE_URL: 'postgres://pm:secret@127.0.0.1:5432/pm' }, []).then(
      () => null,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toContain('PostgreSQL');
    expect(failed?.stderr).toContain('pg_dump');
  });

  it('copies a running, writing store consistently, and the copy restores', { timeout: 10 * 60_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'plan-monitor-backup-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const store = await prepareCrashStore(dir, INDICATORS);
    let server = store.server;
    const tracked: TrackedUpload[] = [];
    /** The board right after commit i (index i − 1). */
    const boards: unknown[] = [];
    const board = () => query(server.url, 'board.overview', { planId: CRASH_PLAN });

    let stop = false;
    const writer = (async () => {
      for (let round = 1; !stop; round++) {
        const file = path.join(dir, `round-${round}.csv`);
        const rows = round === 1 ? 6_000 : 400; // a first big one, so the copy has some size
        const bytes = await writeUploadFile(file, cellsOf({ start: round * 997, count: rows }, round, INDICATORS));
        const preview = await uploadPreview(
          server.url,
          store.cookie,
          { bytes, name: path.basename(file) },
          { plan: CRASH_PLAN, period: REPORT_PERIOD },
        );
        await mutate(server.url, store.cookie, 'upload.commit', { uploadId: preview.uploadId, reason: '备份测试' });
        tracked.push({ uploadId: preview.uploadId, round, expected: preview.summary.new + preview.summary.changed });
        boards.push(await board());
      }
    })();
    // A writer that fails stops the wait with its error instead of leaving it to the test timeout.
    let failed: Error | null = null;
    writer.catch((err: unknown) => (failed = err instanceof Error ? err : new Error(String(err))));
    const committed = async (n: number) => {
      while (tracked.length < n) {
        if (failed) throw failed;
        await new Promise((r) => setTimeout(r, 20));
      }
    };

    await committed(3);
    const before = tracked.length;
    const backupFile = path.join(dir, 'backups', 'copy.sqlite');
    const { stdout } = await runBackup({ DATABASE_URL: store.env.databaseFile }, ['--to', backupFile]);
    // The commit in flight when the copy finished may be in it.
    const atMost = tracked.length + 1;
    await committed(atMost + 1);
    stop = true;
    await writer;
    expect(stdout).toContain(backupFile);
    expect(stdout).toContain('integrity_check: ok');
    expect(stdout).toMatch(/actual_revisions \d+/);

    // Restore, as README.md says.
    await server.stop('SIGTERM');
    const db = store.env.databaseFile;
    for (const suffix of ['-wal', '-shm']) if (existsSync(db + suffix)) renameSync(db + suffix, `${db}${suffix}.old`);
    renameSync(db, `${db}.old`);
    copyFileSync(backupFile, db);
    server = await startServer(store.env);

    const copy = new SQLite(db, { readonly: true });
    const committedIds = copy
      .prepare('select id from uploads where committed_at is not null order by committed_at')
      .pluck()
      .all() as string[];
    copy.close();
    const k = committedIds.length;
    console.log(`backup: ${before} commits before it began, ${k} in the copy, at most ${atMost} possible`);
    expect(k).toBeGreaterThanOrEqual(before);
    expect(k).toBeLessThanOrEqual(atMost);
    expect(committedIds).toEqual(tracked.slice(0, k).map((u) => u.uploadId));
    const state = checkStore(db, tracked.slice(0, k));
    expect(state.problems).toEqual([]);
    expect([...state.uploads.values()].every((u) => u.present)).toBe(true);
    expect(await board()).toEqual(boards[k - 1]);
    // The restored store takes new work.
    const cookie = await login(server.url, ADMIN.username, ADMIN.password);
    const bytes = await writeUploadFile(path.join(dir, 'after.csv'), cellsOf({ start: 0, count: 50 }, 999, INDICATORS));
    const preview = await uploadPreview(
      server.url,
      cookie,
      { bytes, name: 'after.csv' },
      { plan: CRASH_PLAN, period: REPORT_PERIOD },
    );
    await mutate(server.url, cookie, 'upload.commit', { uploadId: preview.uploadId, reason: '恢复后' });
    await server.stop('SIGTERM');
  });
});
