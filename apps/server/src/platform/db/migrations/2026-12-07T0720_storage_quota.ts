import { type Kysely, sql } from 'kysely';

/**
 * Who is charged for each stored file, and the bytes each account uses, so a
 * per-account quota holds (messaging attachments, hand-ins, and the documents
 * app to come). `stored_files` names the account a file's bytes count
 * against: forwarding a message copies attachment rows, never the charge, and
 * the bytes are given back when the file itself goes. `storage_usage` is the
 * running sum, updated in the same transaction as the file rows with a
 * conditional UPDATE, so concurrent uploads cannot pass the quota together.
 *
 * Files stored before this migration are charged to their uploader (the hand-in's
 * student or teacher, the first message's sender).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('stored_files')
    .addColumn('storage_key', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('stored_files_account_idx').on('stored_files').column('account_id').execute();
  await db.schema
    .createTable('storage_usage')
    .addColumn('account_id', 'uuid', (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
    .addColumn('used_bytes', 'bigint', (c) => c.notNull().defaultTo(0).check(sql`used_bytes >= 0`))
    .execute();

  await sql`INSERT INTO stored_files (storage_key, account_id, size, created_at)
    SELECT storage_key, uploaded_by, size, created_at FROM homework_files
    ON CONFLICT (storage_key) DO NOTHING`.execute(db);
  await sql`INSERT INTO stored_files (storage_key, account_id, size, created_at)
    SELECT DISTINCT ON (a.storage_key) a.storage_key, m.sender_id, a.size, a.created_at
    FROM message_attachments a JOIN messages m ON m.id = a.message_id
    ORDER BY a.storage_key, a.created_at
    ON CONFLICT (storage_key) DO NOTHING`.execute(db);
  await sql`INSERT INTO storage_usage (account_id, used_bytes)
    SELECT account_id, sum(size) FROM stored_files GROUP BY account_id`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('storage_usage').execute();
  await db.schema.dropTable('stored_files').execute();
}
