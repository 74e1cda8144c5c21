import type { Kysely } from 'kysely';

// When an administrator took a plan live (正式启用): its demo figures were removed and are never
// seeded again, and the demo's own date no longer drives the clock. Null while the plan runs on
// demo figures (or has never had any).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('plans').addColumn('live_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('plans').dropColumn('live_at').execute();
}
