import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createSchool, createStructure, randomUai, uniqueSuffix } from '../../../test/factories.ts';
import { type AuthHeaders, loginAs, sessionsOn } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';

let ctx: TestContext;
let a: Awaited<ReturnType<typeof createSchool>>;
let b: Awaited<ReturnType<typeof createSchool>>;
let a2: Awaited<ReturnType<typeof createStructure>>;

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.platform.database.db;
  a = await createSchool(db);
  b = await createSchool(db);
  // A second structure of A's collectivité: its ADMC administers it, A's ADML does not.
  a2 = await createStructure(db, { collectiviteId: a.structure.collectivite_id });
});
afterAll(async () => {
  await ctx?.close();
});

/** A session per login, opened once through the real login route. */
const as = sessionsOn(() => ctx.app);

function call(method: 'GET' | 'POST' | 'PATCH', url: string, auth: AuthHeaders, payload?: object) {
  return ctx.app.inject({ method, url: `/api/v1${url}`, headers: { ...auth }, ...(payload ? { payload } : {}) });
}

async function auditOf(targetId: string) {
  return ctx.platform.database.db.selectFrom('audit_log').selectAll().where('target_id', '=', targetId).orderBy('id').execute();
}

describe('admin area access', () => {
  const nonAdmins = ['student', 'parent', 'teacher', 'staff'] as const;
  it.each(nonAdmins)('a %s gets 403 FORBIDDEN on every admin route', async (who) => {
    const auth = await as(a[who]);
    const sid = a.structure.id;
    const attempts = [
      call('GET', '/admin/structures', auth),
      call('GET', `/admin/structures/${sid}`, auth),
      call('GET', `/admin/structures/${sid}/classes`, auth),
      call('GET', `/admin/structures/${sid}/accounts`, auth),
      call('GET', `/admin/structures/${sid}/pending-activations`, auth),
      call('GET', `/admin/accounts/${a.student.id}`, auth),
      call('POST', `/admin/accounts/${a.student.id}/block`, auth),
      call('POST', `/admin/structures/${sid}/accounts`, auth, { firstName: 'X', lastName: 'Y', profile: 'ELEVE' }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.statusCode, response.body).toBe(403);
      expect(response.json().error.code).toBe('FORBIDDEN');
    }
  });

  it('answers 401 without a session', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/v1/admin/structures' });
    expect(response.statusCode).toBe(401);
  });

  it('refuses a write without the CSRF header', async () => {
    const auth = await as(a.adml);
    const response = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/admin/structures/${a.structure.id}/classes`,
      headers: { cookie: auth.cookie },
      payload: { code: 'X', name: 'X', level: '2NDE' },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('CSRF_INVALID');
  });
});

describe('structures', () => {
  it('lists what each admin administers, with counts', async () => {
    const adml = await call('GET', '/admin/structures', await as(a.adml));
    expect(adml.statusCode).toBe(200);
    const items = adml.json().items as { id: string; accountCount: number; pendingActivationCount: number; uai: string }[];
    expect(items.map((s) => s.id)).toEqual([a.structure.id]);
    // createSchool: student, parent, teacher, staff, adml — all activated.
    expect(items[0]).toMatchObject({ accountCount: 5, pendingActivationCount: 0, uai: a.structure.uai });

    const admc = await call('GET', '/admin/structures', await as(a.admc));
    expect((admc.json().items as { id: string }[]).map((s) => s.id).sort()).toEqual([a.structure.id, a2.id].sort());
  });

  it('pages the structures of an ADMC', async () => {
    const db = ctx.platform.database.db;
    for (let i = 0; i < 3; i++) await createStructure(db, { collectiviteId: a.structure.collectivite_id });
    const auth = await as(a.admc);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await call('GET', `/admin/structures?limit=2${cursor ? `&cursor=${cursor}` : ''}`, auth);
      expect(response.statusCode, response.body).toBe(200);
      seen.push(...(response.json().items as { id: string }[]).map((s) => s.id));
      cursor = response.json().nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    const bad = await call('GET', '/admin/structures?cursor=abc', auth);
    expect(bad.json().error.code).toBe('INVALID_CURSOR');
  });

  it('answers 404 for a structure outside the admin scope', async () => {
    const cases: [AuthHeaders, string][] = [
      [await as(a.adml), b.structure.id],
      [await as(a.adml), a2.id],
      [await as(a.admc), b.structure.id],
      [await as(b.admc), a.structure.id],
      [await as(a.admc), '00000000-0000-4000-8000-000000000000'],
    ];
    for (const [auth, id] of cases) {
      for (const url of [`/admin/structures/${id}`, `/admin/structures/${id}/classes`, `/admin/structures/${id}/accounts`]) {
        const response = await call('GET', url, auth);
        expect(response.statusCode, url).toBe(404);
        expect(response.json().error.code).toBe('NOT_FOUND');
      }
      const patch = await call('PATCH', `/admin/structures/${id}`, auth, { name: 'Nope' });
      expect(patch.statusCode).toBe(404);
    }
  });

  it('lets an ADMC create a structure in his collectivité, checking the UAI', async () => {
    const auth = await as(a.admc);
    const uai = randomUai();
    const body = { uai: uai.toLowerCase(), name: `Lycée ${uniqueSuffix()}`, type: 'LYCEE', city: 'Brest', collectiviteId: a.structure.collectivite_id };
    const created = await call('POST', '/admin/structures', auth, body);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ uai, name: body.name, type: 'LYCEE', city: 'Brest', accountCount: 0 });
    const [entry] = await auditOf(created.json().id);
    expect(entry).toMatchObject({ action: 'structure.create', actor_id: a.admc.id, structure_id: created.json().id });

    const taken = await call('POST', '/admin/structures', auth, { ...body, name: 'Autre lycée' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('UAI_TAKEN');

    const digits = uai.slice(0, 7);
    const wrongLetter = digits + (uai[7] === 'A' ? 'B' : 'A');
    for (const bad of [wrongLetter, '123', '12345678', 'ABCDEFGH']) {
      const invalid = await call('POST', '/admin/structures', auth, { ...body, uai: bad });
      expect(invalid.statusCode, bad).toBe(400);
      expect(invalid.json().error.code).toBe('UAI_INVALID');
    }
  });

  it('refuses structure creation to an ADML (403) and in another collectivité (404)', async () => {
    const payload = { uai: randomUai(), name: 'Lycée X', type: 'LYCEE', collectiviteId: a.structure.collectivite_id };
    const adml = await call('POST', '/admin/structures', await as(a.adml), payload);
    expect(adml.statusCode).toBe(403);
    const other = await call('POST', '/admin/structures', await as(b.admc), payload);
    expect(other.statusCode).toBe(404);
  });

  it('rejects unknown and malformed fields with VALIDATION_FAILED and their names', async () => {
    const auth = await as(a.admc);
    const response = await call('POST', '/admin/structures', auth, {
      uai: randomUai(),
      name: 'L',
      type: 'CHATEAU',
      collectiviteId: 'nope',
      rogue: true,
    });
    expect(response.statusCode).toBe(400);
    const error = response.json().error;
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(error.fields)).toEqual(expect.arrayContaining(['rogue']));
  });

  it('lets the ADMC update a structure, not the ADML', async () => {
    const byAdml = await call('PATCH', `/admin/structures/${a.structure.id}`, await as(a.adml), { name: 'Renamed' });
    expect(byAdml.statusCode).toBe(403);
    const name = `Lycée renommé ${uniqueSuffix()}`;
    const byAdmc = await call('PATCH', `/admin/structures/${a.structure.id}`, await as(a.admc), { name, city: null });
    expect(byAdmc.statusCode, byAdmc.body).toBe(200);
    expect(byAdmc.json()).toMatchObject({ name, city: null, uai: a.structure.uai });
    const entries = await auditOf(a.structure.id);
    const update = entries.find((e) => e.action === 'structure.update');
    expect(update?.details).toEqual({ fields: ['city', 'name'] });
  });
});

describe('structure search (q)', () => {
  let c: Awaited<ReturnType<typeof createSchool>>;
  let zola: { id: string; uai: string };
  let moulin: { id: string; uai: string };
  let loti: { id: string; uai: string };

  beforeAll(async () => {
    // A collectivité of its own: c.structure ("Lycée …", Rennes) and two more, with accents in name and city.
    const db = ctx.platform.database.db;
    c = await createSchool(db);
    const add = (name: string, city: string | null) =>
      db
        .insertInto('structures')
        .values({ collectivite_id: c.structure.collectivite_id, uai: randomUai(), name, type: 'LYCEE', city })
        .returning(['id', 'uai'])
        .executeTakeFirstOrThrow();
    zola = await add('LYCÉE ÉMILE-ZOLA', 'Saint-Étienne');
    moulin = await add('Collège Jean Moulin', 'Brest');
    // Stored decomposed (e + combining acute), as some exports write it; no city.
    loti = await add('Cite\u0301 scolaire Pierre-Loti', null);
  });

  async function search(auth: AuthHeaders, q: string, extra = '') {
    const response = await call('GET', `/admin/structures?q=${encodeURIComponent(q)}${extra}`, auth);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { items: { id: string; uai: string; name: string; city: string | null }[]; nextCursor: string | null };
  }
  const ids = (page: { items: { id: string }[] }) => page.items.map((s) => s.id);

  it('finds by name, accents and case ignored, every word counting', async () => {
    const auth = await as(c.admc);
    expect(ids(await search(auth, 'emile zola'))).toEqual([zola.id]);
    expect(ids(await search(auth, 'Lycée Émile'))).toEqual([zola.id]);
    expect(ids(await search(auth, 'zol'))).toEqual([zola.id]);
    // Part of a word, and words in any order.
    expect(ids(await search(auth, 'moulin jean'))).toEqual([moulin.id]);
    expect(ids(await search(auth, 'oulin'))).toEqual([moulin.id]);
    // "lycee" is in two names ("LYCÉE ÉMILE-ZOLA" and the factory's "Lycée …"), listed by name.
    expect(ids(await search(auth, 'lycee'))).toEqual([zola.id, c.structure.id]);
    expect(ids(await search(auth, 'zola moulin'))).toEqual([]);
    expect(ids(await search(auth, 'cité loti'))).toEqual([loti.id]);
  });

  it('finds by city, accents and punctuation ignored', async () => {
    const auth = await as(c.admc);
    expect(ids(await search(auth, 'saint etienne'))).toEqual([zola.id]);
    expect(ids(await search(auth, 'BREST'))).toEqual([moulin.id]);
    expect(ids(await search(auth, 'zola etienne'))).toEqual([zola.id]);
    expect(ids(await search(auth, 'zola brest'))).toEqual([]);
  });

  it('finds by UAI, whole or its beginning, in either case', async () => {
    const auth = await as(c.admc);
    expect(ids(await search(auth, zola.uai))).toEqual([zola.id]);
    expect(ids(await search(auth, zola.uai.toLowerCase()))).toEqual([zola.id]);
    expect(ids(await search(auth, zola.uai.slice(0, 6)))).toContain(zola.id);
    // The UAI matches from its start only.
    expect(ids(await search(auth, zola.uai.slice(1)))).not.toContain(zola.id);
  });

  it('without words (empty, blank or only punctuation), lists them all', async () => {
    const auth = await as(c.admc);
    const all = [zola.id, c.structure.id, moulin.id, loti.id].sort();
    for (const q of ['', '   ', '%_-']) expect(ids(await search(auth, q)).sort(), JSON.stringify(q)).toEqual(all);
  });

  it('pages the matches', async () => {
    const auth = await as(c.admc);
    const first = await search(auth, 'lycee', '&limit=1');
    expect(ids(first)).toEqual([zola.id]);
    expect(first.nextCursor).not.toBeNull();
    const second = await search(auth, 'lycee', `&limit=1&cursor=${first.nextCursor}`);
    expect(ids(second)).toEqual([c.structure.id]);
    expect(second.nextCursor).toBeNull();
  });

  it('stays within the admin scope: an ADML searches his structures only, an ADMC his collectivités\'', async () => {
    const adml = await as(c.adml);
    expect(ids(await search(adml, 'zola'))).toEqual([]);
    expect(ids(await search(adml, zola.uai))).toEqual([]);
    expect(ids(await search(adml, 'lycee'))).toEqual([c.structure.id]);
    expect(ids(await search(adml, 'rennes'))).toEqual([c.structure.id]);
    // Another collectivité's ADMC, and A's ADML, find nothing of C's.
    expect(ids(await search(await as(a.admc), 'zola'))).toEqual([]);
    expect(ids(await search(await as(a.adml), 'moulin'))).toEqual([]);
    const student = await call('GET', '/admin/structures?q=zola', await as(c.student));
    expect(student.statusCode).toBe(403);
  });

  it('takes up to 100 characters once trimmed, and refuses more with VALIDATION_FAILED', async () => {
    const auth = await as(c.admc);
    expect(ids(await search(auth, `  ${'z'.repeat(100)}  `))).toEqual([]);
    const response = await call('GET', `/admin/structures?q=${'z'.repeat(101)}`, auth);
    expect(response.statusCode).toBe(400);
    const error = response.json().error;
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.fields).toEqual({ q: 'too_big' });
  });
});

describe('classes', () => {
  it('creates, lists and renames classes of the current year', async () => {
    const auth = await as(a.adml);
    const code = `1G${uniqueSuffix()}`;
    const created = await call('POST', `/admin/structures/${a.structure.id}/classes`, auth, { code, name: 'Première G', level: '1ERE' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ code, name: 'Première G', level: '1ERE', schoolYear: 2026, studentCount: 0 });

    const again = await call('POST', `/admin/structures/${a.structure.id}/classes`, auth, { code, name: 'Doublon', level: '1ERE' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('CLASS_CODE_TAKEN');
    // The same code is free in another structure.
    const elsewhere = await call('POST', `/admin/structures/${b.structure.id}/classes`, await as(b.adml), { code, name: 'Autre', level: '1ERE' });
    expect(elsewhere.statusCode).toBe(201);

    const list = await call('GET', `/admin/structures/${a.structure.id}/classes`, auth);
    const items = list.json().items as { id: string; studentCount: number }[];
    expect(items.find((c) => c.id === a.schoolClass.id)?.studentCount).toBe(1);
    expect(items.find((c) => c.id === created.json().id)).toBeDefined();

    const renamed = await call('PATCH', `/admin/classes/${created.json().id}`, auth, { name: 'Première Générale', level: 'TLE' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Première Générale', level: 'TLE', code });
    const searchKey = await ctx.platform.database.db.selectFrom('classes').select('search_key').where('id', '=', created.json().id).executeTakeFirstOrThrow();
    expect(searchKey.search_key).toBe(`premiere generale ${code.toLowerCase()}`);
    expect((await auditOf(created.json().id)).map((e) => e.action)).toEqual(['class.create', 'class.update']);
  });

  it('lists the professeurs principaux of each class by last name, without deleted accounts', async () => {
    const db = ctx.platform.database.db;
    const auth = await as(a.adml);
    const created = await call('POST', `/admin/structures/${a.structure.id}/classes`, auth, { code: `PP${uniqueSuffix()}`, name: 'Seconde PP', level: '2NDE' });
    const classId = created.json().id as string;
    expect(created.json().principals).toEqual([]);
    const teachers = [
      await createAccount(db, { profile: 'ENSEIGNANT', firstName: 'Zoé', lastName: 'Bernard', structureIds: [a.structure.id] }),
      await createAccount(db, { profile: 'ENSEIGNANT', firstName: 'Marc', lastName: 'Aubert', structureIds: [a.structure.id] }),
      await createAccount(db, { profile: 'ENSEIGNANT', firstName: 'Paul', lastName: 'Supprimé', structureIds: [a.structure.id] }),
    ];
    await db.insertInto('class_principals').values(teachers.map((t) => ({ class_id: classId, teacher_id: t.id }))).execute();
    await db.updateTable('accounts').set({ deleted_at: new Date() }).where('id', '=', teachers[2]!.id).execute();

    const list = await call('GET', `/admin/structures/${a.structure.id}/classes`, auth);
    const items = list.json().items as { id: string; principals: string[] }[];
    expect(items.find((c) => c.id === classId)?.principals).toEqual(['Marc Aubert', 'Zoé Bernard']);
    expect(items.find((c) => c.id === a.schoolClass.id)?.principals).toEqual([]);
    const renamed = await call('PATCH', `/admin/classes/${classId}`, auth, { name: 'Seconde 1' });
    expect(renamed.json().principals).toEqual(['Marc Aubert', 'Zoé Bernard']);
  });

  it('answers 404 for a class of another structure, and rejects bad codes', async () => {
    const response = await call('PATCH', `/admin/classes/${b.schoolClass.id}`, await as(a.adml), { name: 'Nope' });
    expect(response.statusCode).toBe(404);
    const bad = await call('POST', `/admin/structures/${a.structure.id}/classes`, await as(a.adml), { code: 'a/b', name: 'X', level: '2NDE' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toHaveProperty('code');
  });

  it('lets the ADMC manage classes of every structure of his collectivité', async () => {
    const response = await call('POST', `/admin/structures/${a2.id}/classes`, await as(a.admc), { code: 'TA', name: 'Terminale A', level: 'TLE' });
    expect(response.statusCode).toBe(201);
  });
});

describe('an ADMC with no structure of his own', () => {
  it('still sees his structures (admin roles, not memberships)', async () => {
    const db = ctx.platform.database.db;
    const lone = await createAccount(db, { profile: 'COLLECTIVITE' });
    await db.insertInto('admin_roles').values({ account_id: lone.id, role: 'ADMC', collectivite_id: b.structure.collectivite_id }).execute();
    const response = await call('GET', `/admin/structures/${b.structure.id}`, await as(lone));
    expect(response.statusCode).toBe(200);
  });
});
