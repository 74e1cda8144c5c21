// SQLite with a second, read-only connection for reads. Kysely's SQLite driver has one
// connection behind a mutex, so while an import's transaction is open (seconds, for 100,000
// rows) every board request waited for it. In WAL mode a reader sees the last committed state
// while a writer works, so plain SELECTs outside a transaction go to the reader connection and
// never wait; everything else (writes, raw SQL, and every query inside a transaction, which must
// see its own writes) goes to the writer as before. Only for files: ':memory:' has one connection.
import {
  SelectQueryNode,
  SqliteDialect,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type SqliteDatabase,
  type TransactionSettings,
} from 'kysely';

class RoutedConnection implements DatabaseConnection {
  #writer: DatabaseConnection | null = null;
  #inTransaction = false;

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
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (!this.#inTransaction && this.#writer === null && SelectQueryNode.is(query.query)) {
      const statement = this.reader.prepare(query.sql);
      return { rows: statement.all(query.parameters) as R[] };
    }
    return (await this.writer()).executeQuery<R>(query);
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
  ) {}

  init = () => this.writer.init();
  acquireConnection = () => Promise.resolve(new RoutedConnection(this.writer, this.reader));

  async beginTransaction(connection: RoutedConnection, settings: TransactionSettings) {
    connection.inTransaction = true;
    await this.writer.beginTransaction(await connection.writer(), settings);
  }
  async commitTransaction(connection: RoutedConnection) {
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

/** A SQLite dialect whose plain reads use `reader` (a read-only connection to the same file). */
export class ReadRoutingSqliteDialect extends SqliteDialect {
  constructor(
    writer: SqliteDatabase,
    private readonly reader: SqliteDatabase,
  ) {
    super({ database: writer });
  }

  override createDriver(): Driver {
    return new ReadRoutingDriver(super.createDriver(), this.reader);
  }
}
