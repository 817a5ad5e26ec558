import { type Kysely, sql } from 'kysely';

/**
 * The timeline: one small row per recipient and event (fan-out on write), so
 * "my timeline" and "my unread count" are index range reads on the account.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('timeline_events')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'uuid', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('structure_id', 'uuid', (c) => c.references('structures.id').onDelete('cascade'))
    .addColumn('object_type', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('read_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('timeline_events_account_idx').on('timeline_events').columns(['account_id', 'id desc']).execute();
  await sql`CREATE INDEX timeline_events_unread_idx ON timeline_events (account_id) WHERE read_at IS NULL`.execute(db);
  await db.schema.createIndex('timeline_events_object_idx').on('timeline_events').columns(['object_type', 'object_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('timeline_events').execute();
}
