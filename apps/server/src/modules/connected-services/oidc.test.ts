import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browser } from '../../../test/browser.ts';
import { createSchool, TEST_PASSWORD } from '../../../test/factories.ts';
import { freePort } from '../../../test/services.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import { runServices } from './services-command.ts';
import { runOidc } from './oidc-command.ts';
import { createOidcProvider, ID_TOKEN_TTL } from './oidc.provider.ts';
import { OIDC_KEYS_CHECK_MS } from './oidc.routes.ts';

/**
 * Préau's OpenID Connect provider driven by `openid-client` (panva's certified relying-party library,
 * written by nobody here) against a listening server: discovery, authorization code with PKCE through
 * Préau's login, tokens, userinfo limited to what the service was declared with, a second provider
 * process exchanging the first one's code, and the refusals the protocol asks for.
 */

let ctx: TestContext;
let school: Awaited<ReturnType<typeof createSchool>>;
let issuer: string;
let clientId: string;
let clientSecret: string;
const redirectUri = 'https://moodle.example.fr/auth/oidc/callback';

beforeAll(async () => {
  const port = await freePort();
  issuer = `http://127.0.0.1:${port}`;
  ctx = await createTestContext({ PUBLIC_URL: issuer });
  await ctx.app.listen({ host: '127.0.0.1', port });
  school = await createSchool(ctx.platform.database.db);
  // Declared as a region does it, from the command line: the secret is printed once.
  const added = await runServices(ctx.platform, [
    'add',
    '--protocol',
    'oidc',
    '--name',
    'Moodle',
    '--url',
    'https://moodle.example.fr/',
    '--allow',
    'https://moodle.example.fr/auth/oidc/*',
    '--structure',
    school.structure.uai,
    '--profiles',
    'ELEVE,PARENT',
    '--attributes',
    'uid,firstName,lastName,ENTPersonProfils,ENTPersonStructRattachRNE,ENTEleveClasses',
  ]);
  expect(added.code, added.err.join('\n')).toBe(0);
  clientId = /OIDC client id:\s+(\S+)/.exec(added.out.join('\n'))?.[1] ?? '';
  clientSecret = /OIDC client secret:\s+(\S+)/.exec(added.out.join('\n'))?.[1] ?? '';
  expect(clientId).toMatch(/^preau-/);
});

afterAll(async () => {
  ctx?.app.server.closeAllConnections();
  await ctx?.close();
});

async function discover(id = clientId, secret = clientSecret): Promise<client.Configuration> {
  return client.discovery(new URL(issuer), id, secret, client.ClientSecretBasic(secret), { execute: [client.allowInsecureRequests] });
}

/** Logs a user into Préau through its login API, as the login page does; returns his browser. */
async function signedIn(login: string) {
  const user = browser();
  const response = await user.post(`${issuer}/api/v1/auth/login`, { login, password: TEST_PASSWORD });
  expect(response.status).toBe(200);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { user, csrfToken };
}

/** Starts an authorization request with PKCE; returns what the relying party keeps and the URL it sends the user to. */
async function authorizationRequest(config: client.Configuration, scope = 'openid profile school') {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope,
    state,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  });
  return { verifier, state, url };
}

/** Follows the user's redirects until they leave Préau for the service; returns that URL. */
async function landOnService(user: ReturnType<typeof browser>, start: string): Promise<URL> {
  let current = start;
  for (let i = 0; i < 10; i++) {
    const response = await user.get(current);
    const location = response.headers.get('location');
    if (!location) throw new Error(`stopped at ${current}: ${response.status} ${await response.text()}`);
    const next = new URL(location, current);
    if (next.origin !== issuer) {
      expect(next.origin).toBe('https://moodle.example.fr');
      return next;
    }
    current = next.href;
  }
  throw new Error('too many redirects');
}

describe('the OpenID Connect provider, with openid-client', () => {
  it('publishes its discovery document at the public URL, with PKCE S256 and only the code flow', async () => {
    const config = await discover();
    const metadata = config.serverMetadata();
    expect(metadata.issuer).toBe(issuer);
    expect(metadata.authorization_endpoint).toBe(`${issuer}/oidc/auth`);
    expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
    expect(metadata.response_types_supported).toEqual(['code']);
    expect(metadata.scopes_supported).toEqual(expect.arrayContaining(['openid', 'profile', 'email', 'school']));
  });

  it('a pupil goes through Préau’s login, the service gets a code, tokens and only the claims it was declared with; the exchange is recorded', async () => {
    const config = await discover();
    const { verifier, state, url } = await authorizationRequest(config, 'openid profile email school');
    const pupil = browser();

    // Not signed in: the provider's interaction sends him to the web app's login page, asked to come back.
    const first = await pupil.follow(url.href);
    const loginPage = new URL(first.url);
    expect(loginPage.pathname).toBe('/connexion');
    const retour = loginPage.searchParams.get('retour') ?? '';
    expect(retour).toMatch(/^\/oidc\/interaction\/[\w-]+$/);

    const login = await pupil.post(`${issuer}/api/v1/auth/login`, { login: school.student.login, password: TEST_PASSWORD });
    expect(login.status).toBe(200);
    const callback = await landOnService(pupil, `${issuer}${retour}`);
    expect(`${callback.origin}${callback.pathname}`).toBe(redirectUri);

    const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
    const idClaims = tokens.claims();
    expect(idClaims?.sub).toBe(school.student.id);
    expect(idClaims?.iss).toBe(issuer);

    const info = await client.fetchUserInfo(config, tokens.access_token, school.student.id);
    expect(info).toMatchObject({
      sub: school.student.id,
      preferred_username: school.student.login,
      given_name: school.student.first_name,
      family_name: school.student.last_name,
      school_profile_code: 'National_ELV',
      structures: [{ uai: school.structure.uai.trim(), name: school.structure.name }],
    });
    // Not declared for this service: neither the e-mail nor the display name, whatever the scopes asked.
    expect(info).not.toHaveProperty('email');
    expect(info).not.toHaveProperty('name');

    const uses = await ctx.platform.database.db
      .selectFrom('connected_service_uses')
      .select(['kind'])
      .where('account_id', '=', school.student.id)
      .where('kind', '=', 'validation')
      .execute();
    expect(uses).toHaveLength(1);

    // Signed in: the next authorization is single sign-on, no login page.
    const again = await authorizationRequest(config);
    const next = await landOnService(pupil, again.url.href);
    expect(next.searchParams.get('code')).toBeTruthy();
  });

  it('another process of the provider (same database or Redis, same keys) exchanges the first one’s code', async () => {
    const second = await createOidcProvider(ctx.platform);
    const server: Server = createServer(second.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const otherOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const config = await discover();
      const { user } = await signedIn(school.student.login);
      const { verifier, state, url } = await authorizationRequest(config);
      const callback = await landOnService(user, url.href);
      // The relying party's calls go to the second process; the issuer, and so every check, is the same.
      config[client.customFetch] = (input, init) => fetch(String(input).replace(issuer, otherOrigin), init as RequestInit);
      const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
      expect(tokens.claims()?.sub).toBe(school.student.id);
      const info = await client.fetchUserInfo(config, tokens.access_token, school.student.id);
      expect(info.preferred_username).toBe(school.student.login);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('offline_access gives a refresh token, which openid-client exchanges for new tokens', async () => {
    const config = await discover();
    const { user } = await signedIn(school.student.login);
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid offline_access',
      prompt: 'consent',
      state,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const tokens = await client.authorizationCodeGrant(config, await landOnService(user, url.href), { pkceCodeVerifier: verifier, expectedState: state });
    expect(tokens.refresh_token).toBeTruthy();
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token ?? '');
    expect(refreshed.access_token).toBeTruthy();
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect((await client.fetchUserInfo(config, refreshed.access_token, school.student.id)).sub).toBe(school.student.id);
  });

  it('an unknown or expired interaction gets Préau’s page saying to start again, in the user’s language', async () => {
    const response = await browser().get(`${issuer}/oidc/interaction/unknown-uid`);
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('Cette demande de connexion a expiré');
  });

  it('a code is exchanged once only: a replay is refused with invalid_grant', async () => {
    const config = await discover();
    const { user } = await signedIn(school.student.login);
    const { verifier, state, url } = await authorizationRequest(config);
    const callback = await landOnService(user, url.href);
    await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
    await expect(client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state })).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('a wrong PKCE verifier is refused with invalid_grant', async () => {
    const config = await discover();
    const { user } = await signedIn(school.student.login);
    const { state, url } = await authorizationRequest(config);
    const callback = await landOnService(user, url.href);
    await expect(
      client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: client.randomPKCECodeVerifier(), expectedState: state }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('a wrong client secret is refused with invalid_client', async () => {
    const config = await discover();
    const { user } = await signedIn(school.student.login);
    const { verifier, state, url } = await authorizationRequest(config);
    const callback = await landOnService(user, url.href);
    const wrong = client.discovery(new URL(issuer), clientId, 'not-the-secret', client.ClientSecretBasic('not-the-secret'), { execute: [client.allowInsecureRequests] });
    await expect(client.authorizationCodeGrant(await wrong, callback, { pkceCodeVerifier: verifier, expectedState: state })).rejects.toMatchObject({
      status: 401,
      cause: [expect.objectContaining({ parameters: expect.objectContaining({ error: 'invalid_client' }) })],
    });
  });

  it('an authorization request without PKCE goes back to the service with invalid_request', async () => {
    const { user } = await signedIn(school.student.login);
    const url = new URL(`${issuer}/oidc/auth`);
    url.search = new URLSearchParams({ client_id: clientId, response_type: 'code', scope: 'openid', redirect_uri: redirectUri, state: 'x' }).toString();
    const back = await landOnService(user, url.href);
    expect(back.searchParams.get('error')).toBe('invalid_request');
  });

  it.each([
    ['another site', 'https://evil.example/callback'],
    ['another path of the service', 'https://moodle.example.fr/admin/'],
    ['a look-alike host', 'https://moodle.example.fr.evil.example/auth/oidc/callback'],
  ])('a redirect_uri to %s gets Préau’s error page, never a redirect', async (_what, target) => {
    const { user } = await signedIn(school.student.login);
    const url = new URL(`${issuer}/oidc/auth`);
    url.search = new URLSearchParams({
      client_id: clientId,
      response_type: 'code',
      scope: 'openid',
      redirect_uri: target,
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    }).toString();
    const response = await user.get(url.href);
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('redirect_uri');
  });

  it('an unknown client gets Préau’s error page', async () => {
    const response = await browser().get(`${issuer}/oidc/auth?client_id=nobody&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(redirectUri)}`);
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });

  it.each([
    ['a teacher (the service is for pupils and parents)', 'teacher'],
    ['a pupil of another structure', 'other'],
  ] as const)('%s, signed in, is sent back to the service with access_denied and no code', async (_who, who) => {
    const login = who === 'teacher' ? school.teacher.login : (await otherPupil()).login;
    const config = await discover();
    const { user } = await signedIn(login);
    const { url } = await authorizationRequest(config);
    const back = await landOnService(user, url.href);
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('code')).toBeNull();
  });

  it('a removed service’s client is refused at once', async () => {
    const added = await runServices(ctx.platform, ['add', '--protocol', 'oidc', '--name', 'Ephemeral', '--url', 'https://eph.example.fr/', '--allow', 'https://eph.example.fr/cb', '--structure', school.structure.uai]);
    const id = /: (\S+)$/.exec(added.out[0] ?? '')?.[1] ?? '';
    const ephemeralId = /OIDC client id:\s+(\S+)/.exec(added.out.join('\n'))?.[1] ?? '';
    expect((await browser().get(`${issuer}/oidc/auth?client_id=${ephemeralId}&response_type=code&scope=openid&redirect_uri=${encodeURIComponent('https://eph.example.fr/cb')}`)).status).not.toBe(400);
    expect((await runServices(ctx.platform, ['remove', id])).code).toBe(0);
    const response = await browser().get(`${issuer}/oidc/auth?client_id=${ephemeralId}&response_type=code&scope=openid&redirect_uri=${encodeURIComponent('https://eph.example.fr/cb')}`);
    expect(response.status).toBe(400);
  });

  it('logging out of Préau ends the single sign-on: the next authorization asks for the login again', async () => {
    const config = await discover();
    const { user, csrfToken } = await signedIn(school.student.login);
    await landOnService(user, (await authorizationRequest(config)).url.href);
    expect((await user.post(`${issuer}/api/v1/auth/logout`, {}, { 'x-csrf-token': csrfToken })).status).toBe(204);
    const after = await user.follow((await authorizationRequest(config)).url.href);
    expect(new URL(after.url).pathname).toBe('/connexion');
  });

  it('RP-initiated logout: "sign me out" ends the Préau session too, then goes back to the service', async () => {
    const config = await discover();
    const { user } = await signedIn(school.student.login);
    const { verifier, state, url } = await authorizationRequest(config);
    const tokens = await client.authorizationCodeGrant(config, await landOnService(user, url.href), { pkceCodeVerifier: verifier, expectedState: state });
    const end = client.buildEndSessionUrl(config, { id_token_hint: tokens.id_token ?? '', post_logout_redirect_uri: 'https://moodle.example.fr/auth/oidc/logged-out', state: 's1' });
    const confirm = await user.get(end.href);
    expect(confirm.status).toBe(200);
    // The page is under the app's policy, except form-action: its form ends in a redirect to the service.
    expect(confirm.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(confirm.headers.get('content-security-policy')).not.toContain('form-action');
    const form = await confirm.text();
    const action = /action="([^"]+)"/.exec(form)?.[1] ?? '';
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(form)?.[1] ?? '';
    expect(form).toContain('lang="fr"');
    const done = await user.postForm(new URL(action, issuer).href, { xsrf, logout: 'yes' });
    expect(done.headers.get('location')).toBe('https://moodle.example.fr/auth/oidc/logged-out?state=s1');
    expect((await user.get(`${issuer}/api/v1/me`)).status).toBe(401);
  });
});

async function otherPupil() {
  const db = ctx.platform.database.db;
  const other = await createSchool(db);
  return other.student;
}

describe('renewing a client secret (connected-services admin), with openid-client', () => {
  it('the new secret works at once, the old one is refused at once with invalid_client', async () => {
    const added = await runServices(ctx.platform, ['add', '--protocol', 'oidc', '--name', 'Moodle 2', '--url', 'https://moodle.example.fr/', '--allow', 'https://moodle.example.fr/auth/oidc/*', '--structure', school.structure.uai]);
    const serviceId = /: (\S+)$/.exec(added.out[0] ?? '')?.[1] ?? '';
    const id = /OIDC client id:\s+(\S+)/.exec(added.out.join('\n'))?.[1] ?? '';
    const oldSecret = /OIDC client secret:\s+(\S+)/.exec(added.out.join('\n'))?.[1] ?? '';
    const exchange = async (config: client.Configuration) => {
      const { user } = await signedIn(school.student.login);
      const { verifier, state, url } = await authorizationRequest(config);
      return client.authorizationCodeGrant(config, await landOnService(user, url.href), { pkceCodeVerifier: verifier, expectedState: state });
    };
    expect((await exchange(await discover(id, oldSecret))).claims()?.sub).toBe(school.student.id);

    const admin = await signedIn(school.admc.login);
    const rotated = await admin.user.post(`${issuer}/api/v1/connected-services/${serviceId}/oidc-secret`, {}, { 'x-csrf-token': admin.csrfToken });
    expect(rotated.status).toBe(200);
    const { oidcClientId, oidcClientSecret } = (await rotated.json()) as { oidcClientId: string; oidcClientSecret: string };
    expect(oidcClientId).toBe(id);

    await expect(exchange(await discover(id, oldSecret))).rejects.toMatchObject({
      status: 401,
      cause: [expect.objectContaining({ parameters: expect.objectContaining({ error: 'invalid_client' }) })],
    });
    expect((await exchange(await discover(id, oidcClientSecret))).claims()?.sub).toBe(school.student.id);
  });
});

/** The `kid` in a JWT's header. */
function kidOf(jwt: string | undefined): string {
  return (JSON.parse(Buffer.from((jwt ?? '').split('.')[0] ?? '', 'base64url').toString()) as { kid: string }).kid;
}

/** Why a promise failed: its error's message and its causes' (openid-client wraps the reason). */
async function failureOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const messages: string[] = [];
    for (let e: unknown = error; e instanceof Error; e = e.cause) messages.push(e.message);
    return messages.join(' ← ');
  }
  return 'no failure';
}

async function publishedKids(): Promise<string[]> {
  return ((await (await fetch(`${issuer}/oidc/jwks`)).json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
}

// Last: it moves the platform's clock past an ID token's life.
describe('rotating the signing keys (`preau oidc rotate-keys`), with openid-client checking signatures', () => {
  it('new tokens are signed by the new key; a token signed before still verifies until it has expired, then its key leaves the JWKS', async () => {
    // The relying party checks each ID token's signature against the JWKS (openid-client's non-repudiation checks).
    let tokenResponse = '';
    const before = await discover();
    client.enableNonRepudiationChecks(before);
    before[client.customFetch] = async (input, init) => {
      const response = await fetch(input, init as RequestInit);
      if (String(input).endsWith('/oidc/token')) tokenResponse = await response.clone().text();
      return response;
    };
    const { user } = await signedIn(school.student.login);
    const first = await authorizationRequest(before);
    const firstCallback = await landOnService(user, first.url.href);
    const oldKid = kidOf((await client.authorizationCodeGrant(before, firstCallback, { pkceCodeVerifier: first.verifier, expectedState: first.state })).id_token);

    const rotation = await runOidc(ctx.platform, ['rotate-keys']);
    expect(rotation.code, rotation.err.join('\n')).toBe(0);
    const newKid = /New signing key (\S+):/.exec(rotation.out[0] ?? '')?.[1] ?? '';
    expect(newKid).not.toBe(oldKid);
    ctx.clock.advance(OIDC_KEYS_CHECK_MS);
    expect(await publishedKids()).toEqual(expect.arrayContaining([oldKid, newKid]));

    const after = await discover();
    client.enableNonRepudiationChecks(after);
    const second = await authorizationRequest(after);
    const tokens = await client.authorizationCodeGrant(after, await landOnService(user, second.url.href), { pkceCodeVerifier: second.verifier, expectedState: second.state });
    expect(kidOf(tokens.id_token)).toBe(newKid);

    // A relying party that reads the JWKS afresh after the rotation and validates the ID token issued before it.
    const lateCheck = async () => {
      const late = await discover();
      client.enableNonRepudiationChecks(late);
      late[client.customFetch] = async (input, init) =>
        String(input).endsWith('/oidc/token') ? new Response(tokenResponse, { status: 200, headers: { 'content-type': 'application/json' } }) : fetch(input, init as RequestInit);
      return client.authorizationCodeGrant(late, firstCallback, { pkceCodeVerifier: first.verifier, expectedState: first.state });
    };
    expect((await lateCheck()).claims()?.sub).toBe(school.student.id);

    // The check is real: the same token with its signature altered is refused.
    const [head, payload, signature = ''] = (JSON.parse(tokenResponse) as { id_token: string }).id_token.split('.');
    const tampered = `${head}.${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    const saved = tokenResponse;
    tokenResponse = JSON.stringify({ ...(JSON.parse(saved) as object), id_token: tampered });
    expect(await failureOf(lateCheck())).toMatch(/signature verification failed/i);
    tokenResponse = saved;

    // Once what the old key signed has expired, the next rotation retires it: it leaves the JWKS.
    ctx.clock.advance(ID_TOKEN_TTL * 1000);
    const next = await runOidc(ctx.platform, ['rotate-keys']);
    expect(next.out.join('\n')).toContain(oldKid);
    ctx.clock.advance(OIDC_KEYS_CHECK_MS);
    const kids = await publishedKids();
    expect(kids).not.toContain(oldKid);
    expect(kids).toContain(newKid);
    expect(await failureOf(lateCheck())).toMatch(/no applicable keys found/i);
  });

  it('refuses an unknown subcommand with its usage', async () => {
    const result = await runOidc(ctx.platform, ['rotate']);
    expect(result.code).toBe(2);
    expect(result.err.join('\n')).toContain('preau oidc rotate-keys');
  });
});
