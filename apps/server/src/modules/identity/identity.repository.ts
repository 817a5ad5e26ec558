import { sql } from 'kysely';
import type { Actor } from '../../platform/authorization.ts';
import type { DB } from '../../platform/db/database.ts';
import type { AccountRow, AccountUpdate } from '../../platform/db/schema.ts';

/** SQL of the identity module: accounts by login, actor scopes, single-use tokens. */

export async function findAccountByLogin(db: DB, login: string): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('login', '=', login).where('deleted_at', 'is', null).executeTakeFirst();
}

export async function getAccount(db: DB, id: string): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
}

export async function updateAccount(db: DB, id: string, changes: AccountUpdate): Promise<void> {
  await db.updateTable('accounts').set({ ...changes, updated_at: new Date() }).where('id', '=', id).execute();
}

/** The actor's scopes for a school year, in one round trip. */
export async function loadActor(db: DB, account: Pick<AccountRow, 'id' | 'profile' | 'staff_function'>, schoolYear: number): Promise<Actor> {
  const row = await sql<{ structure_ids: string[] | null; admc: string[] | null; adml: string[] | null }>`
    SELECT
      (SELECT array_agg(structure_id) FROM structure_members WHERE account_id = ${account.id} AND school_year = ${schoolYear}) AS structure_ids,
      (SELECT array_agg(collectivite_id) FROM admin_roles WHERE account_id = ${account.id} AND role = 'ADMC') AS admc,
      (SELECT array_agg(structure_id) FROM admin_roles WHERE account_id = ${account.id} AND role = 'ADML') AS adml
  `.execute(db);
  const scopes = row.rows[0];
  return {
    accountId: account.id,
    profile: account.profile,
    staffFunction: account.staff_function,
    structureIds: scopes?.structure_ids ?? [],
    admcCollectiviteIds: scopes?.admc ?? [],
    admlStructureIds: scopes?.adml ?? [],
  };
}

export async function findStructureRefs(db: DB, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('structures').select(['id', 'uai', 'name']).where('id', 'in', ids).orderBy('name').execute();
}

export async function findCollectiviteNames(db: DB, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('collectivites').select(['id', 'name']).where('id', 'in', ids).execute();
}

export async function insertAuthToken(
  db: DB,
  token: { tokenHash: string; accountId: string; purpose: 'ACTIVATION' | 'PASSWORD_RESET'; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('auth_tokens')
    .values({ token_hash: token.tokenHash, account_id: token.accountId, purpose: token.purpose, expires_at: token.expiresAt })
    .execute();
}

/** Marks a valid token used and returns its account id; undefined when unknown, used or expired. */
export async function consumeAuthToken(
  db: DB,
  tokenHash: string,
  purpose: 'ACTIVATION' | 'PASSWORD_RESET',
  now: Date,
): Promise<string | undefined> {
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

/** Reads a valid token without using it. */
export async function peekAuthToken(db: DB, tokenHash: string, purpose: 'ACTIVATION' | 'PASSWORD_RESET', now: Date) {
  return db
    .selectFrom('auth_tokens')
    .select(['account_id'])
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}
