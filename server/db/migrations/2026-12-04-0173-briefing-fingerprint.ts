import type { Kysely } from 'kysely';

// A briefing remembers what it was built from (the request, the collected figures and the date
// printed on it, hashed): the same request on unchanged data is answered with that snapshot
// instead of a new file. Older briefings have none and are never matched.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('briefings').addColumn('fingerprint', 'text').execute();
  await db.schema.createIndex('briefings_fingerprint').on('briefings').columns(['plan_id', 'fingerprint']).execute();
  await db.schema.createIndex('briefings_created_by').on('briefings').columns(['created_by', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('briefings_created_by').execute();
  await db.schema.dropIndex('briefings_fingerprint').execute();
  await db.schema.alterTable('briefings').dropColumn('fingerprint').execute();
}
