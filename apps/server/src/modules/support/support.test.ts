import { priorityMatrix, ticketImpacts, ticketUrgencies } from '@preau/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createSchool, createStructure, grantAdmin } from '../../../test/factories.ts';
import { type AuthHeaders, loginAs, sessionsOn } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import { AUTO_CLOSE_AFTER_MS, closeStaleResolvedTickets, COMMENT_EVENT, NEW_EVENT, STATUS_EVENT } from './support.service.ts';

/**
 * Support tickets through the API: who reports, who reads, who handles (the area team's technicians, the ADML, the
 * ADMC), the life of a ticket with its notifications, priority and deadlines, internal notes, visits, satisfaction,
 * the ADMC's set-up of technicians, teams and targets, and what is refused.
 */

let ctx: TestContext;
type School = Awaited<ReturnType<typeof createSchool>>;
type Account = { id: string; login: string };
let a: School;
let s2: School;
let c2: School;
let colleague: Account;
/** Technician of the team covering a's structure; of the team covering s2 (same collectivité); of c2's collectivité. */
let tech: Account;
let techOtherArea: Account;
let techC2: Account;
let teamAId: string;
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

  // The ADMC makes two agents technicians and one team per area; c2's ADMC does the same in his collectivité.
  tech = await createAccount(db, { profile: 'COLLECTIVITE', firstName: 'Tom', lastName: 'Technicien' });
  techOtherArea = await createAccount(db, { profile: 'COLLECTIVITE', firstName: 'Inès', lastName: 'Autrezone' });
  techC2 = await createAccount(db, { profile: 'COLLECTIVITE', firstName: 'Karl', lastName: 'Ailleurs' });
  const admc = await as(a.admc);
  const cid = a.structure.collectivite_id;
  for (const account of [tech, techOtherArea]) expect((await call('POST', `/support/collectivites/${cid}/technicians`, admc, { accountId: account.id })).statusCode).toBe(200);
  const teamA = await call('POST', `/support/collectivites/${cid}/teams`, admc, { name: 'Secteur Nord', structureIds: [a.structure.id], technicianIds: [tech.id] });
  expect(teamA.statusCode, teamA.body).toBe(201);
  teamAId = teamA.json().items.find((t: { name: string }) => t.name === 'Secteur Nord').id;
  expect((await call('POST', `/support/collectivites/${cid}/teams`, admc, { name: 'Secteur Sud', structureIds: [s2.structure.id], technicianIds: [techOtherArea.id] })).statusCode).toBe(201);
  const admcC2 = await as(c2.admc);
  expect((await call('POST', `/support/collectivites/${c2.structure.collectivite_id}/technicians`, admcC2, { accountId: techC2.id })).statusCode).toBe(200);
  expect((await call('POST', `/support/collectivites/${c2.structure.collectivite_id}/teams`, admcC2, { name: 'Secteur Nord', structureIds: [c2.structure.id], technicianIds: [techC2.id] })).statusCode).toBe(201);

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

function call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, auth: AuthHeaders, payload?: object) {
  return ctx.app.inject({ method, url: `/api/v1${url}`, headers: { ...auth }, ...(payload ? { payload } : {}) });
}

const fault = { title: 'Le vidéoprojecteur ne s’allume plus', description: 'Voyant rouge clignotant depuis ce matin.\nCours de 10 h sans projection.', room: 'B102', urgency: 'HIGH' };

type Detail = {
  id: string;
  status: string;
  priority: string;
  nextStatuses: string[];
  canHandle: boolean;
  comments: Array<{ body: string; internal: boolean; byHandler: boolean }>;
  assignee: { id: string; name: string } | null;
  teamName: string | null;
  takeDueAt: string | null;
  resolveDueAt: string | null;
  overdue: boolean;
  interventions: Array<{ startsAt: string; technician: { id: string }; equipment: { id: string } | null }>;
  satisfaction: { score: number; comment: string | null } | null;
};

async function openAs(account: { login: string }, body: object = fault, structureId = a.structure.id) {
  const response = await call('POST', `/support/structures/${structureId}/tickets`, await as(account), body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as Detail;
}

async function move(account: { login: string }, ticketId: string, body: object) {
  return call('PUT', `/support/tickets/${ticketId}/status`, await as(account), body);
}

function timelineOf(accountId: string, ticketId?: string) {
  let q = ctx.platform.database.db
    .selectFrom('timeline_events')
    .select(['kind', 'actor_id', 'object_type', 'object_id', 'data'])
    .where('account_id', '=', accountId)
    .where('object_type', '=', 'support_ticket');
  if (ticketId) q = q.where('object_id', '=', ticketId);
  return q.orderBy('id').execute();
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
    ['student of the structure (not allowed by his ADML)', 403, () => a.student],
    ['parent of the structure', 403, () => a.parent],
    ['technician of the area', 404, () => tech],
    ['teacher of another structure', 404, () => s2.teacher],
    ['ADMC of another collectivité', 404, () => c2.admc],
  ] as const;

  it.each(reporters)('as a %s: %i', async (_who, status, account) => {
    const before = await ticketCount();
    const response = await call('POST', `/support/structures/${a.structure.id}/tickets`, await as(account()), { ...fault, equipmentId: projectorId });
    expect(response.statusCode).toBe(status);
    expect(await ticketCount()).toBe(status === 201 ? before + 1 : before);
    if (status === 201) {
      expect(response.json()).toMatchObject({ status: 'NEW', urgency: 'HIGH', impact: 'MEDIUM', priority: 'HIGH', teamName: 'Secteur Nord', assignee: null, room: 'B102', equipment: { id: projectorId, name: 'Vidéoprojecteur B102' }, canHandle: false, nextStatuses: ['CLOSED'] });
    } else {
      expect(response.json().error.code).toBe(status === 403 ? 'FORBIDDEN' : 'NOT_FOUND');
    }
  });

  it('students report once the structure’s ADML allows it, and only in their own structure; only admins change the setting', async () => {
    const url = `/support/structures/${a.structure.id}/settings`;
    const me = async (account: Account) => (await call('GET', '/support/me', await as(account))).json();
    expect(await me(a.student)).toEqual({ reportIn: [], technician: false, technicianCollectiviteIds: [] });
    expect(await me(a.teacher)).toEqual({ reportIn: [{ id: a.structure.id, name: a.structure.name }], technician: false, technicianCollectiviteIds: [] });
    expect(await me(tech)).toEqual({ reportIn: [], technician: true, technicianCollectiviteIds: [a.structure.collectivite_id] });
    expect((await call('GET', url, await as(a.student))).json()).toEqual({ studentsMayReport: false });
    for (const [account, status] of [[a.teacher, 403], [tech, 404], [s2.adml, 404]] as const) {
      expect((await call('PUT', url, await as(account), { studentsMayReport: true })).statusCode).toBe(status);
    }
    expect((await call('GET', url, await as(a.student))).json()).toEqual({ studentsMayReport: false });
    const allowed = await call('PUT', url, await as(a.adml), { studentsMayReport: true });
    expect(allowed.json()).toEqual({ studentsMayReport: true });
    expect(await me(a.student)).toEqual({ reportIn: [{ id: a.structure.id, name: a.structure.name }], technician: false, technicianCollectiviteIds: [] });
    try {
      const ticket = await openAs(a.student, { title: 'La souris de mon poste au CDI ne marche plus', description: 'Poste 3 du CDI.' });
      expect(ticket.status).toBe('NEW');
      // Another structure's setting is its own: c2's student still may not.
      const other = await call('POST', `/support/structures/${c2.structure.id}/tickets`, await as(c2.student), fault);
      expect(other.statusCode).toBe(403);
      // Parents never: the setting is about students.
      expect((await call('POST', `/support/structures/${a.structure.id}/tickets`, await as(a.parent), fault)).statusCode).toBe(403);
    } finally {
      await call('PUT', url, await as(a.adml), { studentsMayReport: false });
    }
    expect((await call('POST', `/support/structures/${a.structure.id}/tickets`, await as(a.student), fault)).statusCode).toBe(403);
  });
});

describe('who reads and who handles a ticket', () => {
  let ticketId: string;
  beforeAll(async () => {
    ticketId = (await openAs(a.teacher, { ...fault, title: `Panne ${Math.random()}` })).id;
    // Taken, so handlers may put it on hold and back (WAITING ⇄ ASSIGNED).
    expect((await move(tech, ticketId, { status: 'ASSIGNED' })).statusCode).toBe(200);
  });

  const table = [
    // who, reads the ticket, changes its status, follows up, writes an internal note, lists the structure's tickets
    ['requester', 200, 409, 201, 403, 403, () => a.teacher],
    ['another teacher of the same school', 404, 404, 404, 404, 403, () => colleague],
    ['student of the structure', 404, 404, 404, 404, 403, () => a.student],
    ['ADML of the structure', 200, 200, 201, 201, 200, () => a.adml],
    ['technician of the area', 200, 200, 201, 201, 404, () => tech],
    ['technician of another area', 404, 404, 404, 404, 404, () => techOtherArea],
    ['ADMC of the collectivité', 200, 200, 201, 201, 200, () => a.admc],
    ['ADML of another structure', 404, 404, 404, 404, 404, () => s2.adml],
    ['teacher of another structure', 404, 404, 404, 404, 404, () => s2.teacher],
    ['ADMC of another collectivité', 404, 404, 404, 404, 404, () => c2.admc],
    ['technician of another collectivité', 404, 404, 404, 404, 404, () => techC2],
  ] as const;

  it.each(table)('as the %s: reads %i, moves %i, follows up %i, notes %i, lists %i', async (_who, reads, moves, follows, notes, lists, account) => {
    const headers = await as(account());
    const read = await call('GET', `/support/tickets/${ticketId}`, headers);
    expect(read.statusCode).toBe(reads);
    if (reads !== 200) expect(read.body).not.toContain('Voyant rouge');
    const current = (await call('GET', `/support/tickets/${ticketId}`, await as(a.adml))).json().status as string;
    const next = current === 'WAITING' ? 'ASSIGNED' : 'WAITING';
    const moved = await call('PUT', `/support/tickets/${ticketId}/status`, headers, { status: next });
    expect(moved.statusCode).toBe(moves);
    if (moves === 200) expect(moved.json().status).toBe(next);
    else expect((await call('GET', `/support/tickets/${ticketId}`, await as(a.adml))).json().status).toBe(current);
    expect((await call('POST', `/support/tickets/${ticketId}/comments`, headers, { body: 'Un mot' })).statusCode).toBe(follows);
    const noteCount = async () => (await call('GET', `/support/tickets/${ticketId}`, await as(a.admc))).json().comments.filter((c: { internal: boolean }) => c.internal).length;
    const notesBefore = await noteCount();
    expect((await call('POST', `/support/tickets/${ticketId}/comments`, headers, { body: 'Note interne', internal: true })).statusCode).toBe(notes);
    expect(await noteCount()).toBe(notes === 201 ? notesBefore + 1 : notesBefore);
    expect((await call('GET', `/support/structures/${a.structure.id}/tickets`, headers)).statusCode).toBe(lists);
  });

  it('the requester never sees the internal notes; the handlers do', async () => {
    const byRequester = (await call('GET', `/support/tickets/${ticketId}`, await as(a.teacher))).json() as Detail;
    expect(byRequester.comments.length).toBeGreaterThan(0);
    expect(byRequester.comments.every((c) => !c.internal)).toBe(true);
    expect(JSON.stringify(byRequester)).not.toContain('Note interne');
    const byTech = (await call('GET', `/support/tickets/${ticketId}`, await as(tech))).json() as Detail;
    expect(byTech.comments.some((c) => c.internal && c.body === 'Note interne')).toBe(true);
    // Nor does an internal note reach his timeline.
    expect((await timelineOf(a.teacher.id, ticketId)).some((e) => JSON.stringify(e.data).includes('Note interne'))).toBe(false);
  });

  it('lists: the team’s queue for its technicians only; the structure’s for its admins; the collectivité’s for its ADMC', async () => {
    const queue = async (account: Account) => (await call('GET', '/support/tickets/team?limit=100', await as(account))).json().items.map((t: { id: string }) => t.id) as string[];
    expect(await queue(tech)).toContain(ticketId);
    expect(await queue(techOtherArea)).not.toContain(ticketId);
    expect(await queue(techC2)).not.toContain(ticketId);
    expect(await queue(a.teacher)).toEqual([]);
    const byAdmc = await call('GET', `/support/collectivites/${a.structure.collectivite_id}/tickets?limit=100`, await as(a.admc));
    expect(byAdmc.json().items.map((t: { id: string }) => t.id)).toContain(ticketId);
    expect((await call('GET', `/support/collectivites/${a.structure.collectivite_id}/tickets`, await as(c2.admc))).statusCode).toBe(404);
    expect((await call('GET', `/support/collectivites/${a.structure.collectivite_id}/tickets`, await as(a.adml))).statusCode).toBe(404);
    expect((await call('GET', `/support/collectivites/${a.structure.collectivite_id}/tickets`, await as(tech))).statusCode).toBe(404);
    const mine = (await call('GET', '/support/tickets/mine', await as(colleague))).json().items.map((t: { id: string }) => t.id);
    expect(mine).not.toContain(ticketId);
  });
});

describe('the life of a ticket', () => {
  it('a technician takes it, plans a visit, puts it on hold, resolves it; the requester closes it with his satisfaction; each step told', async () => {
    const ticket = await openAs(a.teacher, { ...fault, equipmentId: projectorId, impact: 'HIGH' });
    expect(ticket).toMatchObject({ priority: 'HIGH', teamName: 'Secteur Nord', overdue: false });
    // The team's technicians and the structure's ADML hear of a new ticket; the requester does not hear of his own.
    expect((await timelineOf(tech.id, ticket.id)).map((e) => e.kind)).toEqual([NEW_EVENT]);
    expect((await timelineOf(a.adml.id, ticket.id)).map((e) => e.kind)).toEqual([NEW_EVENT]);
    expect(await timelineOf(techOtherArea.id, ticket.id)).toEqual([]);
    expect(await timelineOf(a.teacher.id, ticket.id)).toEqual([]);

    const taken = await move(tech, ticket.id, { status: 'ASSIGNED' });
    expect(taken.statusCode, taken.body).toBe(200);
    expect(taken.json()).toMatchObject({ status: 'ASSIGNED', assignee: { id: tech.id }, canHandle: true, nextStatuses: ['WAITING', 'RESOLVED'] });
    // Again: nothing changes, no one is told twice.
    expect((await move(tech, ticket.id, { status: 'ASSIGNED' })).statusCode).toBe(200);
    const told = { kind: STATUS_EVENT, actor_id: tech.id, object_type: 'support_ticket', object_id: ticket.id, data: { title: fault.title, from: 'NEW', to: 'ASSIGNED' } };
    expect(await timelineOf(a.teacher.id, ticket.id)).toEqual([told]);
    expect((await timelineOf(a.adml.id, ticket.id)).slice(1)).toEqual([told]);

    const startsAt = new Date(ctx.platform.now() + 24 * 3_600_000).toISOString();
    const planned = await call('POST', `/support/tickets/${ticket.id}/interventions`, await as(tech), { startsAt, note: 'Changer la lampe' });
    expect(planned.statusCode, planned.body).toBe(201);
    expect(planned.json()).toMatchObject({ status: 'PLANNED', interventions: [{ startsAt, technician: { id: tech.id }, equipment: { id: projectorId }, note: 'Changer la lampe' }] });
    const agenda = (await call('GET', '/support/interventions/mine', await as(tech))).json().items;
    expect(agenda).toContainEqual(expect.objectContaining({ ticketId: ticket.id, startsAt, room: 'B102', ticketTitle: fault.title }));
    expect((await call('GET', '/support/interventions/mine', await as(techOtherArea))).json().items).toEqual([]);
    expect((await timelineOf(a.teacher.id, ticket.id)).at(-1)?.data).toEqual({ title: fault.title, from: 'ASSIGNED', to: 'PLANNED', startsAt });

    // The lamp replaced during the visit: on the visit and on the projector's history (inventory).
    const visitId = planned.json().interventions[0].id as string;
    const parts = await call('POST', `/support/interventions/${visitId}/parts`, await as(tech), { parts: ['Lampe ELPLP96'] });
    expect(parts.statusCode, parts.body).toBe(201);
    expect(parts.json().interventions[0].parts).toEqual(['Lampe ELPLP96']);
    const history = (await call('GET', `/inventory/equipment/${projectorId}`, await as(a.adml))).json().history as Array<{ kind: string; summary: string }>;
    expect(history).toContainEqual(expect.objectContaining({ kind: 'INTERVENTION', summary: `Pièces remplacées (signalement « ${fault.title} ») : Lampe ELPLP96` }));
    expect((await call('POST', `/support/interventions/${visitId}/parts`, await as(a.teacher), { parts: ['Lampe'] })).statusCode).toBe(403);
    expect((await call('POST', `/support/interventions/${visitId}/parts`, await as(techOtherArea), { parts: ['Lampe'] })).statusCode).toBe(404);
    expect((await call('POST', `/support/interventions/${visitId}/parts`, await as(tech), { parts: [] })).statusCode).toBe(400);

    await call('POST', `/support/tickets/${ticket.id}/comments`, await as(tech), { body: 'Lampe commandée, pas encore livrée.', internal: true });
    const reply = await call('POST', `/support/tickets/${ticket.id}/comments`, await as(tech), { body: 'Je passe demain à 8 h.' });
    expect(reply.statusCode).toBe(201);
    const own = await call('POST', `/support/tickets/${ticket.id}/comments`, await as(a.teacher), { body: 'Merci !' });
    expect(own.json().comments.map((c: { body: string; byHandler: boolean }) => [c.body, c.byHandler])).toEqual([
      ['Je passe demain à 8 h.', true],
      ['Merci !', false],
    ]);
    // The requester's follow-up reaches the technician in charge.
    expect((await timelineOf(tech.id, ticket.id)).at(-1)).toMatchObject({ kind: COMMENT_EVENT, actor_id: a.teacher.id, data: { excerpt: 'Merci !' } });

    // On hold, the time to resolve stops: coming back pushes the deadline by the wait.
    const due = (await call('GET', `/support/tickets/${ticket.id}`, await as(tech))).json().resolveDueAt as string;
    expect((await move(tech, ticket.id, { status: 'WAITING' })).json().status).toBe('WAITING');
    ctx.clock.advance(10 * 60_000);
    const back = (await move(tech, ticket.id, { status: 'ASSIGNED' })).json() as Detail;
    expect(Date.parse(back.resolveDueAt ?? '') - Date.parse(due)).toBe(10 * 60_000);

    const resolved = await move(tech, ticket.id, { status: 'RESOLVED' });
    expect(resolved.json()).toMatchObject({ status: 'RESOLVED', nextStatuses: ['ASSIGNED'] });
    // The technician may not close it, nor give a satisfaction.
    expect((await move(tech, ticket.id, { status: 'CLOSED' })).json().error.code).toBe('SUPPORT_BAD_TRANSITION');
    expect((await move(tech, ticket.id, { status: 'ASSIGNED', satisfaction: 5 })).json().error.code).toBe('SUPPORT_SATISFACTION_REQUESTER');
    const forRequester = (await call('GET', `/support/tickets/${ticket.id}`, await as(a.teacher))).json() as Detail;
    expect(forRequester).toMatchObject({ canHandle: false, nextStatuses: ['ASSIGNED', 'CLOSED'] });
    expect(forRequester.comments.map((c) => c.body)).not.toContain('Lampe commandée, pas encore livrée.');

    const closed = await move(a.teacher, ticket.id, { status: 'CLOSED', satisfaction: 4, satisfactionComment: 'Rapide, merci.' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'CLOSED', nextStatuses: [], satisfaction: { score: 4, comment: 'Rapide, merci.' } });
    expect((await timelineOf(a.teacher.id, ticket.id)).filter((e) => e.kind === STATUS_EVENT).map((e) => (e.data as { to: string }).to)).toEqual([
      'ASSIGNED',
      'PLANNED',
      'WAITING',
      'ASSIGNED',
      'RESOLVED',
    ]);
    // The ADML follows every step, the closing included; the technician hears the requester closed it.
    expect((await timelineOf(a.adml.id, ticket.id)).filter((e) => e.kind === STATUS_EVENT).map((e) => (e.data as { to: string }).to)).toEqual([
      'ASSIGNED',
      'PLANNED',
      'WAITING',
      'ASSIGNED',
      'RESOLVED',
      'CLOSED',
    ]);
    expect((await timelineOf(tech.id, ticket.id)).at(-1)).toMatchObject({ kind: STATUS_EVENT, data: { to: 'CLOSED' } });

    // A closed ticket does not move again: refused with its code, nothing written, no one told.
    const before = (await timelineOf(a.adml.id, ticket.id)).length;
    const reopened = await move(a.adml, ticket.id, { status: 'ASSIGNED' });
    expect(reopened.statusCode).toBe(409);
    expect(reopened.json().error.code).toBe('SUPPORT_BAD_TRANSITION');
    expect((await call('GET', `/support/tickets/${ticket.id}`, await as(a.adml))).json().status).toBe('CLOSED');
    expect(await timelineOf(a.adml.id, ticket.id)).toHaveLength(before);
  });

  it('the requester may reopen a resolved ticket (not fixed) and withdraw a new one; not move one in progress', async () => {
    const ticket = await openAs(a.teacher);
    expect((await move(a.teacher, ticket.id, { status: 'ASSIGNED' })).json().error.code).toBe('SUPPORT_BAD_TRANSITION');
    await move(tech, ticket.id, { status: 'ASSIGNED' });
    expect((await move(a.teacher, ticket.id, { status: 'RESOLVED' })).statusCode).toBe(409);
    await move(tech, ticket.id, { status: 'RESOLVED' });
    const reopened = await move(a.teacher, ticket.id, { status: 'ASSIGNED' });
    expect(reopened.json()).toMatchObject({ status: 'ASSIGNED', assignee: { id: tech.id } });
    const other = await openAs(a.teacher);
    expect((await move(a.teacher, other.id, { status: 'CLOSED' })).json().status).toBe('CLOSED');
  });

  it('an admin hands a ticket to a technician of its team; not to someone else', async () => {
    const ticket = await openAs(a.teacher);
    const detail = (await call('GET', `/support/tickets/${ticket.id}`, await as(a.adml))).json();
    expect(detail.technicians).toEqual([{ id: tech.id, name: 'Tom Technicien' }]);
    for (const outsider of [techOtherArea.id, a.teacher.id, '00000000-0000-4000-8000-000000000000']) {
      const refused = await move(a.adml, ticket.id, { status: 'ASSIGNED', assigneeId: outsider });
      expect(refused.statusCode).toBe(422);
      expect(refused.json().error.code).toBe('SUPPORT_NOT_A_TECHNICIAN');
    }
    expect((await call('GET', `/support/tickets/${ticket.id}`, await as(a.adml))).json()).toMatchObject({ status: 'NEW', assignee: null });
    const assigned = await move(a.adml, ticket.id, { status: 'ASSIGNED', assigneeId: tech.id });
    expect(assigned.json()).toMatchObject({ status: 'ASSIGNED', assignee: { id: tech.id } });
    // A visit for a technician of another team, or for equipment of another school, is refused, nothing written.
    const adml = await as(a.adml);
    const startsAt = new Date(ctx.platform.now() + 3_600_000).toISOString();
    expect((await call('POST', `/support/tickets/${ticket.id}/interventions`, adml, { startsAt, technicianId: techOtherArea.id })).json().error.code).toBe('SUPPORT_NOT_A_TECHNICIAN');
    expect((await call('POST', `/support/tickets/${ticket.id}/interventions`, adml, { startsAt, equipmentId: otherSchoolProjectorId })).json().error.code).toBe('SUPPORT_UNKNOWN_EQUIPMENT');
    expect((await call('POST', `/support/tickets/${ticket.id}/interventions`, adml, { startsAt: 'demain' })).statusCode).toBe(400);
    expect((await call('POST', `/support/tickets/${ticket.id}/interventions`, await as(a.teacher), { startsAt })).statusCode).toBe(403);
    expect((await call('GET', `/support/tickets/${ticket.id}`, adml)).json()).toMatchObject({ status: 'ASSIGNED', interventions: [] });
  });
});

describe('priority and targets', () => {
  it('urgency × impact gives the documented matrix, GLPI’s default read on its levels 2–4', () => {
    const grid = ticketUrgencies.map((u) => ticketImpacts.map((i) => priorityMatrix[u][i]));
    expect(grid).toEqual([
      ['LOW', 'LOW', 'MEDIUM'],
      ['LOW', 'MEDIUM', 'HIGH'],
      ['MEDIUM', 'HIGH', 'HIGH'],
    ]);
  });

  it('the ADMC sets targets per priority; a ticket’s deadlines come from them; past them it is overdue for the team until taken and resolved', async () => {
    const db = ctx.platform.database.db;
    const school = await createSchool(db);
    const cid = school.structure.collectivite_id;
    const admc = await as(school.admc);
    const agent = await createAccount(db, { profile: 'COLLECTIVITE' });
    await call('POST', `/support/collectivites/${cid}/technicians`, admc, { accountId: agent.id });
    await call('POST', `/support/collectivites/${cid}/teams`, admc, { name: 'Équipe unique', structureIds: [school.structure.id], technicianIds: [agent.id] });

    const defaults = (await call('GET', `/support/collectivites/${cid}/targets`, admc)).json();
    expect(defaults.targets).toEqual([
      { priority: 'HIGH', takeMinutes: 240, resolveMinutes: 1440 },
      { priority: 'MEDIUM', takeMinutes: 1440, resolveMinutes: 7200 },
      { priority: 'LOW', takeMinutes: 2880, resolveMinutes: 20160 },
    ]);
    for (const [account, status] of [[school.adml, 404], [agent, 404], [a.admc, 404]] as const) {
      expect((await call('PUT', `/support/collectivites/${cid}/targets`, await as(account), { targets: [{ priority: 'HIGH', takeMinutes: 1, resolveMinutes: 2 }] })).statusCode).toBe(status);
    }
    // Refused: to resolve before taking, twice the same priority.
    for (const targets of [[{ priority: 'HIGH', takeMinutes: 10, resolveMinutes: 5 }], [{ priority: 'HIGH', takeMinutes: 1, resolveMinutes: 2 }, { priority: 'HIGH', takeMinutes: 3, resolveMinutes: 4 }]]) {
      expect((await call('PUT', `/support/collectivites/${cid}/targets`, admc, { targets })).statusCode).toBe(400);
    }
    const set = await call('PUT', `/support/collectivites/${cid}/targets`, admc, { targets: [{ priority: 'HIGH', takeMinutes: 5, resolveMinutes: 30 }] });
    expect(set.json().targets[0]).toEqual({ priority: 'HIGH', takeMinutes: 5, resolveMinutes: 30 });

    const opened = ctx.platform.now();
    const urgent = (await call('POST', `/support/structures/${school.structure.id}/tickets`, await as(school.teacher), { ...fault, urgency: 'HIGH', impact: 'MEDIUM' })).json() as Detail;
    const minor = (await call('POST', `/support/structures/${school.structure.id}/tickets`, await as(school.teacher), { ...fault, urgency: 'LOW', impact: 'LOW' })).json() as Detail;
    expect(urgent).toMatchObject({ priority: 'HIGH', takeDueAt: new Date(opened + 5 * 60_000).toISOString(), resolveDueAt: new Date(opened + 30 * 60_000).toISOString(), overdue: false });
    expect(minor).toMatchObject({ priority: 'LOW', takeDueAt: new Date(opened + 2880 * 60_000).toISOString() });

    const overdue = async () => (await call('GET', '/support/tickets/team?overdue=true', await as(agent))).json().items.map((t: { id: string }) => t.id) as string[];
    expect(await overdue()).toEqual([]);
    ctx.clock.advance(6 * 60_000);
    expect(await overdue()).toEqual([urgent.id]);
    expect((await call('GET', '/support/tickets/team?overdue=false', await as(agent))).json().items.map((t: { id: string }) => t.id)).toEqual([minor.id]);
    expect((await call('GET', `/support/collectivites/${cid}/tickets?overdue=true`, admc)).json().items.map((t: { id: string }) => t.id)).toEqual([urgent.id]);
    // Taken late: no longer overdue on that count; still to resolve within 30 minutes of its opening.
    expect((await move(agent, urgent.id, { status: 'ASSIGNED' })).json().overdue).toBe(false);
    ctx.clock.advance(25 * 60_000);
    expect(await overdue()).toEqual([urgent.id]);
    // On hold, it is not counted overdue (the clock stops), nor once resolved.
    await move(agent, urgent.id, { status: 'WAITING' });
    expect(await overdue()).toEqual([]);
    await move(agent, urgent.id, { status: 'RESOLVED' });
    expect(await overdue()).toEqual([]);
  });
});

describe('the ADMC’s set-up: technicians and teams', () => {
  it('only an active agent of the collectivité becomes a technician; only the ADMC grants it; revoking takes his team seats and his access', async () => {
    const db = ctx.platform.database.db;
    const cid = a.structure.collectivite_id;
    const admc = await as(a.admc);
    for (const account of [a.teacher, await createAccount(db, { profile: 'COLLECTIVITE', activated: false })]) {
      const refused = await call('POST', `/support/collectivites/${cid}/technicians`, admc, { accountId: account.id });
      expect(refused.statusCode).toBe(422);
      expect(refused.json().error.code).toBe('SUPPORT_TECHNICIAN_ACCOUNT');
    }
    const agent = await createAccount(db, { profile: 'COLLECTIVITE', firstName: 'Zoé', lastName: 'Passagère' });
    for (const [account, status] of [[a.adml, 404], [tech, 404], [c2.admc, 404]] as const) {
      expect((await call('POST', `/support/collectivites/${cid}/technicians`, await as(account), { accountId: agent.id })).statusCode).toBe(status);
    }
    expect((await call('POST', `/support/collectivites/${cid}/technicians`, admc, { accountId: agent.id })).json().items.map((t: { id: string }) => t.id)).toContain(agent.id);
    const put = await call('PUT', `/support/teams/${teamAId}`, admc, { name: 'Secteur Nord', structureIds: [a.structure.id], technicianIds: [tech.id, agent.id] });
    expect(put.statusCode, put.body).toBe(200);
    const ticket = await openAs(a.teacher);
    expect((await call('GET', `/support/tickets/${ticket.id}`, await as(agent))).statusCode).toBe(200);

    expect((await call('DELETE', `/support/collectivites/${cid}/technicians/${agent.id}`, admc)).statusCode).toBe(200);
    expect((await call('GET', `/support/tickets/${ticket.id}`, await as(agent))).statusCode).toBe(404);
    const teams = (await call('GET', `/support/collectivites/${cid}/teams`, admc)).json().items;
    expect(teams.find((t: { id: string }) => t.id === teamAId).technicians.map((t: { id: string }) => t.id)).toEqual([tech.id]);
    expect((await call('DELETE', `/support/collectivites/${cid}/technicians/${agent.id}`, admc)).statusCode).toBe(404);
  });

  it.each([
    ['a structure of another collectivité', () => ({ name: 'Équipe X', structureIds: [c2.structure.id], technicianIds: [] }), 422, 'SUPPORT_TEAM_STRUCTURE'],
    ['a technician of another collectivité', () => ({ name: 'Équipe X', structureIds: [], technicianIds: [techC2.id] }), 422, 'SUPPORT_NOT_A_TECHNICIAN'],
    ['someone who is not a technician', () => ({ name: 'Équipe X', structureIds: [], technicianIds: [a.teacher.id] }), 422, 'SUPPORT_NOT_A_TECHNICIAN'],
    ['a structure another team covers', () => ({ name: 'Équipe X', structureIds: [s2.structure.id], technicianIds: [] }), 409, 'SUPPORT_TEAM_CONFLICT'],
    ['the name of another team', () => ({ name: 'secteur nord', structureIds: [], technicianIds: [] }), 409, 'SUPPORT_TEAM_CONFLICT'],
    ['an empty name', () => ({ name: ' ', structureIds: [], technicianIds: [] }), 400, 'VALIDATION_FAILED'],
  ] as const)('a team with %s is refused with its code, nothing written', async (_what, body, status, code) => {
    const cid = a.structure.collectivite_id;
    const before = (await call('GET', `/support/collectivites/${cid}/teams`, await as(a.admc))).json();
    const response = await call('POST', `/support/collectivites/${cid}/teams`, await as(a.admc), body());
    expect(response.statusCode).toBe(status);
    expect(response.json().error.code).toBe(code);
    expect((await call('GET', `/support/collectivites/${cid}/teams`, await as(a.admc))).json()).toEqual(before);
  });

  it('parts cannot be recorded on a visit that concerns no equipment of the register; nothing written', async () => {
    const ticket = await openAs(a.teacher, { ...fault, equipmentId: undefined });
    const planned = await call('POST', `/support/tickets/${ticket.id}/interventions`, await as(tech), { startsAt: new Date(ctx.platform.now() + 3_600_000).toISOString() });
    const visitId = planned.json().interventions[0].id as string;
    const refused = await call('POST', `/support/interventions/${visitId}/parts`, await as(tech), { parts: ['Câble HDMI'] });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('SUPPORT_NO_EQUIPMENT');
    expect((await call('GET', `/support/tickets/${ticket.id}`, await as(tech))).json().interventions[0].parts).toEqual([]);
    expect((await call('POST', '/support/interventions/00000000-0000-4000-8000-000000000000/parts', await as(tech), { parts: ['x'] })).statusCode).toBe(404);
  });

  it('a structure no team covers: its tickets go to no team, its admins handle them', async () => {
    const db = ctx.platform.database.db;
    const school = await createSchool(db);
    const ticket = (await call('POST', `/support/structures/${school.structure.id}/tickets`, await as(school.teacher), fault)).json() as Detail;
    expect(ticket).toMatchObject({ teamName: null });
    expect((await move(school.adml, ticket.id, { status: 'ASSIGNED' })).json()).toMatchObject({ status: 'ASSIGNED', assignee: { id: school.adml.id } });
  });
});

describe('knowledge base', () => {
  it('technicians publish answers; a requester finds them as he types his title (accents ignored, every word), only his collectivité’s', async () => {
    const cid = a.structure.collectivite_id;
    const answer = { title: 'Le vidéoprojecteur ne s’allume plus', body: 'Vérifiez que la multiprise est allumée.\nAppuyez 3 s sur le bouton Power.' };
    for (const [account, status] of [[a.teacher, 404], [a.adml, 404], [techC2, 404]] as const) {
      expect((await call('POST', `/support/collectivites/${cid}/answers`, await as(account), answer)).statusCode).toBe(status);
    }
    const published = await call('POST', `/support/collectivites/${cid}/answers`, await as(tech), answer);
    expect(published.statusCode, published.body).toBe(201);
    expect(published.json()).toMatchObject({ title: answer.title, body: answer.body, authorName: 'Tom Technicien' });
    await call('POST', `/support/collectivites/${c2.structure.collectivite_id}/answers`, await as(techC2), { title: 'Videoprojecteur eteint', body: 'Autre région.' });

    const search = async (account: Account, q: string, structureId = a.structure.id) => call('GET', `/support/structures/${structureId}/answers?q=${encodeURIComponent(q)}`, await as(account));
    expect((await search(a.teacher, 'videoprojecteur s allume')).json().items.map((i: { title: string }) => i.title)).toEqual([answer.title]);
    expect((await search(a.teacher, 'imprimante')).json().items).toEqual([]);
    expect((await search(a.teacher, 'le vidéo')).json().items.map((i: { title: string }) => i.title)).toEqual([answer.title]);
    expect((await search(a.teacher, 'ab')).statusCode).toBe(400);
    // Those who may not report there do not search there.
    expect((await search(a.student, 'videoprojecteur')).statusCode).toBe(403);
    expect((await search(s2.teacher, 'videoprojecteur')).statusCode).toBe(404);
    expect((await call('GET', `/support/collectivites/${cid}/answers`, await as(tech))).json().items.map((i: { title: string }) => i.title)).toContain(answer.title);
  });
});

describe('editing an answer of the knowledge base', () => {
  it('any technician of its collectivité or its ADMC rewrites it, the search follows; the others cannot; bad input changes nothing', async () => {
    const cid = a.structure.collectivite_id;
    const published = await call('POST', `/support/collectivites/${cid}/answers`, await as(tech), { title: 'Imprimante bloquée', body: 'Éteindre, ouvrir le capot.' });
    expect(published.statusCode).toBe(201);
    const id = published.json().id as string;
    const edit = async (account: Account, body: object) => call('PUT', `/support/answers/${id}`, await as(account), body);
    // who, status
    const table = [
      [a.teacher, 404],
      [a.adml, 404],
      [colleague, 404],
      [techC2, 404],
      [c2.admc, 404],
    ] as const;
    for (const [account, status] of table) expect((await edit(account, { title: 'Piraté', body: 'Non.' })).statusCode).toBe(status);
    const byColleague = await edit(techOtherArea, { title: 'Imprimante bloquée (bourrage papier)', body: 'Éteindre, ouvrir le capot, retirer la feuille.' });
    expect(byColleague.statusCode, byColleague.body).toBe(200);
    // The author and date stay the first publisher's.
    expect(byColleague.json()).toMatchObject({ id, title: 'Imprimante bloquée (bourrage papier)', authorName: 'Tom Technicien', createdAt: published.json().createdAt });
    expect((await edit(a.admc, { title: 'Imprimante bloquée (bourrage papier)', body: 'Éteindre, ouvrir le capot, retirer la feuille doucement.' })).statusCode).toBe(200);
    const found = await call('GET', `/support/structures/${a.structure.id}/answers?q=${encodeURIComponent('bourrage')}`, await as(a.teacher));
    expect(found.json().items.map((i: { id: string }) => i.id)).toEqual([id]);
    for (const bad of [{ title: '\u202E\u200B', body: 'x' }, { title: 'Titre', body: '' }, { title: 'Titre' }, { title: 'Titre', body: 'x', authorId: tech.id }]) {
      expect((await edit(tech, bad)).statusCode).toBe(400);
    }
    expect((await call('PUT', '/support/answers/00000000-0000-4000-8000-000000000000', await as(tech), { title: 'x', body: 'y' })).statusCode).toBe(404);
    const after = (await call('GET', `/support/collectivites/${cid}/answers`, await as(tech))).json().items.find((i: { id: string }) => i.id === id);
    expect(after.body).toBe('Éteindre, ouvrir le capot, retirer la feuille doucement.');
  });
});

describe('bad input', () => {
  it.each([
    ['an unknown equipment', () => ({ ...fault, equipmentId: '00000000-0000-4000-8000-000000000000' }), 422, 'SUPPORT_UNKNOWN_EQUIPMENT'],
    ['equipment of another school', () => ({ ...fault, equipmentId: otherSchoolProjectorId }), 422, 'SUPPORT_UNKNOWN_EQUIPMENT'],
    ['an empty title', () => ({ ...fault, title: '   ' }), 400, 'VALIDATION_FAILED'],
    ['no description', () => ({ title: 'Panne' }), 400, 'VALIDATION_FAILED'],
    ['an unknown urgency', () => ({ ...fault, urgency: 'CRITICAL' }), 400, 'VALIDATION_FAILED'],
    ['an unknown impact', () => ({ ...fault, impact: 'REGION' }), 400, 'VALIDATION_FAILED'],
    ['a priority of one’s own', () => ({ ...fault, priority: 'HIGH' }), 400, 'VALIDATION_FAILED'],
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

  it('an empty comment, a satisfaction out of 1–5 or from someone else are refused, nothing written', async () => {
    const ticket = await openAs(a.teacher);
    expect((await call('POST', `/support/tickets/${ticket.id}/comments`, await as(a.teacher), { body: ' ' })).statusCode).toBe(400);
    await move(tech, ticket.id, { status: 'ASSIGNED' });
    await move(tech, ticket.id, { status: 'RESOLVED' });
    expect((await move(a.teacher, ticket.id, { status: 'CLOSED', satisfaction: 6 })).statusCode).toBe(400);
    expect((await move(a.adml, ticket.id, { status: 'CLOSED', satisfaction: 5 })).json().error.code).toBe('SUPPORT_SATISFACTION_REQUESTER');
    expect((await call('GET', `/support/tickets/${ticket.id}`, await as(a.teacher))).json()).toMatchObject({ status: 'RESOLVED', satisfaction: null, comments: [] });
    expect((await call('GET', `/support/structures/${a.structure.id}/tickets?cursor=garbage`, await as(a.adml))).statusCode).toBe(400);
  });
});

describe('closing by itself', () => {
  // Last in the file: it moves the clock a week on.
  it('a ticket resolved a week ago that its requester left closes itself, and he is told; one resolved since stays', async () => {
    const old = await openAs(a.staff, { ...fault, title: 'Imprimante bloquée' });
    await move(tech, old.id, { status: 'ASSIGNED' });
    await move(tech, old.id, { status: 'RESOLVED' });
    ctx.clock.advance(AUTO_CLOSE_AFTER_MS - 60_000);
    // A week on, the sessions of the file have expired: fresh ones.
    const staff = await loginAs(ctx.app, a.staff.login);
    const technician = await loginAs(ctx.app, tech.login);
    const recent = (await call('POST', `/support/structures/${a.structure.id}/tickets`, staff, { ...fault, title: 'Scanner bloqué' })).json() as Detail;
    expect((await call('PUT', `/support/tickets/${recent.id}/status`, technician, { status: 'ASSIGNED' })).statusCode).toBe(200);
    expect((await call('PUT', `/support/tickets/${recent.id}/status`, technician, { status: 'RESOLVED' })).statusCode).toBe(200);
    ctx.clock.advance(2 * 60_000);

    expect(await closeStaleResolvedTickets(ctx.platform)).toBeGreaterThanOrEqual(1);
    const status = async (id: string) => (await ctx.platform.database.db.selectFrom('support_tickets').select(['status', 'closed_at']).where('id', '=', id).executeTakeFirstOrThrow()).status;
    expect(await status(old.id)).toBe('CLOSED');
    expect(await status(recent.id)).toBe('RESOLVED');
    expect((await timelineOf(a.staff.id, old.id)).at(-1)).toMatchObject({ kind: STATUS_EVENT, actor_id: null, data: { from: 'RESOLVED', to: 'CLOSED', automatic: true } });
    // Run again: nothing more to close, nothing told twice.
    const told = (await timelineOf(a.staff.id, old.id)).length;
    await closeStaleResolvedTickets(ctx.platform);
    expect(await timelineOf(a.staff.id, old.id)).toHaveLength(told);
  });
});
