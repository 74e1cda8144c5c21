// Moving a SQLite store into PostgreSQL (`npm run db:copy`): every table's rows, in one
// transaction, parents before children, into a freshly migrated, empty database.
import SQLite from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import { migrateToLatest, migrations } from './migrate';
import { openPostgres } from './postgres';
import { redactUrl } from './postgres-url';

export class CopyError extends Error {}

/** Tables named at run time, from the source file. */
type AnyDb = Kysely<Record<string, Record<string, unknown>>>;

export interface TableCount {
  table: string;
  rows: number;
}

// Kysely's own bookkeeping (the migration list) is written by migrating the target, not copied;
// so is the data version counter (data-version.ts), which the target's own commits move.
const isAppTable = (name: string) =>
  !name.startsWith('kysely_') && !name.startsWith('sqlite_') && name !== 'data_version';

// PostgreSQL takes at most 65,535 bound parameters per statement.
const MAX_PARAMETERS = 30_000;

/** The source's tables, each after the tables its foreign keys point to. */
function tablesInForeignKeyOrder(source: SQLite.Database): string[] {
  const names = source
    .prepare<[], { name: string }>("select name from sqlite_master where type = 'table' order by name")
    .all()
    .map((r) => r.name)
    .filter(isAppTable);
  const parents = new Map(
    names.map((name) => [
      name,
      source
        .prepare<[], { table: string }>(`select "table" from pragma_foreign_key_list('${name}')`)
        .all()
        .map((r) => r.table)
        .filter((t) => t !== name),
    ]),
  );
  const ordered: string[] = [];
  const visit = (name: string, path: string[]) => {
    if (ordered.includes(name)) return;
    if (path.includes(name)) throw new CopyError(`Foreign keys form a cycle: ${[...path, name].join(' → ')}`);
    for (const parent of parents.get(name) ?? []) visit(parent, [...path, name]);
    ordered.push(name);
  };
  for (const name of names) visit(name, []);
  return ordered;
}

function checkSourceMigrations(source: SQLite.Database, from: string) {
  const hasList = source
    .prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'")
    .get();
  if (!hasList) throw new CopyError(`${from} is not a Plan Monitor database (it has no migration list)`);
  const applied = source
    .prepare<[], { name: string }>('select name from kysely_migration order by name')
    .all()
    .map((r) => r.name);
  const known = Object.keys(migrations);
  const unknown = applied.filter((m) => !known.includes(m));
  if (unknown.length > 0)
    throw new CopyError(`${from} was migrated by a newer Plan Monitor (${unknown.join(', ')}); update this copy first`);
  const pending = known.filter((m) => !applied.includes(m));
  if (pending.length > 0)
    throw new CopyError(
      `${from} lacks migration(s) ${pending.join(', ')}; run \`DATABASE_URL=${from} npm run db:migrate\` first`,
    );
}

async function targetTables(target: AnyDb): Promise<string[]> {
  const rows = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(target);
  return rows.rows.map((r) => r.name).filter(isAppTable);
}

/**
 * Copy the SQLite file `from` into the PostgreSQL database `to`: migrate the target, refuse it if
 * any table already holds rows, then copy every table and move each identity column's sequence
 * past the copied ids. Returns the rows copied per table, in the order copied.
 */
export async function copySqliteToPostgres(from: string, to: string): Promise<TableCount[]> {
  if (!existsSync(from)) throw new CopyError(`No SQLite file at ${from}`);
  const source = new SQLite(from, { readonly: true, fileMustExist: true });
  const db = openPostgres(to, { max: 2 });
  try {
    checkSourceMigrations(source, from);
    const tables = tablesInForeignKeyOrder(source);
    // The copy sees SQL names, as the migrations do: no camel-case mapping here.
    const target = db.withoutPlugins() as unknown as AnyDb;

    // Refused before anything is written, migrations included.
    const filled: string[] = [];
    for (const table of await targetTables(target)) {
      const row = await target
        .selectFrom(table)
        .select(sql`1`.as('one'))
        .limit(1)
        .executeTakeFirst();
      if (row) filled.push(table);
    }
    if (filled.length > 0)
      throw new CopyError(
        `${redactUrl(to)} already holds data (in ${filled.join(', ')}); copy into an empty database only`,
      );

    await migrateToLatest(db);
    const inTarget = await targetTables(target);
    const missing = tables.filter((t) => !inTarget.includes(t));
    if (missing.length > 0) throw new CopyError(`The target has no table ${missing.join(', ')}`);

    const identities = await sql<{ table: string; column: string }>`
      select table_name as "table", column_name as "column" from information_schema.columns
      where table_schema = current_schema() and is_identity = 'YES'`.execute(target);

    return await target.transaction().execute(async (trx) => {
      const counts: TableCount[] = [];
      for (const table of tables) {
        const columns = source
          .prepare<[], { name: string }>(`select name from pragma_table_info('${table}') order by cid`)
          .all()
          .map((c) => c.name);
        const chunkRows = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
        const select = source.prepare<[], Record<string, unknown>>(
          `select ${columns.map((c) => `"${c}"`).join(', ')} from "${table}" order by rowid`,
        );
        let rows = 0;
        let chunk: Record<string, unknown>[] = [];
        const flush = async () => {
          if (chunk.length === 0) return;
          await trx.insertInto(table).values(chunk).execute();
          rows += chunk.length;
          chunk = [];
        };
        for (const row of select.iterate()) {
          chunk.push(row);
          if (chunk.length >= chunkRows) await flush();
        }
        await flush();
        counts.push({ table, rows });
      }
      for (const { table, column } of identities.rows)
        if (tables.includes(table))
          await sql`select setval(pg_get_serial_sequence(${`"${table}"`}, ${column}),
                     coalesce((select max(${sql.ref(column)}) from ${sql.table(table)}), 0) + 1, false)`.execute(trx);
      return counts;
    });
  } finally {
    source.close();
    await db.destroy();
  }
}
