import { sql, type Kysely } from 'kysely';

// Reporting workflow: figures are submitted, then approved or returned; the board reads the last
// approved value (kept apart, so a resubmission does not hide it). Plans say whether approval is
// required and on which day of the following month reports are due.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('plans')
    .addColumn('approval_required', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable('plans')
    .addColumn('report_due_day', 'integer', (c) => c.notNull().defaultTo(5))
    .execute();

  for (const table of ['actuals', 'milestone_updates']) {
    await db.schema
      .alterTable(table)
      .addColumn('review_state', 'text', (c) => c.notNull().defaultTo('approved'))
      .execute();
    await db.schema.alterTable(table).addColumn('reviewed_by', 'text').execute();
    await db.schema.alterTable(table).addColumn('reviewed_at', 'text').execute();
    await db.schema.alterTable(table).addColumn('review_comment', 'text').execute();
  }
  await db.schema.alterTable('actuals').addColumn('approved_value', 'double precision').execute();
  await db.schema.alterTable('milestone_updates').addColumn('approved_state', 'text').execute();
  await db.schema.alterTable('milestone_updates').addColumn('approved_note', 'text').execute();
  // Rows stored before this migration were accepted as they stood.
  await sql`update actuals set approved_value = value`.execute(db);
  await sql`update milestone_updates set approved_state = state, approved_note = note`.execute(db);

  await db.schema.alterTable('actual_revisions').addColumn('upload_id', 'text').execute();
  await db.schema.alterTable('milestone_revisions').addColumn('upload_id', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['actual_revisions', 'milestone_revisions'])
    await db.schema.alterTable(table).dropColumn('upload_id').execute();
  await db.schema.alterTable('milestone_updates').dropColumn('approved_note').execute();
  await db.schema.alterTable('milestone_updates').dropColumn('approved_state').execute();
  await db.schema.alterTable('actuals').dropColumn('approved_value').execute();
  for (const table of ['actuals', 'milestone_updates'])
    for (const column of ['review_comment', 'reviewed_at', 'reviewed_by', 'review_state'])
      await db.schema.alterTable(table).dropColumn(column).execute();
  await db.schema.alterTable('plans').dropColumn('report_due_day').execute();
  await db.schema.alterTable('plans').dropColumn('approval_required').execute();
}
