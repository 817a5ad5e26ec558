import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

/** SQL of an account's messagerie settings: always of the one account given. */

type Executor = Kysely<Database> | Transaction<Database>;

/** The account's signature ('' when he never set one). */
export async function getSignature(db: Executor, accountId: string): Promise<string> {
  const row = await db.selectFrom('messaging_settings').select('signature').where('account_id', '=', accountId).executeTakeFirst();
  return row?.signature ?? '';
}

/** Sets the account's signature (one statement: two saves at once leave one of them, whole). */
export async function setSignature(db: Executor, accountId: string, signature: string, at: Date): Promise<void> {
  await db
    .insertInto('messaging_settings')
    .values({ account_id: accountId, signature, updated_at: at })
    .onConflict((oc) => oc.column('account_id').doUpdateSet({ signature, updated_at: at }))
    .execute();
}
