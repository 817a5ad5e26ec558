import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchool } from '../../../test/factories.ts';
import { type AuthHeaders, loginAs } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import { buildApp } from '../../app.ts';
import { createPlatform } from '../../platform/platform.ts';

/**
 * The CAS server (CAS Protocol 3.0.3, STANDARDS.md §4.1): every endpoint, every failure code, tickets
 * single-use, short-lived and bound to their service, no redirect to an undeclared URL, single logout.
 * A small HTTP server plays the service's side (proxy callback, logout requests).
 */

let ctx: TestContext;
let a: Awaited<ReturnType<typeof createSchool>>;
let b: Awaited<ReturnType<typeof createSchool>>;
let server: Server;
let origin: string;
let service: string;
const received: { method: string; url: string; body: string }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ method: request.method ?? '', url: request.url ?? '', body });
      response.statusCode = request.url?.startsWith('/app/broken-callback') ? 500 : 200;
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  service = `${origin}/app/index.php?page=1`;

  ctx = await createTestContext();
  const db = ctx.platform.database.db;
  a = await createSchool(db);
  b = await createSchool(db);
  const admc = await loginAs(ctx.app, a.admc.login);
  const declare = (body: object) =>
    ctx.app.inject({ method: 'POST', url: `/api/v1/connected-services/collectivites/${a.structure.collectivite_id}`, headers: admc, payload: body });
  const created = await declare({
    name: 'Vie scolaire (démo)',
    launchUrl: `${origin}/app/`,
    protocol: 'cas',
    allowedPatterns: [`${origin}/app/*`],
    profiles: ['ELEVE', 'PARENT'],
    attributes: ['uid', 'ENTPersonStructRattachRNE', 'ENTPersonProfils', 'lastName', 'ENTEleveClasses', 'profile'],
  });
  expect(created.statusCode, created.body).toBe(201);
  const second = await declare({ name: 'Manuels', launchUrl: `${origin}/books/`, protocol: 'cas', allowedPatterns: [`${origin}/books/*`], profiles: ['ELEVE'] });
  expect(second.statusCode, second.body).toBe(201);
});
afterAll(async () => {
  await ctx?.close();
  await new Promise((resolve) => server?.close(resolve));
});

const cookieOf = (auth: AuthHeaders) => ({ cookie: auth.cookie });

function get(path: string, query: Record<string, string>, headers: Record<string, string> = {}) {
  return ctx.app.inject({ method: 'GET', url: `/cas${path}?${new URLSearchParams(query)}`, headers });
}

/** Signs in at /cas/login for a service and returns the ticket it redirected with. */
async function ticketFor(auth: AuthHeaders, forService = service, extra: Record<string, string> = {}): Promise<string> {
  const response = await get('/login', { service: forService, ...extra }, cookieOf(auth));
  expect(response.statusCode, response.body).toBe(302);
  const location = response.headers.location as string;
  expect(location.startsWith(`${forService}&ticket=ST-`) || location.startsWith(`${forService}?ticket=ST-`)).toBe(true);
  return new URL(location).searchParams.get('ticket') ?? '';
}

function failureCode(body: string): string | undefined {
  return /<cas:authenticationFailure code="([A-Z_]+)"/.exec(body)?.[1] ?? /<cas:proxyFailure code="([A-Z_]+)"/.exec(body)?.[1];
}

describe('/cas/login', () => {
  it('without a session, sends to the web app’s login page, which comes back to /cas/login', async () => {
    const response = await get('/login', { service });
    expect(response.statusCode).toBe(302);
    const location = new URL(response.headers.location as string, 'http://localhost');
    expect(location.pathname).toBe('/connexion');
    expect(location.searchParams.get('retour')).toBe(`/cas/login?service=${encodeURIComponent(service)}`);
  });

  it('with a session, redirects to the service with a ticket of the protocol’s form', async () => {
    const ticket = await ticketFor(await loginAs(ctx.app, a.student.login));
    expect(ticket).toMatch(/^ST-[A-Za-z0-9-]{32,256}$/);
  });

  it.each([
    ['an undeclared site', () => 'https://evil.example/app/'],
    ['a declared host with another port', () => `${origin.replace(/:\d+$/, ':1')}/app/`],
    ['a look-alike host', () => `${origin}.evil.example/app/`],
    ['credentials before the host', () => `http://127.0.0.1@evil.example/app/`],
    ['a path outside the pattern', () => `${origin}/admin/`],
    ['a path climbing out of the pattern', () => `${origin}/app/../admin/`],
    ['an encoded climb', () => `${origin}/app/%2e%2e/admin/`],
    ['a javascript: URL', () => 'javascript:alert(1)'],
  ])('never redirects to %s: an error page instead', async (_what, targetOf) => {
    const target = targetOf();
    const auth = await loginAs(ctx.app, a.student.login);
    for (const query of [{ service: target }, { service: target, gateway: 'true' }] as Record<string, string>[]) {
      const response = await get('/login', query, cookieOf(auth));
      expect(response.statusCode).toBe(400);
      expect(response.headers.location).toBeUndefined();
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.body).toContain('n’est pas déclaré');
    }
  });

  it('gateway without a session goes back to the service without a ticket', async () => {
    const response = await get('/login', { service, gateway: 'true' });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe(service);
  });

  it('gateway with a session issues a ticket as usual', async () => {
    const ticket = await ticketFor(await loginAs(ctx.app, a.student.login), service, { gateway: 'true' });
    expect(ticket).toMatch(/^ST-/);
  });

  it('a user the service is not offered to gets an error page, no ticket', async () => {
    for (const who of [a.teacher, b.student]) {
      const response = await get('/login', { service }, cookieOf(await loginAs(ctx.app, who.login)));
      expect(response.statusCode).toBe(403);
      expect(response.headers.location).toBeUndefined();
    }
  });

  it('renew: a ticket right after a login satisfies renew; an older session is ended and the login asked again', async () => {
    const auth = await loginAs(ctx.app, a.student.login);
    const fresh = await ticketFor(auth, service, { renew: 'true' });
    const ok = await get('/serviceValidate', { service, ticket: fresh, renew: 'true' });
    expect(ok.body).toContain('<cas:user>');

    ctx.clock.advance(2 * 60_000);
    const old = await ticketFor(auth);
    expect(failureCode((await get('/serviceValidate', { service, ticket: old, renew: 'true' })).body)).toBe('INVALID_TICKET_SPEC');
    const again = await get('/login', { service, renew: 'true' }, cookieOf(auth));
    expect(again.statusCode).toBe(302);
    expect(again.headers.location).toBe(`/connexion?retour=${encodeURIComponent(`/cas/login?service=${encodeURIComponent(service)}&renew=true`)}`);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: auth })).statusCode).toBe(401);
  });

  it('without service, goes to the portal', async () => {
    expect((await get('/login', {})).headers.location).toBe('/connexion');
  });
});

describe('ticket validation', () => {
  it('/serviceValidate (CAS 2): the user, no attributes; a second validation fails', async () => {
    const ticket = await ticketFor(await loginAs(ctx.app, a.student.login));
    const first = await get('/serviceValidate', { service, ticket });
    expect(first.headers['content-type']).toContain('xml');
    expect(first.body).toContain('<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">');
    expect(first.body).toContain(`<cas:user>${a.student.login}</cas:user>`);
    expect(first.body).not.toContain('<cas:attributes>');
    expect(failureCode((await get('/serviceValidate', { service, ticket })).body)).toBe('INVALID_TICKET');
  });

  it('/p3/serviceValidate (CAS 3): the declared attributes, and only them', async () => {
    const ticket = await ticketFor(await loginAs(ctx.app, a.student.login));
    const body = (await get('/p3/serviceValidate', { service, ticket })).body;
    expect(body).toContain(`<cas:uid>${a.student.login}</cas:uid>`);
    expect(body).toContain(`<cas:ENTPersonStructRattachRNE>${a.structure.uai.trim()}</cas:ENTPersonStructRattachRNE>`);
    expect(body).toContain('<cas:ENTPersonProfils>National_ELV</cas:ENTPersonProfils>');
    expect(body).toContain('<cas:profile>Student</cas:profile>');
    expect(body).toContain(`<cas:ENTEleveClasses>${a.structure.uai.trim()}$${a.schoolClass.code}</cas:ENTEleveClasses>`);
    expect(body).not.toContain('firstName');
    expect(body).not.toContain('ENTPersonMail');
  });

  it('format=JSON answers the JSON form of success and failure', async () => {
    const ticket = await ticketFor(await loginAs(ctx.app, a.parent.login));
    const success = await get('/p3/serviceValidate', { service, ticket, format: 'JSON' });
    expect(success.json()).toMatchObject({
      serviceResponse: { authenticationSuccess: { user: a.parent.login, attributes: { ENTPersonProfils: ['National_TUT'], profile: ['Relative'] } } },
    });
    const failure = await get('/p3/serviceValidate', { service, ticket, format: 'JSON' });
    expect(failure.json()).toMatchObject({ serviceResponse: { authenticationFailure: { code: 'INVALID_TICKET' } } });
  });

  it('/validate (CAS 1): "yes" and the user once, then "no"', async () => {
    const ticket = await ticketFor(await loginAs(ctx.app, a.student.login));
    expect((await get('/validate', { service, ticket })).body).toBe(`yes\n${a.student.login}\n`);
    expect((await get('/validate', { service, ticket })).body).toBe('no\n\n');
    expect((await get('/validate', { service })).body).toBe('no\n\n');
  });

  it('a ticket is bound to its service: another service’s validation fails and burns it', async () => {
    const ticket = await ticketFor(await loginAs(ctx.app, a.student.login));
    expect(failureCode((await get('/serviceValidate', { service: `${origin}/books/`, ticket })).body)).toBe('INVALID_SERVICE');
    expect(failureCode((await get('/serviceValidate', { service, ticket })).body)).toBe('INVALID_TICKET');
  });

  it('a ticket expires after 10 seconds', async () => {
    const ticket = await ticketFor(await loginAs(ctx.app, a.student.login));
    ctx.clock.advance(11_000);
    expect(failureCode((await get('/serviceValidate', { service, ticket })).body)).toBe('INVALID_TICKET');
  });

  it.each([
    ['no ticket', () => ({ service }), 'INVALID_REQUEST'],
    ['no service', () => ({ ticket: 'ST-abc' }), 'INVALID_REQUEST'],
    ['an unknown ticket', () => ({ service, ticket: 'ST-0123456789abcdef0123456789abcdef' }), 'INVALID_TICKET'],
    ['a ticket of another kind', () => ({ service, ticket: 'TGC-0123456789abcdef0123456789abcdef' }), 'INVALID_TICKET'],
  ])('%s → %s', async (_what, queryOf, code) => {
    for (const path of ['/serviceValidate', '/proxyValidate', '/p3/serviceValidate', '/p3/proxyValidate']) {
      expect(failureCode((await get(path, queryOf() as Record<string, string>)).body)).toBe(code);
    }
  });

  it('records each validation (service, account, time)', async () => {
    const db = ctx.platform.database.db;
    const count = async () =>
      Number((await db.selectFrom('connected_service_uses').select((eb) => eb.fn.countAll<string>().as('n')).where('kind', '=', 'validation').where('account_id', '=', a.parent.id).executeTakeFirstOrThrow()).n);
    const before = await count();
    const ticket = await ticketFor(await loginAs(ctx.app, a.parent.login));
    await get('/serviceValidate', { service, ticket });
    expect(await count()).toBe(before + 1);
  });

  it('another process validates the ticket (shared store: Redis or the database)', async () => {
    const other = await createPlatform(ctx.platform.config, { database: ctx.platform.database, now: () => ctx.clock.now });
    const otherApp = await buildApp(other);
    try {
      const ticket = await ticketFor(await loginAs(ctx.app, a.student.login));
      const response = await otherApp.inject({ method: 'GET', url: `/cas/serviceValidate?${new URLSearchParams({ service, ticket })}` });
      expect(response.body).toContain(`<cas:user>${a.student.login}</cas:user>`);
      expect(failureCode((await get('/serviceValidate', { service, ticket })).body)).toBe('INVALID_TICKET');
    } finally {
      await otherApp.close();
      await other.close();
    }
  });
});

describe('/cas/samlValidate (SAML 1.1 over SOAP)', () => {
  /** The SOAP-wrapped samlp:Request a client POSTs (phpCAS sends this form). */
  const soapRequest = (artifact: string) =>
    `<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Header/><SOAP-ENV:Body>` +
    `<samlp:Request xmlns:samlp="urn:oasis:names:tc:SAML:1.0:protocol" MajorVersion="1" MinorVersion="1" RequestID="_1" IssueInstant="2026-01-01T00:00:00Z">` +
    `<samlp:AssertionArtifact>${artifact}</samlp:AssertionArtifact></samlp:Request></SOAP-ENV:Body></SOAP-ENV:Envelope>`;
  const samlValidate = (target: string | undefined, body: string) =>
    ctx.app.inject({
      method: 'POST',
      url: `/cas/samlValidate${target === undefined ? '' : `?${new URLSearchParams({ TARGET: target })}`}`,
      headers: { 'content-type': 'text/xml', soapaction: 'http://www.oasis-open.org/committees/security' },
      payload: body,
    });
  const statusOf = (body: string) => [...body.matchAll(/<samlp:StatusCode Value="([^"]+)"/g)].map((m) => m[1]);

  it('a valid ticket: samlp:Success, the user as NameIdentifier, the declared attributes only, for this service; once', async () => {
    const ticket = await ticketFor(await loginAs(ctx.app, a.student.login));
    const response = await samlValidate(service, soapRequest(ticket));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/xml');
    const body = response.body;
    expect(body).toContain('<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/">');
    expect(statusOf(body)).toEqual(['samlp:Success']);
    expect(body).toContain(`<saml:NameIdentifier>${a.student.login}</saml:NameIdentifier>`);
    expect(body).toContain(`<saml:Audience>${service.replace(/&/g, '&#38;')}</saml:Audience>`);
    expect(body).toContain('<saml:Attribute AttributeName="ENTPersonProfils" AttributeNamespace="http://www.ja-sig.org/products/cas/"><saml:AttributeValue>National_ELV</saml:AttributeValue></saml:Attribute>');
    expect(body).not.toContain('firstName');

    const replay = await samlValidate(service, soapRequest(ticket));
    expect(statusOf(replay.body)).toEqual(['samlp:Responder', 'samlp:RequestDenied']);
    expect(replay.body).toContain('INVALID_TICKET');
    expect(replay.body).not.toContain('NameIdentifier');
  });

  it('a ticket validated for another service is refused (INVALID_SERVICE) and burnt', async () => {
    const ticket = await ticketFor(await loginAs(ctx.app, a.student.login));
    const response = await samlValidate(`${origin}/books/`, soapRequest(ticket));
    expect(statusOf(response.body)).toEqual(['samlp:Responder', 'samlp:RequestDenied']);
    expect(response.body).toContain('INVALID_SERVICE');
    expect(statusOf((await samlValidate(service, soapRequest(ticket))).body)).toEqual(['samlp:Responder', 'samlp:RequestDenied']);
  });

  it.each([
    ['no TARGET', undefined, soapRequest('ST-abc')],
    ['no artifact', 'x', '<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body/></SOAP-ENV:Envelope>'],
    ['not XML', 'x', 'ticket=ST-abc'],
    ['an artifact outside the SAML protocol namespace', 'x', '<Request><AssertionArtifact>ST-abc</AssertionArtifact></Request>'],
    ['two artifacts', 'x', soapRequest('ST-a').replace('</samlp:Request>', '<samlp:AssertionArtifact>ST-b</samlp:AssertionArtifact></samlp:Request>')],
    ['an external entity', 'x', '<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + soapRequest('&e;')],
  ])('%s: samlp:Requester with INVALID_REQUEST, nothing validated', async (_what, target, body) => {
    const response = await samlValidate(target === 'x' ? service : target, body);
    expect(response.statusCode).toBe(200);
    expect(statusOf(response.body)).toEqual(['samlp:Requester']);
    expect(response.body).toContain('INVALID_REQUEST');
    expect(response.body).not.toContain('passwd');
    expect(response.body).not.toContain('NameIdentifier');
  });

  it('an unknown ticket is refused with INVALID_TICKET', async () => {
    const response = await samlValidate(service, soapRequest(`ST-${'0'.repeat(64)}`));
    expect(statusOf(response.body)).toEqual(['samlp:Responder', 'samlp:RequestDenied']);
    expect(response.body).toContain('INVALID_TICKET');
  });
});

describe('proxy tickets', () => {
  async function grantingTicket(auth: AuthHeaders): Promise<string> {
    const ticket = await ticketFor(auth);
    received.length = 0;
    const response = await get('/serviceValidate', { service, ticket, pgtUrl: `${origin}/app/callback` });
    const iou = /<cas:proxyGrantingTicket>(PGTIOU-[A-Za-z0-9-]+)<\/cas:proxyGrantingTicket>/.exec(response.body)?.[1];
    expect(iou, response.body).toBeDefined();
    const callback = received.find((r) => r.url.startsWith('/app/callback'));
    const params = new URL(callback?.url ?? '/', origin).searchParams;
    expect(params.get('pgtIou')).toBe(iou);
    return params.get('pgtId') ?? '';
  }

  it('pgtUrl → PGT handed to the callback; /proxy → PT; /proxyValidate names the proxy; /serviceValidate refuses a PT', async () => {
    const pgt = await grantingTicket(await loginAs(ctx.app, a.student.login));
    expect(pgt).toMatch(/^PGT-/);
    const target = `${origin}/books/chapter1`;
    const proxy = await get('/proxy', { pgt, targetService: target });
    const pt = /<cas:proxyTicket>(PT-[A-Za-z0-9-]+)<\/cas:proxyTicket>/.exec(proxy.body)?.[1] ?? '';
    expect(pt, proxy.body).toMatch(/^PT-/);
    const validated = await get('/p3/proxyValidate', { service: target, ticket: pt });
    expect(validated.body).toContain(`<cas:user>${a.student.login}</cas:user>`);
    expect(validated.body).toContain(`<cas:proxies><cas:proxy>${origin}/app/callback</cas:proxy></cas:proxies>`);

    const pt2 = /<cas:proxyTicket>(PT-[A-Za-z0-9-]+)</.exec((await get('/proxy', { pgt, targetService: target })).body)?.[1] ?? '';
    expect(failureCode((await get('/serviceValidate', { service: target, ticket: pt2 })).body)).toBe('INVALID_TICKET_SPEC');
    const json = await get('/proxy', { pgt, targetService: target, format: 'JSON' });
    expect(json.json().serviceResponse.proxySuccess.proxyTicket).toMatch(/^PT-/);
  });

  it('a callback outside the service’s URLs → INVALID_PROXY_CALLBACK', async () => {
    const ticket = await ticketFor(await loginAs(ctx.app, a.student.login));
    expect(failureCode((await get('/serviceValidate', { service, ticket, pgtUrl: 'https://evil.example/cb' })).body)).toBe('INVALID_PROXY_CALLBACK');
  });

  it('a callback that does not answer 200: success, but no PGT', async () => {
    const ticket = await ticketFor(await loginAs(ctx.app, a.student.login));
    const response = await get('/serviceValidate', { service, ticket, pgtUrl: `${origin}/app/broken-callback` });
    expect(response.body).toContain('<cas:user>');
    expect(response.body).not.toContain('proxyGrantingTicket');
  });

  it.each([
    ['no pgt', () => ({ targetService: `${origin}/books/` }), 'INVALID_REQUEST'],
    ['an unknown pgt', () => ({ pgt: 'PGT-0123456789abcdef0123456789abcdef', targetService: `${origin}/books/` }), 'INVALID_TICKET'],
  ])('/proxy with %s → %s', async (_what, queryOf, code) => {
    expect(failureCode((await get('/proxy', queryOf() as Record<string, string>)).body)).toBe(code);
  });

  it('/proxy to an undeclared service → UNAUTHORIZED_SERVICE', async () => {
    const pgt = await grantingTicket(await loginAs(ctx.app, a.student.login));
    expect(failureCode((await get('/proxy', { pgt, targetService: 'https://evil.example/' })).body)).toBe('UNAUTHORIZED_SERVICE');
  });
});

describe('/cas/logout and single logout', () => {
  async function waitFor(predicate: () => boolean) {
    for (let i = 0; i < 100 && !predicate(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  it('ends the session, POSTs a logout request to each service used, drops PGTs, and goes on to a declared service only', async () => {
    const auth = await loginAs(ctx.app, a.student.login);
    const ticket = await ticketFor(auth);
    await get('/serviceValidate', { service, ticket, pgtUrl: `${origin}/app/callback` });
    const pgt = new URL([...received].reverse().find((r) => r.url.startsWith('/app/callback'))?.url ?? '/', origin).searchParams.get('pgtId') ?? '';
    received.length = 0;

    const response = await get('/logout', { service: `${origin}/app/bye`, url: 'https://evil.example/' }, cookieOf(auth));
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe(`${origin}/app/bye`);
    await waitFor(() => received.some((r) => r.method === 'POST'));
    const post = received.find((r) => r.method === 'POST');
    expect(post?.url).toBe('/app/index.php?page=1');
    const logoutRequest = new URLSearchParams(post?.body).get('logoutRequest') ?? '';
    expect(logoutRequest).toContain('<samlp:LogoutRequest');
    expect(logoutRequest).toContain(`<samlp:SessionIndex>${ticket}</samlp:SessionIndex>`);

    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: auth })).statusCode).toBe(401);
    expect(failureCode((await get('/proxy', { pgt, targetService: `${origin}/books/` })).body)).toBe('INVALID_TICKET');
    // Signed out: the next /cas/login asks for the login again.
    expect((await get('/login', { service }, cookieOf(auth))).headers.location).toMatch(/^\/connexion\?retour=/);
  });

  it('never redirects to an undeclared URL (the old url parameter is ignored)', async () => {
    for (const query of [{ service: 'https://evil.example/' }, { url: 'https://evil.example/' }] as Record<string, string>[]) {
      const response = await get('/logout', query, cookieOf(await loginAs(ctx.app, a.student.login)));
      expect(response.statusCode).toBe(200);
      expect(response.headers.location).toBeUndefined();
      expect(response.body).toContain('déconnecté');
    }
  });

  it('logging out of Préau (POST /api/v1/auth/logout) logs out of the services too', async () => {
    const auth = await loginAs(ctx.app, a.parent.login);
    const ticket = await ticketFor(auth);
    received.length = 0;
    const response = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: auth });
    expect(response.statusCode).toBe(204);
    await waitFor(() => received.some((r) => r.method === 'POST'));
    expect(new URLSearchParams(received.find((r) => r.method === 'POST')?.body).get('logoutRequest')).toContain(ticket);
  });
});
