import type { Kysely } from 'kysely';

// The 公文 layout of briefings: each plan's 版头 and 版记 (briefing name, issuing office, 报/送
// lines), a 期号 counter per plan and year, and on each briefing the number, the 成文日期 and the
// staff's own text (下步工作, 分析意见) it was built with.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('briefing_headers')
    .addColumn('plan_id', 'text', (c) => c.primaryKey().references('plans.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('report_to', 'text', (c) => c.notNull())
    .addColumn('copy_to', 'text', (c) => c.notNull())
    .addColumn('printed_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('briefing_issues')
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_no', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('briefing_issues_pk', ['plan_id', 'year'])
    .execute();
  await db.schema.alterTable('briefings').addColumn('issue_year', 'integer').execute();
  await db.schema.alterTable('briefings').addColumn('issue_no', 'integer').execute();
  await db.schema.alterTable('briefings').addColumn('issued_on', 'text').execute();
  await db.schema.alterTable('briefings').addColumn('notes', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ['notes', 'issued_on', 'issue_no', 'issue_year'])
    await db.schema.alterTable('briefings').dropColumn(column).execute();
  await db.schema.dropTable('briefing_issues').execute();
  await db.schema.dropTable('briefing_headers').execute();
}
