// DATABASE_URL's `?pool=N` (server/config.ts, server/db/postgres.ts): checked at start-up, and on
// PostgreSQL the pool opens no more connections than it says (pg-pool-size.test.ts).
import { describe, expect, it } from 'vitest';
import { poolSizeOf, readConfig } from '../../server/config';

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
});
