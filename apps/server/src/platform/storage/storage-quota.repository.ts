import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

/** SQL of the per-account storage quota: who is charged for which stored file, and each account's total. */
type Db = Kysely<Database> | Transaction<Database>;

/** Bytes the account's stored files take now. */
export async function findUsedBytes(db: Db, accountId: string): Promise<number> {
  const row = await db.selectFrom('storage_usage').select('used_bytes').where('account_id', '=', accountId).executeTakeFirst();
  return Number(row?.used_bytes ?? 0);
}

/**
 * Charges a new file to an account, in the caller's transaction, only if the
 * account stays within `quotaBytes`: one conditional upsert, so concurrent
 * uploads cannot pass the quota together (the row stays locked until commit).
 * False when the quota would be passed (nothing written).
 */
export async function chargeStoredFile(trx: Db, file: { storageKey: string; accountId: string; size: number }, quotaBytes: number): Promise<boolean> {
  if (file.size > quotaBytes) return false;
  const charged = await sql<{ used_bytes: number }>`INSERT INTO storage_usage (account_id, used_bytes) VALUES (${file.accountId}, ${file.size})
    ON CONFLICT (account_id) DO UPDATE SET used_bytes = storage_usage.used_bytes + excluded.used_bytes
    WHERE storage_usage.used_bytes + excluded.used_bytes <= ${quotaBytes}
    RETURNING used_bytes`.execute(trx);
  if (charged.rows.length === 0) return false;
  await trx.insertInto('stored_files').values({ storage_key: file.storageKey, account_id: file.accountId, size: file.size }).execute();
  return true;
}

/**
 * Gives back the bytes of files about to be deleted (in the caller's
 * transaction, beside the rows that named them). Keys never charged (files
 * older than the quota, or already released) are ignored.
 */
export async function releaseStoredFiles(trx: Db, storageKeys: readonly string[]): Promise<void> {
  if (storageKeys.length === 0) return;
  const released = await trx.deleteFrom('stored_files').where('storage_key', 'in', [...storageKeys]).returning(['account_id', 'size']).execute();
  const byAccount = new Map<string, number>();
  for (const row of released) byAccount.set(row.account_id, (byAccount.get(row.account_id) ?? 0) + Number(row.size));
  for (const [accountId, bytes] of byAccount) {
    await sql`UPDATE storage_usage SET used_bytes = greatest(used_bytes - ${bytes}, 0) WHERE account_id = ${accountId}`.execute(trx);
  }
}
