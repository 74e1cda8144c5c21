import type { Kysely } from 'kysely';

// A plan's reminder schedule (issue 23, settings): days before the due date for "due soon", and
// the interval of the overdue reminders. No row: the defaults (shared/notices.ts).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notice_schedules')
    .addColumn('plan_id', 'text', (c) => c.primaryKey().references('plans.id').onDelete('cascade'))
    .addColumn('due_soon_days', 'integer', (c) => c.notNull())
    .addColumn('overdue_every_days', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notice_schedules').execute();
}
