import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createSchool } from '../../../test/factories.ts';
import { type AuthHeaders, loginAs } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';

/*
 * The messagerie signature (issue 13): each account reads and sets only its
 * own; bad input is refused with a stable code and leaves the saved one as it was.
 */

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});

const get = (headers: AuthHeaders | Record<string, string>) => ctx.app.inject({ method: 'GET', url: '/api/v1/messaging/settings', headers });
const put = (headers: AuthHeaders | Record<string, string>, payload: unknown) =>
  ctx.app.inject({ method: 'PUT', url: '/api/v1/messaging/settings', headers, payload: payload as object });

describe('messagerie signature', () => {
  it('is each account’s own: set by the owner, never seen by anyone else', async () => {
    const db = ctx.platform.database.db;
    const s = await createSchool(db);
    const other = await createSchool(db);
    const classmate = await createAccount(db, { profile: 'ELEVE', structureIds: [s.structure.id], classId: s.schoolClass.id });
    const actors = {
      owner: s.teacher,
      neighbour: (await createAccount(db, { profile: 'ENSEIGNANT', structureIds: [s.structure.id] })),
      classmate,
      student: s.student,
      parent: s.parent,
      staff: s.staff,
      otherStructure: other.teacher,
      otherCollectivite: other.student,
      adml: s.adml,
      admc: s.admc,
    };
    const headers = Object.fromEntries(await Promise.all(Object.entries(actors).map(async ([name, account]) => [name, await loginAs(ctx.app, account.login)] as const)));

    const saved = await put(headers.owner!, { signature: 'Paul Durand  \r\nProfesseur de mathématiques\n\n' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toEqual({ signature: 'Paul Durand\nProfesseur de mathématiques' });
    expect((await get(headers.owner!)).json()).toEqual({ signature: 'Paul Durand\nProfesseur de mathématiques' });

    // Everyone else reads his own, empty: there is no way to name another account.
    for (const name of Object.keys(actors).filter((n) => n !== 'owner')) {
      const response = await get(headers[name]!);
      expect(response.statusCode, name).toBe(200);
      expect(response.json(), name).toEqual({ signature: '' });
    }
    // Another account's save changes only his own.
    expect((await put(headers.neighbour!, { signature: 'Marie Curie' })).statusCode).toBe(200);
    expect((await get(headers.owner!)).json().signature).toBe('Paul Durand\nProfesseur de mathématiques');
    // An id smuggled in is refused (strict body), not used.
    const smuggled = await put(headers.neighbour!, { signature: 'x', accountId: s.teacher.id });
    expect(smuggled.json().error.code).toBe('VALIDATION_FAILED');
    expect((await get(headers.owner!)).json().signature).toBe('Paul Durand\nProfesseur de mathématiques');

    // Empty removes it.
    expect((await put(headers.owner!, { signature: '   ' })).json()).toEqual({ signature: '' });
    expect((await get(headers.owner!)).json()).toEqual({ signature: '' });
  });

  it('refuses a visitor without a session', async () => {
    expect((await get({})).json().error.code).toBe('UNAUTHENTICATED');
    expect((await put({}, { signature: 'x' })).statusCode).toBe(401);
  });

  it.each([
    ['too long', { signature: 'a'.repeat(501) }],
    ['seven lines', { signature: '1\n2\n3\n4\n5\n6\n7' }],
    ['a control character', { signature: 'Paul\u0007Durand' }],
    ['not text', { signature: 42 }],
    ['missing', {}],
  ])('refuses %s with VALIDATION_FAILED and keeps the signature saved before', async (_label, payload) => {
    const db = ctx.platform.database.db;
    const s = await createSchool(db);
    const headers = await loginAs(ctx.app, s.teacher.login);
    await put(headers, { signature: 'Paul Durand' });
    const refused = await put(headers, payload);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('VALIDATION_FAILED');
    expect((await get(headers)).json()).toEqual({ signature: 'Paul Durand' });
  });
});
