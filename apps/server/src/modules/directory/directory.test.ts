import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../platform/db/database.ts';
import {
  addTeaching,
  createAccount,
  createClass,
  createCollectivite,
  createGroup,
  createStructure,
  ensureSubject,
  grantAdmin,
  linkParent,
  uniqueSuffix,
} from '../../../test/factories.ts';
import { type AuthHeaders, loginAs, sessionsOn } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx?.close();
});

/** A session per login, opened once through the real login route. */
const as = sessionsOn(() => ctx.app);

async function get(url: string, auth?: AuthHeaders) {
  return ctx.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: auth ? { ...auth } : {} });
}

interface PeoplePage {
  items: { id: string; displayName: string; profile: string; structures: string[]; classes: string[]; subjects: string[] }[];
  nextCursor: string | null;
}

async function people(auth: AuthHeaders, q: string, extra = ''): Promise<PeoplePage> {
  const response = await get(`/directory/people?q=${encodeURIComponent(q)}&limit=100${extra}`, auth);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as PeoplePage;
}

/**
 * Two structures of one collectivité and one of another, with every kind of
 * account; every last name starts with the world's tag, so a search for the
 * tag lists exactly what a viewer may see.
 */
async function buildWorld(db: DB) {
  const tag = `Zw${uniqueSuffix()}`;
  const coll = await createCollectivite(db);
  const s1 = await createStructure(db, { collectiviteId: coll.id, name: `Lycée ${tag} Un` });
  const s2 = await createStructure(db, { collectiviteId: coll.id, name: `Lycée ${tag} Deux` });
  const s3 = await createStructure(db);
  const classA = await createClass(db, s1.id, { code: `A-${tag}`, name: `${tag} Seconde A` });
  const classB = await createClass(db, s1.id, { code: `B-${tag}`, name: `${tag} Seconde B` });
  const oldClass = await createClass(db, s1.id, { code: `O-${tag}`, name: `${tag} Ancienne`, year: 2025 });
  const group = await createGroup(db, s1.id, { code: `G-${tag}`, name: `${tag} Groupe Latin` });
  const classS2 = await createClass(db, s2.id, { code: `C-${tag}`, name: `${tag} Seconde S2` });
  // Codes of this world only: the subjects table is shared by every test file on PostgreSQL.
  const latin = await ensureSubject(db, `L-${tag}`, 'LATIN', 'Latin');
  const maths = await ensureSubject(db, `M-${tag}`, 'MATHS', 'Mathématiques');

  const person = (name: string, options: Parameters<typeof createAccount>[1]) =>
    createAccount(db, { firstName: 'Léa', lastName: `${tag}-${name}`, ...options });
  const one = [s1.id];
  const w = {
    studentA1: await person('studentA1', { profile: 'ELEVE', structureIds: one, classId: classA.id, groupIds: [group.id] }),
    studentA2: await person('studentA2', { profile: 'ELEVE', structureIds: one, classId: classA.id }),
    studentB1: await person('studentB1', { profile: 'ELEVE', structureIds: one, classId: classB.id, groupIds: [group.id] }),
    parentA1: await person('parentA1', { profile: 'PARENT', structureIds: one }),
    parentB1: await person('parentB1', { profile: 'PARENT', structureIds: one }),
    teacherA: await person('teacherA', { profile: 'ENSEIGNANT', structureIds: one }),
    teacherG: await person('teacherG', { profile: 'ENSEIGNANT', structureIds: one }),
    teacherB: await person('teacherB', { profile: 'ENSEIGNANT', structureIds: one }),
    // Professeur principal of class A, where he teaches nothing.
    teacherP: await person('teacherP', { profile: 'ENSEIGNANT', structureIds: one }),
    staff1: await person('staff1', { profile: 'PERSONNEL', staffFunction: 'EVS', structureIds: one }),
    adml1: await person('adml1', { profile: 'PERSONNEL', staffFunction: 'DIR', structureIds: one }),
    coll1: await person('coll1', { profile: 'COLLECTIVITE', structureIds: one }),
    invite1: await person('invite1', { profile: 'INVITE', structureIds: one }),
    blockedA: await person('blockedA', { profile: 'ELEVE', structureIds: one, classId: classA.id }),
    deletedA: await person('deletedA', { profile: 'ELEVE', structureIds: one, classId: classA.id }),
    formerA: await person('formerA', { profile: 'ELEVE' }),
    studentS2: await person('studentS2', { profile: 'ELEVE', structureIds: [s2.id], classId: classS2.id }),
    teacherS2: await person('teacherS2', { profile: 'ENSEIGNANT', structureIds: [s2.id] }),
    admlS2: await person('admlS2', { profile: 'PERSONNEL', staffFunction: 'DIR', structureIds: [s2.id] }),
    admc: await person('admc', { profile: 'COLLECTIVITE' }),
    studentS3: await person('studentS3', { profile: 'ELEVE', structureIds: [s3.id] }),
    staffS3: await person('staffS3', { profile: 'PERSONNEL', structureIds: [s3.id] }),
  };
  await linkParent(db, w.parentA1.id, w.studentA1.id);
  await linkParent(db, w.parentB1.id, w.studentB1.id);
  await addTeaching(db, w.teacherA.id, { classId: classA.id }, maths);
  await addTeaching(db, w.teacherG.id, { groupId: group.id }, latin);
  await addTeaching(db, w.teacherB.id, { classId: classB.id }, maths);
  await db.insertInto('class_principals').values({ class_id: classA.id, teacher_id: w.teacherP.id }).execute();
  await grantAdmin(db, w.adml1.id, { adml: s1.id });
  await grantAdmin(db, w.admlS2.id, { adml: s2.id });
  await grantAdmin(db, w.admc.id, { admc: coll.id });
  await db.updateTable('accounts').set({ status: 'BLOCKED', blocked_at: new Date() }).where('id', '=', w.blockedA.id).execute();
  await db.updateTable('accounts').set({ deleted_at: new Date() }).where('id', '=', w.deletedA.id).execute();
  // Last year's student of class A: history, not this year's annuaire.
  await db.insertInto('structure_members').values({ structure_id: s1.id, school_year: 2025, account_id: w.formerA.id, profile: 'ELEVE' }).execute();
  await db.insertInto('class_members').values({ class_id: oldClass.id, account_id: w.formerA.id }).execute();
  return { tag, s1, s2, s3, classA, classB, oldClass, group, classS2, ...w };
}

type World = Awaited<ReturnType<typeof buildWorld>>;
type Person = Exclude<keyof World, 'tag' | 's1' | 's2' | 's3' | 'classA' | 'classB' | 'oldClass' | 'group' | 'classS2'>;

let world: World;
beforeAll(async () => {
  world = await buildWorld(ctx.platform.database.db);
});

const wholeS1: Person[] = [
  'studentA1', 'studentA2', 'studentB1', 'parentA1', 'parentB1', 'teacherA', 'teacherG', 'teacherB', 'teacherP',
  'staff1', 'adml1', 'coll1', 'invite1',
];

/** Who each viewer finds; everybody else of the world must stay invisible. */
const visibility: [viewer: Person, sees: Person[]][] = [
  ['studentA1', ['studentA1', 'studentA2', 'teacherA', 'teacherG', 'teacherP', 'staff1', 'adml1', 'parentA1']],
  ['studentA2', ['studentA2', 'studentA1', 'teacherA', 'teacherP', 'staff1', 'adml1']],
  ['studentB1', ['studentB1', 'teacherB', 'teacherG', 'staff1', 'adml1', 'parentB1']],
  ['parentA1', ['parentA1', 'studentA1', 'teacherA', 'teacherG', 'teacherB', 'teacherP', 'staff1', 'adml1']],
  ['parentB1', ['parentB1', 'studentB1', 'teacherA', 'teacherG', 'teacherB', 'teacherP', 'staff1', 'adml1']],
  ['teacherA', wholeS1],
  ['staff1', wholeS1],
  ['coll1', wholeS1],
  ['adml1', wholeS1],
  ['invite1', ['invite1']],
  ['admlS2', ['studentS2', 'teacherS2', 'admlS2']],
  ['admc', [...wholeS1, 'studentS2', 'teacherS2', 'admlS2', 'admc']],
  ['studentS3', ['studentS3', 'staffS3']],
];

describe('GET /directory/people — visibility', () => {
  it.each(visibility)('%s finds exactly the expected people', async (viewer, sees) => {
    const page = await people(await as(world[viewer]), world.tag);
    const byId = new Map(Object.entries(world).map(([name, value]) => [(value as { id: string }).id, name]));
    expect(page.items.map((item) => byId.get(item.id)).sort()).toEqual([...sees].sort());
  });

  it('never shows blocked, deleted or last-year accounts, even to their admin', async () => {
    const page = await people(await as(world.admc), world.tag);
    const ids = page.items.map((item) => item.id);
    expect(ids).not.toContain(world.blockedA.id);
    expect(ids).not.toContain(world.deletedA.id);
    expect(ids).not.toContain(world.formerA.id);
  });

  it('describes each person with structures, classes and subjects', async () => {
    const page = await people(await as(world.studentA1), world.tag);
    const teacherG = page.items.find((item) => item.id === world.teacherG.id);
    expect(teacherG).toMatchObject({ profile: 'ENSEIGNANT', structures: [world.s1.name], subjects: ['Latin'], classes: [] });
    const teacherA = page.items.find((item) => item.id === world.teacherA.id);
    expect(teacherA?.classes).toEqual([world.classA.name]);
    expect(teacherA?.subjects).toEqual(['Mathématiques']);
    // The professeur principal of the class is listed with it, though he teaches nothing there.
    expect(page.items.find((item) => item.id === world.teacherP.id)).toMatchObject({ classes: [world.classA.name], subjects: [] });
    const mate = page.items.find((item) => item.id === world.studentA2.id);
    expect(mate).toMatchObject({ displayName: `Léa ${world.tag}-studentA2`, classes: [world.classA.name], subjects: [] });
    // Nothing the contract does not declare leaves the server.
    expect(Object.keys(mate ?? {}).sort()).toEqual(['classes', 'displayName', 'id', 'profile', 'staffFunction', 'structures', 'subjects']);
  });

  it('answers 401 without a session', async () => {
    const response = await get(`/directory/people?q=${world.tag}`);
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('UNAUTHENTICATED');
  });
});

describe('GET /directory/groups — visibility', () => {
  const cases: [viewer: Person, sees: ('classA' | 'classB' | 'oldClass' | 'group' | 'classS2')[]][] = [
    ['studentA1', ['classA', 'group']],
    ['studentA2', ['classA']],
    ['parentB1', ['classB', 'group']],
    ['teacherA', ['classA', 'classB', 'group']],
    ['adml1', ['classA', 'classB', 'group']],
    ['admlS2', ['classS2']],
    ['admc', ['classA', 'classB', 'group', 'classS2']],
    ['invite1', []],
    ['studentS3', []],
  ];
  it.each(cases)('%s finds exactly the expected classes and groups', async (viewer, sees) => {
    const response = await get(`/directory/groups?q=${world.tag}&limit=100`, await as(world[viewer]));
    expect(response.statusCode, response.body).toBe(200);
    const names = new Map(Object.entries(world).map(([name, value]) => [(value as { id?: string }).id, name]));
    const found = (response.json().items as { id: string }[]).map((item) => names.get(item.id));
    expect(found.sort()).toEqual([...sees].sort());
  });

  it('counts members that are neither blocked nor deleted, and names the structure', async () => {
    const response = await get(`/directory/groups?q=${world.tag}`, await as(world.teacherA));
    const items = response.json().items as { id: string; kind: string; memberCount: number; structureName: string; code: string }[];
    expect(items.find((item) => item.id === world.classA.id)).toMatchObject({
      kind: 'CLASS',
      memberCount: 2,
      structureName: world.s1.name,
      code: world.classA.code,
    });
    expect(items.find((item) => item.id === world.group.id)).toMatchObject({ kind: 'GROUP', memberCount: 2 });
  });

  it('searches classes by a word of their name, and pages through them', async () => {
    const auth = await as(world.admc);
    const latin = await get(`/directory/groups?q=${encodeURIComponent(`${world.tag} lat`)}`, auth);
    expect((latin.json().items as { id: string }[]).map((item) => item.id)).toEqual([world.group.id]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await get(`/directory/groups?q=${world.tag}&limit=1${cursor ? `&cursor=${cursor}` : ''}`, auth);
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json() as { items: { id: string }[]; nextCursor: string | null };
      seen.push(...body.items.map((item) => item.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(4);
  });
});

describe('GET /directory/people — search', () => {
  let viewer: { login: string };
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    const db = ctx.platform.database.db;
    const structure = await createStructure(db);
    const sid = [structure.id];
    viewer = await createAccount(db, { profile: 'ENSEIGNANT', firstName: 'Viewer', lastName: 'Qqq', structureIds: sid });
    ids.lea = (await createAccount(db, { firstName: 'Léa', lastName: 'MARTIN', structureIds: sid })).id;
    ids.lucas = (await createAccount(db, { firstName: 'Lucas', lastName: 'Martinez', structureIds: sid })).id;
    ids.eloise = (await createAccount(db, { firstName: 'Éloïse', lastName: 'Le Gall', structureIds: sid })).id;
    ids.jean = (await createAccount(db, { firstName: 'Jean', lastName: "D'Arc", structureIds: sid })).id;
  });

  const cases: [q: string, expected: string[]][] = [
    ['lea', ['lea']],
    ['LÉA', ['lea']],
    ['Lea', ['lea']],
    ['mart le', ['lea']],
    ['le mart', ['lea']],
    ['mart', ['lea', 'lucas']],
    ['martinez', ['lucas']],
    ['gall', ['eloise']],
    ['eloise le', ['eloise']],
    ['arc', ['jean']],
    ["d'arc", ['jean']],
    ['ea', []],
    // LIKE wildcards are dropped by normalization, never interpreted.
    ['m%', ['lea', 'lucas']],
    ['%', []],
    ['_', []],
    ['m_rtin', []],
    ['zzzz', []],
  ];
  it.each(cases)('q=%j finds %j, in name order', async (q, expected) => {
    const page = await people(await as(viewer), q);
    const names = new Map(Object.entries(ids).map(([name, id]) => [id, name]));
    expect(page.items.map((item) => names.get(item.id)).filter(Boolean)).toEqual(expected);
  });
});

describe('GET /directory/people — pagination', () => {
  it('walks every page without duplicates or gaps, homonyms included', async () => {
    const db = ctx.platform.database.db;
    const structure = await createStructure(db);
    const sid = [structure.id];
    const tag = `Pg${uniqueSuffix()}`;
    const viewer = await createAccount(db, { profile: 'PERSONNEL', lastName: 'Viewer', structureIds: sid });
    const expected: string[] = [];
    for (const first of ['Anne', 'Jean', 'Jean', 'Jean', 'Zoé', 'Bruno', 'Jean']) {
      expected.push((await createAccount(db, { firstName: first, lastName: tag, structureIds: sid })).id);
    }
    const auth = await as(viewer);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await get(`/directory/people?q=${tag}&limit=3${cursor ? `&cursor=${cursor}` : ''}`, auth);
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json() as PeoplePage;
      expect(body.items.length).toBeLessThanOrEqual(3);
      seen.push(...body.items.map((item) => item.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...expected].sort());
    const keys = await sql<{ id: string }>`SELECT id FROM accounts WHERE id IN (${sql.join(expected)})
      ORDER BY search_key COLLATE "C", id`.execute(db);
    expect(seen).toEqual(keys.rows.map((row) => row.id));
  });

  const badCursors: [label: string, cursor: string][] = [
    ['not base64 JSON', 'not-a-cursor!'],
    ['JSON of the wrong shape', Buffer.from('{"id":"nope"}').toString('base64url')],
    ['an unknown id', Buffer.from(JSON.stringify({ id: '00000000-0000-4000-8000-000000000000' })).toString('base64url')],
    ['extra keys', Buffer.from(JSON.stringify({ id: '00000000-0000-4000-8000-000000000000', k: 'x' })).toString('base64url')],
  ];
  it.each(badCursors)('answers 400 INVALID_CURSOR for %s', async (_label, cursor) => {
    for (const path of ['people', 'groups']) {
      const response = await get(`/directory/${path}?q=a&cursor=${encodeURIComponent(cursor)}`, await as(world.teacherA));
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('INVALID_CURSOR');
    }
  });

  it('rejects a missing q, a bad limit and unknown parameters with VALIDATION_FAILED', async () => {
    const auth = await as(world.teacherA);
    for (const query of ['', '?q=a&limit=0', '?q=a&limit=101', '?q=a&other=1']) {
      const response = await get(`/directory/people${query}`, auth);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('GET /directory/people/:id — the person card', () => {
  // The card follows the search's rule exactly: every pair (viewer, person) of the world.
  const everyone = Object.keys({ ...visibility.reduce((all, [, sees]) => ({ ...all, ...Object.fromEntries(sees.map((p) => [p, 1])) }), {}), studentS2: 1, studentS3: 1, blockedA: 1, deletedA: 1, formerA: 1 }) as Person[];
  it.each(visibility)('%s opens the card of exactly the people he finds', async (viewer, sees) => {
    const auth = await as(world[viewer]);
    const opened: Person[] = [];
    for (const person of everyone) {
      const response = await get(`/directory/people/${world[person].id}`, auth);
      if (response.statusCode === 200) opened.push(person);
      else expect(response.json().error.code, `${viewer} → ${person}`).toBe('NOT_FOUND');
    }
    expect(opened.sort()).toEqual([...sees].filter((p) => everyone.includes(p)).sort());
  });

  it('says whose parent a parent is, with the class, to someone who sees the child', async () => {
    const card = (await get(`/directory/people/${world.parentA1.id}`, await as(world.teacherA))).json();
    expect(card).toMatchObject({ profile: 'PARENT', parentOf: [{ id: world.studentA1.id, displayName: `Léa ${world.tag}-studentA1`, classes: [world.classA.name] }] });
    // A classmate sees the parent (his classmate's) and the child.
    const seenByStudent = (await get(`/directory/people/${world.parentA1.id}`, await as(world.studentA1))).json();
    expect(seenByStudent.parentOf.map((c: { id: string }) => c.id)).toEqual([world.studentA1.id]);
  });

  it('answers 401 without a session and VALIDATION_FAILED for a bad id', async () => {
    expect((await get(`/directory/people/${world.teacherA.id}`)).statusCode).toBe(401);
    const bad = await get('/directory/people/not-a-uuid', await as(world.teacherA));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
  });
});

describe('GET /directory/classes/:id and /directory/groups/:id — members', () => {
  const names = () => new Map(Object.entries(world).map(([name, value]) => [(value as { id?: string }).id, name]));
  const cases: [viewer: Person, target: 'classA' | 'group' | 'classS2', sees: Person[] | 'NOT_FOUND'][] = [
    // Teachers first (the professeur principal too), then the students; blocked and deleted ones are left out.
    ['teacherA', 'classA', ['teacherA', 'teacherP', 'studentA1', 'studentA2']],
    ['adml1', 'classA', ['teacherA', 'teacherP', 'studentA1', 'studentA2']],
    ['studentA2', 'classA', ['teacherA', 'teacherP', 'studentA1', 'studentA2']],
    // A parent sees his own child in the class and its teachers, not the other pupils.
    ['parentA1', 'classA', ['teacherA', 'teacherP', 'studentA1']],
    ['studentB1', 'group', ['teacherG', 'studentB1']],
    ['studentB1', 'classA', 'NOT_FOUND'],
    ['parentB1', 'classA', 'NOT_FOUND'],
    ['admlS2', 'classA', 'NOT_FOUND'],
    ['teacherS2', 'classA', 'NOT_FOUND'],
    ['studentS3', 'classA', 'NOT_FOUND'],
    ['admc', 'classS2', ['studentS2']],
    ['invite1', 'classA', 'NOT_FOUND'],
  ];
  it.each(cases)('%s opens %s: %j', async (viewer, target, sees) => {
    const path = target === 'group' ? 'groups' : 'classes';
    const response = await get(`/directory/${path}/${world[target].id}`, await as(world[viewer]));
    if (sees === 'NOT_FOUND') {
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('NOT_FOUND');
      return;
    }
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.name).toBe(world[target].name);
    expect(body.members.map((m: { id: string }) => names().get(m.id))).toEqual(sees);
  });

  it('counts every member even when the viewer sees only some', async () => {
    const body = (await get(`/directory/classes/${world.classA.id}`, await as(world.parentA1))).json();
    expect(body.memberCount).toBe(2);
    expect(body.members).toHaveLength(3);
  });

  it('does not open a class of last year, nor a group id as a class', async () => {
    expect((await get(`/directory/classes/${world.oldClass.id}`, await as(world.adml1))).statusCode).toBe(404);
    expect((await get(`/directory/classes/${world.group.id}`, await as(world.adml1))).statusCode).toBe(404);
  });
});

describe('GET /directory/children — a parent’s switcher', () => {
  it('lists a parent’s children by first name, with their class and whether they have courses', async () => {
    const db = ctx.platform.database.db;
    const tag = `Ch${uniqueSuffix()}`;
    const s = await createStructure(db);
    const withCourses = await createClass(db, s.id, { code: `W-${tag}`, name: `${tag} 2nde 1` });
    const without = await createClass(db, s.id, { code: `N-${tag}`, name: `${tag} Tle 1` });
    const maths = await ensureSubject(db, `M-${tag}`, 'MATHS', 'Mathématiques');
    const hugo = await createAccount(db, { firstName: 'Hugo', lastName: tag, profile: 'ELEVE', structureIds: [s.id], classId: without.id });
    const lea = await createAccount(db, { firstName: 'Léa', lastName: tag, profile: 'ELEVE', structureIds: [s.id], classId: withCourses.id });
    const parent = await createAccount(db, { profile: 'PARENT', structureIds: [s.id] });
    await linkParent(db, parent.id, lea.id);
    await linkParent(db, parent.id, hugo.id);
    await db
      .insertInto('courses')
      .values({ structure_id: s.id, school_year: ctx.platform.schoolYear(), subject_code: maths, class_id: withCourses.id, group_id: null, room: 'B12', weekday: 1, start_minute: 480, end_minute: 540, weeks: 'ALL', periods: '[]' })
      .execute();
    const response = await get('/directory/children', await as(parent));
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().items).toEqual([
      { id: hugo.id, firstName: 'Hugo', displayName: `Hugo ${tag}`, classes: [without.name], hasCourses: false },
      { id: lea.id, firstName: 'Léa', displayName: `Léa ${tag}`, classes: [withCourses.name], hasCourses: true },
    ]);
  });

  it('is empty for every other profile', async () => {
    for (const viewer of ['studentA1', 'teacherA', 'staff1', 'adml1', 'admc'] as const) {
      const response = await get('/directory/children', await as(world[viewer]));
      expect(response.json(), viewer).toEqual({ items: [] });
    }
  });
});
