import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createSchool } from '../../../test/factories.ts';
import { type AuthHeaders, sessionsOn } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';

/** The structure's orientation calendar: set by the direction, shown in students' and parents' timeline. */

let ctx: TestContext;
let a: Awaited<ReturnType<typeof createSchool>>;
let b: Awaited<ReturnType<typeof createSchool>>;
let head: { id: string; login: string };
let otherHead: { id: string; login: string };
const as = sessionsOn(() => ctx.app);

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.platform.database.db;
  a = await createSchool(db);
  b = await createSchool(db);
  head = await createAccount(db, { profile: 'PERSONNEL', staffFunction: 'DIR', firstName: 'Agnès', structureIds: [a.structure.id] });
  otherHead = await createAccount(db, { profile: 'PERSONNEL', staffFunction: 'DIR', firstName: 'Bruno', structureIds: [b.structure.id] });
});
afterAll(async () => {
  await ctx?.close();
});

function call(method: 'GET' | 'POST' | 'DELETE', url: string, auth: AuthHeaders, payload?: object) {
  return ctx.app.inject({ method, url: `/api/v1${url}`, headers: { ...auth }, ...(payload ? { payload } : {}) });
}

async function timelineKinds(who: { login: string }) {
  const page = (await call('GET', '/timeline', await as(who))).json() as { items: { kind: string; data: { label?: string } }[] };
  return page.items.filter((i) => i.kind === 'orientation.deadline').map((i) => i.data.label);
}

describe('orientation calendar', () => {
  const deadline = { dueOn: '2027-03-12', label: 'Saisie des vœux Parcoursup' };

  it.each([
    ['student', 403],
    ['parent', 403],
    ['teacher', 403],
    ['staff', 403],
    ['otherHead', 404],
  ] as const)('a %s may not set a date (%i)', async (who, status) => {
    const account = who === 'otherHead' ? otherHead : a[who];
    const response = await call('POST', `/orientation/structures/${a.structure.id}/deadlines`, await as(account), deadline);
    expect(response.statusCode).toBe(status);
  });

  it('the head sets a date; the structure’s students and parents see it in their timeline, nobody else', async () => {
    const response = await call('POST', `/orientation/structures/${a.structure.id}/deadlines`, await as(head), deadline);
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject(deadline);
    expect(await timelineKinds(a.student)).toEqual([deadline.label]);
    expect(await timelineKinds(a.parent)).toEqual([deadline.label]);
    expect(await timelineKinds(a.teacher)).toEqual([]);
    expect(await timelineKinds(b.student)).toEqual([]);
    const list = await call('GET', `/orientation/structures/${a.structure.id}/deadlines`, await as(a.student));
    expect(list.json().items).toEqual([{ id: response.json().id, ...deadline }]);
    expect((await call('GET', `/orientation/structures/${a.structure.id}/deadlines`, await as(b.student))).statusCode).toBe(404);
  });

  it('the ADML may set a date too; a bad date is refused', async () => {
    const response = await call('POST', `/orientation/structures/${a.structure.id}/deadlines`, await as(a.adml), { dueOn: '2027-02-30', label: 'x' });
    expect(response.statusCode).toBe(400);
    expect((await call('POST', `/orientation/structures/${a.structure.id}/deadlines`, await as(a.adml), { dueOn: '2027-01-15', label: 'Conseil de classe' })).statusCode).toBe(201);
  });

  it('each member reads his structure’s calendar; the direction and the ADML may set it', async () => {
    const calendars = async (who: { login: string }) =>
      ((await call('GET', '/orientation/calendars', await as(who))).json() as { items: { structure: { id: string }; canEdit: boolean; deadlines: { label: string }[] }[] }).items;
    for (const [who, canEdit] of [[a.student, false], [a.parent, false], [a.teacher, false], [head, true], [a.adml, true]] as const) {
      const mine = await calendars(who);
      expect(mine.map((c) => [c.structure.id, c.canEdit])).toEqual([[a.structure.id, canEdit]]);
      expect(mine[0]!.deadlines.map((d) => d.label)).toContain('Saisie des vœux Parcoursup');
    }
    expect((await calendars(b.student)).map((c) => c.structure.id)).toEqual([b.structure.id]);
    expect((await calendars(otherHead))[0]!.deadlines).toEqual([]);
  });

  it('the head takes a date out: gone from the calendar, students and parents told it is cancelled; others may not', async () => {
    const created = (await call('POST', `/orientation/structures/${a.structure.id}/deadlines`, await as(head), { dueOn: '2027-05-20', label: 'Réunion annulée' })).json() as { id: string };
    for (const [who, status] of [[a.student, 403], [a.parent, 403], [a.teacher, 403], [a.staff, 403], [otherHead, 404], [b.adml, 404]] as const) {
      expect((await call('DELETE', `/orientation/deadlines/${created.id}`, await as(who))).statusCode).toBe(status);
    }
    expect((await call('DELETE', `/orientation/deadlines/${created.id}`, await as(head))).statusCode).toBe(204);
    const list = (await call('GET', `/orientation/structures/${a.structure.id}/deadlines`, await as(a.student))).json() as { items: { id: string }[] };
    expect(list.items.map((d) => d.id)).not.toContain(created.id);
    const page = (await call('GET', '/timeline', await as(a.parent))).json() as { items: { kind: string; data: { label?: string } }[] };
    expect(page.items.filter((i) => i.kind === 'orientation.deadline-cancelled').map((i) => i.data.label)).toEqual(['Réunion annulée']);
    expect((await call('DELETE', `/orientation/deadlines/${created.id}`, await as(head))).statusCode).toBe(404);
  });
});
