import { randomUUID } from 'node:crypto';
import { type Insertable, type Kysely, sql } from 'kysely';
import { type Profile, type StaffFunction, uaiCheckLetter } from '@preau/contracts';
import { schoolYearOf } from '../../platform/config.ts';
import type {
  AccountsTable,
  AdminRolesTable,
  ClassesTable,
  ClassMembersTable,
  ClassPrincipalsTable,
  CollectivitesTable,
  Database,
  GroupMembersTable,
  GroupsTable,
  ParentLinksTable,
  StructureMembersTable,
  StructuresTable,
  SubjectsTable,
  TeachingsTable,
} from '../../platform/db/schema.ts';
import { hashPassword } from '../../platform/passwords.ts';
import type { Platform } from '../../platform/platform.ts';
import { normalizeForSearch, personSearchKey } from '../../platform/search-key.ts';
import { newActivationCode } from '../../platform/tokens.ts';
import { seedDemoTimetable } from '../timetable/seed-demo-timetable.ts';
import { seedDemoEvaluations } from '../evaluations/seed-demo-evaluations.ts';
import { seedDemoNewsAgenda } from './seed-demo-news-agenda.ts';
import { seedDemoPresences } from '../presences/seed-demo-presences.ts';
import { loginBaseOf } from '../admin/login-generator.ts';
import { insertTeam, replaceTeam } from '../support/support.repository.ts';
import {
  ADULT_FIRST_NAMES,
  CHILD_FIRST_NAMES,
  createRng,
  type Gender,
  type Origin,
  pickFirstName,
  pickLastName,
  pickOrigin,
  type Rng,
} from './demo-names.ts';

/**
 * The demo data set: one region, two lycées, about 300 students with their
 * parents, teachers and staff, and six accounts ready to log in with.
 *
 * Names come from a fixed-seed generator, so every run creates the same
 * people (only ids and activation codes differ). Everything is written in one
 * transaction with multi-row inserts: an interrupted seed leaves nothing.
 */

export const DEMO_COLLECTIVITE_NAME = 'Région Démo';
export const DEMO_PASSWORD = 'Preau-Demo-2026!';
export const DEMO_LOGINS = {
  eleve: 'demo.eleve',
  parent: 'demo.parent',
  enseignant: 'demo.enseignant',
  personnel: 'demo.personnel',
  adml: 'demo.adml',
  admc: 'demo.admc',
  /** A support technician of the region, in the team that covers its lycées (issue 18). */
  technicien: 'demo.technicien',
} as const;
type DemoKey = keyof typeof DEMO_LOGINS;

const SEED = 20_260_901;
const CHUNK = 500;

/** BCN N_MATIERE_ENSEIGNEE codes (STANDARDS.md §3). */
const S = {
  PHILO: '010300',
  FRANC: '020700',
  AGL1: '030201',
  ESP2: '030602',
  HIGE: '043700',
  EMC: '043800',
  SES: '050700',
  MATHS: '061300',
  PHCH: '062300',
  SVT: '062900',
  GSCI: '065300',
  NSI: '074700',
  EPS: '100100',
  AP: '006600',
} as const;
export const DEMO_SUBJECTS: Insertable<SubjectsTable>[] = [
  { code: S.PHILO, short_name: 'PHILO', name: 'Philosophie' },
  { code: S.FRANC, short_name: 'FRANC', name: 'Français' },
  { code: S.AGL1, short_name: 'AGL1', name: 'Anglais LV1' },
  { code: S.ESP2, short_name: 'ESP2', name: 'Espagnol LV2' },
  { code: S.HIGE, short_name: 'HI-GE', name: 'Histoire-géographie' },
  { code: S.EMC, short_name: 'EMC', name: 'Enseignement moral et civique' },
  { code: S.SES, short_name: 'SES', name: 'Sciences économiques et sociales' },
  { code: S.MATHS, short_name: 'MATHS', name: 'Mathématiques' },
  { code: S.PHCH, short_name: 'PH-CH', name: 'Physique-chimie' },
  { code: S.SVT, short_name: 'SVT', name: 'Sciences de la vie et de la Terre' },
  { code: S.GSCI, short_name: 'G-SCI', name: 'Enseignement scientifique' },
  { code: S.NSI, short_name: 'NSINF', name: 'Numérique et sciences informatiques' },
  { code: S.EPS, short_name: 'EPS', name: 'Éducation physique et sportive' },
  { code: S.AP, short_name: 'ACCPE', name: 'Accompagnement personnalisé' },
];

/** Fictitious UAIs (département + 999x) with their real check letters. */
const LYCEES = [
  { digits: '0359990', name: 'Lycée Simone-Veil', city: 'Rennes' },
  { digits: '0449990', name: 'Lycée Jules-Verne', city: 'Nantes' },
] as const;
export const DEMO_UAIS = LYCEES.map((l) => l.digits + uaiCheckLetter(l.digits));

type Level = '2NDE' | '1ERE' | 'TLE';
const LEVELS: ReadonlyArray<{ level: Level; prefix: string; label: string }> = [
  { level: '2NDE', prefix: '2NDE', label: '2nde' },
  { level: '1ERE', prefix: '1G', label: '1re' },
  { level: 'TLE', prefix: 'TG', label: 'Tle' },
];
const CLASSES: ReadonlyArray<{ code: string; name: string; level: Level }> = [
  { code: '2NDE1', name: 'Seconde 1', level: '2NDE' },
  { code: '2NDE2', name: 'Seconde 2', level: '2NDE' },
  { code: '1G1', name: 'Première générale 1', level: '1ERE' },
  { code: '1G2', name: 'Première générale 2', level: '1ERE' },
  { code: 'TG1', name: 'Terminale générale 1', level: 'TLE' },
  { code: 'TG2', name: 'Terminale générale 2', level: 'TLE' },
];
const SPECIALITES = [
  { key: 'MATHS', subject: S.MATHS, label: 'mathématiques' },
  { key: 'PC', subject: S.PHCH, label: 'physique-chimie' },
  { key: 'SVT', subject: S.SVT, label: 'sciences de la vie et de la Terre' },
  { key: 'SES', subject: S.SES, label: 'sciences économiques et sociales' },
  { key: 'NSI', subject: S.NSI, label: 'numérique et sciences informatiques' },
] as const;

/** Teaching groups of a lycée: Spanish LV2 halves per level, AP in seconde, spécialités in 1re and Tle. */
const GROUPS: ReadonlyArray<{ code: string; name: string; level: Level }> = LEVELS.flatMap(({ level, prefix, label }) => [
  { code: `${prefix}-ESP2-G1`, name: `Espagnol LV2 G1 (${label})`, level },
  { code: `${prefix}-ESP2-G2`, name: `Espagnol LV2 G2 (${label})`, level },
  ...(level === '2NDE'
    ? [
        { code: '2NDE-AP-G1', name: 'Accompagnement personnalisé G1 (2nde)', level },
        { code: '2NDE-AP-G2', name: 'Accompagnement personnalisé G2 (2nde)', level },
      ]
    : SPECIALITES.map((s) => ({ code: `${prefix}-SPE-${s.key}`, name: `Spécialité ${s.label} (${label})`, level }))),
]);

/**
 * The teaching team of each lycée: who teaches what to which class or group,
 * and the class each one is professeur principal of.
 */
interface TeacherSpec {
  classes: ReadonlyArray<readonly [string, readonly string[]]>;
  groups?: ReadonlyArray<readonly [string, string]>;
  principalOf?: string;
}
const TEAM: readonly TeacherSpec[] = [
  // Mathématiques (demo.enseignant in the first lycée).
  { classes: [['2NDE1', [S.MATHS]], ['2NDE2', [S.MATHS]]], groups: [['1G-SPE-MATHS', S.MATHS], ['2NDE-AP-G2', S.AP]], principalOf: '2NDE1' },
  { classes: [['TG1', [S.GSCI]]], groups: [['TG-SPE-MATHS', S.MATHS]] },
  // Lettres, philosophie.
  { classes: [['2NDE2', [S.FRANC]], ['2NDE1', [S.FRANC]]], groups: [['2NDE-AP-G1', S.AP]], principalOf: '2NDE2' },
  { classes: [['1G2', [S.FRANC]], ['1G1', [S.FRANC]]], principalOf: '1G2' },
  { classes: [['TG1', [S.PHILO]], ['TG2', [S.PHILO]]], principalOf: 'TG1' },
  // Histoire-géographie and EMC.
  { classes: [['1G1', [S.HIGE, S.EMC]], ['2NDE1', [S.HIGE, S.EMC]], ['2NDE2', [S.HIGE, S.EMC]]], principalOf: '1G1' },
  { classes: [['TG2', [S.HIGE, S.EMC]], ['1G2', [S.HIGE, S.EMC]], ['TG1', [S.HIGE, S.EMC]]], principalOf: 'TG2' },
  // Langues.
  { classes: [['2NDE1', [S.AGL1]], ['2NDE2', [S.AGL1]], ['1G1', [S.AGL1]]] },
  { classes: [['1G2', [S.AGL1]], ['TG1', [S.AGL1]], ['TG2', [S.AGL1]]] },
  { classes: [], groups: GROUPS.filter((g) => g.code.includes('-ESP2-')).map((g) => [g.code, S.ESP2] as const) },
  // Sciences.
  { classes: [['2NDE1', [S.PHCH]], ['2NDE2', [S.PHCH]], ['1G1', [S.GSCI]], ['1G2', [S.GSCI]]], groups: [['1G-SPE-PC', S.PHCH], ['TG-SPE-PC', S.PHCH]] },
  { classes: [['2NDE1', [S.SVT]], ['2NDE2', [S.SVT]], ['TG2', [S.GSCI]]], groups: [['1G-SPE-SVT', S.SVT], ['TG-SPE-SVT', S.SVT]] },
  { classes: [['2NDE1', [S.SES]], ['2NDE2', [S.SES]]], groups: [['1G-SPE-SES', S.SES], ['TG-SPE-SES', S.SES]] },
  { classes: [], groups: [['1G-SPE-NSI', S.NSI], ['TG-SPE-NSI', S.NSI]] },
  // EPS.
  { classes: CLASSES.map((c) => [c.code, [S.EPS]] as const) },
];

/** The staff of each lycée; the first DIR is the proviseur and the structure's ADML. */
const STAFF: ReadonlyArray<{ fn: StaffFunction; adml?: boolean; demo?: DemoKey }> = [
  { fn: 'DIR', adml: true, demo: 'adml' },
  { fn: 'DIR' },
  { fn: 'EVS', demo: 'personnel' },
  { fn: 'EVS' },
  { fn: 'EVS' },
  { fn: 'ETA' },
  // The psychologue de l'Éducation nationale, who follows every class's orientation projects.
  { fn: 'PSY' },
  { fn: 'DOC' },
];

/** The people behind the six ready-to-use accounts. */
const DEMO_PEOPLE: Record<DemoKey, { first: string; last: string }> = {
  eleve: { first: 'Léa', last: 'Martin' },
  parent: { first: 'Sophie', last: 'Martin' },
  enseignant: { first: 'Nicolas', last: 'Le Gall' },
  personnel: { first: 'Nadia', last: 'Benali' },
  adml: { first: 'Hélène', last: 'Rousseau' },
  admc: { first: 'Marc', last: 'Lefèvre' },
  technicien: { first: 'Yanis', last: 'Moreau' },
};

export interface DemoPlan {
  collectivite: Insertable<CollectivitesTable> & { id: string };
  structures: Array<Insertable<StructuresTable> & { id: string }>;
  classes: Array<Insertable<ClassesTable> & { id: string }>;
  groups: Array<Insertable<GroupsTable> & { id: string }>;
  accounts: Array<Insertable<AccountsTable> & { id: string; login: string }>;
  /** The `prenom.nom` base of each generated login (absent for the fixed demo logins). */
  loginBases: Map<string, string>;
  structureMembers: Insertable<StructureMembersTable>[];
  classMembers: Insertable<ClassMembersTable>[];
  groupMembers: Insertable<GroupMembersTable>[];
  parentLinks: Insertable<ParentLinksTable>[];
  teachings: Insertable<TeachingsTable>[];
  classPrincipals: Insertable<ClassPrincipalsTable>[];
  adminRoles: Insertable<AdminRolesTable>[];
}

/**
 * Builds every row of the demo in memory. Deterministic except for ids and
 * activation codes, which must stay random.
 */
export function buildDemoPlan(input: { schoolYear: number; passwordHash: string; now: Date }): DemoPlan {
  const { schoolYear, passwordHash, now } = input;
  const rng = createRng(SEED);
  const plan: DemoPlan = {
    collectivite: { id: randomUUID(), name: DEMO_COLLECTIVITE_NAME, kind: 'REGION' },
    structures: [],
    classes: [],
    groups: [],
    accounts: [],
    loginBases: new Map(),
    structureMembers: [],
    classMembers: [],
    groupMembers: [],
    parentLinks: [],
    teachings: [],
    classPrincipals: [],
    adminRoles: [],
  };

  const takenLogins = new Set<string>(Object.values(DEMO_LOGINS));
  // Students get names unique in the demo, and nobody is named like a demo
  // account, so the annuaire shows no confusing twins; adults may be
  // homonyms, as in real life (their logins then take a number).
  const reservedNames = Object.values(DEMO_PEOPLE).map((p) => `${p.first}|${p.last}`);
  const studentNames = new Set<string>([...reservedNames, 'Hugo|Martin']);
  const adultNames = new Set<string>([...reservedNames, 'Julien|Martin']);

  const addAccount = (first: string, last: string, profile: Profile, options: { fn?: StaffFunction; demo?: DemoKey } = {}) => {
    const id = randomUUID();
    let login: string;
    if (options.demo) {
      login = DEMO_LOGINS[options.demo];
    } else {
      const base = loginBaseOf(first, last);
      login = base;
      for (let n = 2; takenLogins.has(login); n++) login = `${base}${n}`;
      takenLogins.add(login);
      plan.loginBases.set(id, base);
    }
    const demo = Boolean(options.demo);
    plan.accounts.push({
      id,
      login,
      first_name: first,
      last_name: last,
      search_key: personSearchKey(first, last),
      profile,
      staff_function: options.fn ?? null,
      status: demo ? 'ACTIVE' : 'PROVISIONED',
      email: null,
      password_hash: demo ? passwordHash : null,
      activation_code: demo ? null : newActivationCode(),
      charter_accepted_at: demo ? now : null,
      activated_at: demo ? now : null,
    });
    return id;
  };

  /** A first name whose full name is not in `used`. */
  const freshFirstName = (pools: typeof CHILD_FIRST_NAMES, gender: Gender, origin: Origin, last: string) => {
    const used = pools === CHILD_FIRST_NAMES ? studentNames : adultNames;
    let first = pickFirstName(rng, pools, gender, origin);
    for (let tries = 0; used.has(`${first}|${last}`) && tries < 20; tries++) first = pickFirstName(rng, pools, gender, origin);
    if (pools === CHILD_FIRST_NAMES) studentNames.add(`${first}|${last}`);
    return first;
  };
  /** A teacher or staff member, with a first and a last name no colleague of the lycée has. */
  const colleague = (profile: Profile, team: { firsts: Set<string>; lasts: Set<string> }, fn?: StaffFunction) => {
    let origin = pickOrigin(rng);
    let last = pickLastName(rng, origin);
    for (let tries = 0; team.lasts.has(last) && tries < 20; tries++) {
      origin = pickOrigin(rng);
      last = pickLastName(rng, origin);
    }
    const gender: Gender = rng.chance(0.55) ? 'F' : 'M';
    let first = freshFirstName(ADULT_FIRST_NAMES, gender, origin, last);
    for (let tries = 0; team.firsts.has(first) && tries < 20; tries++) first = freshFirstName(ADULT_FIRST_NAMES, gender, origin, last);
    team.firsts.add(first);
    team.lasts.add(last);
    return addAccount(first, last, profile, fn ? { fn } : {});
  };
  const member = (structureId: string, accountId: string, profile: Profile) =>
    plan.structureMembers.push({ structure_id: structureId, school_year: schoolYear, account_id: accountId, profile });

  // The region and its ADMC. The ADMC belongs to no structure: a regional
  // agent is not assigned to a school, and the ADMC role already grants the
  // administration and annuaire of every structure of the collectivité.
  const admc = addAccount(DEMO_PEOPLE.admc.first, DEMO_PEOPLE.admc.last, 'COLLECTIVITE', { demo: 'admc' });
  plan.adminRoles.push({ account_id: admc, role: 'ADMC', collectivite_id: plan.collectivite.id, structure_id: null });
  // The region's support technician: a regional agent too, in no structure.
  const technicien = addAccount(DEMO_PEOPLE.technicien.first, DEMO_PEOPLE.technicien.last, 'COLLECTIVITE', { demo: 'technicien' });
  plan.adminRoles.push({ account_id: technicien, role: 'TECHNICIAN', collectivite_id: plan.collectivite.id, structure_id: null });

  LYCEES.forEach((lycee, lyceeIndex) => {
    const first = lyceeIndex === 0;
    const structureId = randomUUID();
    plan.structures.push({
      id: structureId,
      collectivite_id: plan.collectivite.id,
      uai: lycee.digits + uaiCheckLetter(lycee.digits),
      name: lycee.name,
      type: 'LYCEE',
      city: lycee.city,
      external_id: null,
    });

    const classIds = new Map<string, string>();
    for (const c of CLASSES) {
      const id = randomUUID();
      classIds.set(c.code, id);
      plan.classes.push({
        id,
        structure_id: structureId,
        school_year: schoolYear,
        code: c.code,
        name: c.name,
        level: c.level,
        search_key: normalizeForSearch(`${c.name} ${c.code}`),
      });
    }
    const groupIds = new Map<string, string>();
    for (const g of GROUPS) {
      const id = randomUUID();
      groupIds.set(g.code, id);
      plan.groups.push({
        id,
        structure_id: structureId,
        school_year: schoolYear,
        code: g.code,
        name: g.name,
        kind: 'TEACHING',
        search_key: normalizeForSearch(`${g.name} ${g.code}`),
      });
    }
    const classId = (code: string) => classIds.get(code) ?? fail(`unknown class ${code}`);
    const groupId = (code: string) => groupIds.get(code) ?? fail(`unknown group ${code}`);

    // Staff. The demo people of the first lycée are part of its team.
    const demoColleagues = first ? [DEMO_PEOPLE.adml, DEMO_PEOPLE.personnel, DEMO_PEOPLE.enseignant] : [];
    const team = { firsts: new Set(demoColleagues.map((p) => p.first)), lasts: new Set(demoColleagues.map((p) => p.last)) };
    for (const staff of STAFF) {
      const demo = first ? staff.demo : undefined;
      const id = demo
        ? addAccount(DEMO_PEOPLE[demo].first, DEMO_PEOPLE[demo].last, 'PERSONNEL', { fn: staff.fn, demo })
        : colleague('PERSONNEL', team, staff.fn);
      member(structureId, id, 'PERSONNEL');
      if (staff.adml) plan.adminRoles.push({ account_id: id, role: 'ADML', collectivite_id: null, structure_id: structureId });
    }

    // Teachers.
    TEAM.forEach((spec, teacherIndex) => {
      const demo = first && teacherIndex === 0;
      const id = demo
        ? addAccount(DEMO_PEOPLE.enseignant.first, DEMO_PEOPLE.enseignant.last, 'ENSEIGNANT', { demo: 'enseignant' })
        : colleague('ENSEIGNANT', team);
      member(structureId, id, 'ENSEIGNANT');
      for (const [code, subjects] of spec.classes) {
        for (const subject of subjects) plan.teachings.push({ teacher_id: id, class_id: classId(code), group_id: null, subject_code: subject });
      }
      for (const [code, subject] of spec.groups ?? []) {
        plan.teachings.push({ teacher_id: id, class_id: null, group_id: groupId(code), subject_code: subject });
      }
      if (spec.principalOf) plan.classPrincipals.push({ class_id: classId(spec.principalOf), teacher_id: id });
    });

    // Students: 23 to 27 per class, gathered into families (a few siblings).
    interface Slot { classCode: string; level: Level }
    const slots: Slot[] = [];
    for (const c of CLASSES) {
      const size = 23 + rng.int(5);
      for (let i = 0; i < size; i++) slots.push({ classCode: c.code, level: c.level });
    }
    const addStudent = (slot: Slot, firstName: string, lastName: string, demo?: DemoKey, fixedGroups?: string[]) => {
      const id = addAccount(firstName, lastName, 'ELEVE', demo ? { demo } : {});
      member(structureId, id, 'ELEVE');
      plan.classMembers.push({ class_id: classId(slot.classCode), account_id: id });
      const prefix = LEVELS.find((l) => l.level === slot.level)?.prefix ?? fail('level');
      const groups =
        fixedGroups ??
        [
          `${prefix}-ESP2-G${1 + rng.int(2)}`,
          ...(slot.level === '2NDE'
            ? [`2NDE-AP-G${1 + rng.int(2)}`]
            : rng
                .shuffle(SPECIALITES)
                .slice(0, slot.level === '1ERE' ? 3 : 2)
                .map((s) => `${prefix}-SPE-${s.key}`)),
        ];
      for (const g of groups) plan.groupMembers.push({ group_id: groupId(g), account_id: id });
      return id;
    };
    const addParent = (firstName: string, lastName: string, children: string[], demo?: DemoKey) => {
      const id = addAccount(firstName, lastName, 'PARENT', demo ? { demo } : {});
      member(structureId, id, 'PARENT');
      for (const child of children) plan.parentLinks.push({ parent_id: id, child_id: child });
      return id;
    };

    if (first) {
      // The demo family: Léa in 2NDE1, her brother Hugo in TG1, and their parents.
      const take = (code: string) => {
        const index = slots.findIndex((s) => s.classCode === code);
        return slots.splice(index, 1)[0] ?? fail(`no slot in ${code}`);
      };
      const lea = addStudent(take('2NDE1'), DEMO_PEOPLE.eleve.first, DEMO_PEOPLE.eleve.last, 'eleve', ['2NDE-ESP2-G1', '2NDE-AP-G1']);
      const hugo = addStudent(take('TG1'), 'Hugo', 'Martin');
      addParent(DEMO_PEOPLE.parent.first, DEMO_PEOPLE.parent.last, [lea, hugo], 'parent');
      addParent('Julien', 'Martin', [lea, hugo]);
    }

    const remaining = rng.shuffle(slots);
    while (remaining.length > 0) {
      const slot = remaining.shift() ?? fail('slot');
      const family = [slot];
      if (rng.chance(0.12)) {
        const siblingIndex = remaining.findIndex((s) => s.level !== slot.level);
        if (siblingIndex >= 0) family.push(...remaining.splice(siblingIndex, 1));
      }
      const origin = pickOrigin(rng);
      const lastName = pickLastName(rng, origin);
      const children = family.map((s) =>
        addStudent(s, freshFirstName(CHILD_FIRST_NAMES, rng.chance(0.5) ? 'F' : 'M', origin, lastName), lastName),
      );
      const firstGender: Gender = rng.chance(0.6) ? 'F' : 'M';
      addParent(freshFirstName(ADULT_FIRST_NAMES, firstGender, origin, lastName), lastName, children);
      if (rng.chance(0.72)) {
        const gender: Gender = rng.chance(0.95) ? (firstGender === 'F' ? 'M' : 'F') : firstGender;
        const otherOrigin = rng.chance(0.75) ? origin : pickOrigin(rng);
        const otherLast = rng.chance(0.65) ? lastName : pickLastName(rng, otherOrigin);
        addParent(freshFirstName(ADULT_FIRST_NAMES, gender, otherOrigin, otherLast), otherLast, children);
      }
    }
  });

  return plan;
}

function fail(message: string): never {
  throw new Error(`demo seed: ${message}`);
}

export class DemoSeedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoSeedError';
  }
}

/**
 * Creates the demo collectivité, once. Returns created:false when it is
 * already there (or, with onlyIfEmpty, when the database has any account).
 * Refuses to run in production.
 */
export async function seedDemo(
  platform: Platform,
  options: { onlyIfEmpty?: boolean } = {},
): Promise<{ created: boolean; accounts: number }> {
  if (platform.config.isProduction) {
    throw new DemoSeedError('The demo seed never runs with NODE_ENV=production.');
  }
  const db = platform.database.db;
  const nothing = { created: false, accounts: 0 };
  // A cheap look first, so a restart does not pay for a password hash.
  if (await alreadySeeded(db, options)) return nothing;

  const now = new Date(platform.now());
  const plan = buildDemoPlan({
    schoolYear: schoolYearOf(now, platform.config),
    passwordHash: await hashPassword(DEMO_PASSWORD),
    now,
  });

  const result = await db.transaction().execute(async (trx) => {
    // Two servers starting on one empty PostgreSQL must not both seed.
    await sql`SELECT pg_advisory_xact_lock(hashtext('preau.seed-demo'))`.execute(trx);
    if (await alreadySeeded(trx, options)) return nothing;
    await checkNoConflicts(trx, plan);
    await avoidExistingLogins(trx, plan);

    await trx.insertInto('collectivites').values(plan.collectivite).execute();
    await insertAll(trx, 'structures', plan.structures);
    await trx
      .insertInto('subjects')
      .values(DEMO_SUBJECTS)
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    await insertAll(trx, 'classes', plan.classes);
    await insertAll(trx, 'groups', plan.groups);
    await insertAll(trx, 'accounts', plan.accounts);
    await insertAll(trx, 'structure_members', plan.structureMembers);
    await insertAll(trx, 'class_members', plan.classMembers);
    await insertAll(trx, 'group_members', plan.groupMembers);
    await insertAll(trx, 'parent_links', plan.parentLinks);
    await insertAll(trx, 'teachings', plan.teachings);
    await insertAll(trx, 'class_principals', plan.classPrincipals);
    await insertAll(trx, 'admin_roles', plan.adminRoles);
    // Support: one team covers the demo's lycées, demo.technicien in it.
    const team = await insertTeam(trx, plan.collectivite.id, 'Support des lycées');
    const technicianIds = plan.accounts.filter((a) => a.login === DEMO_LOGINS.technicien).map((a) => a.id);
    await replaceTeam(trx, plan.collectivite.id, team.id, { name: 'Support des lycées', structureIds: plan.structures.map((s) => s.id), technicianIds });
    return { created: true, accounts: plan.accounts.length };
  });
  if (result.created) {
    await seedDemoTimetable(platform);
    await seedDemoEvaluations(platform);
    await seedDemoNewsAgenda(platform);
    await seedDemoPresences(platform);
  }
  return result;
}

async function alreadySeeded(db: Kysely<Database>, options: { onlyIfEmpty?: boolean }): Promise<boolean> {
  if (options.onlyIfEmpty) {
    const anyAccount = await db.selectFrom('accounts').select('id').limit(1).executeTakeFirst();
    if (anyAccount) return true;
  }
  const demo = await db.selectFrom('collectivites').select('id').where('name', '=', DEMO_COLLECTIVITE_NAME).limit(1).executeTakeFirst();
  return Boolean(demo);
}

/** The fixed demo logins and UAIs must be free; say so clearly rather than fail on a constraint. */
async function checkNoConflicts(db: Kysely<Database>, plan: DemoPlan): Promise<void> {
  const logins = await db.selectFrom('accounts').select('login').where('login', 'in', Object.values(DEMO_LOGINS)).execute();
  if (logins.length > 0) {
    throw new DemoSeedError(`Cannot seed the demo: the login(s) ${logins.map((r) => r.login).join(', ')} already exist.`);
  }
  const uais = await db.selectFrom('structures').select('uai').where('uai', 'in', plan.structures.map((s) => s.uai)).execute();
  if (uais.length > 0) {
    throw new DemoSeedError(`Cannot seed the demo: the UAI(s) ${uais.map((r) => r.uai).join(', ')} already exist.`);
  }
}

/** Renumbers generated logins that an existing account already holds (lucas.martin → lucas.martin4). */
async function avoidExistingLogins(db: Kysely<Database>, plan: DemoPlan): Promise<void> {
  const taken = new Set(plan.accounts.map((a) => a.login));
  let toCheck = plan.accounts.filter((a) => plan.loginBases.has(a.id));
  while (toCheck.length > 0) {
    const existing = new Set<string>();
    for (let i = 0; i < toCheck.length; i += CHUNK) {
      const rows = await db
        .selectFrom('accounts')
        .select('login')
        .where('login', 'in', toCheck.slice(i, i + CHUNK).map((a) => a.login))
        .execute();
      for (const row of rows) existing.add(row.login);
    }
    const clashing = toCheck.filter((a) => existing.has(a.login));
    for (const login of existing) taken.add(login);
    for (const account of clashing) {
      const base = plan.loginBases.get(account.id) ?? fail('login base');
      let n = 2;
      while (taken.has(`${base}${n}`)) n++;
      account.login = `${base}${n}`;
      taken.add(account.login);
    }
    toCheck = clashing;
  }
}

async function insertAll<T extends keyof Database & string>(
  db: Kysely<Database>,
  table: T,
  rows: ReadonlyArray<Insertable<Database[T]>>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + CHUNK) as never)
      .execute();
  }
}
