import type { Kysely } from 'kysely';

// Plan drafts (方案草稿): a plan drafted from an uploaded text, kept while an administrator reviews
// it, then published into plans. The source text is kept so the review page can show it with every
// drafted item highlighted; `draft` is the draft as JSON (the plan.json shape plus notes).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('plan_drafts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('source_text', 'text', (c) => c.notNull())
    .addColumn('draft', 'text', (c) => c.notNull())
    // No foreign key, as in uploads: the record outlives the account.
    .addColumn('created_by', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    // The plan it was published as, once published.
    .addColumn('published_plan_id', 'text')
    .addColumn('published_at', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('plan_drafts').execute();
}
