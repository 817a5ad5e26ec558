import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createSchool, createStructure, grantAdmin } from '../../../test/factories.ts';
import { type AuthHeaders, sessionsOn } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import { COMMENT_EVENT, STATUS_EVENT } from './support.service.ts';

/** Support tickets through the API: who reports, who reads, who handles, what the author is told, what is refused. */

let ctx: TestContext;
type School = Awaited<ReturnType<typeof createSchool>>;
let a: School;
let s2: School;
let c2: School;
let colleague: { id: string; login: string };
let projectorId: string;
let otherSchoolProjectorId: string;
const as = sessionsOn(() => ctx.app);

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.platform.database.db;
  a = await createSchool(db);
  // Another teacher of the same school: he may report faults too, but sees nothing of someone else's ticket.
  colleague = await createAccount(db, { profile: 'ENSEIGNANT', structureIds: [a.structure.id] });
  // Another structure of the same collectivité, with its own ADML and teacher.
  const structure2 = await createStructure(db, { collectiviteId: a.structure.collectivite_id });
  const adml2 = await createAccount(db, { profile: 'PERSONNEL', structureIds: [structure2.id] });
  await grantAdmin(db, adml2.id, { adml: structure2.id });
  const teacher2 = await createAccount(db, { profile: 'ENSEIGNANT', structureIds: [structure2.id] });
  s2 = { ...a, structure: structure2, adml: adml2, teacher: teacher2 };
  c2 = await createSchool(db);

  const projector = await call('POST', `/inventory/structures/${a.structure.id}/equipment`, await as(a.adml), { kind: 'PROJECTOR', name: 'Vidéoprojecteur B102', room: 'B102' });
  expect(projector.statusCode, projector.body).toBe(201);
  projectorId = projector.json().id;
  const other = await call('POST', `/inventory/structures/${s2.structure.id}/equipment`, await as(s2.adml), { kind: 'PROJECTOR', name: 'Vidéoprojecteur A001' });
  expect(other.statusCode, other.body).toBe(201);
  otherSchoolProjectorId = other.json().id;
});
afterAll(async () => {
  await ctx?.close();
});

function call(method: 'GET' | 'POST' | 'PUT', url: string, auth: AuthHeaders, payload?: object) {
  return ctx.app.inject({ method, url: `/api/v1${url}`, headers: { ...auth }, ...(payload ? { payload } : {}) });
}

const fault = { title: 'Le vidéoprojecteur ne s’allume plus', description: 'Voyant rouge clignotant depuis ce matin.\nCours de 10 h sans projection.', room: 'B102', urgency: 'HIGH' };

async function openAs(account: { login: string }, body: object = fault) {
  const response = await call('POST', `/support/structures/${a.structure.id}/tickets`, await as(account), body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; status: string; nextStatuses: string[]; canHandle: boolean; comments: unknown[] };
}

function timelineOf(accountId: string) {
  return ctx.platform.database.db
    .selectFrom('timeline_events')
    .select(['kind', 'actor_id', 'object_type', 'object_id', 'data'])
    .where('account_id', '=', accountId)
    .where('object_type', '=', 'support_ticket')
    .orderBy('id')
    .execute();
}

async function ticketCount() {
  const row = await ctx.platform.database.db.selectFrom('support_tickets').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('who reports a fault', () => {
  // Students and parents are members of the structure: they learn they may not (403); outsiders do not see it (404).
  const reporters = [
    ['teacher of the structure', 201, () => a.teacher],
    ['staff of the structure', 201, () => a.staff],
    ['student of the structure', 403, () => a.student],
    ['parent of the structure', 403, () => a.parent],
    ['teacher of another structure', 404, () => s2.teacher],
    ['ADMC of another collectivité', 404, () => c2.admc],
  ] as const;

  it.each(reporters)('as a %s: %i', async (_who, status, account) => {
    const before = await ticketCount();
    const response = await call('POST', `/support/structures/${a.structure.id}/tickets`, await as(account()), { ...fault, equipmentId: projectorId });
    expect(response.statusCode).toBe(status);
    expect(await ticketCount()).toBe(status === 201 ? before + 1 : before);
    if (status === 201) {
      expect(response.json()).toMatchObject({ status: 'NEW', urgency: 'HIGH', room: 'B102', equipment: { id: projectorId, name: 'Vidéoprojecteur B102' }, canHandle: false, nextStatuses: [] });
    } else {
      expect(response.json().error.code).toBe(status === 403 ? 'FORBIDDEN' : 'NOT_FOUND');
    }
  });
});

describe('who reads and who handles a ticket', () => {
  let ticketId: string;
  beforeAll(async () => {
    ticketId = (await openAs(a.teacher, { ...fault, title: `Panne ${Math.random()}` })).id;
  });

  const table = [
    // who, reads the ticket, changes its status, comments, lists the structure's tickets (members of the structure know it exists: 403)
    ['author', 200, 403, 201, 403, () => a.teacher],
    ['another teacher of the same school', 404, 404, 404, 403, () => colleague],
    ['student of the structure', 404, 404, 404, 403, () => a.student],
    ['ADML of the structure', 200, 200, 201, 200, () => a.adml],
    ['ADMC of the collectivité', 200, 200, 201, 200, () => a.admc],
    ['ADML of another structure', 404, 404, 404, 404, () => s2.adml],
    ['teacher of another structure', 404, 404, 404, 404, () => s2.teacher],
    ['ADMC of another collectivité', 404, 404, 404, 404, () => c2.admc],
    ['ADML of another collectivité', 404, 404, 404, 404, () => c2.adml],
  ] as const;

  it.each(table)('as the %s: reads %i, changes the status %i, comments %i, lists %i', async (_who, reads, handles, comments, lists, account) => {
    const headers = await as(account());
    const read = await call('GET', `/support/tickets/${ticketId}`, headers);
    expect(read.statusCode).toBe(reads);
    if (reads !== 200) expect(read.body).not.toContain('Voyant rouge');
    // Back and forth between IN_PROGRESS and RESOLVED, so each handler really moves it.
    const current = (await call('GET', `/support/tickets/${ticketId}`, await as(a.adml))).json().status as string;
    const next = current === 'IN_PROGRESS' ? 'RESOLVED' : 'IN_PROGRESS';
    const moved = await call('PUT', `/support/tickets/${ticketId}/status`, headers, { status: next });
    expect(moved.statusCode).toBe(handles);
    if (handles === 200) expect(moved.json().status).toBe(next);
    const commented = await call('POST', `/support/tickets/${ticketId}/comments`, headers, { body: 'Un mot' });
    expect(commented.statusCode).toBe(comments);
    const list = await call('GET', `/support/structures/${a.structure.id}/tickets`, headers);
    expect(list.statusCode).toBe(lists);
  });

  it('the structure’s list is for its handlers; the collectivité’s for its ADMC, nothing of another one', async () => {
    const byAdml = await call('GET', `/support/structures/${a.structure.id}/tickets`, await as(a.adml));
    expect(byAdml.json().items.map((t: { id: string }) => t.id)).toContain(ticketId);
    const byAdmc = await call('GET', `/support/collectivites/${a.structure.collectivite_id}/tickets`, await as(a.admc));
    expect(byAdmc.statusCode).toBe(200);
    expect(byAdmc.json().items.map((t: { id: string }) => t.id)).toContain(ticketId);
    expect((await call('GET', `/support/collectivites/${a.structure.collectivite_id}/tickets`, await as(c2.admc))).statusCode).toBe(404);
    expect((await call('GET', `/support/collectivites/${a.structure.collectivite_id}/tickets`, await as(a.adml))).statusCode).toBe(404);
    expect((await call('GET', `/support/collectivites/${c2.structure.collectivite_id}/tickets`, await as(c2.admc))).json().items.map((t: { id: string }) => t.id)).not.toContain(ticketId);
  });

  it('“mine” lists only the caller’s own tickets', async () => {
    const mine = (await call('GET', '/support/tickets/mine', await as(a.teacher))).json().items.map((t: { id: string }) => t.id);
    expect(mine).toContain(ticketId);
    const theirs = (await call('GET', '/support/tickets/mine', await as(colleague))).json().items.map((t: { id: string }) => t.id);
    expect(theirs).not.toContain(ticketId);
  });
});

describe('following a ticket', () => {
  it('each status change and each handler’s comment reaches the author’s timeline; nothing when nothing changed', async () => {
    const ticket = await openAs(a.staff, { ...fault, title: 'Imprimante de la salle des profs bloquée', equipmentId: undefined, room: 'Salle des profs' });
    const adml = await as(a.adml);
    expect(await timelineOf(a.staff.id)).toEqual([]);

    const taken = await call('PUT', `/support/tickets/${ticket.id}/status`, adml, { status: 'IN_PROGRESS' });
    expect(taken.statusCode).toBe(200);
    expect(taken.json()).toMatchObject({ status: 'IN_PROGRESS', canHandle: true, nextStatuses: ['RESOLVED', 'CLOSED'] });
    const again = await call('PUT', `/support/tickets/${ticket.id}/status`, adml, { status: 'IN_PROGRESS' });
    expect(again.statusCode).toBe(200);
    expect(await timelineOf(a.staff.id)).toEqual([
      { kind: STATUS_EVENT, actor_id: a.adml.id, object_type: 'support_ticket', object_id: ticket.id, data: { title: 'Imprimante de la salle des profs bloquée', from: 'NEW', to: 'IN_PROGRESS' } },
    ]);

    const reply = await call('POST', `/support/tickets/${ticket.id}/comments`, adml, { body: 'Bourrage retiré, toner commandé.' });
    expect(reply.statusCode).toBe(201);
    const own = await call('POST', `/support/tickets/${ticket.id}/comments`, await as(a.staff), { body: 'Merci !' });
    expect(own.json().comments.map((c: { body: string; byHandler: boolean }) => [c.body, c.byHandler])).toEqual([
      ['Bourrage retiré, toner commandé.', true],
      ['Merci !', false],
    ]);
    const events = await timelineOf(a.staff.id);
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({ kind: COMMENT_EVENT, actor_id: a.adml.id, object_id: ticket.id, data: { title: 'Imprimante de la salle des profs bloquée', excerpt: 'Bourrage retiré, toner commandé.' } });

    const resolved = await call('PUT', `/support/tickets/${ticket.id}/status`, await as(a.admc), { status: 'RESOLVED' });
    expect(resolved.json().status).toBe('RESOLVED');
    const closed = await call('PUT', `/support/tickets/${ticket.id}/status`, adml, { status: 'CLOSED' });
    expect(closed.json()).toMatchObject({ status: 'CLOSED', nextStatuses: [] });
    expect((await timelineOf(a.staff.id)).map((e) => (e.data as { to?: string }).to ?? e.kind)).toEqual(['IN_PROGRESS', COMMENT_EVENT, 'RESOLVED', 'CLOSED']);

    // A closed ticket does not move again: refused with its code, nothing written, no one told.
    const reopened = await call('PUT', `/support/tickets/${ticket.id}/status`, adml, { status: 'IN_PROGRESS' });
    expect(reopened.statusCode).toBe(409);
    expect(reopened.json().error.code).toBe('SUPPORT_BAD_TRANSITION');
    expect((await call('GET', `/support/tickets/${ticket.id}`, adml)).json().status).toBe('CLOSED');
    expect(await timelineOf(a.staff.id)).toHaveLength(4);
  });

  it('a new ticket cannot jump to RESOLVED; an unknown status is refused by the contract', async () => {
    const ticket = await openAs(a.teacher);
    const jump = await call('PUT', `/support/tickets/${ticket.id}/status`, await as(a.adml), { status: 'RESOLVED' });
    expect(jump.statusCode).toBe(409);
    expect(jump.json().error.code).toBe('SUPPORT_BAD_TRANSITION');
    const unknown = await call('PUT', `/support/tickets/${ticket.id}/status`, await as(a.adml), { status: 'ASSIGNED' });
    expect(unknown.statusCode).toBe(400);
  });

  it('lists filter by status and go by pages, newest first, each ticket once', async () => {
    const db = ctx.platform.database.db;
    const school = await createSchool(db);
    const opened: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await call('POST', `/support/structures/${school.structure.id}/tickets`, await as(school.teacher), { ...fault, title: `Panne ${i}` });
      expect(r.statusCode).toBe(201);
      opened.push(r.json().id);
    }
    const adml = await as(school.adml);
    await call('PUT', `/support/tickets/${opened[1]}/status`, adml, { status: 'IN_PROGRESS' });
    const base = `/support/structures/${school.structure.id}/tickets`;
    const inProgress = (await call('GET', `${base}?status=IN_PROGRESS`, adml)).json().items.map((t: { id: string }) => t.id);
    expect(inProgress).toEqual([opened[1]]);

    const all = (await call('GET', `${base}?limit=100`, adml)).json().items.map((t: { id: string }) => t.id) as string[];
    expect(new Set(all)).toEqual(new Set(opened));
    const first = (await call('GET', `${base}?limit=3`, adml)).json();
    expect(first.items).toHaveLength(3);
    const second = (await call('GET', `${base}?limit=3&cursor=${first.nextCursor}`, adml)).json();
    expect([...first.items, ...second.items].map((t: { id: string }) => t.id)).toEqual(all);
    expect(second.nextCursor).toBeNull();
    const mine = (await call('GET', '/support/tickets/mine?limit=2', await as(school.teacher))).json();
    expect(mine.items).toHaveLength(2);
    expect(mine.nextCursor).not.toBeNull();
    expect((await call('GET', `${base}?cursor=garbage`, adml)).statusCode).toBe(400);
  });
});

describe('bad input', () => {
  it.each([
    ['an unknown equipment', () => ({ ...fault, equipmentId: '00000000-0000-4000-8000-000000000000' }), 422, 'SUPPORT_UNKNOWN_EQUIPMENT'],
    ['equipment of another school', () => ({ ...fault, equipmentId: otherSchoolProjectorId }), 422, 'SUPPORT_UNKNOWN_EQUIPMENT'],
    ['an empty title', () => ({ ...fault, title: '   ' }), 400, 'VALIDATION_FAILED'],
    ['no description', () => ({ title: 'Panne' }), 400, 'VALIDATION_FAILED'],
    ['an unknown urgency', () => ({ ...fault, urgency: 'CRITICAL' }), 400, 'VALIDATION_FAILED'],
    ['an unknown field', () => ({ ...fault, priority: 1 }), 400, 'VALIDATION_FAILED'],
    ['a control character in the title', () => ({ ...fault, title: 'Panne\u0007' }), 400, 'VALIDATION_FAILED'],
    ['a title of invisible characters only', () => ({ ...fault, title: '\u202E\u200B' }), 400, 'VALIDATION_FAILED'],
  ] as const)('%s is refused with its code, nothing written', async (_what, body, status, code) => {
    const before = await ticketCount();
    const response = await call('POST', `/support/structures/${a.structure.id}/tickets`, await as(a.teacher), body());
    expect(response.statusCode).toBe(status);
    expect(response.json().error.code).toBe(code);
    expect(await ticketCount()).toBe(before);
  });

  it('direction controls do not reach what others read; line breaks stay', async () => {
    const ticket = await call('POST', `/support/structures/${a.structure.id}/tickets`, await as(a.teacher), {
      title: 'Panne \u202Egnp.exe',
      description: 'Première ligne\u202E\nDeuxième ligne',
    });
    expect(ticket.statusCode).toBe(201);
    expect(ticket.json()).toMatchObject({ title: 'Panne gnp.exe', description: 'Première ligne\nDeuxième ligne' });
  });

  it('an empty comment is refused', async () => {
    const ticket = await openAs(a.teacher);
    const response = await call('POST', `/support/tickets/${ticket.id}/comments`, await as(a.teacher), { body: ' ' });
    expect(response.statusCode).toBe(400);
    expect((await call('GET', `/support/tickets/${ticket.id}`, await as(a.teacher))).json().comments).toEqual([]);
  });
});
