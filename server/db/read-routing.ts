// SQLite with a second, read-only connection for reads. Kysely's SQLite driver has one
// connection behind a mutex, so while an import's transaction is open (seconds, for 100,000
// rows) every board request waited for it. In WAL mode a reader sees the last committed state
// while a writer works, so plain SELECTs outside a transaction go to the reader connection and
// never wait; everything else (writes, raw SQL, and every query inside a transaction, which must
// see its own writes) goes to the writer as before. Only for files: ':memory:' has one connection.
//
// A large transaction's write-ahead log is synced before its COMMIT, off the event loop. With
// synchronous = FULL the COMMIT fsyncs the log, and better-sqlite3 makes that call on the server's
// one thread: after a 100,000-row import, whose pages spilled to the log as it went (the writer's
// cache is 4 MB), that fsync flushed tens of MB and held every request for 70–90 ms. Syncing the
// log file first from libuv's thread pool leaves the COMMIT's own fsync only the last pages. It
// changes nothing of what is durable when: the COMMIT still syncs its commit record, and pages
// synced early belong to a transaction that is not committed until then.
import { open } from 'node:fs/promises';
import {
  CompiledQuery,
  SelectQueryNode,
  SqliteDialect,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type SqliteDatabase,
  type TransactionSettings,
} from 'kysely';

/** Rows a transaction changes before its log is synced ahead of its COMMIT (an import's chunk). */
const PRESYNC_ROWS = 2_000;

/** fdatasync a file from the thread pool; a missing log (nothing spilled yet) is nothing to do. */
export async function syncFile(file: string) {
  const handle = await open(file, 'r').catch(() => null);
  if (!handle) return;
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

class RoutedConnection implements DatabaseConnection {
  #writer: DatabaseConnection | null = null;
  #inTransaction = false;
  /** Rows changed in the open transaction. */
  changed = 0;

  constructor(
    private readonly writerDriver: Driver,
    private readonly reader: SqliteDatabase,
  ) {}

  async writer(): Promise<DatabaseConnection> {
    this.#writer ??= await this.writerDriver.acquireConnection();
    return this.#writer;
  }

  set inTransaction(value: boolean) {
    this.#inTransaction = value;
    this.changed = 0;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (!this.#inTransaction && this.#writer === null && SelectQueryNode.is(query.query)) {
      const statement = this.reader.prepare(query.sql);
      return { rows: statement.all(query.parameters) as R[] };
    }
    const result = await (await this.writer()).executeQuery<R>(query);
    if (this.#inTransaction) this.changed += Number(result.numAffectedRows ?? 0);
    return result;
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    yield* (await this.writer()).streamQuery<R>(query, chunkSize);
  }

  async release(): Promise<void> {
    if (this.#writer) await this.writerDriver.releaseConnection(this.#writer);
    this.#writer = null;
    this.#inTransaction = false;
  }
}

class ReadRoutingDriver implements Driver {
  constructor(
    private readonly writer: Driver,
    private readonly reader: SqliteDatabase,
    private readonly walFile: string,
  ) {}

  init = () => this.writer.init();
  acquireConnection = () => Promise.resolve(new RoutedConnection(this.writer, this.reader));

  // BEGIN IMMEDIATE, not Kysely's deferred BEGIN: a deferred transaction that reads first and then
  // writes cannot take the write lock while another process (a second server on the same file)
  // holds it, and fails at once with SQLITE_BUSY instead of waiting out the busy timeout. Taking
  // the lock up front waits its turn. Within one process the writer's mutex already serialises them.
  async beginTransaction(connection: RoutedConnection, _settings: TransactionSettings) {
    connection.inTransaction = true;
    await (await connection.writer()).executeQuery(CompiledQuery.raw('begin immediate'));
  }
  async commitTransaction(connection: RoutedConnection) {
    if (connection.changed >= PRESYNC_ROWS) await syncFile(this.walFile);
    await this.writer.commitTransaction(await connection.writer());
  }
  async rollbackTransaction(connection: RoutedConnection) {
    await this.writer.rollbackTransaction(await connection.writer());
  }
  releaseConnection = (connection: RoutedConnection) => connection.release();
  async destroy() {
    this.reader.close();
    await this.writer.destroy();
  }
}

/**
 * A SQLite dialect whose plain reads use `reader` (a read-only connection to the same file, `file`),
 * and whose large transactions sync the file's log before they commit.
 */
export class ReadRoutingSqliteDialect extends SqliteDialect {
  constructor(
    writer: SqliteDatabase,
    private readonly reader: SqliteDatabase,
    private readonly file: string,
  ) {
    super({ database: writer });
  }

  override createDriver(): Driver {
    return new ReadRoutingDriver(super.createDriver(), this.reader, `${this.file}-wal`);
  }
}
