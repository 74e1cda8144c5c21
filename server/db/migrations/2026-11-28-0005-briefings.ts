import { PostgresAdapter, type Kysely } from 'kysely';

// Briefings (简报): every generated Word/PowerPoint file is kept byte for byte with what it was
// built from, so it can be downloaded again after figures were revised, and the board can say
// which figures changed since. `briefing_figures` holds the exact indicator values used (one row
// per indicator, series and month); `figures` keeps the rest as JSON (statuses, milestone states).
export async function up(db: Kysely<any>): Promise<void> {
  // The file's bytes: BLOB in SQLite, bytea in PostgreSQL (which has no blob type).
  const binary = db.getExecutor().adapter instanceof PostgresAdapter ? 'bytea' : 'blob';
  await db.schema
    .createTable('briefings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    // No foreign key, as in audit_log and uploads: the record outlives the account.
    .addColumn('created_by', 'integer', (c) => c.notNull())
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('measure_count', 'integer', (c) => c.notNull())
    .addColumn('indicator_count', 'integer', (c) => c.notNull())
    .addColumn('figures', 'text', (c) => c.notNull())
    .addColumn('file_size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('file', binary, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('briefings_plan_created').on('briefings').columns(['plan_id', 'created_at']).execute();

  await db.schema
    .createTable('briefing_figures')
    .addColumn('briefing_id', 'text', (c) => c.notNull().references('briefings.id').onDelete('cascade'))
    .addColumn('indicator_id', 'integer', (c) => c.notNull().references('indicators.id').onDelete('cascade'))
    .addColumn('series', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('briefing_figures_pk', ['briefing_id', 'indicator_id', 'series', 'period'])
    .execute();
  await db.schema.createIndex('briefing_figures_indicator').on('briefing_figures').columns(['indicator_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('briefing_figures').execute();
  await db.schema.dropTable('briefings').execute();
}
