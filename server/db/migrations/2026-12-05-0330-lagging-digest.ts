import type { Kysely } from 'kysely';

// The newly-behind digest (issue 23) is edge-triggered and daily: per plan, the day it was last
// worked out and the items that were behind or overdue then (a JSON array of codes). An item is
// named once when it turns red, and again only after it has recovered and turned red anew.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notice_lagging')
    .addColumn('plan_id', 'text', (c) => c.primaryKey().references('plans.id').onDelete('cascade'))
    .addColumn('checked_on', 'text')
    .addColumn('codes', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notice_lagging').execute();
}
