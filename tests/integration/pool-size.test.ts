// DATABASE_URL's `?pool=N` (server/config.ts, server/db/postgres.ts): checked at start-up, and on
// PostgreSQL the pool opens no more connections than it says.
import { sql } from 'kysely';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { poolSizeOf, readConfig } from '../../server/config';
import { openPostgres } from '../../server/db/postgres';
import { dialect, freshDatabaseUrl } from '../fixtures';

describe('the PostgreSQL pool size', () => {
  it('is read from ?pool= and absent by default', () => {
    expect(poolSizeOf('postgres://pm@127.0.0.1/pm?pool=20')).toBe(20);
    expect(poolSizeOf('postgres://pm@127.0.0.1/pm?sslmode=disable')).toBeUndefined();
    expect(readConfig({ DATABASE_URL: 'postgres://pm:pw@127.0.0.1/pm?pool=3' }, []).DATABASE_URL).toBe(
      'postgres://pm:pw@127.0.0.1/pm?pool=3',
    );
  });

  it.each(['0', '-1', '2.5', 'ten', '', '101'])('stops the start on ?pool=%s with a message naming it', (value) => {
    expect(() => readConfig({ DATABASE_URL: `postgres://pm:secret@127.0.0.1/pm?pool=${value}` }, [])).toThrow(
      new RegExp(
        `DATABASE_URL="postgres://pm:\\*\\*\\*@127.0.0.1/pm\\?pool=${value}": pool=${value} in DATABASE_URL: give a whole number of connections from 1 to 100`,
      ),
    );
  });

  it.skipIf(dialect !== 'postgres')('opens at most that many connections', async () => {
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
