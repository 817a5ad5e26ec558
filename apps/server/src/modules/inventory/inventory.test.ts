import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createSchool, createStructure, grantAdmin } from '../../../test/factories.ts';
import { type AuthHeaders, sessionsOn } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import { recordInventory } from './agent.service.ts';
import { readInventory } from './agent-protocol.ts';

/** The equipment register through the API: who reads, who keeps it, its views, enrolments, the region's totals. */

let ctx: TestContext;
let a: Awaited<ReturnType<typeof createSchool>>;
let s2: Awaited<ReturnType<typeof createSchool>>;
let c2: Awaited<ReturnType<typeof createSchool>>;
const as = sessionsOn(() => ctx.app);

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.platform.database.db;
  a = await createSchool(db);
  // Another structure of the same collectivité, with its own ADML.
  const structure2 = await createStructure(db, { collectiviteId: a.structure.collectivite_id });
  const adml2 = await createAccount(db, { profile: 'PERSONNEL', structureIds: [structure2.id] });
  await grantAdmin(db, adml2.id, { adml: structure2.id });
  const teacher2 = await createAccount(db, { profile: 'ENSEIGNANT', structureIds: [structure2.id] });
  s2 = { ...a, structure: structure2, adml: adml2, teacher: teacher2 };
  c2 = await createSchool(db);
});
afterAll(async () => {
  await ctx?.close();
});

function call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, auth: AuthHeaders, payload?: object) {
  return ctx.app.inject({ method, url: `/api/v1${url}`, headers: { ...auth }, ...(payload ? { payload } : {}) });
}

const projector = { kind: 'PROJECTOR', name: 'Vidéoprojecteur B102', building: 'B', room: 'B102', serial: 'EPS-X49-0012', manufacturer: 'Epson', model: 'EB-X49', purchasedOn: '2022-09-01', warrantyEndsOn: '2027-01-31' };

describe('who reads and who keeps a structure’s register', () => {
  let equipmentId: string;
  beforeAll(async () => {
    const created = await call('POST', `/inventory/structures/${a.structure.id}/equipment`, await as(a.adml), projector);
    expect(created.statusCode, created.body).toBe(201);
    equipmentId = created.json().id;
  });

  // Members of the structure who are not staff know it exists (403); outsiders do not (404).
  const readers = [
    ['teacher of the structure', 200, () => a.teacher],
    ['staff of the structure', 200, () => a.staff],
    ['ADML of the structure', 200, () => a.adml],
    ['ADMC of the collectivité', 200, () => a.admc],
    ['student of the structure', 403, () => a.student],
    ['parent of the structure', 403, () => a.parent],
    ['teacher of another structure', 404, () => s2.teacher],
    ['ADML of another structure', 404, () => s2.adml],
    ['ADMC of another collectivité', 404, () => c2.admc],
    ['ADML of another collectivité', 404, () => c2.adml],
  ] as const;

  it.each(readers)('the list and the record, as a %s: %i', async (_who, status, account) => {
    const list = await call('GET', `/inventory/structures/${a.structure.id}/equipment`, await as(account()));
    expect(list.statusCode).toBe(status);
    const one = await call('GET', `/inventory/equipment/${equipmentId}`, await as(account()));
    expect(one.statusCode).toBe(status);
    if (status === 200) expect(list.json().items.map((i: { id: string }) => i.id)).toContain(equipmentId);
    else expect(one.body).not.toContain('EPS-X49-0012');
  });

  const keepers = [
    ['teacher of the structure', 403, () => a.teacher],
    ['staff of the structure', 403, () => a.staff],
    ['student of the structure', 403, () => a.student],
    ['ADML of the structure', 201, () => a.adml],
    ['ADMC of the collectivité', 201, () => a.admc],
    ['ADML of another structure', 404, () => s2.adml],
    ['ADMC of another collectivité', 404, () => c2.admc],
  ] as const;

  it.each(keepers)('entering equipment, recording an intervention, enrolling an agent, as a %s: %i', async (_who, status, account) => {
    const headers = await as(account());
    const created = await call('POST', `/inventory/structures/${a.structure.id}/equipment`, headers, { kind: 'OTHER', name: 'Enceinte' });
    expect(created.statusCode).toBe(status);
    const intervention = await call('POST', `/inventory/equipment/${equipmentId}/interventions`, headers, { summary: 'Lampe changée' });
    expect(intervention.statusCode).toBe(status);
    const enrol = await call('POST', `/inventory/structures/${a.structure.id}/enrolments`, headers, { label: 'Salle B102' });
    expect(enrol.statusCode).toBe(status);
  });
});

describe('keeping the register', () => {
  it('a serial is one equipment per structure; edits and status changes are history, nothing when nothing changed', async () => {
    const adml = await as(a.adml);
    const created = await call('POST', `/inventory/structures/${a.structure.id}/equipment`, adml, { ...projector, serial: 'TBI-0001', name: 'TBI B104', kind: 'INTERACTIVE_BOARD', room: 'B104' });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    const duplicate = await call('POST', `/inventory/structures/${a.structure.id}/equipment`, adml, { ...projector, serial: 'TBI-0001' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.code).toBe('INVENTORY_DUPLICATE_SERIAL');

    const broken = await call('PATCH', `/inventory/equipment/${id}`, adml, { status: 'BROKEN' });
    expect(broken.statusCode).toBe(200);
    expect(broken.json().status).toBe('BROKEN');
    expect(broken.json().history[0]).toMatchObject({ kind: 'STATUS', details: { status: ['IN_SERVICE', 'BROKEN'] }, actorName: expect.stringContaining('Hélène') });
    const same = await call('PATCH', `/inventory/equipment/${id}`, adml, { status: 'BROKEN' });
    expect(same.json().history).toHaveLength(broken.json().history.length);
    const repaired = await call('POST', `/inventory/equipment/${id}/interventions`, adml, { summary: 'Stylet remplacé' });
    expect(repaired.statusCode).toBe(201);
    expect(repaired.json().history[0]).toMatchObject({ kind: 'INTERVENTION', summary: 'Stylet remplacé' });

    const bad = await call('PATCH', `/inventory/equipment/${id}`, adml, { status: 'LOST' });
    expect(bad.statusCode).toBe(400);
    const unknownField = await call('PATCH', `/inventory/equipment/${id}`, adml, { serial: 'changed' });
    expect(unknownField.statusCode).toBe(400);
  });

  it('views: by room, by type, warranties ending soon, machines that stopped reporting, in pages', async () => {
    const db = ctx.platform.database.db;
    const school = await createSchool(db);
    const adml = await as(school.adml);
    const base = `/inventory/structures/${school.structure.id}/equipment`;
    for (let i = 0; i < 5; i++) {
      const r = await call('POST', base, adml, { kind: i < 3 ? 'PROJECTOR' : 'PRINTER', name: `Équipement ${i}`, room: i % 2 ? 'B102' : 'C201', warrantyEndsOn: `2027-0${i + 1}-15` });
      expect(r.statusCode).toBe(201);
    }
    const now = new Date(ctx.platform.now());
    const old = new Date(now.getTime() - 40 * 86_400_000);
    const inventory = (name: string) => readInventory(`${name}-2026-01-01-00-00-00`, { hardware: { name }, bios: {}, versionclient: 'x' });
    await recordInventory(db, school.structure.id, inventory('pc-silent'), old);
    await recordInventory(db, school.structure.id, inventory('pc-alive'), now);

    const names = async (query: string) => ((await call('GET', `${base}?${query}`, adml)).json().items as { name: string }[]).map((i) => i.name);
    expect(await names('room=B102')).toEqual(['Équipement 1', 'Équipement 3']);
    expect(await names('kind=PRINTER')).toEqual(['Équipement 3', 'Équipement 4']);
    expect(await names('warrantyEndsBefore=2027-02-28')).toEqual(['Équipement 0', 'Équipement 1']);
    expect(await names('silentForDays=30')).toEqual(['pc-silent']);

    // Pages follow the database's name order, each item once.
    const all = await names('limit=100');
    expect(all).toHaveLength(7);
    const first = (await call('GET', `${base}?limit=4`, adml)).json();
    expect(first.items).toHaveLength(4);
    const second = (await call('GET', `${base}?limit=4&cursor=${first.nextCursor}`, adml)).json();
    expect([...first.items, ...second.items].map((i: { name: string }) => i.name)).toEqual(all);
    expect(second.nextCursor).toBeNull();
    expect((await call('GET', `${base}?cursor=garbage`, adml)).statusCode).toBe(400);
  });

  it('enrolments: listed without their secret, revoked by the structure’s admins only', async () => {
    const adml = await as(a.adml);
    const created = await call('POST', `/inventory/structures/${a.structure.id}/enrolments`, adml, { label: 'Salle info' });
    const { enrolment, password, user, server } = created.json();
    expect(server).toBe('http://localhost:3000/inventory/agent');
    expect(user).toBe(enrolment.id);
    expect(password.length).toBeGreaterThan(30);
    const list = await call('GET', `/inventory/structures/${a.structure.id}/enrolments`, adml);
    expect(list.body).not.toContain(password);
    expect((await call('GET', `/inventory/structures/${a.structure.id}/enrolments`, await as(a.teacher))).statusCode).toBe(403);
    expect((await call('DELETE', `/inventory/enrolments/${enrolment.id}`, await as(s2.adml))).statusCode).toBe(404);
    expect((await call('DELETE', `/inventory/enrolments/${enrolment.id}`, await as(a.teacher))).statusCode).toBe(403);
    const revoked = await call('DELETE', `/inventory/enrolments/${enrolment.id}`, adml);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).not.toBeNull();
  });

  it('the ADMC sees the region’s totals per structure; no one else, nothing of another collectivité', async () => {
    const response = await call('GET', `/inventory/collectivites/${a.structure.collectivite_id}/totals`, await as(a.admc));
    expect(response.statusCode).toBe(200);
    const body = response.json();
    const mine = body.structures.find((s: { id: string }) => s.id === a.structure.id);
    expect(mine.byKind.PROJECTOR).toBeGreaterThanOrEqual(1);
    expect(body.totals.total).toBe(body.structures.reduce((n: number, s: { total: number }) => n + s.total, 0));
    expect(body.structures.map((s: { id: string }) => s.id)).not.toContain(c2.structure.id);
    expect((await call('GET', `/inventory/collectivites/${a.structure.collectivite_id}/totals`, await as(c2.admc))).statusCode).toBe(404);
    expect((await call('GET', `/inventory/collectivites/${a.structure.collectivite_id}/totals`, await as(a.adml))).statusCode).toBe(404);
  });
});
