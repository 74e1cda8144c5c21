import SQLite from 'better-sqlite3';
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { CamelCasePlugin, Kysely, SqliteDialect, type Dialect } from 'kysely';
import { DataVersion, registerDataVersion, versionedDialect } from './data-version';
import { openPostgres } from './postgres';
import { isPostgresUrl } from './postgres-url';
import type { Database } from './schema';
import { ReadRoutingSqliteDialect } from './read-routing';
import { withStatementCache } from './statement-cache';
import { registerPoolState } from './pool-state';

export type Db = Kysely<Database>;

/** Open the configured store: PostgreSQL for a `postgres://` URL, else a SQLite file (see config.ts). */
export function openDatabase(url: string): Db {
  return isPostgresUrl(url) ? openPostgres(url) : openSqlite(url);
}

/** The store's file or folder cannot be written: the server does not start (main.ts prints it). */
export class DatabaseFileError extends Error {}

/**
 * Refuse a store this process cannot write. SQLite opens a read-only file without complaint (and
 * in WAL mode even BEGIN IMMEDIATE succeeds), so the server started and answered 500 to every
 * login; a read-only folder failed later with no file named. access(2) asks the kernel, so it
 * also sees a read-only mount or an immutable file, which bind root too (plain modes do not).
 */
function assertWritable(file: string) {
  const folder = dirname(file);
  const who = `uid ${process.getuid?.() ?? '?'}`;
  const denied = (path: string) => {
    try {
      accessSync(path, constants.R_OK | constants.W_OK);
      return null;
    } catch (err) {
      const { mode, uid } = statSync(path);
      const perm = `${(mode & 0o777).toString(8).padStart(4, '0')}, owner uid ${uid}`;
      return { perm, reason: (err as NodeJS.ErrnoException).code ?? 'EACCES' };
    }
  };
  const dir = denied(folder);
  if (dir)
    throw new DatabaseFileError(
      `数据库文件夹 ${folder} 不可写（权限 ${dir.perm}，本进程 ${who}，${dir.reason}），服务未启动。SQLite 要在其中写日志文件（-wal、-shm）：请给本进程写权限，或把 DATABASE_URL 指向可写的位置 / ` +
        `The database folder ${folder} is not writable by this process (mode ${dir.perm}; running as ${who}; ${dir.reason}); the server did not start. SQLite writes its -wal and -shm files there: give this process write permission, or point DATABASE_URL at a writable place.`,
    );
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    const problem = existsSync(path) ? denied(path) : null;
    if (problem)
      throw new DatabaseFileError(
        `数据库文件 ${path} 不可写（权限 ${problem.perm}，本进程 ${who}，${problem.reason}），服务未启动。请给本进程读写权限（例如 chown 或 chmod u+w），或把 DATABASE_URL 指向可写的文件 / ` +
          `The database file ${path} is not writable by this process (mode ${problem.perm}; running as ${who}; ${problem.reason}); the server did not start. Give this process read and write permission (e.g. chown or chmod u+w), or point DATABASE_URL at a writable file.`,
      );
  }
}

/**
 * Open the store. `path` is a file path or ':memory:'. WAL lets readers run during a write,
 * foreign keys are off by default in SQLite, and the busy timeout makes a second writer wait
 * instead of failing at once.
 */
export function openSqlite(path: string): Db {
  if (path !== ':memory:') {
    mkdirSync(dirname(path), { recursive: true });
    assertWritable(path);
  }
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
  // The writer, and for a file the reader (read-routing.ts).
  const connections = path === ':memory:' ? 1 : 2;
  const db = registerDataVersion(
    new Kysely<Database>({
      dialect: versionedDialect(
        dialect,
        version,
        "select 1 from sqlite_master where type = 'table' and name = 'data_version'",
      ),
      plugins: [new CamelCasePlugin()],
    }),
    version,
  );
  return registerPoolState(db, () => ({ total: connections }));
}
