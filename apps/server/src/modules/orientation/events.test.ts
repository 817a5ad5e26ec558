import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createSchool, createStructure } from '../../../test/factories.ts';
import { type AuthHeaders, sessionsOn } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import { importOnisepFiles } from './onisep-import.service.ts';
import { SAMPLE_CATALOGUE_DIR } from './sample-catalogue.ts';

/** Open days and fairs: who announces them, who sees them (his collectivité only), in which order. */

let ctx: TestContext;
let a: Awaited<ReturnType<typeof createSchool>>;
let other: Awaited<ReturnType<typeof createSchool>>;
let people: Record<string, { id: string; login: string }>;
const as = sessionsOn(() => ctx.app);

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.now = Date.parse('2027-01-10T10:00:00Z');
  const db = ctx.platform.database.db;
  await importOnisepFiles(db, [SAMPLE_CATALOGUE_DIR]);
  a = await createSchool(db);
  other = await createSchool(db); // another collectivité
  const neighbourSchool = await createStructure(db, { collectiviteId: a.structure.collectivite_id });
  const sid = [a.structure.id];
  people = {
    direction: a.adml, // DIR and ADML of the school
    psychologist: await createAccount(db, { profile: 'PERSONNEL', staffFunction: 'PSY', structureIds: sid }),
    vieScolaire: a.staff,
    teacher: a.teacher,
    student: a.student,
    parent: a.parent,
    admc: a.admc,
    neighbourDirection: await createAccount(db, { profile: 'PERSONNEL', staffFunction: 'DIR', structureIds: [neighbourSchool.id] }),
    neighbourStudent: await createAccount(db, { profile: 'ELEVE', structureIds: [neighbourSchool.id] }),
    otherCollectiviteStudent: other.student,
    otherCollectiviteAdmc: other.admc,
  };
});
afterAll(async () => {
  await ctx?.close();
});

function call(method: 'GET' | 'POST' | 'DELETE', url: string, auth: AuthHeaders, payload?: object) {
  return ctx.app.inject({ method, url: `/api/v1${url}`, headers: { ...auth }, ...(payload ? { payload } : {}) });
}

const openDay = { place: 'https://www.onisep.fr/http/redirection/etablissement/slug/ENS.2004', kind: 'OPEN_DAY', startsOn: '2027-02-06', label: 'Journée portes ouvertes', details: 'De 9 h à 16 h, visite des ateliers.' };

describe('announcing an open day (table of actors)', () => {
  // [who, status of the announcement for school a]
  const table: [string, number][] = [
    ['direction', 201],
    ['psychologist', 201],
    ['admc', 201],
    ['vieScolaire', 403],
    ['teacher', 403],
    ['student', 403],
    ['parent', 403], // a member of the school's community sees it, may not announce
    ['neighbourDirection', 404],
    ['otherCollectiviteAdmc', 404],
  ];
  it.each(table)('%s: %i', async (who, status) => {
    const response = await call('POST', `/orientation/structures/${a.structure.id}/events`, await as(people[who]!), { ...openDay, label: `Portes ouvertes par ${who}` });
    expect(response.statusCode, response.body).toBe(status);
    if (status === 201) expect(response.json()).toMatchObject({ kind: 'OPEN_DAY', startsOn: '2027-02-06', endsOn: '2027-02-06', place: { id: 'ENS.2004' }, canDelete: true });
  });
});

describe('the list', () => {
  it('shows what is to come in the reader’s collectivité, soonest first, and nothing of another collectivité', async () => {
    const db = ctx.platform.database.db;
    const director = await as(people.direction!);
    await call('POST', `/orientation/structures/${a.structure.id}/events`, director, { ...openDay, place: 'ENS.2001', kind: 'FAIR', startsOn: '2027-01-20', endsOn: '2027-01-22', label: 'Salon de l’étudiant' });
    // Over yesterday (entered back then): not listed any more.
    await db
      .insertInto('orientation_events')
      .values({ collectivite_id: a.structure.collectivite_id, structure_id: a.structure.id, place_id: 'ENS.2004', kind: 'OPEN_DAY', starts_on: '2027-01-08', ends_on: '2027-01-09', label: 'Fini hier' })
      .execute();
    await call('POST', `/orientation/structures/${other.structure.id}/events`, await as(people.otherCollectiviteAdmc!), { ...openDay, label: 'Ailleurs' });

    for (const who of ['student', 'parent', 'teacher', 'neighbourStudent']) {
      const list = (await call('GET', '/orientation/events', await as(people[who]!))).json();
      expect(list.items.map((e: { label: string }) => e.label)[0], who).toBe('Salon de l’étudiant');
      expect(list.items.map((e: { label: string }) => e.label), who).not.toContain('Ailleurs');
      expect(list.items.map((e: { label: string }) => e.label), who).not.toContain('Fini hier');
      expect(list.items.every((e: { canDelete: boolean }) => !e.canDelete), who).toBe(true);
      expect(list.canAddFor, who).toEqual([]);
    }
    const mine = (await call('GET', '/orientation/events', await as(people.psychologist!))).json();
    expect(mine.canAddFor).toEqual([{ id: a.structure.id, name: a.structure.name }]);
    expect(mine.items[0]).toMatchObject({ kind: 'FAIR', startsOn: '2027-01-20', endsOn: '2027-01-22', place: { id: 'ENS.2001', name: expect.any(String) }, canDelete: true });
    const elsewhere = (await call('GET', '/orientation/events', await as(people.otherCollectiviteStudent!))).json();
    expect(elsewhere.items.map((e: { label: string }) => e.label)).toEqual(['Ailleurs']);
    expect(await db.selectFrom('orientation_events').select('id').where('collectivite_id', '=', a.structure.collectivite_id).execute()).not.toHaveLength(0);
  });

  it('takes an event down for those who may announce, and no one else', async () => {
    const created = (await call('POST', `/orientation/structures/${a.structure.id}/events`, await as(people.direction!), { ...openDay, label: 'À retirer' })).json();
    for (const [who, status] of [['teacher', 403], ['student', 403], ['neighbourDirection', 404], ['otherCollectiviteAdmc', 404]] as const) {
      expect((await call('DELETE', `/orientation/events/${created.id}`, await as(people[who]!))).statusCode, who).toBe(status);
    }
    expect((await call('DELETE', `/orientation/events/${created.id}`, await as(people.psychologist!))).statusCode).toBe(204);
    expect((await call('DELETE', `/orientation/events/${created.id}`, await as(people.psychologist!))).statusCode).toBe(404);
    const labels = (await call('GET', '/orientation/events', await as(people.student!))).json().items.map((e: { label: string }) => e.label);
    expect(labels).not.toContain('À retirer');
  });
});

describe('bad input', () => {
  it('refuses a place outside the catalogue, dates in the past, backwards or too long, and a non-https link; writes nothing', async () => {
    const db = ctx.platform.database.db;
    const count = async () => (await db.selectFrom('orientation_events').select('id').execute()).length;
    const before = await count();
    const director = await as(people.direction!);
    const url = `/orientation/structures/${a.structure.id}/events`;
    const unknown = await call('POST', url, director, { ...openDay, place: 'ENS.99999999' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error.code).toBe('ORIENTATION_UNKNOWN_PLACE');
    expect((await call('POST', url, director, { ...openDay, place: 'https://example.org/lycee' })).json().error.code).toBe('ORIENTATION_UNKNOWN_PLACE');
    for (const dates of [{ startsOn: '2026-12-01' }, { startsOn: '2027-03-10', endsOn: '2027-03-09' }, { startsOn: '2027-03-10', endsOn: '2027-04-10' }, { startsOn: '2029-09-01' }]) {
      const response = await call('POST', url, director, { ...openDay, ...dates });
      expect(response.statusCode, JSON.stringify(dates)).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await call('POST', url, director, { ...openDay, url: 'http://insecure.example.org' })).statusCode).toBe(400);
    expect((await call('POST', url, director, { ...openDay, label: '' })).statusCode).toBe(400);
    expect(await count()).toBe(before);
  });
});
