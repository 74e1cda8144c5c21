import { PostgresAdapter, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

// Target changes (调整目标): an administrator changes a published indicator's target, or its
// target period's last month, from an effective month on, with a reason. The indicators row keeps
// the plan's own target; each change is a row here and is never edited, so the history (old and
// new, who, when, why) is the table itself. Months before a change's effective month use what was
// in force before it. Numbers of a change are null where it leaves them as they were.
function idColumn(db: Kysely<any>) {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  return (col: ColumnDefinitionBuilder) => (pg ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey());
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('target_changes')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('indicator_id', 'integer', (c) => c.notNull().references('indicators.id'))
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('old_target', 'double precision')
    .addColumn('new_target', 'double precision')
    .addColumn('old_min', 'double precision')
    .addColumn('new_min', 'double precision')
    .addColumn('old_max', 'double precision')
    .addColumn('new_max', 'double precision')
    .addColumn('old_period_end', 'text', (c) => c.notNull())
    .addColumn('new_period_end', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    // No foreign key to users, as in uploads: the record outlives the account.
    .addColumn('changed_by', 'integer', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('target_changes_indicator')
    .on('target_changes')
    .columns(['indicator_id', 'effective_from'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('target_changes').execute();
}
