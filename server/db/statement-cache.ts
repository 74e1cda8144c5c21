// better-sqlite3 behind Kysely with prepared statements reused. Kysely's SQLite driver prepares
// every query it runs; compiling the SQL is most of the cost of a small query and of a large
// multi-row INSERT alike, and the same texts come back constantly (the board's reads, each
// 1,000-row chunk of an import). Statements are kept per SQL text, least recently used dropped.
//
// Surprise to keep in mind: a better-sqlite3 statement is busy while `iterate()` runs, so a
// streamed query (Kysely's `.stream()`) must not share its statement. Nothing here streams; if
// something starts to, it gets a fresh statement because a busy one is never handed out.
import type SQLite from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

const MAX_STATEMENTS = 200;

export function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
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
      const statement = sqlite.prepare(sql);
      if (!hit) {
        cache.set(sql, statement);
        if (cache.size > MAX_STATEMENTS) cache.delete(cache.keys().next().value!);
      }
      return statement;
    },
  };
}
