// server/db/statement-cache.ts reads rows as arrays and builds the objects itself: they must be the
// objects better-sqlite3 would have built, whatever the columns.
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { withStatementCache } from '../../server/db/statement-cache';

const sqlite = new SQLite(':memory:');
sqlite.exec(`
  create table t (id integer primary key, name text, amount real, note text, data blob);
  insert into t (name, amount, note, data) values ('指标1', 1.5, null, x'00ff'), ('b', -2, 'x', null), ('c', 1e300, '', x'');
`);
const cached = withStatementCache(sqlite);
afterAll(() => sqlite.close());

describe('withStatementCache', () => {
  it.for([
    'select * from t order by id',
    'select id, name as "label", amount * 2 as doubled from t where id > 1',
    // The same name twice: the later column wins, as in better-sqlite3's objects.
    'select id, name as id from t',
    'select t.id, u.id, u.name from t join t as u on u.id = t.id',
    'select count(*), sum(amount) from t',
    'select * from t where id < 0',
    'select 1 as "__proto__", 2 as other',
  ])('builds the objects better-sqlite3 builds: %s', (sql) => {
    const ours = cached.prepare(sql).all([]);
    const theirs = sqlite.prepare(sql).all();
    expect(ours).toStrictEqual(theirs);
    const prototypes = (rows: unknown[]) => rows.map((r): unknown => Object.getPrototypeOf(r));
    expect(prototypes(ours)).toStrictEqual(prototypes(theirs));
    expect([...cached.prepare(sql).iterate([])]).toStrictEqual(theirs);
  });

  it('reuses a statement, binds parameters and runs writes', () => {
    const read = 'select name from t where id = ?';
    expect(cached.prepare(read)).toBe(cached.prepare(read));
    expect(cached.prepare(read).all([2])).toStrictEqual([{ name: 'b' }]);
    const write = cached.prepare('update t set note = ? where id = ?');
    expect(write.reader).toBe(false);
    expect(write.run(['y', 2]).changes).toBe(1);
    expect(cached.prepare('select note from t where id = ?').all([2])).toStrictEqual([{ note: 'y' }]);
  });
});
