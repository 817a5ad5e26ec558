import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { DB } from '../../platform/db/database.ts';
import type { AccountRow, AccountUpdate } from '../../platform/db/schema.ts';

/** SQL of the identity module: accounts by login, single-use tokens. The actor's rights: platform/sessions/actor-loader.ts. */

type TokenPurpose = 'ACTIVATION' | 'PASSWORD_RESET';

export async function findAccountByLogin(db: DB, login: string): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('login', '=', login).where('deleted_at', 'is', null).executeTakeFirst();
}

export async function getAccount(db: DB, id: string): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
}

/**
 * The account row with the refs of some structures (the actor's), in one
 * statement: GET /me is asked on every page load, and the structures were a
 * second round trip.
 */
export async function getAccountWithStructures(
  db: DB,
  id: string,
  structureIds: string[],
): Promise<{ account: AccountRow; structures: Array<{ id: string; uai: string; name: string }> } | undefined> {
  if (structureIds.length === 0) {
    const account = await getAccount(db, id);
    return account ? { account, structures: [] } : undefined;
  }
  const row = await db
    .selectFrom('accounts as a')
    .selectAll('a')
    .select((eb) =>
      jsonArrayFrom(eb.selectFrom('structures as s').select(['s.id', 's.uai', 's.name']).where('s.id', 'in', structureIds).orderBy('s.name')).as('structure_refs'),
    )
    .where('a.id', '=', id)
    .where('a.deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const { structure_refs: structures, ...account } = row;
  return { account: account as AccountRow, structures };
}

export async function updateAccount(db: DB, id: string, changes: AccountUpdate): Promise<void> {
  await db.updateTable('accounts').set({ ...changes, updated_at: new Date() }).where('id', '=', id).execute();
}

/** Makes a PROVISIONED account ACTIVE with its chosen password; undefined when it was not waiting any more. */
export async function activateAccount(
  db: DB,
  id: string,
  changes: { passwordHash: string; email: string | null; now: Date },
): Promise<AccountRow | undefined> {
  return db
    .updateTable('accounts')
    .set({
      password_hash: changes.passwordHash,
      status: 'ACTIVE',
      activation_code: null,
      activated_at: changes.now,
      charter_accepted_at: changes.now,
      email: changes.email,
      updated_at: changes.now,
    })
    .where('id', '=', id)
    .where('status', '=', 'PROVISIONED')
    .returningAll()
    .executeTakeFirst();
}

export async function findStructureRefs(db: DB, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('structures').select(['id', 'uai', 'name']).where('id', 'in', ids).orderBy('name').execute();
}

export async function findCollectiviteNames(db: DB, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('collectivites').select(['id', 'name']).where('id', 'in', ids).execute();
}

export async function insertAuthToken(db: DB, token: { tokenHash: string; accountId: string; purpose: TokenPurpose; expiresAt: Date }): Promise<void> {
  await db
    .insertInto('auth_tokens')
    .values({ token_hash: token.tokenHash, account_id: token.accountId, purpose: token.purpose, expires_at: token.expiresAt })
    .execute();
}

/** Marks a valid token used and returns its account id; undefined when unknown, used or expired. */
export async function consumeAuthToken(db: DB, tokenHash: string, purpose: TokenPurpose, now: Date): Promise<string | undefined> {
  const row = await db
    .updateTable('auth_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('account_id')
    .executeTakeFirst();
  return row?.account_id;
}

/** Spends every outstanding token of an account for a purpose: older reset links die with a new password. */
export async function spendAuthTokens(db: DB, accountId: string, purpose: TokenPurpose, now: Date): Promise<void> {
  await db
    .updateTable('auth_tokens')
    .set({ used_at: now })
    .where('account_id', '=', accountId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
}

/** Removes every token of an account (activation re-keyed by an admin: no earlier link may set a password). */
export async function deleteAuthTokensOf(db: DB, accountId: string): Promise<void> {
  await db.deleteFrom('auth_tokens').where('account_id', '=', accountId).execute();
}

/** Reads a valid token without using it. */
export async function peekAuthToken(db: DB, tokenHash: string, purpose: TokenPurpose, now: Date) {
  return db
    .selectFrom('auth_tokens')
    .select(['account_id'])
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}
