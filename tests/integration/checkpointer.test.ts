// WAL checkpoints in a worker thread (server/db/checkpointer.ts): with them on, a large commit no
// longer copies the log back into the database file itself (the server's thread is not held for
// it); the worker does within a couple of seconds, and the data reads the same throughout.
import { sql } from 'kysely';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startBackgroundCheckpoints } from '../../server/db/checkpointer';
import { openSqlite } from '../../server/db/connect';
import { migrateToLatest } from '../../server/db/migrate';

const dir = mkdtempSync(path.join(tmpdir(), 'plan-monitor-checkpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const size = (file: string) => statSync(file).size;

async function until(condition: () => boolean, ms: number) {
  const end = Date.now() + ms;
  while (!condition() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 50));
  return condition();
}

describe('background WAL checkpoints', () => {
  it('a big commit leaves the copy-back to the worker, which does it', { timeout: 30_000 }, async () => {
    const file = path.join(dir, 'store.sqlite');
    const db = openSqlite(file);
    await migrateToLatest(db);
    const stop = await startBackgroundCheckpoints(db, file, () => {});
    // Let the worker catch up with the migrations, then measure from a settled file.
    expect(await until(() => size(`${file}-wal`) === 0 || size(file) > 0, 5_000)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const before = size(file);

    // ~16 MB of rows in one commit: far past the 1,000 pages at which a commit would checkpoint.
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < 40; i++)
        await sql`insert into audit_log (actor_id, action, entity, entity_key, detail, ip, at)
          select null, 'bench', 'x', cast(value as text), ${'x'.repeat(400)}, null, '2026-01-01'
          from json_each(${JSON.stringify(Array.from({ length: 1_000 }, (_, k) => i * 1_000 + k))})`.execute(trx);
    });
    // Right after the commit the rows are in the log, not yet in the file.
    expect(size(`${file}-wal`)).toBeGreaterThan(10 * 1024 * 1024);
    expect(size(file)).toBeLessThan(before + 1024 * 1024);
    // The worker copies them back.
    expect(await until(() => size(file) > before + 10 * 1024 * 1024, 10_000)).toBe(true);
    const rows = await db
      .selectFrom('auditLog')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'bench')
      .executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBe(40_000);
    await stop();
    await db.destroy();
  });
});
