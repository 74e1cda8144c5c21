import type { Kysely } from 'kysely';

// An indicator's plausible figures (plan.json `bounds`, shared/checks.ts): outside min…max a figure
// needs a reason, outside hard_min…hard_max it is refused. All optional; null is "not stated".
const columns = ['bound_min', 'bound_max', 'bound_hard_min', 'bound_hard_max'];

export async function up(db: Kysely<any>): Promise<void> {
  for (const column of columns)
    await db.schema.alterTable('indicators').addColumn(column, 'double precision').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of columns) await db.schema.alterTable('indicators').dropColumn(column).execute();
}
