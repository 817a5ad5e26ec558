import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createSchool, createStructure, grantAdmin } from '../../../test/factories.ts';
import { type AuthHeaders, sessionsOn } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import { hashToken } from '../../platform/tokens.ts';

/** Connected services (issue 14): the ADMC's catalogue, each structure's choice, "Mes applis", launches. */

let ctx: TestContext;
let a: Awaited<ReturnType<typeof createSchool>>;
let b: Awaited<ReturnType<typeof createSchool>>;
/** A second structure of a's collectivité, with its student and its ADML. */
let neighbour: { structureId: string; student: { id: string; login: string }; adml: { id: string; login: string } };
const as = sessionsOn(() => ctx.app);

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.platform.database.db;
  a = await createSchool(db);
  b = await createSchool(db);
  const structure = await createStructure(db, { collectiviteId: a.structure.collectivite_id });
  const student = await createAccount(db, { profile: 'ELEVE', structureIds: [structure.id] });
  const adml = await createAccount(db, { profile: 'PERSONNEL', staffFunction: 'DIR', structureIds: [structure.id] });
  await grantAdmin(db, adml.id, { adml: structure.id });
  neighbour = { structureId: structure.id, student, adml };
});
afterAll(async () => {
  await ctx?.close();
});

function call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, auth: AuthHeaders, payload?: object) {
  return ctx.app.inject({ method, url: `/api/v1${url}`, headers: { ...auth }, ...(payload ? { payload } : {}) });
}

const vieScolaire = {
  name: 'Vie scolaire (démo)',
  icon: 'calendar',
  launchUrl: 'https://vs.example.fr/app/',
  protocol: 'cas',
  allowedPatterns: ['https://vs.example.fr/app/*'],
  profiles: ['ELEVE', 'PARENT'],
  attributes: ['uid', 'ENTPersonStructRattachRNE'],
};

async function declare(body: object = vieScolaire, who: { login: string } = a.admc) {
  const response = await call('POST', `/connected-services/collectivites/${a.structure.collectivite_id}`, await as(who), body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { service: { id: string }; oidcClientSecret: string | null };
}

async function tileNames(who: { login: string }, q?: string) {
  const response = await call('GET', `/connected-services/mine${q ? `?q=${encodeURIComponent(q)}` : ''}`, await as(who));
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as { items: { name: string; isFavorite: boolean }[] }).items;
}

async function catalogueSize() {
  return (await ctx.platform.database.db.selectFrom('connected_services').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n;
}

describe('declaring a service', () => {
  it.each([
    ['student', 404],
    ['teacher', 404],
    ['adml', 404],
    ['otherAdmc', 404],
  ] as const)('a %s may not declare one in the collectivité (%i)', async (who, status) => {
    const account = who === 'otherAdmc' ? b.admc : a[who];
    const before = await catalogueSize();
    const response = await call('POST', `/connected-services/collectivites/${a.structure.collectivite_id}`, await as(account), vieScolaire);
    expect(response.statusCode).toBe(status);
    expect(await catalogueSize()).toBe(before);
  });

  it.each([
    ['a CAS service without allowed URLs', { ...vieScolaire, allowedPatterns: [] }, 422, 'SERVICE_PATTERNS_REQUIRED'],
    ['a pattern that is not an http URL', { ...vieScolaire, allowedPatterns: ['javascript:alert(1)'] }, 400, 'VALIDATION_FAILED'],
    ['a wildcard in the host', { ...vieScolaire, allowedPatterns: ['https://*.example.fr/'] }, 400, 'VALIDATION_FAILED'],
    ['a launch URL with credentials', { ...vieScolaire, launchUrl: 'https://user:pw@vs.example.fr/' }, 400, 'VALIDATION_FAILED'],
    ['an unknown protocol', { ...vieScolaire, protocol: 'saml' }, 400, 'VALIDATION_FAILED'],
    ['another collectivité’s structure', { ...vieScolaire, structureIds: ['00000000-0000-4000-8000-000000000000'] }, 422, 'SERVICE_STRUCTURE_UNKNOWN'],
  ])('refuses %s, writing nothing', async (_what, body, status, code) => {
    const before = await catalogueSize();
    const response = await call('POST', `/connected-services/collectivites/${a.structure.collectivite_id}`, await as(a.admc), body);
    expect(response.statusCode, response.body).toBe(status);
    expect(response.json().error.code).toBe(code);
    expect(await catalogueSize()).toBe(before);
  });

  it('refuses a structure of another collectivité by its real id', async () => {
    const response = await call('POST', `/connected-services/collectivites/${a.structure.collectivite_id}`, await as(a.admc), {
      ...vieScolaire,
      structureIds: [b.structure.id],
    });
    expect(response.json().error.code).toBe('SERVICE_STRUCTURE_UNKNOWN');
  });

  it('an OIDC client’s secret is answered once and kept only hashed', async () => {
    const created = await declare({ ...vieScolaire, name: 'Moodle', protocol: 'oidc', allowedPatterns: ['https://moodle.example.fr/auth/oidc/'] });
    expect(created.oidcClientSecret).toMatch(/^[\w-]{40,}$/);
    const row = await ctx.platform.database.db.selectFrom('connected_services').selectAll().where('id', '=', created.service.id).executeTakeFirstOrThrow();
    expect(row.oidc_secret_hash).toBe(hashToken(created.oidcClientSecret ?? ''));
    const list = await call('GET', `/connected-services/collectivites/${a.structure.collectivite_id}`, await as(a.admc));
    expect(list.body).not.toContain(created.oidcClientSecret);
    expect(list.body).not.toContain(row.oidc_secret_hash);
    expect(list.json().items.map((s: { id: string }) => s.id)).toContain(created.service.id);
  });

  it('the catalogue is listed to its ADMC only', async () => {
    expect((await call('GET', `/connected-services/collectivites/${a.structure.collectivite_id}`, await as(b.admc))).statusCode).toBe(404);
    expect((await call('GET', `/connected-services/collectivites/${a.structure.collectivite_id}`, await as(a.adml))).statusCode).toBe(404);
  });
});

describe('"Mes applis"', () => {
  it('shows a service to the profiles and collectivité it is meant for, nobody else', async () => {
    const name = `Vie scolaire ${Date.now()}`;
    await declare({ ...vieScolaire, name });
    const sees = async (who: { login: string }) => (await tileNames(who)).some((t) => t.name === name);
    expect(await sees(a.student)).toBe(true);
    expect(await sees(a.parent)).toBe(true);
    expect(await sees(neighbour.student)).toBe(true);
    expect(await sees(a.teacher)).toBe(false);
    expect(await sees(a.adml)).toBe(false);
    expect(await sees(a.admc)).toBe(false);
    expect(await sees(b.student)).toBe(false);
  });

  it('a service kept to some structures is shown there only', async () => {
    const name = `Bibliothèque ${Date.now()}`;
    await declare({ ...vieScolaire, name, structureIds: [a.structure.id] });
    expect((await tileNames(a.student)).some((t) => t.name === name)).toBe(true);
    expect((await tileNames(neighbour.student)).some((t) => t.name === name)).toBe(false);
  });

  it('searches by name, and keeps favourites first', async () => {
    const first = await declare({ ...vieScolaire, name: 'Atelier numérique' });
    await declare({ ...vieScolaire, name: 'Zoo des langues' });
    const zoo = (await tileNames(a.student, 'zoo des'));
    expect(zoo.map((t) => t.name)).toEqual(['Zoo des langues']);
    expect(await tileNames(a.student, '%')).toEqual([]);
    const zooId = (await call('GET', '/connected-services/mine?q=zoo', await as(a.student))).json().items[0].id as string;
    expect((await call('PUT', `/connected-services/${zooId}/favorite`, await as(a.student))).statusCode).toBe(204);
    const tiles = await tileNames(a.student);
    expect(tiles[0]).toMatchObject({ name: 'Zoo des langues', isFavorite: true });
    // Per user: the neighbour's order is untouched.
    expect((await tileNames(neighbour.student)).find((t) => t.name === 'Zoo des langues')?.isFavorite).toBe(false);
    expect((await call('DELETE', `/connected-services/${zooId}/favorite`, await as(a.student))).statusCode).toBe(204);
    expect((await tileNames(a.student)).find((t) => t.name === 'Zoo des langues')?.isFavorite).toBe(false);
    // Nobody marks a service he is not offered.
    const refused = await call('PUT', `/connected-services/${first.service.id}/favorite`, await as(b.student));
    expect(refused.statusCode).toBe(404);
    expect(refused.json().error.code).toBe('SERVICE_NOT_LAUNCHABLE');
  });

  it('a launch goes through Préau, is recorded (service, account, time) and redirects', async () => {
    const { service } = await declare({ ...vieScolaire, name: 'Launch me', launchUrl: 'https://vs.example.fr/app/?from=ent' });
    const db = ctx.platform.database.db;
    const response = await call('GET', `/connected-services/${service.id}/launch`, await as(a.student));
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('https://vs.example.fr/app/?from=ent');
    const uses = await db.selectFrom('connected_service_uses').selectAll().where('service_id', '=', service.id).execute();
    expect(uses).toHaveLength(1);
    expect(uses[0]).toMatchObject({ account_id: a.student.id, kind: 'launch' });
    expect(Object.keys(uses[0] ?? {}).sort()).toEqual(['account_id', 'at', 'id', 'kind', 'service_id']);

    for (const who of [a.teacher, b.student, b.admc]) {
      const refused = await call('GET', `/connected-services/${service.id}/launch`, await as(who));
      expect(refused.statusCode).toBe(404);
    }
    expect(await db.selectFrom('connected_service_uses').selectAll().where('service_id', '=', service.id).execute()).toHaveLength(1);
  });
});

describe('a structure’s choice', () => {
  it.each([
    ['adml', 200],
    ['admc', 200],
    ['neighbourAdml', 404],
    ['otherAdmc', 404],
    ['teacher', 403],
    ['student', 403],
  ] as const)('%s hides a service in the structure → %i', async (who, status) => {
    const { service } = await declare({ ...vieScolaire, name: `Hide ${who}` });
    const account = who === 'neighbourAdml' ? neighbour.adml : who === 'otherAdmc' ? b.admc : a[who];
    const response = await call('PUT', `/connected-services/structures/${a.structure.id}/${service.id}`, await as(account), { enabled: false });
    expect(response.statusCode, response.body).toBe(status);
    const shown = (await tileNames(a.student)).some((t) => t.name === `Hide ${who}`);
    expect(shown).toBe(status !== 200);
    // The neighbour structure keeps it whatever a's admins chose.
    expect((await tileNames(neighbour.student)).some((t) => t.name === `Hide ${who}`)).toBe(true);
  });

  it('a service offered but not enabled by default appears once the ADML enables it', async () => {
    const { service } = await declare({ ...vieScolaire, name: 'Opt-in', enabledByDefault: false });
    expect((await tileNames(a.student)).some((t) => t.name === 'Opt-in')).toBe(false);
    const list = await call('GET', `/connected-services/structures/${a.structure.id}`, await as(a.adml));
    expect(list.json().items.find((s: { id: string }) => s.id === service.id)).toMatchObject({ enabled: false });
    const response = await call('PUT', `/connected-services/structures/${a.structure.id}/${service.id}`, await as(a.adml), { enabled: true });
    expect(response.json()).toMatchObject({ id: service.id, enabled: true });
    expect((await tileNames(a.student)).some((t) => t.name === 'Opt-in')).toBe(true);
  });

  it('another collectivité’s service cannot be configured in a structure', async () => {
    const { service } = await declare({ ...vieScolaire, name: 'Not yours' });
    const response = await call('PUT', `/connected-services/structures/${b.structure.id}/${service.id}`, await as(b.adml), { enabled: true });
    expect(response.statusCode).toBe(404);
  });

  it('an ADML adds his structure’s own link; only its members see it; he removes it, nobody else does', async () => {
    const body = { name: 'CDI du lycée', launchUrl: 'https://cdi.example.fr/', profiles: ['ELEVE'] };
    expect((await call('POST', `/connected-services/structures/${a.structure.id}/links`, await as(neighbour.adml), body)).statusCode).toBe(404);
    expect((await call('POST', `/connected-services/structures/${a.structure.id}/links`, await as(a.teacher), body)).statusCode).toBe(403);
    const response = await call('POST', `/connected-services/structures/${a.structure.id}/links`, await as(a.adml), body);
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ protocol: 'link', ownerStructureId: a.structure.id });
    const id = response.json().id as string;
    expect((await tileNames(a.student)).some((t) => t.name === 'CDI du lycée')).toBe(true);
    expect((await tileNames(neighbour.student)).some((t) => t.name === 'CDI du lycée')).toBe(false);

    expect((await call('DELETE', `/connected-services/${id}`, await as(neighbour.adml))).statusCode).toBe(404);
    expect((await call('DELETE', `/connected-services/${id}`, await as(b.admc))).statusCode).toBe(404);
    expect((await call('DELETE', `/connected-services/${id}`, await as(a.student))).statusCode).toBe(403);
    expect((await tileNames(a.student)).some((t) => t.name === 'CDI du lycée')).toBe(true);
    expect((await call('DELETE', `/connected-services/${id}`, await as(a.adml))).statusCode).toBe(204);
    expect((await tileNames(a.student)).some((t) => t.name === 'CDI du lycée')).toBe(false);
  });

  it('the collectivité’s services are removed by its ADMC only', async () => {
    const { service } = await declare({ ...vieScolaire, name: 'Removable' });
    expect((await call('DELETE', `/connected-services/${service.id}`, await as(a.adml))).statusCode).toBe(404);
    expect((await call('DELETE', `/connected-services/${service.id}`, await as(b.admc))).statusCode).toBe(404);
    expect((await call('DELETE', `/connected-services/${service.id}`, await as(a.student))).statusCode).toBe(403);
    expect((await call('DELETE', `/connected-services/${service.id}`, await as(a.admc))).statusCode).toBe(204);
    expect((await tileNames(a.student)).some((t) => t.name === 'Removable')).toBe(false);
    expect((await call('GET', `/connected-services/${service.id}/launch`, await as(a.student))).statusCode).toBe(404);
  });
});

describe('editing a catalogue service, renewing an OIDC secret', () => {
  const actors = [
    ['admc', 200],
    ['adml', 404],
    ['neighbourAdml', 404],
    ['otherAdml', 404],
    ['otherAdmc', 404],
    ['teacher', 404],
    ['student', 404],
  ] as const;
  const accountOf = (who: (typeof actors)[number][0]) =>
    who === 'neighbourAdml' ? neighbour.adml : who === 'otherAdmc' ? b.admc : who === 'otherAdml' ? b.adml : a[who];
  const edited = { ...vieScolaire, name: 'Vie scolaire (renommée)', allowedPatterns: ['https://vs2.example.fr/*'], profiles: ['ELEVE'] };
  const { protocol: _protocol, ...editBody } = edited;

  it.each(actors)('%s edits a service of the collectivité → %i', async (who, status) => {
    const { service } = await declare({ ...vieScolaire, name: `Edit ${who}` });
    const response = await call('PUT', `/connected-services/${service.id}`, await as(accountOf(who)), { ...editBody, name: `Edited ${who}` });
    expect(response.statusCode, response.body).toBe(status);
    const row = await ctx.platform.database.db.selectFrom('connected_services').select(['name', 'allowed_patterns']).where('id', '=', service.id).executeTakeFirstOrThrow();
    expect(row.name).toBe(status === 200 ? `Edited ${who}` : `Edit ${who}`);
    if (status === 200) expect(response.json()).toMatchObject({ id: service.id, protocol: 'cas', allowedPatterns: ['https://vs2.example.fr/*'], profiles: ['ELEVE'] });
  });

  it.each(actors)('%s renews an OIDC client’s secret → %i', async (who, status) => {
    const created = await declare({ ...vieScolaire, name: `Rotate ${who}`, protocol: 'oidc', allowedPatterns: ['https://moodle.example.fr/cb'] });
    const response = await call('POST', `/connected-services/${created.service.id}/oidc-secret`, await as(accountOf(who)), {});
    expect(response.statusCode, response.body).toBe(status);
    const row = await ctx.platform.database.db.selectFrom('connected_services').select('oidc_secret_hash').where('id', '=', created.service.id).executeTakeFirstOrThrow();
    if (status === 200) {
      const { oidcClientSecret } = response.json() as { oidcClientSecret: string };
      expect(response.headers['cache-control']).toBe('no-store');
      expect(oidcClientSecret).not.toBe(created.oidcClientSecret);
      expect(row.oidc_secret_hash).toBe(hashToken(oidcClientSecret));
    } else {
      expect(row.oidc_secret_hash).toBe(hashToken(created.oidcClientSecret ?? ''));
    }
  });

  it.each([
    ['the protocol (it stays)', { ...editBody, protocol: 'link' }, 400, 'VALIDATION_FAILED'],
    ['no allowed URL for a CAS service', { ...editBody, allowedPatterns: [] }, 422, 'SERVICE_PATTERNS_REQUIRED'],
    ['a pattern with a wildcard host', { ...editBody, allowedPatterns: ['https://*.example.fr/'] }, 400, 'VALIDATION_FAILED'],
    ['another collectivité’s structure', { ...editBody, structureIds: ['00000000-0000-4000-8000-000000000000'] }, 422, 'SERVICE_STRUCTURE_UNKNOWN'],
    ['no profile', { ...editBody, profiles: [] }, 400, 'VALIDATION_FAILED'],
  ])('an edit changing %s is refused, nothing written', async (_what, body, status, code) => {
    const { service } = await declare({ ...vieScolaire, name: 'Kept as is' });
    const response = await call('PUT', `/connected-services/${service.id}`, await as(a.admc), body);
    expect(response.statusCode, response.body).toBe(status);
    expect(response.json().error.code).toBe(code);
    const row = await ctx.platform.database.db.selectFrom('connected_services').select(['name', 'protocol']).where('id', '=', service.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ name: 'Kept as is', protocol: 'cas' });
  });

  it('a CAS service has no secret to renew; a structure’s own link is not the ADMC’s to edit; a removed one is gone', async () => {
    const { service } = await declare({ ...vieScolaire, name: 'CAS only' });
    const rotate = await call('POST', `/connected-services/${service.id}/oidc-secret`, await as(a.admc), {});
    expect(rotate.statusCode).toBe(422);
    expect(rotate.json().error.code).toBe('SERVICE_NOT_OIDC');

    const link = await call('POST', `/connected-services/structures/${a.structure.id}/links`, await as(a.adml), { name: 'Lien du lycée', launchUrl: 'https://lycee.example.fr/', profiles: ['ELEVE'] });
    const edit = await call('PUT', `/connected-services/${link.json().id}`, await as(a.admc), { ...editBody, name: 'Taken over' });
    expect(edit.statusCode).toBe(422);
    expect(edit.json().error.code).toBe('SERVICE_OWNED_BY_STRUCTURE');

    expect((await call('DELETE', `/connected-services/${service.id}`, await as(a.admc))).statusCode).toBe(204);
    expect((await call('PUT', `/connected-services/${service.id}`, await as(a.admc), editBody)).statusCode).toBe(404);
  });
});
