import { PostgresAdapter, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

// Migrations see the database without the app's CamelCasePlugin: names here are the SQL names.
// Surrogate keys: SQLite's `integer primary key` is its rowid; PostgreSQL needs an identity column.
function idColumn(db: Kysely<any>) {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  return (col: ColumnDefinitionBuilder) => (pg ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey());
}

export async function up(db: Kysely<any>): Promise<void> {
  const id = idColumn(db);

  await db.schema
    .createTable('plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('title_en', 'text', (c) => c.notNull())
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('issuer_en', 'text', (c) => c.notNull())
    .addColumn('doc_number', 'text', (c) => c.notNull())
    .addColumn('issued_on', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('scope_en', 'text', (c) => c.notNull())
    .addColumn('on_track_gap', 'double precision', (c) => c.notNull())
    .addColumn('behind_gap', 'double precision', (c) => c.notNull())
    .addColumn('definition_hash', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('units')
    .addColumn('id', 'integer', id)
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sections')
    .addColumn('id', 'integer', id)
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('no', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('title_en', 'text', (c) => c.notNull())
    .addUniqueConstraint('sections_plan_no', ['plan_id', 'no'])
    .execute();

  await db.schema
    .createTable('subsections')
    .addColumn('id', 'integer', id)
    .addColumn('section_id', 'integer', (c) => c.notNull().references('sections.id').onDelete('cascade'))
    .addColumn('no', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('title_en', 'text', (c) => c.notNull())
    .addUniqueConstraint('subsections_section_no', ['section_id', 'no'])
    .execute();

  await db.schema
    .createTable('measures')
    .addColumn('id', 'integer', id)
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('no', 'integer', (c) => c.notNull())
    .addColumn('section_id', 'integer', (c) => c.notNull().references('sections.id'))
    .addColumn('subsection_id', 'integer', (c) => c.notNull().references('subsections.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('title_en', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addUniqueConstraint('measures_plan_no', ['plan_id', 'no'])
    .execute();

  await db.schema
    .createTable('measure_units')
    .addColumn('measure_id', 'integer', (c) => c.notNull().references('measures.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('role', 'text')
    .addColumn('role_en', 'text')
    .addPrimaryKeyConstraint('measure_units_pk', ['measure_id', 'position'])
    .execute();
  await db.schema.createIndex('measure_units_unit').on('measure_units').column('unit_id').execute();

  await db.schema
    .createTable('indicators')
    .addColumn('id', 'integer', id)
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('measure_id', 'integer', (c) => c.notNull().references('measures.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('unit_en', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('reporting', 'text', (c) => c.notNull())
    .addColumn('period_start', 'text', (c) => c.notNull())
    .addColumn('period_end', 'text', (c) => c.notNull())
    .addColumn('target', 'double precision')
    .addColumn('tolerance', 'double precision')
    .addColumn('min', 'double precision')
    .addColumn('max', 'double precision')
    .addColumn('a_name', 'text')
    .addColumn('a_name_en', 'text')
    .addColumn('b_name', 'text')
    .addColumn('b_name_en', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addUniqueConstraint('indicators_plan_code', ['plan_id', 'code'])
    .execute();

  await db.schema
    .createTable('target_schedule')
    .addColumn('indicator_id', 'integer', (c) => c.notNull().references('indicators.id').onDelete('cascade'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('target_schedule_pk', ['indicator_id', 'period'])
    .execute();

  await db.schema
    .createTable('milestones')
    .addColumn('id', 'integer', id)
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('measure_id', 'integer', (c) => c.notNull().references('measures.id'))
    .addColumn('task', 'text', (c) => c.notNull())
    .addColumn('task_en', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('deadline_source', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addUniqueConstraint('milestones_plan_code', ['plan_id', 'code'])
    .execute();

  await db.schema
    .createTable('actuals')
    .addColumn('id', 'integer', id)
    .addColumn('indicator_id', 'integer', (c) => c.notNull().references('indicators.id'))
    .addColumn('series', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('reported_by', 'text')
    .addColumn('reported_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('actuals_indicator_series_period', ['indicator_id', 'series', 'period'])
    .execute();
  await db.schema.createIndex('actuals_period').on('actuals').column('period').execute();

  await db.schema
    .createTable('actual_revisions')
    .addColumn('id', 'integer', id)
    .addColumn('indicator_id', 'integer', (c) => c.notNull().references('indicators.id'))
    .addColumn('series', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('old_value', 'double precision')
    .addColumn('new_value', 'double precision')
    .addColumn('old_note', 'text')
    .addColumn('new_note', 'text')
    .addColumn('reason', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('changed_by', 'text')
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('actual_revisions_indicator')
    .on('actual_revisions')
    .columns(['indicator_id', 'period'])
    .execute();

  await db.schema
    .createTable('milestone_updates')
    .addColumn('id', 'integer', id)
    .addColumn('milestone_id', 'integer', (c) => c.notNull().references('milestones.id'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('reported_by', 'text')
    .addColumn('reported_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('milestone_updates_milestone_period', ['milestone_id', 'period'])
    .execute();

  await db.schema
    .createTable('milestone_revisions')
    .addColumn('id', 'integer', id)
    .addColumn('milestone_id', 'integer', (c) => c.notNull().references('milestones.id'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('old_state', 'text')
    .addColumn('new_state', 'text')
    .addColumn('old_note', 'text')
    .addColumn('new_note', 'text')
    .addColumn('reason', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('changed_by', 'text')
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('plan_changes')
    .addColumn('id', 'integer', id)
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_key', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('old_value', 'text')
    .addColumn('new_value', 'text')
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'plan_changes',
    'milestone_revisions',
    'milestone_updates',
    'actual_revisions',
    'actuals',
    'milestones',
    'target_schedule',
    'indicators',
    'measure_units',
    'measures',
    'subsections',
    'sections',
    'units',
    'plans',
  ])
    await db.schema.dropTable(table).execute();
}
