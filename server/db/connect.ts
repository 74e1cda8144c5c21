import SQLite from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { CamelCasePlugin, Kysely, SqliteDialect, type Dialect } from 'kysely';
import { DataVersion, registerDataVersion, versionedDialect } from './data-version';
import { openPostgres } from './postgres';
import { isPostgresUrl } from './postgres-url';
import type { Database } from './schema';
import { ReadRoutingSqliteDialect } from './read-routing';
import { withStatementCache } from './statement-cache';

export type Db = Kysely<Database>;

/** Open the configured store: PostgreSQL for a `postgres://` URL, else a SQLite file (see config.ts). */
export function openDatabase(url: string): Db {
  return isPostgresUrl(url) ? openPostgres(url) : openSqlite(url);
}

/**
 * Open the store. `path` is a file path or ':memory:'. WAL lets readers run during a write,
 * foreign keys are off by default in SQLite, and the busy timeout makes a second writer wait
 * instead of failing at once.
 */
export function openSqlite(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // FULL: each commit is on disk before it is answered, so it survives a power cut too (WAL with
  // NORMAL survives a killed process but may lose the last commits on power loss). Measured with
  // tests/bench/synchronous.ts: an import of 20,000–100,000 rows costs the same within noise
  // (FULL ÷ NORMAL 0.84–1.05), under the ≤ 10% rule of issue 6.
  sqlite.pragma('synchronous = FULL');
  const writer = withStatementCache(sqlite);
  let dialect: Dialect = new SqliteDialect({ database: writer });
  if (path !== ':memory:') {
    // The writer's page cache is 4 MB instead of better-sqlite3's 16: plain reads go to the reader
    // connection below, so this cache only serves transactions, and a 100,000-row import filled
    // all 16 MB of it (the server's memory grew by that much and kept it). Measured with npm run
    // bench: the import's commit is no slower (a transaction larger than the cache spills pages to
    // the WAL early, which it writes anyway). (A ':memory:' database lives in its cache: not here.)
    sqlite.pragma('cache_size = -4000');
    // Reads outside transactions do not wait for a long import (see read-routing.ts).
    const reader = new SQLite(path, { readonly: true, fileMustExist: true });
    reader.pragma('busy_timeout = 5000');
    dialect = new ReadRoutingSqliteDialect(writer, withStatementCache(reader), path);
  }
  // Commits are counted, so answers can be cached until the data changes (data-version.ts).
  const version = new DataVersion();
  return registerDataVersion(
    new Kysely<Database>({ dialect: versionedDialect(dialect, version), plugins: [new CamelCasePlugin()] }),
    version,
  );
}
