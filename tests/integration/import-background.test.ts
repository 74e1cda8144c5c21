// Two things that keep the server answering while a large import runs beside it:
// - the parse worker's thread runs at a lower priority (nice WORKER_NICE) than the server's own;
// - a transaction that changed many rows has its write-ahead log synced from the thread pool
//   before its COMMIT (read-routing.ts), so the COMMIT's own fsync has little left to flush.
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../server/db/connect';
import { migrateToLatest } from '../../server/db/migrate';
import { syncFile } from '../../server/db/read-routing';
import { WORKER_NICE } from '../../server/upload/limits';
import { parseInWorker } from '../../server/upload/worker-pool';

const dir = mkdtempSync(path.join(tmpdir(), 'plan-monitor-background-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A thread's nice value, field 19 of /proc/<pid>/task/<tid>/stat (after the parenthesised name). */
const niceOf = (statFile: string) => {
  const stat = readFileSync(statFile, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
};

describe('the parse worker', () => {
  it('runs below the thread that serves requests', async () => {
    const csv = new TextEncoder().encode('指标编码,月份,数值\nI-01-1,2022-10,1\n');
    const parsed = await parseInWorker({ bytes: csv, report: '2022-10', sheet: null });
    expect(parsed.fileKind).toBe('csv');
    expect(niceOf('/proc/thread-self/stat')).toBe(0);
    const nices = readdirSync('/proc/self/task').map((tid) => niceOf(`/proc/self/task/${tid}/stat`));
    expect(WORKER_NICE).toBeGreaterThan(0);
    expect(nices).toContain(WORKER_NICE);
  });
});

describe('a large transaction on a SQLite file', () => {
  it('syncFile syncs a file and passes over a missing one', async () => {
    const file = path.join(dir, 'some-file');
    writeFileSync(file, 'x'.repeat(10_000));
    await expect(syncFile(file)).resolves.toBeUndefined();
    await expect(syncFile(path.join(dir, 'no-such-file'))).resolves.toBeUndefined();
  });

  it('commits rows past the pre-sync threshold, seen by another connection; a rollback leaves none', async () => {
    const file = path.join(dir, 'store.sqlite');
    const db = openSqlite(file);
    await migrateToLatest(db);
    const insert = (trx: typeof db, from: number, n: number) =>
      sql`insert into audit_log (actor_id, action, entity, entity_key, detail, ip, at)
        select null, 'presync', 'x', cast(value as text), ${'x'.repeat(200)}, null, '2026-01-01'
        from json_each(${JSON.stringify(Array.from({ length: n }, (_, k) => from + k))})`.execute(trx);
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < 5; i++) await insert(trx, i * 1_000, 1_000);
    });
    await expect(
      db.transaction().execute(async (trx) => {
        await insert(trx, 10_000, 3_000);
        throw new Error('rolled back on purpose');
      }),
    ).rejects.toThrow('rolled back on purpose');
    const other = new SQLite(file, { readonly: true });
    try {
      const count = other.prepare("select count(*) as n from audit_log where action = 'presync'").get() as {
        n: number;
      };
      expect(count.n).toBe(5_000);
    } finally {
      other.close();
      await db.destroy();
    }
  });
});
