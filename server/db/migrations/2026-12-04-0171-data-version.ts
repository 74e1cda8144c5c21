import type { Kysely } from 'kysely';

// One counter row that every commit changing data moves (server/db/data-version.ts), so each
// server process on the same store can tell, with one small read, that another one wrote. The
// row is made by the first commit (an upsert): a freshly migrated database holds no rows.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('data_version')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('n', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('data_version').execute();
}
