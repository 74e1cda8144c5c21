// A counter that moves whenever a write to the store has committed, so an answer computed from the
// data (the board's overview) can be kept until the data changes (see answer-cache.ts). Kysely has
// no commit hook, so the store's dialect is wrapped: the driver counts the commit of a transaction
// that wrote, and a connection counts any statement other than a SELECT run outside a transaction
// (a lone INSERT/UPDATE/DELETE commits by itself; raw SQL counts too, to be safe). Writes to the
// book-keeping tables below count for neither. The count moves after the commit returned,
// never before: a reader that sees the new count also sees the new rows. The same wrapper serves
// SQLite (file and ':memory:') and PostgreSQL.
//
// Only writes through this process's `Db` are seen: another process writing the same store (a CLI)
// is not. Whoever caches on the version bounds an answer's age for that reason.
import {
  DeleteQueryNode,
  InsertQueryNode,
  SelectQueryNode,
  TableNode,
  UpdateQueryNode,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  type RootOperationNode,
  type TransactionSettings,
} from 'kysely';

export class DataVersion {
  #value = 0;

  get value(): number {
    return this.#value;
  }

  bump(): void {
    this.#value++;
  }
}

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
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.inTransaction) {
      if (!this.wrote && changesData(query)) this.wrote = true;
      return this.inner.executeQuery<R>(query);
    }
    const counts = changesData(query);
    try {
      return await this.inner.executeQuery<R>(query);
    } finally {
      // Also after a failure: a statement that failed late may still have changed something.
      if (counts) this.version.bump();
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
  ) {}

  init = () => this.inner.init();
  acquireConnection = async () => new VersionedConnection(await this.inner.acquireConnection(), this.version);
  releaseConnection = (c: VersionedConnection) => this.inner.releaseConnection(c.inner);
  destroy = () => this.inner.destroy();

  async beginTransaction(c: VersionedConnection, settings: TransactionSettings) {
    c.inTransaction = true;
    c.wrote = false;
    await this.inner.beginTransaction(c.inner, settings);
  }

  async commitTransaction(c: VersionedConnection) {
    try {
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

/** `dialect` with its writes counted in `version`. */
export function versionedDialect(dialect: Dialect, version: DataVersion): Dialect {
  return {
    createDriver: () => new VersionedDriver(dialect.createDriver(), version),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}

const versions = new WeakMap<Kysely<never>, DataVersion>();

/** Remember which version counts `db`'s writes (connect.ts and postgres.ts, when they open it). */
export function registerDataVersion<DB>(db: Kysely<DB>, version: DataVersion): Kysely<DB> {
  versions.set(db as unknown as Kysely<never>, version);
  return db;
}

/** The version counting `db`'s writes; undefined for a transaction or a `Kysely` opened elsewhere. */
export function dataVersionOf<DB>(db: Kysely<DB>): DataVersion | undefined {
  return versions.get(db as unknown as Kysely<never>);
}
