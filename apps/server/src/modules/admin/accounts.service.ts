import type {
  AccountWithCode,
  AdminAccount,
  AdminAccountPage,
  AdminAccountQuery,
  CreateAccountBody,
  Profile,
  StaffFunction,
  UpdateAccountBody,
} from '@preau/contracts';
import { audit } from '../../platform/audit.ts';
import { type Actor, can } from '../../platform/authorization.ts';
import type { DB } from '../../platform/db/database.ts';
import { AppError, isUniqueViolation } from '../../platform/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { personSearchKey, searchTerms } from '../../platform/search-key.ts';
import { newActivationCode } from '../../platform/tokens.ts';
import { IdCursor, decodeCursor, pageFrom } from '../directory/keyset-cursor.ts';
import { loadAccountFor } from './account-access.ts';
import {
  accountResource,
  profilesActorMay,
  requireAdminArea,
  requireAdministered,
} from './admin-access.ts';
import { presentAccount } from './admin.presenters.ts';
import {
  findSearchKey,
  findStructureAccounts,
  findStudentIds,
  getAdminAccount,
  insertAccount,
  insertParentLinks,
  insertStructureMember,
  setClassOfYear,
  updateAccount as updateAccountRow,
} from './accounts.repository.ts';
import { getClassWithOwner } from './classes.repository.ts';
import { getStructure } from './structures.repository.ts';
import { generateLogin, lockLoginAllocation } from './login-generator.ts';

/** A homonym created at the same instant takes the login first: try again with the next number. */
const LOGIN_ATTEMPTS = 3;

/** Profile-dependent fields: a function for staff only, a class for students, children for parents. */
function checkProfileFields(
  profile: Profile,
  given: { staffFunction?: StaffFunction | null | undefined; classId?: string | null | undefined; childIds?: string[] | undefined },
): void {
  if (profile === 'PERSONNEL' && given.staffFunction === null) {
    throw new AppError('STAFF_FUNCTION_REQUIRED', { fields: { staffFunction: 'required' } });
  }
  const fields: Record<string, string> = {};
  if (profile !== 'PERSONNEL' && given.staffFunction) fields.staffFunction = 'only_for_personnel';
  if (profile !== 'ELEVE' && given.classId) fields.classId = 'only_for_students';
  if (profile !== 'PARENT' && given.childIds && given.childIds.length > 0) fields.childIds = 'only_for_parents';
  if (Object.keys(fields).length > 0) throw new AppError('VALIDATION_FAILED', { fields });
}

/** Throws INVALID_REFERENCE unless the class is one of this year in one of these structures. */
async function requireClassIn(db: DB, classId: string, structureIds: string[], schoolYear: number): Promise<void> {
  const schoolClass = await getClassWithOwner(db, classId);
  if (!schoolClass || !structureIds.includes(schoolClass.structure_id) || schoolClass.school_year !== schoolYear) {
    throw new AppError('INVALID_REFERENCE', { fields: { classId: 'not_in_structure' } });
  }
}

async function viewOf(db: DB, id: string, schoolYear: number): Promise<AdminAccount> {
  const row = await getAdminAccount(db, id, schoolYear);
  if (!row) throw new AppError('NOT_FOUND');
  return presentAccount(row);
}

/** The accounts of this year of a structure the actor administers, filtered, by name. */
export async function listAccounts(platform: Platform, actor: Actor, structureId: string, query: AdminAccountQuery): Promise<AdminAccountPage> {
  requireAdminArea(actor);
  const db = platform.database.db;
  const structure = await getStructure(db, structureId);
  requireAdministered(actor, structure);
  const cursor = decodeCursor(IdCursor, query.cursor);
  let after: { key: string; id: string } | undefined;
  if (cursor) {
    const key = await findSearchKey(db, cursor.id);
    if (key === undefined) throw new AppError('INVALID_CURSOR');
    after = { key, id: cursor.id };
  }
  const profiles = profilesActorMay(actor, 'account.read', structure);
  const rows = await findStructureAccounts(
    db,
    {
      structureId,
      schoolYear: platform.schoolYear(),
      profiles,
      terms: searchTerms(query.q ?? ''),
      profile: query.profile,
      status: query.status,
      classId: query.classId,
      leaving: query.leaving === undefined ? undefined : query.leaving === 'true',
    },
    { after, limit: query.limit },
  );
  const page = pageFrom(rows, query.limit, (row) => ({ id: row.id }));
  return { items: page.rows.map(presentAccount), nextCursor: page.nextCursor };
}

/** One account the actor may see. */
export async function getAccountForAdmin(platform: Platform, actor: Actor, id: string): Promise<AdminAccount> {
  const { schoolYear } = await loadAccountFor(platform, actor, id, 'account.read');
  return viewOf(platform.database.db, id, schoolYear);
}

/**
 * Provisions an account in a structure: a generated login, an activation
 * code, its membership of the year, its class or its children — all or nothing.
 */
export async function createAccount(platform: Platform, actor: Actor, structureId: string, body: CreateAccountBody): Promise<AccountWithCode> {
  requireAdminArea(actor);
  const db = platform.database.db;
  const structure = await getStructure(db, structureId);
  requireAdministered(actor, structure);
  const resource = accountResource({ id: '', profile: body.profile }, [{ structureId, collectiviteId: structure.collectivite_id }]);
  if (!can(actor, 'account.create', resource)) throw new AppError('FORBIDDEN');
  checkProfileFields(body.profile, { staffFunction: body.staffFunction ?? null, classId: body.classId, childIds: body.childIds });
  const schoolYear = platform.schoolYear();
  const childIds = [...new Set(body.childIds ?? [])];

  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(async (trx) => {
        if (body.classId) await requireClassIn(trx, body.classId, [structureId], schoolYear);
        if (childIds.length > 0) {
          const students = await findStudentIds(trx, childIds, structureId, schoolYear);
          if (students.length !== childIds.length) throw new AppError('INVALID_REFERENCE', { fields: { childIds: 'not_students_of_structure' } });
        }
        const activationCode = newActivationCode();
        await lockLoginAllocation(trx);
        const { id } = await insertAccount(trx, {
          login: await generateLogin(trx, body.firstName, body.lastName),
          first_name: body.firstName,
          last_name: body.lastName,
          search_key: personSearchKey(body.firstName, body.lastName),
          profile: body.profile,
          staff_function: body.staffFunction ?? null,
          status: 'PROVISIONED',
          email: body.email ?? null,
          password_hash: null,
          activation_code: activationCode,
        });
        await insertStructureMember(trx, { structureId, schoolYear, accountId: id, profile: body.profile });
        if (body.classId) await setClassOfYear(trx, id, { structureIds: [], schoolYear }, body.classId);
        await insertParentLinks(trx, id, childIds);
        await audit(trx, {
          actorId: actor.accountId,
          action: 'account.create',
          targetType: 'account',
          targetId: id,
          structureId,
          details: { profile: body.profile, classId: body.classId ?? null, childIds },
        });
        return { account: await viewOf(trx, id, schoolYear), activationCode };
      });
    } catch (error) {
      if (attempt < LOGIN_ATTEMPTS && isUniqueViolation(error, 'accounts_login_key')) continue;
      throw error;
    }
  }
}

/** Corrects an account's names, function, e-mail or class of the year; its login never changes. */
export async function updateAccountByAdmin(platform: Platform, actor: Actor, id: string, body: UpdateAccountBody): Promise<AdminAccount> {
  const { account, memberships, schoolYear } = await loadAccountFor(platform, actor, id, 'account.update');
  checkProfileFields(account.profile, { staffFunction: body.staffFunction, classId: body.classId });
  const db = platform.database.db;
  // Only in structures this actor administers may he move the account between classes.
  const administered = memberships
    .filter((m) => can(actor, 'structure.administer', { type: 'structure', id: m.structureId, collectiviteId: m.collectiviteId }))
    .map((m) => m.structureId);
  const fields = Object.keys(body).filter((key) => body[key as keyof UpdateAccountBody] !== undefined).sort();

  await db.transaction().execute(async (trx) => {
    if (body.classId) await requireClassIn(trx, body.classId, administered, schoolYear);
    if (body.classId !== undefined) await setClassOfYear(trx, id, { structureIds: administered, schoolYear }, body.classId);
    const firstName = body.firstName ?? account.first_name;
    const lastName = body.lastName ?? account.last_name;
    await updateAccountRow(trx, id, {
      first_name: firstName,
      last_name: lastName,
      search_key: personSearchKey(firstName, lastName),
      ...(body.staffFunction !== undefined ? { staff_function: body.staffFunction } : {}),
      ...(body.email !== undefined ? { email: body.email } : {}),
    });
    if (fields.length > 0) {
      await audit(trx, {
        actorId: actor.accountId,
        action: 'account.update',
        targetType: 'account',
        targetId: id,
        structureId: administered[0] ?? null,
        details: { fields },
      });
    }
  });
  return viewOf(db, id, schoolYear);
}
