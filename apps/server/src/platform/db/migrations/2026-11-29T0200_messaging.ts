import { type Kysely, sql } from 'kysely';

/**
 * Messaging, built for fan-out: a message (subject, sanitized body, search
 * vector) and its attachments are stored once; every sender and recipient
 * gets one small state row (folder, read, flagged) in message_recipients, so
 * a folder, its unread count and a page of it are index range reads on the
 * account. Also: user folders, the communication rules per structure, and
 * the notification preferences, push subscriptions and VAPID keys.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('messages')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('sender_id', 'uuid', (c) => c.notNull().references('accounts.id'))
    // The conversation: the first message's id, carried by every reply and forward.
    .addColumn('thread_id', 'uuid', (c) => c.notNull())
    .addColumn('parent_id', 'uuid', (c) => c.references('messages.id').onDelete('set null'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('preview', 'text', (c) => c.notNull())
    // French stemming on an accent-free, lower-case copy of subject + text, made in TypeScript
    // (the same on PGlite and PostgreSQL, no unaccent extension needed).
    .addColumn('search_vector', sql`tsvector`, (c) => c.notNull())
    // What the To and Cc lines show (names of people, classes, groups); Bcc only for the sender.
    .addColumn('recipient_labels', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    // A draft's targets, resolved into accounts when it is sent.
    .addColumn('draft', 'jsonb')
    .addColumn('has_attachments', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('messages_thread_idx').on('messages').columns(['thread_id', 'created_at']).execute();
  await sql`CREATE INDEX messages_search_idx ON messages USING gin (search_vector)`.execute(db);

  await db.schema
    .createTable('message_attachments')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('message_id', 'uuid', (c) => c.notNull().references('messages.id').onDelete('cascade'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    // Forwarding copies the row, not the file: the file goes when no row names it any more.
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('message_attachments_message_idx').on('message_attachments').column('message_id').execute();
  await db.schema.createIndex('message_attachments_key_idx').on('message_attachments').column('storage_key').execute();

  await db.schema
    .createTable('message_folders')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('message_folders_account_name_key', ['account_id', 'name'])
    .execute();

  await db.schema
    .createTable('message_recipients')
    // Delivery order: folders list newest first by this id.
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('message_id', 'uuid', (c) => c.notNull().references('messages.id').onDelete('cascade'))
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind IN ('FROM','TO','CC','BCC')`))
    .addColumn('folder', 'text', (c) => c.notNull().check(sql`folder IN ('INBOX','SENT','DRAFTS','TRASH','USER')`))
    .addColumn('folder_id', 'uuid', (c) => c.references('message_folders.id').onDelete('set null'))
    .addColumn('previous_folder', 'text')
    .addColumn('previous_folder_id', 'uuid')
    .addColumn('is_read', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('is_flagged', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('trashed_at', 'timestamptz')
    .addUniqueConstraint('message_recipients_message_account_key', ['message_id', 'account_id'])
    .execute();
  await sql`CREATE INDEX message_recipients_folder_idx ON message_recipients (account_id, folder, id DESC)`.execute(db);
  await sql`CREATE INDEX message_recipients_user_folder_idx ON message_recipients (account_id, folder_id, id DESC) WHERE folder_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX message_recipients_unread_idx ON message_recipients (account_id, folder) WHERE NOT is_read`.execute(db);
  await sql`CREATE INDEX message_recipients_trash_idx ON message_recipients (trashed_at) WHERE folder = 'TRASH'`.execute(db);

  // Who may write to whom, per structure: only the admins' changes to the defaults are stored.
  await db.schema
    .createTable('communication_rules')
    .addColumn('structure_id', 'uuid', (c) => c.notNull().references('structures.id').onDelete('cascade'))
    .addColumn('from_profile', sql`profile`, (c) => c.notNull())
    .addColumn('to_profile', sql`profile`, (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull().check(sql`scope IN ('NONE','LINKED','ALL')`))
    .addColumn('updated_by', 'uuid', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('communication_rules_pkey', ['structure_id', 'from_profile', 'to_profile'])
    .execute();

  await db.schema
    .createTable('notification_preferences')
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel IN ('NONE','ENT','DIGEST','PUSH')`))
    .addPrimaryKeyConstraint('notification_preferences_pkey', ['account_id', 'kind'])
    .execute();
  await sql`CREATE INDEX notification_preferences_channel_idx ON notification_preferences (channel, kind) WHERE channel IN ('DIGEST','PUSH')`.execute(db);

  await db.schema
    .createTable('push_subscriptions')
    .addColumn('endpoint', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('p256dh', 'text', (c) => c.notNull())
    .addColumn('auth', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('push_subscriptions_account_idx').on('push_subscriptions').column('account_id').execute();

  // Small named state of the notification jobs: the VAPID key pair, the last
  // timeline event pushed, the last digest run. One row per name.
  await db.schema
    .createTable('notification_state')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'jsonb', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'notification_state',
    'push_subscriptions',
    'notification_preferences',
    'communication_rules',
    'message_recipients',
    'message_folders',
    'message_attachments',
    'messages',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
