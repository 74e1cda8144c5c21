import { sql, type Kysely } from 'kysely';

// A figure row now carries where its current value came from — the reason given and the upload —
// beside who reported it and when (already there). With that, actual_revisions keeps only what
// the row no longer shows: a first report is the figure row itself until the value changes; at
// the first change the first report is written to actual_revisions (from the row), then the
// change. An import of new figures writes one row per figure instead of two (the import bench's
// write-path goal). History reads the revisions plus the rows that have none (queries/history.ts).
//
// Existing figures take the reason and upload of their latest revision, so the row says the same
// as before whichever way it is read.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('actuals').addColumn('reason', 'text').execute();
  await db.schema.alterTable('actuals').addColumn('upload_id', 'text').execute();
  const latest = (column: string) => sql`(
    select r.${sql.ref(column)} from actual_revisions r
    where r.indicator_id = actuals.indicator_id and r.series = actuals.series and r.period = actuals.period
    order by r.id desc limit 1)`;
  await sql`update actuals set reason = ${latest('reason')}, upload_id = ${latest('upload_id')}`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  // Figures first reported after `up` have no revision row; give them one, so the older code,
  // which reads first reports from actual_revisions, still sees them.
  await sql`insert into actual_revisions
      (indicator_id, series, period, old_value, new_value, old_note, new_note, reason, source, changed_by, changed_at, upload_id)
    select a.indicator_id, a.series, a.period, null, a.value, null, a.note, a.reason, a.source, a.reported_by, a.reported_at, a.upload_id
    from actuals a
    where a.source <> 'demo' and not exists (
      select 1 from actual_revisions r
      where r.indicator_id = a.indicator_id and r.series = a.series and r.period = a.period)`.execute(db);
  await db.schema.alterTable('actuals').dropColumn('upload_id').execute();
  await db.schema.alterTable('actuals').dropColumn('reason').execute();
}
