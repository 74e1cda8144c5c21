// DATABASE_URL's `?pool=N` on PostgreSQL: the pool opens no more connections than it says.
// (The start-up checks of the setting are in pool-size.test.ts.)
import { sql } from 'kysely';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPostgres } from '../../server/db/postgres';
import { freshDatabaseUrl } from '../fixtures';

describe('the PostgreSQL pool size', () => {
  it('opens at most that many connections', async () => {
    const url = await freshDatabaseUrl(mkdtempSync(path.join(tmpdir(), 'pm-pool-')), 'pool');
    const db = openPostgres(`${url}${url.includes('?') ? '&' : '?'}pool=2`);
    try {
      const pids = await Promise.all(
        Array.from({ length: 6 }, () =>
          sql<{ pid: number }>`select pg_backend_pid() as pid, pg_sleep(0.1)`.execute(db).then((r) => r.rows[0]!.pid),
        ),
      );
      expect(new Set(pids).size).toBe(2);
    } finally {
      await db.destroy();
    }
  });
});
