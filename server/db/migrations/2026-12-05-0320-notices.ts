import { PostgresAdapter, sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

// Reminders and notices (issue 23): an outbox written in the transaction of the event that causes
// a notice, its delivery attempts, an in-app inbox, group-robot channels and per-user
// subscriptions. Same conventions as 0001: SQL names, ISO text times, integer 0/1 flags.
function idColumn(db: Kysely<any>) {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  return (col: ColumnDefinitionBuilder) => (pg ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey());
}

export async function up(db: Kysely<any>): Promise<void> {
  const id = idColumn(db);

  await db.schema.alterTable('users').addColumn('email', 'text').execute();

  // Group robots (企业微信 / 钉钉 / 飞书), per plan. The secret is never sent back to a page.
  await db.schema
    .createTable('notice_channels')
    .addColumn('id', 'integer', id)
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('secret', 'text')
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('notice_channels_kind', sql`kind in ('wecom', 'dingtalk', 'feishu')`)
    .execute();

  // One row per notice to deliver. `key` makes enqueueing idempotent; `lease_owner`/`lease_until`
  // let one sender process claim a row (an UPDATE both databases serialise).
  await db.schema
    .createTable('notice_outbox')
    .addColumn('id', 'integer', id)
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'integer', (c) => c.references('notice_channels.id').onDelete('set null'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addCheckConstraint('notice_outbox_channel', sql`channel in ('email', 'wecom', 'dingtalk', 'feishu')`)
    .addCheckConstraint('notice_outbox_status', sql`status in ('pending', 'sent', 'failed', 'cancelled')`)
    .execute();
  await db.schema.createIndex('notice_outbox_due').on('notice_outbox').columns(['status', 'next_attempt_at']).execute();

  await db.schema
    .createTable('notice_attempts')
    .addColumn('id', 'integer', id)
    .addColumn('notice_id', 'integer', (c) => c.notNull().references('notice_outbox.id').onDelete('cascade'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('sender', 'text', (c) => c.notNull())
    .addColumn('ok', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('notice_attempts_notice').on('notice_attempts').column('notice_id').execute();

  await db.schema
    .createTable('inbox')
    .addColumn('id', 'integer', id)
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema.createIndex('inbox_user').on('inbox').columns(['user_id', 'read_at']).execute();

  // A user's choice per event: e-mail and inbox on (1) or off (0). No row: the event's default.
  await db.schema
    .createTable('notice_subscriptions')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('email', 'integer', (c) => c.notNull())
    .addColumn('inbox', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('notice_subscriptions_pk', ['user_id', 'event'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notice_subscriptions').execute();
  await db.schema.dropTable('inbox').execute();
  await db.schema.dropTable('notice_attempts').execute();
  await db.schema.dropTable('notice_outbox').execute();
  await db.schema.dropTable('notice_channels').execute();
  await db.schema.alterTable('users').dropColumn('email').execute();
}
