import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createClass, createSchool, TEST_PASSWORD, uniqueSuffix } from '../../../test/factories.ts';
import { type AuthHeaders, loginAs, sessionsOn } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';

let ctx: TestContext;
let a: Awaited<ReturnType<typeof createSchool>>;
let b: Awaited<ReturnType<typeof createSchool>>;

beforeAll(async () => {
  ctx = await createTestContext();
  a = await createSchool(ctx.platform.database.db);
  b = await createSchool(ctx.platform.database.db);
});
afterAll(async () => {
  await ctx?.close();
});

/** A session per login, opened once through the real login route. */
const as = sessionsOn(() => ctx.app);

function call(method: 'GET' | 'POST' | 'PATCH', url: string, auth: AuthHeaders, payload?: object) {
  return ctx.app.inject({ method, url: `/api/v1${url}`, headers: { ...auth }, ...(payload ? { payload } : {}) });
}

function createIn(structureId: string, auth: AuthHeaders, body: object) {
  return call('POST', `/admin/structures/${structureId}/accounts`, auth, body);
}

function db() {
  return ctx.platform.database.db;
}

interface AccountWithCode {
  account: { id: string; login: string; status: string; classId: string | null; className: string | null; activatedAt: string | null };
  activationCode: string;
}

describe('creating accounts', () => {
  it('provisions a student with a generated login, a code, his class and his membership, audited', async () => {
    const last = `D'Arc-Lefèvre ${uniqueSuffix()}`;
    const response = await createIn(a.structure.id, await as(a.adml), {
      firstName: 'Élodie Marie',
      lastName: last,
      profile: 'ELEVE',
      classId: a.schoolClass.id,
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.headers['cache-control']).toBe('no-store');
    const body = response.json() as AccountWithCode;
    expect(body.activationCode).toMatch(/^[2-9A-HJ-KMNP-Z]{8}$/);
    expect(body.account).toMatchObject({ status: 'PROVISIONED', classId: a.schoolClass.id, className: a.schoolClass.name, activatedAt: null });
    expect(body.account.login).toBe(`elodiemarie.darc-lefevre${last.slice(-8)}`);
    expect(Object.keys(body.account)).not.toContain('activationCode');

    const id = body.account.id;
    const member = await db().selectFrom('structure_members').selectAll().where('account_id', '=', id).execute();
    // The membership carries the account's search key (kept by a trigger) for the annuaire of the lycée.
    expect(member).toEqual([{ structure_id: a.structure.id, school_year: 2026, account_id: id, profile: 'ELEVE', search_key: `d arc lefevre ${last.slice(-8)} elodie marie` }]);
    const row = await db().selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ activation_code: body.activationCode, password_hash: null, search_key: `d arc lefevre ${last.slice(-8)} elodie marie` });

    const [entry] = await db().selectFrom('audit_log').selectAll().where('target_id', '=', id).execute();
    expect(entry).toMatchObject({ action: 'account.create', actor_id: a.adml.id, structure_id: a.structure.id });
    const details = JSON.stringify(entry?.details);
    for (const secret of ['Élodie', 'Lefèvre', 'elodie', body.activationCode, body.account.login]) expect(details).not.toContain(secret);

    // The code works at the real login: it answers an activation ticket.
    const login = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: body.account.login, password: body.activationCode } });
    expect(login.json().kind).toBe('activation');
  });

  it('numbers homonyms: prenom.nom, prenom.nom2, prenom.nom3', async () => {
    const last = `Homonyme${uniqueSuffix()}`;
    const logins: string[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await createIn(a.structure.id, await as(a.adml), { firstName: 'Jean', lastName: last, profile: 'ENSEIGNANT' });
      expect(response.statusCode, response.body).toBe(201);
      logins.push((response.json() as AccountWithCode).account.login);
    }
    const base = `jean.${last.toLowerCase()}`;
    expect(logins).toEqual([base, `${base}2`, `${base}3`]);
  });

  it('gives distinct logins to homonyms created at the same instant', async () => {
    const last = `Simultane${uniqueSuffix()}`;
    const auth = await as(a.adml);
    const responses = await Promise.all(
      [1, 2, 3].map(() => createIn(a.structure.id, auth, { firstName: 'Anne', lastName: last, profile: 'ENSEIGNANT' })),
    );
    for (const response of responses) expect(response.statusCode, response.body).toBe(201);
    const logins = responses.map((response) => (response.json() as AccountWithCode).account.login).sort();
    const base = `anne.${last.toLowerCase()}`;
    expect(logins).toEqual([base, `${base}2`, `${base}3`]);
  });

  it('links a parent to his children, who must be students of the structure', async () => {
    const auth = await as(a.adml);
    const ok = await createIn(a.structure.id, auth, { firstName: 'Claire', lastName: `P${uniqueSuffix()}`, profile: 'PARENT', childIds: [a.student.id] });
    expect(ok.statusCode, ok.body).toBe(201);
    const links = await db().selectFrom('parent_links').selectAll().where('parent_id', '=', (ok.json() as AccountWithCode).account.id).execute();
    expect(links.map((l) => l.child_id)).toEqual([a.student.id]);

    for (const childIds of [[b.student.id], [a.teacher.id], [a.student.id, '00000000-0000-4000-8000-000000000000']]) {
      const last = `Bad${uniqueSuffix()}`;
      const bad = await createIn(a.structure.id, auth, { firstName: 'Claire', lastName: last, profile: 'PARENT', childIds });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe('INVALID_REFERENCE');
      expect(await db().selectFrom('accounts').select('id').where('last_name', '=', last).execute()).toEqual([]);
    }
  });

  it('rejects a class of another structure (INVALID_REFERENCE) and writes nothing', async () => {
    const last = `Nowhere${uniqueSuffix()}`;
    const lastYear = await createClass(db(), a.structure.id, { year: 2025 });
    for (const classId of [b.schoolClass.id, lastYear.id, '00000000-0000-4000-8000-000000000000']) {
      const response = await createIn(a.structure.id, await as(a.adml), { firstName: 'Léo', lastName: last, profile: 'ELEVE', classId });
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toMatchObject({ code: 'INVALID_REFERENCE', fields: { classId: 'not_in_structure' } });
    }
    expect(await db().selectFrom('accounts').select('id').where('last_name', '=', last).execute()).toEqual([]);
  });

  it('requires a function for PERSONNEL and refuses it for other profiles', async () => {
    const auth = await as(a.adml);
    const noFunction = await createIn(a.structure.id, auth, { firstName: 'Nadia', lastName: 'B', profile: 'PERSONNEL' });
    expect(noFunction.statusCode).toBe(400);
    expect(noFunction.json().error.code).toBe('STAFF_FUNCTION_REQUIRED');
    const withFunction = await createIn(a.structure.id, auth, { firstName: 'Nadia', lastName: `B${uniqueSuffix()}`, profile: 'PERSONNEL', staffFunction: 'DOC' });
    expect(withFunction.statusCode).toBe(201);
    const misplaced = await createIn(a.structure.id, auth, { firstName: 'Léo', lastName: 'C', profile: 'ELEVE', staffFunction: 'DIR' });
    expect(misplaced.statusCode).toBe(400);
    expect(misplaced.json().error).toMatchObject({ code: 'VALIDATION_FAILED', fields: { staffFunction: 'only_for_personnel' } });
    const teacherInClass = await createIn(a.structure.id, auth, { firstName: 'Léo', lastName: 'C', profile: 'ENSEIGNANT', classId: a.schoolClass.id });
    expect(teacherInClass.json().error.fields).toEqual({ classId: 'only_for_students' });
  });

  it('rejects unknown and malformed fields with VALIDATION_FAILED naming them', async () => {
    const response = await createIn(a.structure.id, await as(a.adml), {
      firstName: '',
      lastName: 'X',
      profile: 'ROI',
      password: 'secret',
    });
    expect(response.statusCode).toBe(400);
    const error = response.json().error;
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.fields).toHaveProperty('password');
  });

  it('answers 404 in another structure, 403 for a profile an ADML may not create', async () => {
    const elsewhere = await createIn(b.structure.id, await as(a.adml), { firstName: 'X', lastName: 'Y', profile: 'ELEVE' });
    expect(elsewhere.statusCode).toBe(404);
    const otherCollectivite = await createIn(b.structure.id, await as(a.admc), { firstName: 'X', lastName: 'Y', profile: 'ELEVE' });
    expect(otherCollectivite.statusCode).toBe(404);
    const collectivite = await createIn(a.structure.id, await as(a.adml), { firstName: 'X', lastName: 'Y', profile: 'COLLECTIVITE' });
    expect(collectivite.statusCode).toBe(403);
    const byAdmc = await createIn(a.structure.id, await as(a.admc), { firstName: 'X', lastName: `Y${uniqueSuffix()}`, profile: 'COLLECTIVITE' });
    expect(byAdmc.statusCode).toBe(201);
  });
});

describe('reading and listing accounts', () => {
  it('shows an account to its admins only (404 elsewhere)', async () => {
    const mine = await call('GET', `/admin/accounts/${a.student.id}`, await as(a.adml));
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toMatchObject({ id: a.student.id, login: a.student.login, profile: 'ELEVE', classId: a.schoolClass.id, status: 'ACTIVE' });
    expect(Object.keys(mine.json())).not.toContain('passwordHash');
    expect((await call('GET', `/admin/accounts/${a.student.id}`, await as(a.admc))).statusCode).toBe(200);
    for (const auth of [await as(b.adml), await as(b.admc)]) {
      const response = await call('GET', `/admin/accounts/${a.student.id}`, auth);
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('NOT_FOUND');
    }
    const unknown = await call('GET', '/admin/accounts/00000000-0000-4000-8000-000000000000', await as(a.adml));
    expect(unknown.statusCode).toBe(404);
    const malformed = await call('GET', '/admin/accounts/not-a-uuid', await as(a.adml));
    expect(malformed.statusCode).toBe(400);
  });

  it('filters and pages a structure’s accounts', async () => {
    const school = await createSchool(db());
    const auth = await as(school.adml);
    const url = `/admin/structures/${school.structure.id}/accounts`;
    const students = await call('GET', `${url}?profile=ELEVE`, auth);
    expect((students.json().items as { id: string }[]).map((x) => x.id)).toEqual([school.student.id]);
    const inClass = await call('GET', `${url}?classId=${school.schoolClass.id}`, auth);
    expect((inClass.json().items as { id: string }[]).map((x) => x.id)).toEqual([school.student.id]);
    const byName = await call('GET', `${url}?q=${encodeURIComponent('paul dur')}`, auth);
    expect((byName.json().items as { id: string }[]).map((x) => x.id)).toEqual([school.teacher.id]);
    const pending = await call('GET', `${url}?status=PROVISIONED`, auth);
    expect(pending.json().items).toEqual([]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await call('GET', `${url}?limit=2${cursor ? `&cursor=${cursor}` : ''}`, auth);
      expect(page.statusCode, page.body).toBe(200);
      seen.push(...(page.json().items as { id: string }[]).map((x) => x.id));
      cursor = page.json().nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual([school.student.id, school.parent.id, school.teacher.id, school.staff.id, school.adml.id].sort());

    const badCursor = await call('GET', `${url}?cursor=%7B%7D`, auth);
    expect(badCursor.json().error.code).toBe('INVALID_CURSOR');
    const badFilter = await call('GET', `${url}?profile=ROI`, auth);
    expect(badFilter.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('hides COLLECTIVITE accounts from an ADML, not from the ADMC', async () => {
    const agent = await createAccount(db(), { profile: 'COLLECTIVITE', structureIds: [a.structure.id] });
    const url = `/admin/structures/${a.structure.id}/accounts?profile=COLLECTIVITE`;
    expect((await call('GET', url, await as(a.adml))).json().items).toEqual([]);
    expect(((await call('GET', url, await as(a.admc))).json().items as { id: string }[]).map((x) => x.id)).toContain(agent.id);
    expect((await call('GET', `/admin/accounts/${agent.id}`, await as(a.adml))).statusCode).toBe(404);
  });
});

describe('updating accounts', () => {
  it('corrects names and keeps the login; moves a student between classes', async () => {
    const auth = await as(a.adml);
    const student = await createAccount(db(), { profile: 'ELEVE', structureIds: [a.structure.id], classId: a.schoolClass.id });
    const other = await createClass(db(), a.structure.id);
    const response = await call('PATCH', `/admin/accounts/${student.id}`, auth, { firstName: 'Chloé', lastName: 'Bernard', classId: other.id, email: 'c@example.org' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ firstName: 'Chloé', lastName: 'Bernard', login: student.login, classId: other.id, email: 'c@example.org' });
    const row = await db().selectFrom('accounts').select(['search_key', 'login']).where('id', '=', student.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ search_key: 'bernard chloe', login: student.login });
    const classes = await db().selectFrom('class_members').select('class_id').where('account_id', '=', student.id).execute();
    expect(classes.map((c) => c.class_id)).toEqual([other.id]);
    const entries = await db().selectFrom('audit_log').selectAll().where('target_id', '=', student.id).execute();
    expect(entries.map((e) => [e.action, e.details])).toEqual([['account.update', { fields: ['classId', 'email', 'firstName', 'lastName'] }]]);

    const out = await call('PATCH', `/admin/accounts/${student.id}`, auth, { classId: b.schoolClass.id });
    expect(out.json().error.code).toBe('INVALID_REFERENCE');
    const none = await call('PATCH', `/admin/accounts/${student.id}`, auth, { classId: null });
    expect(none.json()).toMatchObject({ classId: null, className: null });
  });

  it('keeps a staff member’s function required', async () => {
    const response = await call('PATCH', `/admin/accounts/${a.staff.id}`, await as(a.adml), { staffFunction: null });
    expect(response.json().error.code).toBe('STAFF_FUNCTION_REQUIRED');
    const changed = await call('PATCH', `/admin/accounts/${a.staff.id}`, await as(a.adml), { staffFunction: 'DOC' });
    expect(changed.json().staffFunction).toBe('DOC');
  });

  it('refuses an admin acting on his own account (403) and out-of-scope accounts (404)', async () => {
    const own = await call('PATCH', `/admin/accounts/${a.adml.id}`, await as(a.adml), { firstName: 'Moi' });
    expect(own.statusCode).toBe(403);
    const ownBlock = await call('POST', `/admin/accounts/${a.adml.id}/block`, await as(a.adml));
    expect(ownBlock.statusCode).toBe(403);
    const other = await call('PATCH', `/admin/accounts/${b.student.id}`, await as(a.adml), { firstName: 'X' });
    expect(other.statusCode).toBe(404);
    for (const action of ['block', 'unblock', 'activation-code']) {
      const response = await call('POST', `/admin/accounts/${b.student.id}/${action}`, await as(a.admc));
      expect(response.statusCode, action).toBe(404);
    }
  });
});

describe('blocking, unblocking, new activation codes', () => {
  it('block ends the sessions of the account; unblock lets it back in', async () => {
    const student = await createAccount(db(), { profile: 'ELEVE', structureIds: [a.structure.id] });
    const session = await loginAs(ctx.app, student.login);
    const me = () => ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: { ...session } });
    expect((await me()).statusCode).toBe(200);

    const blocked = await call('POST', `/admin/accounts/${student.id}/block`, await as(a.adml));
    expect(blocked.statusCode, blocked.body).toBe(200);
    expect(blocked.json().status).toBe('BLOCKED');
    expect((await me()).statusCode).toBe(401);
    const again = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: student.login, password: TEST_PASSWORD } });
    expect(again.json().error.code).toBe('ACCOUNT_BLOCKED');

    const unblocked = await call('POST', `/admin/accounts/${student.id}/unblock`, await as(a.adml));
    expect(unblocked.json().status).toBe('ACTIVE');
    await loginAs(ctx.app, student.login);
    const actions = await db().selectFrom('audit_log').select('action').where('target_id', '=', student.id).orderBy('id').execute();
    expect(actions.map((e) => e.action)).toEqual(['account.block', 'account.unblock']);
  });

  it('unblocks a never-activated account back to PROVISIONED', async () => {
    const pending = await createAccount(db(), { profile: 'ELEVE', structureIds: [a.structure.id], activated: false });
    await call('POST', `/admin/accounts/${pending.id}/block`, await as(a.adml));
    const unblocked = await call('POST', `/admin/accounts/${pending.id}/unblock`, await as(a.adml));
    expect(unblocked.json().status).toBe('PROVISIONED');
  });

  it('a new activation code removes the password and ends the sessions', async () => {
    const student = await createAccount(db(), { profile: 'ELEVE', structureIds: [a.structure.id] });
    const session = await loginAs(ctx.app, student.login);
    const response = await call('POST', `/admin/accounts/${student.id}/activation-code`, await as(a.adml));
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as AccountWithCode;
    expect(body.account).toMatchObject({ status: 'PROVISIONED', activatedAt: null });
    expect(body.activationCode).toHaveLength(8);
    const row = await db().selectFrom('accounts').select(['password_hash', 'activation_code']).where('id', '=', student.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ password_hash: null, activation_code: body.activationCode });

    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: { ...session } })).statusCode).toBe(401);
    const oldPassword = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: student.login, password: TEST_PASSWORD } });
    expect(oldPassword.statusCode).toBe(401);
    const withCode = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: student.login, password: body.activationCode } });
    expect(withCode.json().kind).toBe('activation');
    const [entry] = await db().selectFrom('audit_log').selectAll().where('target_id', '=', student.id).execute();
    expect(entry).toMatchObject({ action: 'account.resetActivation', actor_id: a.adml.id });
    expect(JSON.stringify(entry?.details)).not.toContain(body.activationCode);
  });

  it('a new activation code voids a password-reset link mailed before', async () => {
    const parent = await createAccount(db(), { profile: 'PARENT', structureIds: [a.structure.id], email: `p${uniqueSuffix()}@example.org` });
    const before = ctx.mailer.sent.length;
    await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/password/forgot', payload: { login: parent.login } });
    await expect.poll(() => ctx.mailer.sent.length).toBe(before + 1);
    const token = decodeURIComponent(/token=([^\s]+)/.exec(ctx.mailer.sent.at(-1)!.text)![1]!);

    expect((await call('POST', `/admin/accounts/${parent.id}/activation-code`, await as(a.adml))).statusCode).toBe(200);
    const reset = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/password/reset', payload: { token, password: 'Un-Nouveau-Mot-2026!' } });
    expect(reset.json().error.code).toBe('RESET_TOKEN_INVALID');
    const row = await db().selectFrom('accounts').select(['status', 'password_hash']).where('id', '=', parent.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'PROVISIONED', password_hash: null });
  });
});

describe('pending activations', () => {
  it('lists the accounts awaiting activation with their codes, by class then name, page by page', async () => {
    const school = await createSchool(db());
    const sid = [school.structure.id];
    const classB = await createClass(db(), school.structure.id, { name: 'B-classe', code: `B${uniqueSuffix()}` });
    const classA = await createClass(db(), school.structure.id, { name: 'A-classe', code: `A${uniqueSuffix()}` });
    const make = (lastName: string, classId?: string, profile: 'ELEVE' | 'ENSEIGNANT' = 'ELEVE') =>
      createAccount(db(), { profile, lastName, firstName: 'Z', structureIds: sid, activated: false, ...(classId ? { classId } : {}) });
    const zed = await make('Zed', classA.id);
    const abel = await make('Abel', classA.id);
    const bob = await make('Bob', classB.id);
    const teacher = await make('Aaron', undefined, 'ENSEIGNANT');
    const expected = [abel.id, zed.id, bob.id, teacher.id];

    const auth = await as(school.adml);
    const url = `/admin/structures/${school.structure.id}/pending-activations`;
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await call('GET', `${url}?limit=3${cursor ? `&cursor=${cursor}` : ''}`, auth);
      expect(page.statusCode, page.body).toBe(200);
      expect(page.headers['cache-control']).toBe('no-store');
      seen.push(...(page.json().items as { id: string }[]).map((x) => x.id));
      cursor = page.json().nextCursor;
    } while (cursor);
    expect(seen).toEqual(expected);

    const one = await call('GET', `${url}?classId=${classA.id}`, auth);
    const items = one.json().items as { id: string; className: string; activationCode: string; login: string }[];
    expect(items.map((x) => x.id)).toEqual([abel.id, zed.id]);
    expect(items[0]).toMatchObject({ className: 'A-classe', activationCode: abel.activation_code, login: abel.login });

    expect((await call('GET', url, await as(b.adml))).statusCode).toBe(404);
    const audited = await db().selectFrom('audit_log').selectAll().where('target_id', '=', school.structure.id).where('action', '=', 'activation.list').execute();
    expect(audited.length).toBeGreaterThanOrEqual(3);
  });

  it('keeps paging after the cursor’s account got activated meanwhile', async () => {
    const school = await createSchool(db());
    const sid = [school.structure.id];
    const first = await createAccount(db(), { profile: 'ENSEIGNANT', lastName: 'Aa', structureIds: sid, activated: false });
    const second = await createAccount(db(), { profile: 'ENSEIGNANT', lastName: 'Bb', structureIds: sid, activated: false });
    const auth = await as(school.adml);
    const url = `/admin/structures/${school.structure.id}/pending-activations`;
    const page1 = await call('GET', `${url}?limit=1`, auth);
    expect(page1.json().items[0].id).toBe(first.id);
    await db().updateTable('accounts').set({ status: 'ACTIVE', activation_code: null }).where('id', '=', first.id).execute();
    const page2 = await call('GET', `${url}?limit=1&cursor=${page1.json().nextCursor}`, auth);
    expect(page2.json().items.map((x: { id: string }) => x.id)).toEqual([second.id]);
  });
});
