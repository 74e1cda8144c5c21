import type { Kysely } from 'kysely';

// Uploaded files (Excel/CSV imports): who sent which file when, what the dry run found and
// whether it was committed. Revisions point here through actual_revisions.upload_id, so history
// can say which file a figure came from. `preview` holds the checked rows between the dry run and
// the commit (JSON), and is cleared once committed or expired; the rest of the row stays.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('uploads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    // No foreign key, as in audit_log: the record of a file outlives whatever happens to the account.
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('file_kind', 'text', (c) => c.notNull())
    .addColumn('sheet', 'text')
    .addColumn('report_period', 'text', (c) => c.notNull())
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .addColumn('new_count', 'integer', (c) => c.notNull())
    .addColumn('changed_count', 'integer', (c) => c.notNull())
    .addColumn('unchanged_count', 'integer', (c) => c.notNull())
    .addColumn('error_count', 'integer', (c) => c.notNull())
    .addColumn('warning_count', 'integer', (c) => c.notNull())
    .addColumn('preview', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('committed_at', 'text')
    .addColumn('reason', 'text')
    .addColumn('written_count', 'integer')
    .execute();
  await db.schema.createIndex('uploads_user_created').on('uploads').columns(['user_id', 'created_at']).execute();
  await db.schema.createIndex('uploads_plan_created').on('uploads').columns(['plan_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('uploads').execute();
}
