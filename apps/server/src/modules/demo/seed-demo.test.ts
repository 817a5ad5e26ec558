import { isValidUai } from '@preau/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import type { DB } from '../../platform/db/database.ts';
import { verifyPassword } from '../../platform/passwords.ts';
import {
  buildDemoPlan,
  DEMO_COLLECTIVITE_NAME,
  DEMO_LOGINS,
  DEMO_PASSWORD,
  DEMO_SUBJECTS,
  DEMO_UAIS,
  seedDemo,
} from './seed-demo.ts';

/**
 * On PostgreSQL (TEST_DATABASE_URL) test files share one database, so the
 * demo may already be there, and other files write meanwhile: everything is
 * looked up by the demo's logins and collectivité, and row counts are taken
 * within the demo's scope.
 */
const sharedDatabase = Boolean(process.env.TEST_DATABASE_URL);
const YEAR = 2026;

let ctx: TestContext;
let db: DB;
let firstResult: { created: boolean; accounts: number };
let firstSeedMs = 0;

beforeAll(async () => {
  ctx = await createTestContext();
  db = ctx.platform.database.db;
  const start = performance.now();
  firstResult = await seedDemo(ctx.platform);
  firstSeedMs = performance.now() - start;
});
afterAll(async () => {
  await ctx?.close();
});

async function demo() {
  const collectivite = await db
    .selectFrom('collectivites')
    .selectAll()
    .where('name', '=', DEMO_COLLECTIVITE_NAME)
    .executeTakeFirstOrThrow();
  const structures = await db
    .selectFrom('structures')
    .selectAll()
    .where('collectivite_id', '=', collectivite.id)
    .orderBy('uai')
    .execute();
  const accounts = await db
    .selectFrom('accounts')
    .selectAll()
    .where('login', 'in', Object.values(DEMO_LOGINS))
    .execute();
  const byLogin = (login: string) => accounts.find((a) => a.login === login) ?? expect.fail(`no ${login}`);
  return {
    collectivite,
    structures,
    structureIds: structures.map((s) => s.id),
    eleve: byLogin(DEMO_LOGINS.eleve),
    parent: byLogin(DEMO_LOGINS.parent),
    enseignant: byLogin(DEMO_LOGINS.enseignant),
    personnel: byLogin(DEMO_LOGINS.personnel),
    adml: byLogin(DEMO_LOGINS.adml),
    admc: byLogin(DEMO_LOGINS.admc),
  };
}

/** Row counts of every table, restricted to the demo collectivité. */
async function demoRowCounts() {
  const { collectivite, structureIds } = await demo();
  const count = async (query: { executeTakeFirstOrThrow(): Promise<{ n: number | string | bigint }> }) =>
    Number((await query.executeTakeFirstOrThrow()).n);
  const n = sql<number>`count(*)`.as('n');
  const memberIds = db.selectFrom('structure_members').select('account_id').where('structure_id', 'in', structureIds);
  const classIds = db.selectFrom('classes').select('id').where('structure_id', 'in', structureIds);
  const groupIds = db.selectFrom('groups').select('id').where('structure_id', 'in', structureIds);
  return {
    collectivites: await count(db.selectFrom('collectivites').select(n).where('name', '=', DEMO_COLLECTIVITE_NAME)),
    structures: await count(db.selectFrom('structures').select(n).where('collectivite_id', '=', collectivite.id)),
    subjects: await count(db.selectFrom('subjects').select(n).where('code', 'in', DEMO_SUBJECTS.map((s) => s.code))),
    classes: await count(db.selectFrom('classes').select(n).where('structure_id', 'in', structureIds)),
    groups: await count(db.selectFrom('groups').select(n).where('structure_id', 'in', structureIds)),
    accounts: await count(
      db
        .selectFrom('accounts')
        .select(n)
        .where((eb) => eb.or([eb('id', 'in', memberIds), eb('login', 'in', Object.values(DEMO_LOGINS))])),
    ),
    structureMembers: await count(db.selectFrom('structure_members').select(n).where('structure_id', 'in', structureIds)),
    classMembers: await count(db.selectFrom('class_members').select(n).where('class_id', 'in', classIds)),
    groupMembers: await count(db.selectFrom('group_members').select(n).where('group_id', 'in', groupIds)),
    parentLinks: await count(db.selectFrom('parent_links').select(n).where('child_id', 'in', memberIds)),
    teachings: await count(
      db
        .selectFrom('teachings')
        .select(n)
        .where((eb) => eb.or([eb('class_id', 'in', classIds), eb('group_id', 'in', groupIds)])),
    ),
    classPrincipals: await count(db.selectFrom('class_principals').select(n).where('class_id', 'in', classIds)),
    adminRoles: await count(
      db
        .selectFrom('admin_roles')
        .select(n)
        .where((eb) => eb.or([eb('collectivite_id', '=', collectivite.id), eb('structure_id', 'in', structureIds)])),
    ),
  };
}

/** Every table, whole (only meaningful on a private database). */
async function allRowCounts() {
  const tables = [
    'collectivites', 'structures', 'subjects', 'classes', 'groups', 'accounts', 'structure_members', 'class_members',
    'group_members', 'parent_links', 'teachings', 'class_principals', 'admin_roles', 'sessions', 'auth_tokens', 'audit_log',
  ] as const;
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const row = await db.selectFrom(table).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

describe('seedDemo', () => {
  it('creates the demo once (or finds it already there on a shared database)', async () => {
    if (sharedDatabase) {
      expect(firstResult.created || (await demo()).structures.length === 2).toBe(true);
    } else {
      expect(firstResult).toEqual({ created: true, accounts: expect.any(Number) });
      expect(firstResult.accounts).toBeGreaterThan(600);
      const accounts = await db.selectFrom('accounts').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
      expect(Number(accounts.n)).toBe(firstResult.accounts);
      // Target: well under 5 s on PGlite (generous bound for slow CI machines).
      expect(firstSeedMs).toBeLessThan(15_000);
    }
  });

  it('creates a region with two lycées of valid UAIs', async () => {
    const { collectivite, structures } = await demo();
    expect(collectivite.kind).toBe('REGION');
    expect(structures.map((s) => s.uai).sort()).toEqual([...DEMO_UAIS].sort());
    for (const s of structures) {
      expect(isValidUai(s.uai)).toBe(true);
      expect(s.type).toBe('LYCEE');
    }
    expect(structures.map((s) => s.name).sort()).toEqual(['Lycée Jules-Verne', 'Lycée Simone-Veil']);
  });

  it('creates classes from seconde to terminale and teaching groups for the school year', async () => {
    const { structureIds } = await demo();
    const classes = await db.selectFrom('classes').selectAll().where('structure_id', 'in', structureIds).execute();
    expect(classes).toHaveLength(12);
    expect(new Set(classes.map((c) => c.school_year))).toEqual(new Set([YEAR]));
    expect(new Set(classes.map((c) => c.level))).toEqual(new Set(['2NDE', '1ERE', 'TLE']));
    expect(classes.map((c) => c.code)).toContain('2NDE1');
    const groups = await db.selectFrom('groups').selectAll().where('structure_id', 'in', structureIds).execute();
    expect(groups.length).toBeGreaterThan(4);
    expect(groups.map((g) => g.name)).toContain('Espagnol LV2 G1 (2nde)');
    const subject = await db.selectFrom('subjects').selectAll().where('code', '=', '061300').executeTakeFirstOrThrow();
    expect(subject.name).toBe('Mathématiques');
  });

  it('creates 250–350 students, each in exactly one class of his structure, with one or two parents', async () => {
    const { structureIds } = await demo();
    const students = await db
      .selectFrom('structure_members as sm')
      .select(['sm.account_id', 'sm.structure_id'])
      .where('sm.structure_id', 'in', structureIds)
      .where('sm.school_year', '=', YEAR)
      .where('sm.profile', '=', 'ELEVE')
      .execute();
    expect(students.length).toBeGreaterThanOrEqual(250);
    expect(students.length).toBeLessThanOrEqual(350);

    const memberships = await db
      .selectFrom('class_members as cm')
      .innerJoin('classes as c', 'c.id', 'cm.class_id')
      .select(['cm.account_id', 'c.structure_id'])
      .where('cm.account_id', 'in', students.map((s) => s.account_id))
      .execute();
    const classesOf = new Map<string, string[]>();
    for (const m of memberships) classesOf.set(m.account_id, [...(classesOf.get(m.account_id) ?? []), m.structure_id]);
    for (const s of students) expect(classesOf.get(s.account_id)).toEqual([s.structure_id]);

    const links = await db
      .selectFrom('parent_links')
      .select(['parent_id', 'child_id'])
      .where('child_id', 'in', students.map((s) => s.account_id))
      .execute();
    const parentsOf = new Map<string, number>();
    for (const l of links) parentsOf.set(l.child_id, (parentsOf.get(l.child_id) ?? 0) + 1);
    for (const s of students) expect([1, 2]).toContain(parentsOf.get(s.account_id));
    // Some siblings share their parents.
    const childrenPerParent = new Map<string, number>();
    for (const l of links) childrenPerParent.set(l.parent_id, (childrenPerParent.get(l.parent_id) ?? 0) + 1);
    expect([...childrenPerParent.values()].some((n) => n > 1)).toBe(true);

    // Every parent belongs to his children's structure.
    const parentMembers = await db
      .selectFrom('structure_members')
      .select(['account_id', 'structure_id', 'profile'])
      .where('account_id', 'in', [...childrenPerParent.keys()])
      .where('school_year', '=', YEAR)
      .execute();
    expect(new Set(parentMembers.map((m) => m.profile))).toEqual(new Set(['PARENT']));
    expect(new Set(parentMembers.map((m) => m.account_id)).size).toBe(childrenPerParent.size);
  });

  it('gives every class a teacher of each core subject and exactly one professeur principal', async () => {
    const { structureIds } = await demo();
    const teachings = await db
      .selectFrom('teachings as t')
      .innerJoin('classes as c', 'c.id', 't.class_id')
      .select(['c.id as classId', 'c.level', 't.subject_code', 't.teacher_id'])
      .where('c.structure_id', 'in', structureIds)
      .execute();
    const principals = await db
      .selectFrom('class_principals as p')
      .innerJoin('classes as c', 'c.id', 'p.class_id')
      .select(['p.class_id', 'p.teacher_id'])
      .where('c.structure_id', 'in', structureIds)
      .execute();
    const classIds = new Set(teachings.map((t) => t.classId));
    expect(classIds.size).toBe(12);
    for (const classId of classIds) {
      const rows = teachings.filter((t) => t.classId === classId);
      const subjects = new Set(rows.map((t) => t.subject_code));
      for (const code of ['043700', '030201', '100100']) expect(subjects).toContain(code);
      expect(subjects.has('020700') || subjects.has('010300')).toBe(true); // français, or philosophie in terminale
      const principal = principals.filter((p) => p.class_id === classId);
      expect(principal).toHaveLength(1);
      // In the demo, the professeur principal also teaches the class.
      expect(rows.map((t) => t.teacher_id)).toContain(principal[0]!.teacher_id);
    }
  });

  it('demo.technicien is the region’s support technician, in the team that covers its lycées', async () => {
    const d = await demo();
    const technicien = await db.selectFrom('accounts').selectAll().where('login', '=', DEMO_LOGINS.technicien).executeTakeFirstOrThrow();
    expect(technicien).toMatchObject({ profile: 'COLLECTIVITE', status: 'ACTIVE' });
    const roles = await db.selectFrom('admin_roles').selectAll().where('account_id', '=', technicien.id).execute();
    expect(roles).toEqual([{ account_id: technicien.id, role: 'TECHNICIAN', collectivite_id: d.collectivite.id, structure_id: null }]);
    const covered = await db
      .selectFrom('support_team_members as m')
      .innerJoin('support_team_structures as ts', 'ts.team_id', 'm.team_id')
      .select('ts.structure_id')
      .where('m.account_id', '=', technicien.id)
      .execute();
    expect(new Set(covered.map((r) => r.structure_id))).toEqual(new Set(d.structureIds));
  });

  it('creates the six activated demo accounts with their password, profiles, roles and links', async () => {
    const d = await demo();
    const [lycee1] = d.structures.filter((s) => s.name === 'Lycée Simone-Veil');
    expect(lycee1).toBeDefined();

    for (const account of [d.eleve, d.parent, d.enseignant, d.personnel, d.adml, d.admc]) {
      expect(account.status).toBe('ACTIVE');
      expect(account.activation_code).toBeNull();
      expect(account.activated_at).not.toBeNull();
      expect(account.charter_accepted_at).not.toBeNull();
    }
    expect(d.eleve.password_hash).toBe(d.admc.password_hash); // hashed once
    expect(await verifyPassword(d.eleve.password_hash ?? '', DEMO_PASSWORD)).toBe(true);

    expect(d.eleve).toMatchObject({ profile: 'ELEVE', first_name: 'Léa', last_name: 'Martin', search_key: 'martin lea' });
    expect(d.parent.profile).toBe('PARENT');
    expect(d.enseignant.profile).toBe('ENSEIGNANT');
    expect(d.personnel).toMatchObject({ profile: 'PERSONNEL', staff_function: 'EVS' });
    expect(d.adml).toMatchObject({ profile: 'PERSONNEL', staff_function: 'DIR' });
    expect(d.admc.profile).toBe('COLLECTIVITE');

    // demo.eleve is in 2NDE1 of the first lycée.
    const eleveClass = await db
      .selectFrom('class_members as cm')
      .innerJoin('classes as c', 'c.id', 'cm.class_id')
      .select(['c.id', 'c.code', 'c.structure_id'])
      .where('cm.account_id', '=', d.eleve.id)
      .executeTakeFirstOrThrow();
    expect(eleveClass).toMatchObject({ code: '2NDE1', structure_id: lycee1!.id });
    const classmates = await db
      .selectFrom('class_members as cm')
      .innerJoin('accounts as a', 'a.id', 'cm.account_id')
      .select(['a.first_name', 'a.last_name'])
      .where('cm.class_id', '=', eleveClass.id)
      .execute();
    expect(classmates.length).toBeGreaterThanOrEqual(20);
    expect(new Set(classmates.map((c) => c.last_name)).size).toBeGreaterThan(15);

    // demo.parent → demo.eleve, and a member of her structure.
    const children = await db.selectFrom('parent_links').select('child_id').where('parent_id', '=', d.parent.id).execute();
    expect(children.map((c) => c.child_id)).toContain(d.eleve.id);
    const parentStructures = await db.selectFrom('structure_members').select('structure_id').where('account_id', '=', d.parent.id).execute();
    expect(parentStructures.map((s) => s.structure_id)).toEqual([lycee1!.id]);

    // demo.enseignant teaches maths to demo.eleve's class and is its professeur principal.
    const teachings = await db.selectFrom('teachings').selectAll().where('teacher_id', '=', d.enseignant.id).where('class_id', '=', eleveClass.id).execute();
    expect(teachings).toEqual([expect.objectContaining({ subject_code: '061300' })]);
    const principalOf = await db.selectFrom('class_principals').select('class_id').where('teacher_id', '=', d.enseignant.id).execute();
    expect(principalOf).toEqual([{ class_id: eleveClass.id }]);

    // demo.personnel and demo.adml work in the first lycée; demo.adml administers it.
    for (const account of [d.personnel, d.adml, d.enseignant]) {
      const rows = await db.selectFrom('structure_members').select(['structure_id', 'school_year']).where('account_id', '=', account.id).execute();
      expect(rows).toEqual([{ structure_id: lycee1!.id, school_year: YEAR }]);
    }
    const admlRoles = await db.selectFrom('admin_roles').selectAll().where('account_id', '=', d.adml.id).execute();
    expect(admlRoles).toEqual([{ account_id: d.adml.id, role: 'ADML', structure_id: eleveClass.structure_id, collectivite_id: null }]);

    // demo.admc administers the collectivité, and is assigned to no structure.
    const admcRoles = await db.selectFrom('admin_roles').selectAll().where('account_id', '=', d.admc.id).execute();
    expect(admcRoles).toEqual([{ account_id: d.admc.id, role: 'ADMC', collectivite_id: d.collectivite.id, structure_id: null }]);
    const admcMembers = await db.selectFrom('structure_members').select('structure_id').where('account_id', '=', d.admc.id).execute();
    expect(admcMembers).toEqual([]);
  });

  it('gives each lycée one ADML, a DIR, and staff of every function', async () => {
    const { structureIds } = await demo();
    for (const structureId of structureIds) {
      const roles = await db
        .selectFrom('admin_roles as r')
        .innerJoin('accounts as a', 'a.id', 'r.account_id')
        .select(['a.profile', 'a.staff_function'])
        .where('r.structure_id', '=', structureId)
        .where('r.role', '=', 'ADML')
        .execute();
      expect(roles).toEqual([{ profile: 'PERSONNEL', staff_function: 'DIR' }]);
      const staff = await db
        .selectFrom('structure_members as sm')
        .innerJoin('accounts as a', 'a.id', 'sm.account_id')
        .select('a.staff_function')
        .where('sm.structure_id', '=', structureId)
        .where('sm.profile', '=', 'PERSONNEL')
        .execute();
      expect(new Set(staff.map((s) => s.staff_function))).toEqual(new Set(['DIR', 'EVS', 'ETA', 'PSY', 'DOC']));
      const teachers = await db
        .selectFrom('structure_members')
        .select(sql<number>`count(*)`.as('n'))
        .where('structure_id', '=', structureId)
        .where('profile', '=', 'ENSEIGNANT')
        .executeTakeFirstOrThrow();
      expect(Number(teachers.n)).toBeGreaterThanOrEqual(12);
    }
  });

  it('provisions the other accounts with an activation code and a prenom.nom login', async () => {
    const { structureIds } = await demo();
    const accounts = await db
      .selectFrom('accounts')
      .select(['login', 'first_name', 'last_name', 'status', 'activation_code', 'password_hash', 'search_key'])
      .where('id', 'in', db.selectFrom('structure_members').select('account_id').where('structure_id', 'in', structureIds))
      .where('login', 'not in', Object.values(DEMO_LOGINS))
      .execute();
    expect(accounts.length).toBeGreaterThan(600);
    for (const a of accounts) {
      expect(a.status).toBe('PROVISIONED');
      expect(a.activation_code).toMatch(/^[2-9A-Z]{8}$/);
      expect(a.password_hash).toBeNull();
      expect(a.login).toMatch(/^[a-z0-9-]+\.[a-z0-9-]+$/);
    }
    const logins = accounts.map((a) => a.login);
    expect(new Set(logins).size).toBe(logins.length);
    expect(logins.some((l) => /\d$/.test(l))).toBe(true); // homonyms got a number
  });

  it("gives demo.eleve a week of courses where no two of his class's or groups' courses overlap", async () => {
    const d = await demo();
    const courses = await db
      .selectFrom('courses')
      .select(['weekday', 'start_minute', 'end_minute', 'weeks'])
      .where('school_year', '=', YEAR)
      .where((eb) =>
        eb.or([
          eb('class_id', 'in', db.selectFrom('class_members').select('class_id').where('account_id', '=', d.eleve.id)),
          eb('group_id', 'in', db.selectFrom('group_members').select('group_id').where('account_id', '=', d.eleve.id)),
        ]),
      )
      .execute();
    expect(courses.length).toBeGreaterThanOrEqual(20);
    const clashes = courses.flatMap((a, i) =>
      courses
        .slice(i + 1)
        .filter((b) => a.weekday === b.weekday && a.start_minute < b.end_minute && b.start_minute < a.end_minute)
        .filter((b) => a.weeks === 'ALL' || b.weeks === 'ALL' || a.weeks === b.weeks)
        .map((b) => `${a.weekday} ${a.start_minute}/${b.start_minute}`),
    );
    expect(clashes).toEqual([]);
  });

  it('does nothing the second time', async () => {
    const scopedBefore = await demoRowCounts();
    const allBefore = sharedDatabase ? undefined : await allRowCounts();
    expect(await seedDemo(ctx.platform)).toEqual({ created: false, accounts: 0 });
    expect(await seedDemo(ctx.platform, { onlyIfEmpty: true })).toEqual({ created: false, accounts: 0 });
    expect(await demoRowCounts()).toEqual(scopedBefore);
    if (allBefore) expect(await allRowCounts()).toEqual(allBefore);
  });

  it('refuses to run in production', async () => {
    const production = { ...ctx.platform, config: { ...ctx.platform.config, nodeEnv: 'production' as const, isProduction: true } };
    await expect(seedDemo(production)).rejects.toThrow(/production/);
  });

  it('builds the same people every time', () => {
    const build = () =>
      buildDemoPlan({ schoolYear: YEAR, passwordHash: 'x', now: new Date(0) }).accounts.map((a) => [a.login, a.first_name, a.last_name, a.profile]);
    expect(build()).toEqual(build());
  });
});

// On a database of its own in both runs: it needs one without the other files' demo data.
describe('seedDemo on a database that already has accounts', () => {
  let other: TestContext;
  beforeAll(async () => {
    other = await createTestContext({}, { privateDatabase: true });
  });
  afterAll(async () => {
    await other?.close();
  });

  it('with onlyIfEmpty, leaves a database with accounts alone', async () => {
    const odb = other.platform.database.db;
    await createAccount(odb, { firstName: 'Lucas', lastName: 'Existing' });
    expect(await seedDemo(other.platform, { onlyIfEmpty: true })).toEqual({ created: false, accounts: 0 });
    const demoRegion = await odb.selectFrom('collectivites').select('id').where('name', '=', DEMO_COLLECTIVITE_NAME).executeTakeFirst();
    expect(demoRegion).toBeUndefined();
  });

  it('leaves nothing behind when it fails half-way', async () => {
    const odb = other.platform.database.db;
    const accountsBefore = await odb.selectFrom('accounts').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    await sql`CREATE FUNCTION fail_demo() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'boom'; END $$`.execute(odb);
    await sql`CREATE TRIGGER fail_demo BEFORE INSERT ON teachings FOR EACH STATEMENT EXECUTE FUNCTION fail_demo()`.execute(odb);
    try {
      await expect(seedDemo(other.platform)).rejects.toThrow(/boom/);
    } finally {
      await sql`DROP TRIGGER fail_demo ON teachings`.execute(odb);
      await sql`DROP FUNCTION fail_demo()`.execute(odb);
    }
    const accountsAfter = await odb.selectFrom('accounts').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    expect(accountsAfter.n).toEqual(accountsBefore.n);
    expect(await odb.selectFrom('collectivites').select('id').where('name', '=', DEMO_COLLECTIVITE_NAME).execute()).toEqual([]);
  });

  it('without onlyIfEmpty, seeds next to them and renumbers logins already taken', async () => {
    const odb = other.platform.database.db;
    const plan = buildDemoPlan({ schoolYear: YEAR, passwordHash: 'x', now: new Date(0) });
    const planned = new Set(plan.accounts.map((a) => a.login));
    const someone = plan.accounts.find(
      (a) => a.profile === 'ELEVE' && !a.login.startsWith('demo.') && !/\d$/.test(a.login) && !planned.has(`${a.login}2`),
    )!;
    await odb
      .insertInto('accounts')
      .values({ login: someone.login, first_name: 'Déjà', last_name: 'Là', search_key: 'la deja', profile: 'INVITE', staff_function: null })
      .execute();
    const result = await seedDemo(other.platform);
    expect(result.created).toBe(true);
    const holders = await odb.selectFrom('accounts').select('first_name').where('login', '=', someone.login).execute();
    expect(holders).toEqual([{ first_name: 'Déjà' }]);
    const renamed = await odb
      .selectFrom('accounts')
      .select('login')
      .where('first_name', '=', someone.first_name)
      .where('last_name', '=', someone.last_name)
      .where('profile', '=', someone.profile)
      .execute();
    expect(renamed.map((r) => r.login)).toContain(`${someone.login}2`);
  });
});
