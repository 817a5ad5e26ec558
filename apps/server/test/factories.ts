import { randomInt, randomUUID } from 'node:crypto';
import { type Profile, type StaffFunction, uaiCheckLetter } from '@preau/contracts';
import type { DB } from '../src/platform/db/database.ts';
import { hashPassword } from '../src/platform/passwords.ts';
import { personSearchKey, normalizeForSearch } from '../src/platform/search-key.ts';
import { newActivationCode } from '../src/platform/tokens.ts';

/**
 * Factories: each builds what it needs (its own collectivité, structure,
 * class), with unique values, so test files run in parallel on one database
 * without cleaning up.
 */
export const SCHOOL_YEAR = 2026;
export const TEST_PASSWORD = 'Test-Password-2026!';
let cachedHash: Promise<string> | undefined;
const testPasswordHash = () => (cachedHash ??= hashPassword(TEST_PASSWORD));

export function uniqueSuffix(): string {
  return randomUUID().slice(0, 8);
}

export function randomUai(): string {
  const digits = String(randomInt(0, 10_000_000)).padStart(7, '0');
  return digits + uaiCheckLetter(digits);
}

export async function createCollectivite(db: DB, name = `Région ${uniqueSuffix()}`) {
  return db.insertInto('collectivites').values({ name, kind: 'REGION' }).returningAll().executeTakeFirstOrThrow();
}

export async function createStructure(db: DB, options: { collectiviteId?: string; name?: string } = {}) {
  const collectiviteId = options.collectiviteId ?? (await createCollectivite(db)).id;
  return db
    .insertInto('structures')
    .values({
      collectivite_id: collectiviteId,
      uai: randomUai(),
      name: options.name ?? `Lycée ${uniqueSuffix()}`,
      type: 'LYCEE',
      city: 'Rennes',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createClass(db: DB, structureId: string, options: { code?: string; name?: string; year?: number } = {}) {
  const code = options.code ?? `2ND${randomInt(1, 99)}-${uniqueSuffix()}`;
  const name = options.name ?? `Seconde ${code}`;
  return db
    .insertInto('classes')
    .values({
      structure_id: structureId,
      school_year: options.year ?? SCHOOL_YEAR,
      code,
      name,
      level: '2NDE',
      search_key: normalizeForSearch(`${name} ${code}`),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createGroup(db: DB, structureId: string, options: { code?: string; name?: string } = {}) {
  const code = options.code ?? `GRP-${uniqueSuffix()}`;
  const name = options.name ?? `Groupe ${code}`;
  return db
    .insertInto('groups')
    .values({ structure_id: structureId, school_year: SCHOOL_YEAR, code, name, search_key: normalizeForSearch(`${name} ${code}`) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function ensureSubject(db: DB, code = '061300', shortName = 'MATHS', name = 'Mathématiques') {
  await db.insertInto('subjects').values({ code, short_name: shortName, name }).onConflict((oc) => oc.doNothing()).execute();
  return code;
}

export interface AccountOptions {
  profile?: Profile;
  staffFunction?: StaffFunction | null;
  firstName?: string;
  lastName?: string;
  /** Activated with TEST_PASSWORD unless false (then it waits with an activation code). */
  activated?: boolean;
  email?: string | null;
  structureIds?: string[];
  classId?: string;
  groupIds?: string[];
}

export async function createAccount(db: DB, options: AccountOptions = {}) {
  const profile = options.profile ?? 'ELEVE';
  const firstName = options.firstName ?? 'Léa';
  const lastName = options.lastName ?? `Martin${uniqueSuffix()}`;
  const activated = options.activated ?? true;
  const login = `${normalizeForSearch(firstName).replace(/ /g, '')}.${normalizeForSearch(lastName).replace(/ /g, '')}.${uniqueSuffix()}`;
  const account = await db
    .insertInto('accounts')
    .values({
      login,
      first_name: firstName,
      last_name: lastName,
      search_key: personSearchKey(firstName, lastName),
      profile,
      staff_function: options.staffFunction ?? (profile === 'PERSONNEL' ? 'ETA' : null),
      status: activated ? 'ACTIVE' : 'PROVISIONED',
      email: options.email ?? null,
      password_hash: activated ? await testPasswordHash() : null,
      activation_code: activated ? null : newActivationCode(),
      activated_at: activated ? new Date() : null,
      charter_accepted_at: activated ? new Date() : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  for (const structureId of options.structureIds ?? []) {
    await db.insertInto('structure_members').values({ structure_id: structureId, school_year: SCHOOL_YEAR, account_id: account.id, profile }).execute();
  }
  if (options.classId) await db.insertInto('class_members').values({ class_id: options.classId, account_id: account.id }).execute();
  for (const groupId of options.groupIds ?? []) {
    await db.insertInto('group_members').values({ group_id: groupId, account_id: account.id }).execute();
  }
  return account;
}

export async function linkParent(db: DB, parentId: string, childId: string) {
  await db.insertInto('parent_links').values({ parent_id: parentId, child_id: childId }).execute();
}

export async function addTeaching(db: DB, teacherId: string, target: { classId?: string; groupId?: string }, subjectCode?: string) {
  const code = subjectCode ?? (await ensureSubject(db));
  await db
    .insertInto('teachings')
    .values({ teacher_id: teacherId, class_id: target.classId ?? null, group_id: target.groupId ?? null, subject_code: code })
    .execute();
}

export async function grantAdmin(db: DB, accountId: string, role: { admc?: string; adml?: string }) {
  await db
    .insertInto('admin_roles')
    .values({
      account_id: accountId,
      role: role.admc ? 'ADMC' : 'ADML',
      collectivite_id: role.admc ?? null,
      structure_id: role.adml ?? null,
    })
    .execute();
}

/** A small school: a structure, a class, a group, and one activated account of each kind. */
export async function createSchool(db: DB) {
  const structure = await createStructure(db);
  const schoolClass = await createClass(db, structure.id);
  const group = await createGroup(db, structure.id);
  const sid = [structure.id];
  const student = await createAccount(db, { profile: 'ELEVE', structureIds: sid, classId: schoolClass.id, groupIds: [group.id] });
  const parent = await createAccount(db, { profile: 'PARENT', firstName: 'Claire', structureIds: sid });
  await linkParent(db, parent.id, student.id);
  const teacher = await createAccount(db, { profile: 'ENSEIGNANT', firstName: 'Paul', lastName: `Durand${uniqueSuffix()}`, structureIds: sid });
  await addTeaching(db, teacher.id, { classId: schoolClass.id });
  const staff = await createAccount(db, { profile: 'PERSONNEL', staffFunction: 'EVS', firstName: 'Nadia', structureIds: sid });
  const adml = await createAccount(db, { profile: 'PERSONNEL', staffFunction: 'DIR', firstName: 'Hélène', structureIds: sid });
  await grantAdmin(db, adml.id, { adml: structure.id });
  const admc = await createAccount(db, { profile: 'COLLECTIVITE', firstName: 'Marc' });
  await grantAdmin(db, admc.id, { admc: structure.collectivite_id });
  return { structure, schoolClass, group, student, parent, teacher, staff, adml, admc };
}

/**
 * A finished CSV import job of a collectivité (as the admin area lists it),
 * with an empty report: what an ADMC's import history holds, without running one.
 */
export async function createImportJob(db: DB, collectiviteId: string, actorId: string | null = null, structureUai = '0350001A') {
  const counts = Object.fromEntries(
    ['STRUCTURE', 'SUBJECT', 'MEF', 'STAFF', 'STUDENT', 'PARENT'].map((type) => [
      type,
      Object.fromEntries(['created', 'updated', 'unchanged', 'leaving', 'restored', 'rejected', 'deleted'].map((action) => [action, 0])),
    ]),
  );
  const now = new Date().toISOString();
  const report = {
    dryRun: true,
    academy: 'CSV',
    schoolYear: SCHOOL_YEAR,
    startedAt: now,
    finishedAt: now,
    files: [{ name: 'eleves.csv', type: 'students', mode: 'COMPLET', records: 0, status: 'DONE', error: null, errorLine: null, appliedBeforeError: null }],
    ignored: [],
    counts,
    lifecycle: { blocked: 0, purged: 0 },
    departuresSkipped: [],
    rejections: [{ file: 'eleves.csv', line: 2, jointure: 'CSV-1', reason: 'MISSING_ATTRIBUTE', detail: null }],
    rejectionsNotListed: 0,
    unchanged: true,
  };
  return db
    .insertInto('jobs')
    .values({
      kind: 'csv-import',
      status: 'SUCCEEDED',
      // As the CSV job's parameters schema wants them (paths of an upload folder long swept).
      params: JSON.stringify({ structure: structureUai, collectiviteId, names: ['eleves.csv'], paths: ['imports/gone/01-eleves.csv'], dryRun: true }),
      progress: JSON.stringify({ phase: 'DONE', files: [] }),
      result: JSON.stringify(report),
      actor_id: actorId,
      finished_at: new Date(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Makes the teacher a professeur principal of the class. */
export async function makePrincipal(db: DB, teacherId: string, classId: string) {
  await db.insertInto('class_principals').values({ class_id: classId, teacher_id: teacherId }).execute();
}
