// The store on PostgreSQL (DATABASE_URL=postgres://…): the same Kysely `Db` as on SQLite, through
// Kysely's PostgresDialect over a pg pool.
import pg from 'pg';
import {
  CamelCasePlugin,
  CompiledQuery,
  Kysely,
  PostgresDialect,
  PostgresDriver,
  type DatabaseConnection,
  type Driver,
  type PostgresDialectConfig,
  type TransactionSettings,
} from 'kysely';
import { DataVersion, registerDataVersion, versionedDialect } from './data-version';
import { poolSizeOf } from '../config';
import type { Database } from './schema';
import { registerPoolState } from './pool-state';

// pg hands int8 and numeric back as strings (they may not fit a JS number). Here they are
// count(*), sum() over integers and the like, so they are parsed as numbers, as SQLite returns
// them. The parsers are set on the pool, not globally on `pg.types`.
const INT8 = 20;
const NUMERIC = 1700;
const builtIn = pg.types.getTypeParser.bind(pg.types) as (oid: number, format: 'text' | 'binary') => unknown;
const types = {
  getTypeParser: ((oid: number, format: 'text' | 'binary' = 'text') =>
    oid === INT8 || oid === NUMERIC ? Number : builtIn(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * Every transaction first takes one transaction-scoped advisory lock, so transactions run one at
 * a time, as they do on SQLite (one connection, one writer). Code written for SQLite reads, checks
 * and writes inside a transaction ("changed since the preview?", "username taken?") and relies on
 * nothing committing in between; under PostgreSQL's READ COMMITTED that would otherwise not hold.
 * Reads outside a transaction do not wait. The lock also serialises several server processes on
 * the same database.
 */
const TRANSACTION_LOCK = CompiledQuery.raw('select pg_advisory_xact_lock(20557)'); // 0x504D, "PM"

class SerialisedPostgresDriver extends PostgresDriver {
  readonly #afterDestroy: (() => Promise<void>) | undefined;

  constructor(config: PostgresDialectConfig, afterDestroy?: () => Promise<void>) {
    super(config);
    this.#afterDestroy = afterDestroy;
  }

  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await super.beginTransaction(connection, settings);
    await connection.executeQuery(TRANSACTION_LOCK);
  }

  override async destroy(): Promise<void> {
    await super.destroy();
    await this.#afterDestroy?.();
  }
}

class SerialisedPostgresDialect extends PostgresDialect {
  readonly #config: PostgresDialectConfig;
  readonly #afterDestroy: (() => Promise<void>) | undefined;

  constructor(config: PostgresDialectConfig, afterDestroy?: () => Promise<void>) {
    super(config);
    this.#config = config;
    this.#afterDestroy = afterDestroy;
  }

  override createDriver(): Driver {
    return new SerialisedPostgresDriver(this.#config, this.#afterDestroy);
  }
}

export interface PostgresOptions {
  /** Pool size; else the URL's `?pool=N` (see config.ts), else pg's default of 10. */
  max?: number;
  /** Runs after `db.destroy()` has closed the pool (the tests drop their database here). */
  afterDestroy?: () => Promise<void>;
  /** Told of each pooled connection cut from outside (default: a line on stderr). */
  onConnectionLost?: (err: Error) => void;
}

const logLostConnection = (err: Error) =>
  console.error(`[plan-monitor] PostgreSQL connection lost (a new one is opened when needed): ${err.message}`);

/** Open the store on a PostgreSQL database, e.g. `postgres://user:pass@127.0.0.1:5432/plan_monitor`. */
export function openPostgres(url: string, options: PostgresOptions = {}): Kysely<Database> {
  const max = options.max ?? poolSizeOf(url) ?? 10;
  // `pool` is ours, not libpq's: pg is given the URL without it.
  const target = new URL(url);
  target.searchParams.delete('pool');
  // A connection that cannot be made in 10 s fails (the request answers 503, db/unavailable.ts)
  // instead of waiting for as long as the network lets it.
  const pool = new pg.Pool({ connectionString: target.toString(), types, max, connectionTimeoutMillis: 10_000 });
  // A connection cut while idle in the pool (a PostgreSQL restart, pg_terminate_backend, a network
  // blip) is reported as an 'error' event: without a listener Node ends the process. The pool has
  // already dropped it and opens a new one on the next request. A connection cut while checked out
  // between queries emits 'error' on its client, which the pool does not listen to then.
  const lost = (err: Error) => (options.onConnectionLost ?? logLostConnection)(err);
  pool.on('error', lost);
  pool.on('connect', (client) => client.on('error', lost));
  // Commits are counted, so answers can be cached until the data changes (data-version.ts).
  const version = new DataVersion();
  const dialect = versionedDialect(
    new SerialisedPostgresDialect({ pool }, options.afterDestroy),
    version,
    "select 1 where to_regclass('data_version') is not null",
  );
  return registerPoolState(
    registerDataVersion(new Kysely<Database>({ dialect, plugins: [new CamelCasePlugin()] }), version),
    () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  );
}
