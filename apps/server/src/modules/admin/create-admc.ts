import { Email, PersonName } from '@preau/contracts';
import { audit } from '../../platform/audit.ts';
import type { DB } from '../../platform/db/database.ts';
import type { CollectivitesTable } from '../../platform/db/schema.ts';
import { isUniqueViolation } from '../../platform/errors.ts';
import { personSearchKey } from '../../platform/search-key.ts';
import { newActivationCode } from '../../platform/tokens.ts';

export type CollectiviteKind = CollectivitesTable['kind'];
const collectiviteKinds: readonly CollectiviteKind[] = ['REGION', 'DEPARTEMENT', 'COMMUNE', 'AUTRE'];

export interface CreateAdmcInput {
  login: string;
  firstName: string;
  lastName: string;
  collectiviteName: string;
  collectiviteKind: CollectiviteKind;
  email?: string | undefined;
}

/** Logins as people type them: lower case letters, digits, dots and hyphens. */
const LOGIN_FORMAT = /^[a-z0-9](?:[a-z0-9.-]{0,98}[a-z0-9])?$/;

function fail(message: string): never {
  throw new Error(message);
}

/**
 * Creates the first administrator of a collectivité (`preau create-admin`):
 * the collectivité (reused when one has that name), a COLLECTIVITE account
 * awaiting activation, and its ADMC role, in one transaction. Throws an
 * Error with a message for the operator when an input is wrong or the login taken.
 */
export async function createAdmc(db: DB, input: CreateAdmcInput): Promise<{ login: string; activationCode: string }> {
  const login = input.login.trim().toLowerCase();
  if (!LOGIN_FORMAT.test(login)) fail(`Invalid login "${input.login}": use lower-case letters, digits, dots and hyphens (e.g. marie.durand).`);
  const firstName = PersonName.safeParse(input.firstName);
  const lastName = PersonName.safeParse(input.lastName);
  if (!firstName.success || !lastName.success) fail('First and last names must be 1 to 100 characters.');
  const collectiviteName = input.collectiviteName.trim();
  if (collectiviteName.length < 2 || collectiviteName.length > 200) fail('The collectivité name must be 2 to 200 characters.');
  if (!collectiviteKinds.includes(input.collectiviteKind)) {
    fail(`Invalid collectivité kind "${input.collectiviteKind}": one of ${collectiviteKinds.join(', ')}.`);
  }
  const email = input.email === undefined ? null : Email.safeParse(input.email.trim());
  if (email && !email.success) fail(`Invalid e-mail address "${input.email}".`);
  const taken = () => fail(`The login "${login}" is already taken: choose another one.`);

  try {
    return await db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('accounts').select('id').where('login', '=', login).executeTakeFirst();
      if (existing) taken();
      const collectivite =
        (await trx.selectFrom('collectivites').select('id').where('name', '=', collectiviteName).orderBy('created_at').executeTakeFirst()) ??
        (await trx.insertInto('collectivites').values({ name: collectiviteName, kind: input.collectiviteKind }).returning('id').executeTakeFirstOrThrow());
      const activationCode = newActivationCode();
      const account = await trx
        .insertInto('accounts')
        .values({
          login,
          first_name: firstName.data,
          last_name: lastName.data,
          search_key: personSearchKey(firstName.data, lastName.data),
          profile: 'COLLECTIVITE',
          status: 'PROVISIONED',
          email: email ? email.data : null,
          activation_code: activationCode,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('admin_roles').values({ account_id: account.id, role: 'ADMC', collectivite_id: collectivite.id }).execute();
      await audit(trx, {
        actorId: null,
        action: 'account.create',
        targetType: 'account',
        targetId: account.id,
        details: { profile: 'COLLECTIVITE', role: 'ADMC', collectiviteId: collectivite.id, via: 'cli' },
      });
      return { login, activationCode };
    });
  } catch (error) {
    if (isUniqueViolation(error, 'accounts_login_key')) taken();
    throw error;
  }
}
