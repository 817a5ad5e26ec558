import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createStructure, uniqueSuffix } from './factories.ts';
import { freePort } from './services.ts';
import { createTestContext, type TestContext } from './test-platform.ts';

/**
 * Préau's ÉduConnect service provider against a real SAML identity provider nobody here wrote: pysaml2
 * (Debian's python3-pysaml2, signing with xmlsec1), run by test/fixtures/educonnect/pysaml2-idp.py.
 * The browser's part is played by hand: follow the redirect to the IdP, read the auto-POST form it
 * answers, post it to the ACS.
 */
const idpScript = resolve(import.meta.dirname, 'fixtures/educonnect/pysaml2-idp.py');
const OTHER_SP = 'http://other-sp.example/saml/metadata';

let ctx: TestContext;
let dir: string;
let idp: ChildProcess;
let idpPort: number;

function keyPair(name: string): void {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '2', '-subj', `/CN=${name}`, '-keyout', join(dir, `${name}.key`), '-out', join(dir, `${name}.crt`)], { stdio: 'pipe' });
}

async function startIdp(): Promise<void> {
  idpPort = await freePort();
  idp = spawn('/usr/bin/python3', [idpScript, dir, String(idpPort), join(dir, 'sp-metadata.xml'), join(dir, 'other-sp-metadata.xml')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  idp.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await new Promise<void>((ready, fail) => {
    idp.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('READY') && ready());
    idp.once('exit', (code) => fail(new Error(`pysaml2 IdP exited (${code}): ${stderr}`)));
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'preau-educonnect-'));
  keyPair('sp');
  keyPair('idp');
  ctx = await createTestContext({
    EDUCONNECT_ENABLED: 'true',
    EDUCONNECT_IDP_METADATA: join(dir, 'idp-metadata.xml'),
    EDUCONNECT_SP_KEY_FILE: join(dir, 'sp.key'),
    EDUCONNECT_SP_CERT_FILE: join(dir, 'sp.crt'),
  });
  const metadata = await ctx.app.inject({ method: 'GET', url: '/saml/educonnect/metadata' });
  expect(metadata.statusCode).toBe(200);
  writeFileSync(join(dir, 'sp-metadata.xml'), metadata.body);
  // Another SP of the federation, whose assertions must not open a session here.
  writeFileSync(join(dir, 'other-sp-metadata.xml'), metadata.body.replaceAll('http://localhost:3000/saml/educonnect/metadata', OTHER_SP));
  await startIdp();
}, 60_000);

afterAll(async () => {
  idp?.kill();
  await ctx?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface PostedForm {
  action: string;
  SAMLResponse: string;
  RelayState: string;
}

const decodeEntities = (text: string) => text.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&quot;/g, '"').replace(/&amp;/g, '&');

/** Starts a login at Préau, lets the IdP authenticate the person with these FrEduCtRefId values, and returns its form. */
async function formFromIdp(refIds: string[], scenario = 'ok', returnTo = '/messagerie'): Promise<PostedForm> {
  const start = await ctx.app.inject({ method: 'GET', url: `/saml/educonnect/login?returnTo=${encodeURIComponent(returnTo)}` });
  expect(start.statusCode, start.body).toBe(302);
  const location = String(start.headers.location);
  expect(location.startsWith(`http://127.0.0.1:${idpPort}/sso/redirect?`)).toBe(true);
  const extra = new URLSearchParams([...refIds.map((r) => ['refid', r]), ['scenario', scenario]]);
  const answer = await fetch(`${location}&${extra}`);
  const html = await answer.text();
  expect(answer.status, html).toBe(200);
  const field = (name: string) => decodeEntities(new RegExp(`name="${name}"\\s+value="([^"]*)"`).exec(html)?.[1] ?? '');
  return { action: decodeEntities(/action="([^"]+)"/.exec(html)?.[1] ?? ''), SAMLResponse: field('SAMLResponse'), RelayState: field('RelayState') };
}

async function post(form: PostedForm) {
  expect(form.action).toBe('http://localhost:3000/saml/educonnect/acs');
  return ctx.app.inject({
    method: 'POST',
    url: '/saml/educonnect/acs',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ SAMLResponse: form.SAMLResponse, RelayState: form.RelayState }).toString(),
  });
}

const sessionCookie = (response: Awaited<ReturnType<typeof post>>) => response.cookies.find((c) => c.name === 'preau_session');
const accountCount = async () => Number((await ctx.platform.database.db.selectFrom('accounts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

function expectRefused(response: Awaited<ReturnType<typeof post>>, status: number, code: string): void {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^text\/html/);
  expect(response.body).toContain(`<code data-error-code>${code}</code>`);
  expect(sessionCookie(response)).toBeUndefined();
}

/** An account provisioned from the AAF of académie 14 (AC-RENNES) with this jointure. */
async function aafAccount(profile: 'ELEVE' | 'PARENT', jointure: string) {
  const structure = await createStructure(ctx.platform.database.db);
  const account = await createAccount(ctx.platform.database.db, { profile, structureIds: [structure.id] });
  await ctx.platform.database.db.updateTable('accounts').set({ external_id: `AC-RENNES$${jointure}` }).where('id', '=', account.id).execute();
  return account;
}

describe('ÉduConnect login against pysaml2', () => {
  it('logs a student in by the jointure of FrEduCtRefId, with the same session and CSRF token as a password login', async () => {
    const jointure = `E${uniqueSuffix()}`;
    const student = await aafAccount('ELEVE', jointure);
    const response = await post(await formFromIdp([`{AAF}14|ELEVE|${jointure}`]));
    expect(response.statusCode, response.body).toBe(303);
    expect(response.headers.location).toBe('/messagerie');
    const cookie = sessionCookie(response);
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `preau_session=${cookie!.value}` } });
    expect(me.statusCode).toBe(200);
    const body = me.json() as { me: { login: string; profile: string }; csrfToken: string };
    expect(body.me).toMatchObject({ login: student.login, profile: 'ELEVE' });
    // The session takes state-changing calls with its CSRF token only.
    const headers = { cookie: `preau_session=${cookie!.value}` };
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers })).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { ...headers, 'x-csrf-token': body.csrfToken } })).statusCode).toBe(204);
  });

  it('logs a parent with two FrEduCtRefId values in as the one account holding them', async () => {
    const jointure = `P${uniqueSuffix()}`;
    const parent = await aafAccount('PARENT', jointure);
    // The second value is his record in another académie (NANTES) this ENT does not serve.
    const response = await post(await formFromIdp([`{AAF}14|PERSRELELEVE|${jointure}`, `{AAF}17|PERSRELELEVE|P${uniqueSuffix()}`]));
    expect(response.statusCode, response.body).toBe(303);
    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `preau_session=${sessionCookie(response)!.value}` } });
    expect((me.json() as { me: { login: string; profile: string } }).me).toMatchObject({ login: parent.login, profile: 'PARENT' });
  });

  it('sends the browser back only to a path of its own', async () => {
    const jointure = `E${uniqueSuffix()}`;
    await aafAccount('ELEVE', jointure);
    const response = await post(await formFromIdp([`{AAF}14|ELEVE|${jointure}`], 'ok', '//evil.example/phish'));
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/');
  });

  it('refuses a response whose signed content was changed (another jointure put in), with no session', async () => {
    const jointure = `E${uniqueSuffix()}`;
    const victim = `E${uniqueSuffix()}`;
    await aafAccount('ELEVE', jointure);
    await aafAccount('ELEVE', victim);
    const form = await formFromIdp([`{AAF}14|ELEVE|${jointure}`]);
    const xml = Buffer.from(form.SAMLResponse, 'base64').toString('utf8');
    expect(xml).toContain(jointure);
    const tampered = Buffer.from(xml.replaceAll(jointure, victim), 'utf8').toString('base64');
    expectRefused(await post({ ...form, SAMLResponse: tampered }), 400, 'EDUCONNECT_SIGNATURE_INVALID');
  });

  it('refuses an assertion issued for another service provider', async () => {
    const jointure = `E${uniqueSuffix()}`;
    await aafAccount('ELEVE', jointure);
    expectRefused(await post(await formFromIdp([`{AAF}14|ELEVE|${jointure}`], 'other-audience')), 400, 'EDUCONNECT_AUDIENCE_MISMATCH');
  });

  it('refuses an expired assertion', async () => {
    const jointure = `E${uniqueSuffix()}`;
    await aafAccount('ELEVE', jointure);
    expectRefused(await post(await formFromIdp([`{AAF}14|ELEVE|${jointure}`], 'expired')), 400, 'EDUCONNECT_ASSERTION_EXPIRED');
  });

  it('reports a login ÉduConnect did not confirm (status AuthnFailed)', async () => {
    expectRefused(await post(await formFromIdp([], 'refused')), 401, 'EDUCONNECT_AUTHN_FAILED');
  });

  it('accepts an assertion once: the same response posted again is refused', async () => {
    const jointure = `E${uniqueSuffix()}`;
    await aafAccount('ELEVE', jointure);
    const form = await formFromIdp([`{AAF}14|ELEVE|${jointure}`]);
    expect((await post(form)).statusCode).toBe(303);
    expectRefused(await post(form), 409, 'EDUCONNECT_ASSERTION_REPLAYED');
  });

  it('refuses a jointure no account holds, and creates nothing', async () => {
    const before = await accountCount();
    const response = await post(await formFromIdp([`{AAF}14|ELEVE|unknown-${uniqueSuffix()}`]));
    expectRefused(response, 404, 'EDUCONNECT_NO_ACCOUNT');
    expect(response.body).toContain('<a href="/connexion">');
    expect(await accountCount()).toBe(before);
  });

  it('refuses jointures held by two different accounts, and creates nothing', async () => {
    const first = `P${uniqueSuffix()}`;
    const second = `P${uniqueSuffix()}`;
    await aafAccount('PARENT', first);
    await aafAccount('PARENT', second);
    const before = await accountCount();
    expectRefused(await post(await formFromIdp([`{AAF}14|PERSRELELEVE|${first}`, `{AAF}14|PERSRELELEVE|${second}`])), 409, 'EDUCONNECT_SEVERAL_ACCOUNTS');
    expect(await accountCount()).toBe(before);
  });

  it('refuses an account not yet activated, without activating it', async () => {
    const jointure = `E${uniqueSuffix()}`;
    const account = await aafAccount('ELEVE', jointure);
    await ctx.platform.database.db.updateTable('accounts').set({ status: 'PROVISIONED' }).where('id', '=', account.id).execute();
    expectRefused(await post(await formFromIdp([`{AAF}14|ELEVE|${jointure}`])), 403, 'EDUCONNECT_ACCOUNT_NOT_ACTIVE');
    const row = await ctx.platform.database.db.selectFrom('accounts').select('status').where('id', '=', account.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('PROVISIONED');
  });

  it('refuses a valid response that answers no login started here (unknown RelayState)', async () => {
    const jointure = `E${uniqueSuffix()}`;
    await aafAccount('ELEVE', jointure);
    const form = await formFromIdp([`{AAF}14|ELEVE|${jointure}`]);
    expectRefused(await post({ ...form, RelayState: 'forged' }), 400, 'EDUCONNECT_BAD_REQUEST');
  });

  it.each([
    ['no SAMLResponse', ''],
    ['a SAMLResponse that is not XML', Buffer.from('not xml at all').toString('base64')],
    ['a SAMLResponse that is not SAML', Buffer.from('<html><body>hello</body></html>').toString('base64')],
  ])('answers %s with EDUCONNECT_BAD_REQUEST, never a 500', async (_, SAMLResponse) => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/saml/educonnect/acs',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ SAMLResponse, RelayState: 'x' }).toString(),
    });
    expectRefused(response, 400, 'EDUCONNECT_BAD_REQUEST');
  });

  it('over https, ties the login to the browser that started it: an answer posted by another browser is refused', async () => {
    const secure = await createTestContext({
      PUBLIC_URL: 'https://localhost:3000',
      EDUCONNECT_ENABLED: 'true',
      EDUCONNECT_IDP_METADATA: join(dir, 'idp-metadata.xml'),
      EDUCONNECT_SP_KEY_FILE: join(dir, 'sp.key'),
      EDUCONNECT_SP_CERT_FILE: join(dir, 'sp.crt'),
    });
    try {
      const acs = (relayState: string, cookie?: string) =>
        secure.app.inject({
          method: 'POST',
          url: '/saml/educonnect/acs',
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
          payload: new URLSearchParams({ SAMLResponse: 'PHg+PC94Pg==', RelayState: relayState }).toString(),
        });
      const begin = async () => {
        const start = await secure.app.inject({ method: 'GET', url: '/saml/educonnect/login' });
        expect(start.statusCode).toBe(302);
        const cookie = start.cookies.find((c) => c.name === 'preau_educonnect');
        // Sent back on ÉduConnect's cross-site POST only as SameSite=None, which browsers require Secure for.
        expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'None', path: '/saml/educonnect' });
        return { relayState: new URL(String(start.headers.location)).searchParams.get('RelayState')!, cookie: `preau_educonnect=${cookie!.value}` };
      };
      const stolen = await begin();
      const refused = await acs(stolen.relayState);
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('<code data-error-code>EDUCONNECT_OTHER_BROWSER</code>');
      // The browser that started it gets past that check (this answer is no SAML response: refused for that).
      const own = await begin();
      const checked = await acs(own.relayState, own.cookie);
      expect(checked.body).toContain('<code data-error-code>EDUCONNECT_BAD_REQUEST</code>');
      expect(checked.cookies.find((c) => c.name === 'preau_session')).toBeUndefined();
    } finally {
      await secure.close();
    }
  });

  it('answers in English for an English browser', async () => {
    const form = await formFromIdp([`{AAF}14|ELEVE|unknown-${uniqueSuffix()}`]);
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/saml/educonnect/acs',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en-GB,en;q=0.9' },
      payload: new URLSearchParams({ SAMLResponse: form.SAMLResponse, RelayState: form.RelayState }).toString(),
    });
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('<html lang="en">');
    expect(response.body).toContain('matches no account of this ENT');
  });

  it('signs its AuthnRequests: the IdP refuses one whose signature was altered', async () => {
    const start = await ctx.app.inject({ method: 'GET', url: '/saml/educonnect/login' });
    const location = new URL(String(start.headers.location));
    const signature = location.searchParams.get('Signature')!;
    location.searchParams.set('Signature', (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1));
    const answer = await fetch(location);
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('signature not verified');
  });
});

describe('ÉduConnect SP metadata', () => {
  it('publishes the entity id, the signing certificate and the HTTP-POST assertion consumer service', () => {
    const metadata = readFileSync(join(dir, 'sp-metadata.xml'), 'utf8');
    expect(metadata).toContain('entityID="http://localhost:3000/saml/educonnect/metadata"');
    expect(metadata).toContain('Location="http://localhost:3000/saml/educonnect/acs"');
    expect(metadata).toContain('AuthnRequestsSigned="true"');
    expect(metadata).toContain('WantAssertionsSigned="true"');
    const cert = readFileSync(join(dir, 'sp.crt'), 'utf8').replace(/-----[A-Z ]+-----|\s/g, '');
    expect(metadata.replace(/\s/g, '')).toContain(cert);
  });
});
