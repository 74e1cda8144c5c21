import type { Kysely } from 'kysely';

// A dry run's pending writes, kept in lines of up to 2,000 (JSON arrays) instead of inside
// uploads.preview: a 100,000-row dry run kept 6 MB in one row, and writing, reading and freeing
// that one value held the server's event loop for up to 150 ms each time. uploads.preview keeps
// the preview itself. Lines go once the upload is committed or its dry run expires.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('upload_lines')
    .addColumn('upload_id', 'text', (c) => c.notNull().references('uploads.id').onDelete('cascade'))
    .addColumn('line', 'integer', (c) => c.notNull())
    .addColumn('writes', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('upload_lines_pk', ['upload_id', 'line'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('upload_lines').execute();
}
