import { sql, type Kysely } from 'kysely';

// Issue 17, items 2, 3, 5 and 14.
// - actuals.approved_note: the note of the approved value, so the board can show an approved
//   figure's note while a newer submission (with its own note) waits. Figures approved now take
//   their current note.
// - plans.self_approval_allowed: 1 lets a reporter approve their own figure (one-person units);
//   0 (four eyes) by default.
// - login_throttle: failed logins per (username, client address) and per username ('*'), counted
//   atomically before the password is checked (server/auth/login.ts). Usernames need not exist,
//   so unknown and real accounts lock alike.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('actuals').addColumn('approved_note', 'text').execute();
  await sql`update actuals set approved_note = note where review_state = 'approved'`.execute(db);
  await db.schema
    .alterTable('plans')
    .addColumn('self_approval_allowed', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('login_throttle')
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .addPrimaryKeyConstraint('login_throttle_pk', ['username', 'ip'])
    .execute();
  await db.schema.createIndex('login_throttle_window').on('login_throttle').column('window_start').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('login_throttle').execute();
  await db.schema.alterTable('plans').dropColumn('self_approval_allowed').execute();
  await db.schema.alterTable('actuals').dropColumn('approved_note').execute();
}
