// A version that moves whenever a write to the store has committed, so an answer computed from the
// data (the board's overview) can be kept until the data changes (see answer-cache.ts). Kysely has
// no commit hook, so the store's dialect is wrapped: the driver counts the commit of a transaction
// that wrote, and a connection counts any statement other than a SELECT run outside a transaction
// (a lone INSERT/UPDATE/DELETE commits by itself; raw SQL counts too, to be safe). Writes to the
// book-keeping tables below count for neither. The same wrapper serves SQLite (file and ':memory:')
// and PostgreSQL.
//
// Two counts make the version. This process's own moves after the commit returned, never before:
// a reader that sees the new count also sees the new rows. The store's shared one (the
// data_version row, migration 0171) moves inside the writing transaction itself, so a write
// through another process (a second server behind the proxy, a CLI) is seen by the next request
// here, which reads the row (one small SELECT: SQLite's read connection, or one round trip).
import {
  CompiledQuery,
  DeleteQueryNode,
  InsertQueryNode,
  SelectQueryNode,
  TableNode,
  UpdateQueryNode,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  type RootOperationNode,
  type TransactionSettings,
} from 'kysely';
import type { Database } from './schema';

export class DataVersion {
  #value = 0;
  /** The store has the data_version table (false until seen: an unmigrated store has none). */
  hasCounter = false;
  /** Reads the store's shared count (set by registerDataVersion). */
  readShared: (() => Promise<number | undefined>) | null = null;

  /** This process's own count. */
  get value(): number {
    return this.#value;
  }

  bump(): void {
    this.#value++;
  }

  #reading: Promise<number | undefined> | null = null;
  #queued: Promise<number | undefined> | null = null;

  /**
   * The store's count, read by a query that started after this call. Concurrent callers share
   * reads, so a process asks at most one at a time however many requests arrive: one arriving
   * while a read is under way (which may have started before a commit it has seen) waits for the
   * next read, shared with everyone else who arrived meanwhile.
   */
  #sharedNow(read: () => Promise<number | undefined>): Promise<number | undefined> {
    if (!this.#reading) {
      const reading: Promise<number | undefined> = read().finally(() => {
        if (this.#reading === reading) this.#reading = null;
      });
      this.#reading = reading;
      return reading;
    }
    this.#queued ??= this.#reading
      .catch(() => undefined)
      .then(() => {
        this.#queued = null;
        return this.#sharedNow(read);
      });
    return this.#queued;
  }

  /** The version as of now: this process's count and the store's (read from it, '-' if it has none). */
  async current(): Promise<string> {
    let shared: number | undefined;
    try {
      shared = this.readShared ? await this.#sharedNow(this.readShared) : undefined;
      if (this.readShared) this.hasCounter = true;
    } catch (err) {
      // Only a store not yet migrated lacks the table; once it has it, a failed read is an error.
      if (this.hasCounter) throw err;
    }
    return `${this.#value}.${shared ?? '-'}`;
  }
}

/** Moves the shared count; the first commit that changes data makes the row. */
const BUMP_SHARED = CompiledQuery.raw(
  'insert into data_version (id, n) values (1, 1) on conflict (id) do update set n = data_version.n + 1',
);

// Book-keeping a request may write on its own (a session's last-seen time, once a minute per
// viewer; a failed login; the audit log; an upload's dry run, kept until its commit). No answer
// reads them, so a lone write to one of them does not move the version (it would otherwise every
// second with 50 viewers logged in, and each dry run would make every viewer's page be computed
// again while the import still has the server busy). A commit moves it as always.
const UNVERSIONED_TABLES = new Set([
  'sessions',
  'login_failures',
  'login_throttle',
  'audit_log',
  'uploads',
  'upload_lines',
]);

/** The one table a plain INSERT/UPDATE/DELETE (no WITH) writes, or null when that is not plain to see. */
function writtenTable(node: RootOperationNode): string | null {
  const write = InsertQueryNode.is(node) || UpdateQueryNode.is(node) || DeleteQueryNode.is(node) ? node : undefined;
  if (!write || write.with) return null;
  const table = InsertQueryNode.is(write)
    ? write.into
    : UpdateQueryNode.is(write)
      ? write.table
      : write.from.froms.length === 1
        ? write.from.froms[0]
        : undefined;
  return table && TableNode.is(table) ? table.table.identifier.name : null;
}

function changesData(query: CompiledQuery): boolean {
  if (SelectQueryNode.is(query.query)) return false;
  const table = writtenTable(query.query);
  return table === null || !UNVERSIONED_TABLES.has(table);
}

class VersionedConnection implements DatabaseConnection {
  inTransaction = false;
  /** The open transaction has run a statement that counts (so its commit moves the version). */
  wrote = false;

  constructor(
    readonly inner: DatabaseConnection,
    private readonly version: DataVersion,
    private readonly bumpShared: (c: DatabaseConnection) => Promise<void>,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    // Migration 0171's down drops the counter: later statements (other downs in the same
    // transaction) must look for it again instead of moving a table that is gone.
    if (/^\s*drop table\b[^;]*\bdata_version\b/i.test(query.sql)) this.version.hasCounter = false;
    if (this.inTransaction) {
      if (!this.wrote && changesData(query)) this.wrote = true;
      return this.inner.executeQuery<R>(query);
    }
    const counts = changesData(query);
    try {
      return await this.inner.executeQuery<R>(query);
    } finally {
      // Also after a failure: a statement that failed late may still have changed something.
      // (If the shared count cannot be moved now, other processes catch up within answer-cache's
      // MAX_AGE_MS; the statement's own outcome is what the caller gets.)
      if (counts) {
        await this.bumpShared(this.inner).catch(() => {});
        this.version.bump();
      }
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

class VersionedDriver implements Driver {
  constructor(
    private readonly inner: Driver,
    private readonly version: DataVersion,
    private readonly counterExists: CompiledQuery,
  ) {}

  /** Move the store's shared count on `c`, once the store has the table (an upsert: see BUMP_SHARED). */
  bumpShared = async (c: DatabaseConnection) => {
    if (!this.version.hasCounter) {
      if ((await c.executeQuery(this.counterExists)).rows.length === 0) return;
      this.version.hasCounter = true;
    }
    await c.executeQuery(BUMP_SHARED);
  };

  init = () => this.inner.init();
  acquireConnection = async () =>
    new VersionedConnection(await this.inner.acquireConnection(), this.version, this.bumpShared);
  releaseConnection = (c: VersionedConnection) => this.inner.releaseConnection(c.inner);
  destroy = () => this.inner.destroy();

  async beginTransaction(c: VersionedConnection, settings: TransactionSettings) {
    c.inTransaction = true;
    c.wrote = false;
    await this.inner.beginTransaction(c.inner, settings);
  }

  async commitTransaction(c: VersionedConnection) {
    try {
      // In the transaction: the shared count moves exactly when its rows commit.
      if (c.wrote) await this.bumpShared(c.inner);
      await this.inner.commitTransaction(c.inner);
    } finally {
      c.inTransaction = false;
      // A transaction that wrote only book-keeping (a dry run kept for its commit) changes no answer.
      if (c.wrote) this.version.bump();
    }
  }

  async rollbackTransaction(c: VersionedConnection) {
    c.inTransaction = false;
    await this.inner.rollbackTransaction(c.inner);
  }

  async savepoint(c: VersionedConnection, name: string, compile: QueryCompiler['compileQuery']) {
    if (!this.inner.savepoint) throw new Error('This driver has no savepoints');
    await this.inner.savepoint(c.inner, name, compile);
  }

  async rollbackToSavepoint(c: VersionedConnection, name: string, compile: QueryCompiler['compileQuery']) {
    if (!this.inner.rollbackToSavepoint) throw new Error('This driver has no savepoints');
    await this.inner.rollbackToSavepoint(c.inner, name, compile);
  }

  async releaseSavepoint(c: VersionedConnection, name: string, compile: QueryCompiler['compileQuery']) {
    if (!this.inner.releaseSavepoint) throw new Error('This driver has no savepoints');
    await this.inner.releaseSavepoint(c.inner, name, compile);
  }
}

/**
 * `dialect` with its writes counted in `version`. `counterExists` returns a row when the store has
 * the data_version table (it is asked until it has: migrations run through this dialect too).
 */
export function versionedDialect(dialect: Dialect, version: DataVersion, counterExists: string): Dialect {
  return {
    createDriver: () => new VersionedDriver(dialect.createDriver(), version, CompiledQuery.raw(counterExists)),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}

const versions = new WeakMap<Kysely<never>, DataVersion>();

/** Remember which version counts `db`'s writes (connect.ts and postgres.ts, when they open it). */
export function registerDataVersion(db: Kysely<Database>, version: DataVersion): Kysely<Database> {
  versions.set(db as unknown as Kysely<never>, version);
  // A plain SELECT: on a SQLite file it goes to the read connection and never waits for a writer.
  version.readShared = async () =>
    (await db.selectFrom('dataVersion').select('n').where('id', '=', 1).executeTakeFirst())?.n ?? 0;
  return db;
}

/** The version counting `db`'s writes; undefined for a transaction or a `Kysely` opened elsewhere. */
export function dataVersionOf<DB>(db: Kysely<DB>): DataVersion | undefined {
  return versions.get(db as unknown as Kysely<never>);
}
