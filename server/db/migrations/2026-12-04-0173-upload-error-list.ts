import type { Kysely } from 'kysely';

// A dry run with errors keeps no writes (it can never be committed) and lists only the first
// errors of each kind; every error row is kept here instead, gzipped JSON in base64, so the full
// list can be downloaded as a file built on demand until the preview expires.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('uploads').addColumn('error_list', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('uploads').dropColumn('error_list').execute();
}
