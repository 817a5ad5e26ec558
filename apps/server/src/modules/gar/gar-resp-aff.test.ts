import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createSchool, createStructure, grantAdmin } from '../../../test/factories.ts';
import { sessionsOn } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';

/** The responsables d'affectation of a structure: named by the ADMC, seen by the ADML, nobody else (issue 14). */
let ctx: TestContext;
const as = sessionsOn(() => ctx.app);
let s: Awaited<ReturnType<typeof createSchool>>;
let candidate: Awaited<ReturnType<typeof createAccount>>;
let actors: Record<string, { id: string; login: string }>;

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.platform.database.db;
  s = await createSchool(db);
  candidate = await createAccount(db, { profile: 'PERSONNEL', staffFunction: 'DOC', firstName: 'Inès', email: 'ines.doc@example.org', structureIds: [s.structure.id] });
  // An ADML of a neighbouring structure (same collectivité), and an ADMC of another collectivité.
  const neighbour = await createStructure(db, { collectiviteId: s.structure.collectivite_id });
  const neighbourAdml = await createAccount(db, { profile: 'PERSONNEL', staffFunction: 'DIR', structureIds: [neighbour.id] });
  await grantAdmin(db, neighbourAdml.id, { adml: neighbour.id });
  const other = await createSchool(db);
  actors = {
    'ADMC of the collectivité': s.admc,
    'ADML of the structure': s.adml,
    'ADML of a neighbouring structure': neighbourAdml,
    'ADMC of another collectivité': other.admc,
    'teacher of the structure': s.teacher,
    'student of the structure': s.student,
    'parent of a student': s.parent,
    'staff of the structure': s.staff,
  };
});
afterAll(() => ctx?.close());

const url = (structureId: string, accountId?: string) => `/api/v1/admin/structures/${structureId}/gar/resp-aff${accountId ? `/${accountId}` : ''}`;

describe('GAR responsables d’affectation: who may do what', () => {
  // [actor, list, name, remove]: a status each.
  const table: Array<[string, number, number, number]> = [
    ['ADMC of the collectivité', 200, 200, 200],
    ['ADML of the structure', 200, 403, 403],
    ['ADML of a neighbouring structure', 404, 404, 404],
    ['ADMC of another collectivité', 404, 404, 404],
    ['teacher of the structure', 403, 403, 403],
    ['student of the structure', 403, 403, 403],
    ['parent of a student', 403, 403, 403],
    ['staff of the structure', 403, 403, 403],
  ];
  it.each(table)('%s: list %i, name %i, remove %i', async (name, list, add, remove) => {
    const headers = await as(actors[name]!);
    const listed = await ctx.app.inject({ method: 'GET', url: url(s.structure.id), headers });
    expect(listed.statusCode).toBe(list);
    const named = await ctx.app.inject({ method: 'PUT', url: url(s.structure.id, candidate.id), headers });
    expect(named.statusCode).toBe(add);
    if (add !== 200) {
      expect(named.json().error.code).toBe(add === 404 ? 'NOT_FOUND' : 'FORBIDDEN');
      // Whoever was refused, nothing was written.
      const rows = await ctx.platform.database.db.selectFrom('gar_resp_aff').selectAll().where('structure_id', '=', s.structure.id).execute();
      expect(rows).toEqual([]);
    }
    const removed = await ctx.app.inject({ method: 'DELETE', url: url(s.structure.id, candidate.id), headers });
    expect(removed.statusCode).toBe(remove);
  });
});

describe('GAR responsables d’affectation: naming', () => {
  it('names a staff member once (twice changes nothing), lists him with canManage, and removes him', async () => {
    const headers = await as(s.admc);
    const namings = async () =>
      (await ctx.platform.database.db.selectFrom('audit_log').select('id').where('target_id', '=', candidate.id).where('action', '=', 'gar.respAff.name').execute()).length;
    const before = await namings();
    const first = await ctx.app.inject({ method: 'PUT', url: url(s.structure.id, candidate.id), headers });
    expect(first.statusCode).toBe(200);
    const again = await ctx.app.inject({ method: 'PUT', url: url(s.structure.id, candidate.id), headers });
    expect(again.json()).toEqual(first.json());
    expect(first.json()).toMatchObject({ canManage: true, items: [{ accountId: candidate.id, firstName: 'Inès', email: 'ines.doc@example.org' }] });
    const seenByAdml = await ctx.app.inject({ method: 'GET', url: url(s.structure.id), headers: await as(s.adml) });
    expect(seenByAdml.json()).toMatchObject({ canManage: false, items: [{ accountId: candidate.id }] });
    // Audited once: the second naming changed nothing.
    expect((await namings()) - before).toBe(1);
    const removed = await ctx.app.inject({ method: 'DELETE', url: url(s.structure.id, candidate.id), headers });
    expect(removed.json()).toEqual({ canManage: true, items: [] });
  });

  it.each([
    ['a student', 422, 'GAR_RESP_AFF_NOT_STAFF', () => s.student.id],
    ['a teacher without e-mail', 422, 'GAR_RESP_AFF_NO_EMAIL', () => s.teacher.id],
    ['someone of another structure', 404, 'NOT_FOUND', () => actors['ADML of a neighbouring structure']!.id],
    ['an id that is no UUID', 400, 'VALIDATION_FAILED', () => 'not-a-uuid'],
  ])('refuses %s with %i %s, writing nothing', async (_name, status, code, id) => {
    const response = await ctx.app.inject({ method: 'PUT', url: url(s.structure.id, id()), headers: await as(s.admc) });
    expect(response.statusCode).toBe(status);
    expect(response.json().error.code).toBe(code);
    const rows = await ctx.platform.database.db.selectFrom('gar_resp_aff').selectAll().where('structure_id', '=', s.structure.id).execute();
    expect(rows).toEqual([]);
  });

  it('removing someone who is not one is NOT_FOUND; an unknown structure too', async () => {
    const headers = await as(s.admc);
    expect((await ctx.app.inject({ method: 'DELETE', url: url(s.structure.id, s.teacher.id), headers })).json().error.code).toBe('NOT_FOUND');
    expect((await ctx.app.inject({ method: 'GET', url: url('00000000-0000-4000-8000-000000000000'), headers })).statusCode).toBe(404);
  });
});
