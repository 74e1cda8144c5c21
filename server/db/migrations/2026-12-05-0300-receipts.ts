import { sql, type Kysely } from 'kysely';

// A receipt (回执) for every commit of figures, from an upload or the web form: who, when, which
// month, from which file (its sha256) or 网页填报, the counts, and each figure or task state it
// wrote (old → new). Receipts are never changed after they are written.
// plans.no_approver_counts: figures of a unit with no active approver count at once (1) or wait
// for an administrator in the review queue (0, the default).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('receipts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('upload_id', 'text')
    .addColumn('file_name', 'text')
    .addColumn('sha256', 'text')
    .addColumn('sheet', 'text')
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('inserted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unchanged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pending', 'integer', (c) => c.notNull().defaultTo(0))
    .addCheckConstraint('receipts_source', sql`source in ('entry', 'upload')`)
    .execute();
  await db.schema.createIndex('receipts_user').on('receipts').columns(['user_id', 'created_at']).execute();
  await db.schema
    .createTable('receipt_items')
    .addColumn('receipt_id', 'text', (c) => c.notNull().references('receipts.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('indicator_id', 'integer')
    .addColumn('milestone_id', 'integer')
    .addColumn('series', 'text')
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('old_value', 'double precision')
    .addColumn('new_value', 'double precision')
    .addColumn('old_state', 'text')
    .addColumn('new_state', 'text')
    .addColumn('unit_id', 'integer', (c) => c.notNull())
    .addColumn('review_state', 'text', (c) => c.notNull())
    .addCheckConstraint('receipt_items_kind', sql`kind in ('figure', 'milestone')`)
    .execute();
  await db.schema.createIndex('receipt_items_receipt').on('receipt_items').column('receipt_id').execute();
  await db.schema
    .alterTable('plans')
    .addColumn('no_approver_counts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('plans').dropColumn('no_approver_counts').execute();
  await db.schema.dropTable('receipt_items').execute();
  await db.schema.dropTable('receipts').execute();
}
