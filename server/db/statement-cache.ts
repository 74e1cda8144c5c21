// better-sqlite3 behind Kysely with prepared statements reused. Kysely's SQLite driver prepares
// every query it runs; compiling the SQL is most of the cost of a small query and of a large
// multi-row INSERT alike, and the same texts come back constantly (the board's reads, each
// 1,000-row chunk of an import). Statements are kept per SQL text, least recently used dropped.
//
// Rows are read as arrays and built into objects here, by a function made once per statement for
// its columns. better-sqlite3 builds each row object through V8's C++ API, a property at a time;
// a plain object literal in JavaScript costs a fraction of that, and a read of thousands of rows
// (the board's figures, a plan's indicators) spent most of its time there. The objects are the
// same: one key per column name, in column order, a later column of the same name winning.
//
// Surprise to keep in mind: a better-sqlite3 statement is busy while `iterate()` runs, so a
// streamed query (Kysely's `.stream()`) must not share its statement. Nothing here streams; if
// something starts to, it gets a fresh statement because a busy one is never handed out.
import type SQLite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

const MAX_STATEMENTS = 200;

type Build = (values: unknown[]) => Record<string, unknown>;

/** A row builder for these column names: `(v) => ({ "a": v[0], "b": v[1] })`. */
function rowBuilder(columns: string[]): Build | null {
  // An object literal's "__proto__" key sets the prototype instead: such a statement keeps
  // better-sqlite3's own objects (our SQL never names a column so).
  if (columns.includes('__proto__')) return null;
  const fields = columns.map((name, i) => `${JSON.stringify(name)}: v[${i}]`).join(', ');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- built from column names only
  return new Function('v', `return { ${fields} };`) as Build;
}

/** A statement whose reads come back as objects built from raw arrays. */
function wrap(statement: SQLite.Statement): SqliteStatement & { readonly busy: boolean } {
  const build = statement.reader ? rowBuilder(statement.columns().map((c) => c.name)) : null;
  if (!build) return statement;
  statement.raw(true);
  return {
    reader: true,
    get busy() {
      return statement.busy;
    },
    all(parameters) {
      const rows = statement.all(parameters);
      for (let i = 0; i < rows.length; i++) rows[i] = build(rows[i] as unknown[]);
      return rows;
    },
    run: (parameters) => statement.run(parameters),
    *iterate(parameters) {
      for (const values of statement.iterate(parameters) as IterableIterator<unknown[]>) yield build(values);
    },
  };
}

export function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, ReturnType<typeof wrap>>();
  return {
    close: () => {
      cache.clear();
      sqlite.close();
    },
    prepare: (sql: string) => {
      const hit = cache.get(sql);
      if (hit && !hit.busy) {
        // Re-insert to mark it most recently used.
        cache.delete(sql);
        cache.set(sql, hit);
        return hit;
      }
      const statement = wrap(sqlite.prepare(sql));
      if (!hit) {
        cache.set(sql, statement);
        if (cache.size > MAX_STATEMENTS) cache.delete(cache.keys().next().value!);
      }
      return statement;
    },
  };
}
