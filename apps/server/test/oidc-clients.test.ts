import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runServices } from '../src/modules/connected-services/services-command.ts';
import { apacheModules, startApache, waitFor } from './apache.ts';
import { browser } from './browser.ts';
import { createSchool, TEST_PASSWORD } from './factories.ts';
import { freePort } from './services.ts';
import { createTestContext, type TestContext } from './test-platform.ts';

/**
 * Préau's OpenID Connect provider against a relying party nobody here wrote, from Debian's packages:
 * Apache's mod_auth_openidc (libapache2-mod-auth-openidc) protecting a page served by mod_php. The test
 * plays the browser, following each redirect by hand: the page sends the pupil to Préau, Préau to its login
 * page; after the login he lands on the page as himself with the claims the service was declared with;
 * the service's logout goes through Préau's end-session page, which ends his Préau session too.
 *
 * Included by vitest.config.ts only when Debian's apache2, libapache2-mod-auth-openidc and
 * libapache2-mod-php are installed, so a run without them has no skipped test; .ci/run installs them.
 */

const modPhp = readdirSync(apacheModules).find((name) => /^libphp[\d.]*\.so$/.test(name));
let ctx: TestContext;
let school: Awaited<ReturnType<typeof createSchool>>;
let folder: string;
let apache: { stop(): Promise<void> } | undefined;
let preauOrigin: string;
let siteOrigin: string;

function apacheConfig(port: number, clientId: string, secret: string): string {
  const runAs = process.getuid?.() === 0 ? 'User www-data\nGroup www-data' : '';
  return `
ServerRoot ${folder}
ServerName 127.0.0.1:${port}
Listen 127.0.0.1:${port}
PidFile ${folder}/httpd.pid
ErrorLog ${folder}/error.log
LogLevel warn
${runAs}
LoadModule mpm_prefork_module ${apacheModules}/mod_mpm_prefork.so
LoadModule authn_core_module ${apacheModules}/mod_authn_core.so
LoadModule authz_core_module ${apacheModules}/mod_authz_core.so
LoadModule authz_user_module ${apacheModules}/mod_authz_user.so
LoadModule mime_module ${apacheModules}/mod_mime.so
LoadModule dir_module ${apacheModules}/mod_dir.so
LoadModule auth_openidc_module ${apacheModules}/mod_auth_openidc.so
LoadModule php_module ${apacheModules}/${modPhp}
TypesConfig /etc/mime.types
StartServers 2
DocumentRoot ${folder}/www
AddHandler application/x-httpd-php .php
DirectoryIndex index.php

OIDCProviderMetadataURL ${preauOrigin}/.well-known/openid-configuration
OIDCClientID ${clientId}
OIDCClientSecret ${secret}
OIDCRedirectURI ${siteOrigin}/notes/redirect_uri
OIDCCryptoPassphrase ${'p'.repeat(8)}-test-only
OIDCScope "openid profile school"
OIDCPKCEMethod S256
OIDCRemoteUserClaim preferred_username
OIDCPassClaimsAs environment
OIDCCacheType shm
# Node's fetch always says Sec-Fetch-Mode: cors, which mod_auth_openidc takes for a script's call (401): this test's
# browser is a page navigation, so the login redirect is asked for always.
OIDCUnAuthAction auth true

<Directory ${folder}/www>
  Require all granted
</Directory>
<Location /notes/>
  AuthType openid-connect
  Require valid-user
</Location>
`;
}

const page = `<?php
header('Content-Type: text/plain; charset=utf-8');
echo 'REMOTE_USER=' . $_SERVER['REMOTE_USER'] . "\\n";
foreach ($_SERVER as $name => $value) {
  if (strpos($name, 'OIDC_CLAIM_') === 0) echo $name . '=' . $value . "\\n";
}
`;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'preau-oidc-clients-'));
  chmodSync(folder, 0o755);
  const [preauPort, apachePort] = [await freePort(), await freePort()];
  preauOrigin = `http://127.0.0.1:${preauPort}`;
  siteOrigin = `http://127.0.0.1:${apachePort}`;

  ctx = await createTestContext({ PUBLIC_URL: preauOrigin });
  await ctx.app.listen({ host: '127.0.0.1', port: preauPort });
  school = await createSchool(ctx.platform.database.db);
  const added = await runServices(ctx.platform, [
    'add',
    '--protocol',
    'oidc',
    '--name',
    'Notes (démo)',
    '--url',
    `${siteOrigin}/notes/`,
    '--allow',
    `${siteOrigin}/notes/redirect_uri`,
    '--allow',
    `${siteOrigin}/au-revoir.html`,
    '--structure',
    school.structure.uai,
    '--profiles',
    'ELEVE',
    '--attributes',
    'uid,firstName,ENTPersonProfils',
  ]);
  expect(added.code, added.err.join('\n')).toBe(0);
  const out = added.out.join('\n');
  const clientId = /OIDC client id:\s+(\S+)/.exec(out)?.[1] ?? '';
  const secret = /OIDC client secret:\s+(\S+)/.exec(out)?.[1] ?? '';

  mkdirSync(join(folder, 'www/notes'), { recursive: true });
  writeFileSync(join(folder, 'www/notes/index.php'), page);
  writeFileSync(join(folder, 'www/au-revoir.html'), 'Au revoir\n');
  if (process.getuid?.() === 0) execFileSync('chown', ['-R', 'www-data:www-data', join(folder, 'www')]);
  apache = await startApache(folder, apacheConfig(apachePort, clientId, secret), siteOrigin);
});

afterAll(async () => {
  await apache?.stop();
  ctx?.app.server.closeAllConnections();
  await ctx?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('Apache mod_auth_openidc', () => {
  it('a pupil opens the protected page through Préau’s login, lands there as himself with his declared claims, and the service’s logout ends his Préau session', async () => {
    const pupil = browser();
    const notes = `${siteOrigin}/notes/`;

    const first = await pupil.follow(notes);
    const authorize = new URL(first.hops[0] ?? '');
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${preauOrigin}/oidc/auth`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    const loginPage = new URL(first.url);
    expect(loginPage.pathname).toBe('/connexion');
    const retour = loginPage.searchParams.get('retour') ?? '';

    const login = await pupil.post(`${preauOrigin}/api/v1/auth/login`, { login: school.student.login, password: TEST_PASSWORD });
    expect(login.status).toBe(200);
    const landed = await pupil.follow(`${preauOrigin}${retour}`);
    expect(landed.hops.some((hop) => hop.startsWith(`${siteOrigin}/notes/redirect_uri?code=`))).toBe(true);
    const body = await landed.response.text();
    expect(landed.response.status, `${body}\n${readFileSync(`${folder}/error.log`, 'utf8')}`).toBe(200);
    expect(body).toContain(`REMOTE_USER=${school.student.login}`);
    expect(body).toContain(`OIDC_CLAIM_given_name=${school.student.first_name}`);
    expect(body).toContain('OIDC_CLAIM_school_profile_code=National_ELV');
    expect(body).toContain(`OIDC_CLAIM_sub=${school.student.id}`);
    // Not declared for this service.
    expect(body).not.toContain('OIDC_CLAIM_family_name');
    expect(body).not.toContain('OIDC_CLAIM_structures');

    // Signed in there: the page answers without going back to Préau.
    expect((await pupil.get(notes)).status).toBe(200);

    // The service's logout: Préau's end-session page asks, "yes" ends the Préau session, then back to the service.
    const logout = await pupil.follow(`${siteOrigin}/notes/redirect_uri?logout=${encodeURIComponent(`${siteOrigin}/au-revoir.html`)}`);
    expect(new URL(logout.url).pathname).toBe('/oidc/session/end');
    const form = await logout.response.text();
    const action = /action="([^"]+)"/.exec(form)?.[1] ?? '';
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(form)?.[1] ?? '';
    const confirmed = await pupil.postForm(new URL(action, preauOrigin).href, { xsrf, logout: 'yes' });
    expect(confirmed.headers.get('location')).toMatch(new RegExp(`^${siteOrigin}/au-revoir\\.html`));
    expect((await pupil.get(`${preauOrigin}/api/v1/me`)).status).toBe(401);
    await waitFor(async () => (await pupil.get(notes)).status === 302, 'logged out of the service', folder);
    expect(new URL((await pupil.follow(notes)).url).pathname).toBe('/connexion');
  });

  it('a teacher, to whom the service is not offered, is sent back with access_denied and no code, and never sees the page', async () => {
    const teacher = browser();
    const login = await teacher.post(`${preauOrigin}/api/v1/auth/login`, { login: school.teacher.login, password: TEST_PASSWORD });
    expect(login.status).toBe(200);
    const result = await teacher.follow(`${siteOrigin}/notes/`);
    const body = await result.response.text();
    const back = new URL(result.hops.find((hop) => hop.startsWith(`${siteOrigin}/notes/redirect_uri?`)) ?? '');
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('code')).toBeNull();
    // mod_auth_openidc answers with its own error page; the protected page is not served.
    expect(body).not.toContain('REMOTE_USER=');
    expect((await teacher.get(`${siteOrigin}/notes/`)).status).toBe(302);
  });
});
