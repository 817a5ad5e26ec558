import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apacheModules, startApache, waitFor } from './apache.ts';
import { browser } from './browser.ts';
import { createSchool, TEST_PASSWORD } from './factories.ts';
import { freePort } from './services.ts';
import { createTestContext, type TestContext } from './test-platform.ts';

/**
 * Préau's CAS server proven against CAS clients nobody here wrote, from Debian's packages: Apache's
 * mod_auth_cas (libapache2-mod-auth-cas) protecting a page, and phpCAS (php-cas, run by Apache's mod_php)
 * — the client many French school applications embed. The test plays the browser: it follows the
 * redirects by hand, keeping each site's cookies, logs in through Préau's API as the login page does,
 * lands on the protected pages as the student with his attributes, then logs out of Préau and is logged
 * out of the services too (single logout).
 *
 * Included by vitest.config.ts only when Debian's apache2, libapache2-mod-auth-cas, libapache2-mod-php,
 * php-cas and php-xml (phpCAS reads the answers with DOMDocument) are installed, so a run without them has
 * no skipped test; .ci/run installs them.
 */

const modules = apacheModules;
/** Debian's mod_php, whatever PHP version the release ships. */
const modPhp = readdirSync(modules).find((name) => /^libphp[\d.]*\.so$/.test(name));
let ctx: TestContext;
let school: Awaited<ReturnType<typeof createSchool>>;
let folder: string;
let apache: { stop(): Promise<void> } | undefined;
let preauOrigin: string;
let siteOrigin: string;

function apacheConfig(port: number, preauPort: number): string {
  const runAs = process.getuid?.() === 0 ? 'User www-data\nGroup www-data' : '';
  return `
ServerRoot ${folder}
ServerName 127.0.0.1:${port}
Listen 127.0.0.1:${port}
PidFile ${folder}/httpd.pid
ErrorLog ${folder}/error.log
LogLevel warn
${runAs}
LoadModule mpm_prefork_module ${modules}/mod_mpm_prefork.so
LoadModule authn_core_module ${modules}/mod_authn_core.so
LoadModule authz_core_module ${modules}/mod_authz_core.so
LoadModule authz_user_module ${modules}/mod_authz_user.so
LoadModule mime_module ${modules}/mod_mime.so
LoadModule dir_module ${modules}/mod_dir.so
LoadModule auth_cas_module ${modules}/mod_auth_cas.so
LoadModule php_module ${modules}/${modPhp}
TypesConfig /etc/mime.types
StartServers 2
DocumentRoot ${folder}/www
AddHandler application/x-httpd-php .php
DirectoryIndex index.php

CASCookiePath ${folder}/cas-cache/
CASLoginURL http://127.0.0.1:${preauPort}/cas/login
CASValidateURL http://127.0.0.1:${preauPort}/cas/p3/serviceValidate
CASVersion 2
CASSSOEnabled On
# Apache drops request headers with underscores from a script's environment: a dash, read by PHP as HTTP_CAS_….
CASAttributePrefix CAS-

<Directory ${folder}/www>
  Require all granted
</Directory>
<Location /vie-scolaire/>
  AuthType CAS
  # mod_auth_cas passes the attributes as request headers only when the user's is passed too.
  CASAuthNHeader CAS-User
  Require valid-user
</Location>
`;
}

/**
 * A phpCAS application (protocol 3). phpCAS always builds https:// server URLs from host and port, so the
 * login and validation URLs are given whole, for this plain-http test server.
 */
function phpCasPage(preauPort: number, appUrl: string, protocol: 'CAS_VERSION_3_0' | 'SAML_VERSION_1_1' = 'CAS_VERSION_3_0'): string {
  const validation =
    protocol === 'SAML_VERSION_1_1'
      ? // phpCAS adds TARGET (the service URL) itself.
        `phpCAS::setServerSamlValidateURL('http://127.0.0.1:${preauPort}/cas/samlValidate');`
      : `phpCAS::setServerServiceValidateURL('http://127.0.0.1:${preauPort}/cas/p3/serviceValidate');`;
  return `<?php
require_once '/usr/share/php/CAS.php';
session_save_path('${folder}/php-sessions');
phpCAS::client(${protocol}, '127.0.0.1', ${preauPort}, '/cas', '${new URL(appUrl).origin}');
phpCAS::setFixedServiceURL('${appUrl}');
phpCAS::setServerLoginURL('http://127.0.0.1:${preauPort}/cas/login?service=' . urlencode('${appUrl}'));
${validation}
phpCAS::setNoCasServerValidation();
// Single logout: Préau POSTs the logout request from 127.0.0.1.
phpCAS::handleLogoutRequests(true, array('127.0.0.1'));
phpCAS::forceAuthentication();
header('Content-Type: text/plain; charset=utf-8');
echo 'phpCAS user=' . phpCAS::getUser() . "\\n";
foreach (phpCAS::getAttributes() as $name => $value) {
  echo $name . '=' . (is_array($value) ? implode(',', $value) : $value) . "\\n";
}
`;
}

const phpPage = `<?php
header('Content-Type: text/plain; charset=utf-8');
echo 'REMOTE_USER=' . $_SERVER['REMOTE_USER'] . "\\n";
foreach ($_SERVER as $name => $value) {
  if (strpos($name, 'HTTP_CAS_') === 0) echo $name . '=' . $value . "\\n";
}
`;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'preau-cas-clients-'));
  chmodSync(folder, 0o755);
  const [preauPort, apachePort] = [await freePort(), await freePort()];
  preauOrigin = `http://127.0.0.1:${preauPort}`;
  siteOrigin = `http://127.0.0.1:${apachePort}`;

  ctx = await createTestContext({ PUBLIC_URL: preauOrigin });
  await ctx.app.listen({ host: '127.0.0.1', port: preauPort });
  school = await createSchool(ctx.platform.database.db);
  const admc = browser();
  const login = await admc.post(`${preauOrigin}/api/v1/auth/login`, { login: school.admc.login, password: TEST_PASSWORD });
  const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
  const declared = await admc.post(
    `${preauOrigin}/api/v1/connected-services/collectivites/${school.structure.collectivite_id}`,
    {
      name: 'Vie scolaire (démo)',
      icon: 'calendar',
      launchUrl: `${siteOrigin}/vie-scolaire/`,
      protocol: 'cas',
      allowedPatterns: [`${siteOrigin}/vie-scolaire/*`, `${siteOrigin}/cahier/*`],
      profiles: ['ELEVE', 'PARENT'],
      attributes: ['uid', 'ENTPersonProfils', 'ENTPersonStructRattachRNE', 'lastName'],
    },
    { 'x-csrf-token': csrf },
  );
  expect(declared.status, await declared.clone().text()).toBe(201);

  mkdirSync(join(folder, 'www/vie-scolaire'), { recursive: true });
  mkdirSync(join(folder, 'www/cahier'), { recursive: true });
  mkdirSync(join(folder, 'www/cahier/saml'), { recursive: true });
  mkdirSync(join(folder, 'cas-cache'));
  mkdirSync(join(folder, 'php-sessions'));
  writeFileSync(join(folder, 'www/vie-scolaire/index.php'), phpPage);
  writeFileSync(join(folder, 'www/cahier/index.php'), phpCasPage(preauPort, `${siteOrigin}/cahier/index.php`));
  writeFileSync(join(folder, 'www/cahier/saml/index.php'), phpCasPage(preauPort, `${siteOrigin}/cahier/saml/index.php`, 'SAML_VERSION_1_1'));
  if (process.getuid?.() === 0) {
    execFileSync('chown', ['-R', 'www-data:www-data', join(folder, 'cas-cache'), join(folder, 'php-sessions')]);
  }
  apache = await startApache(folder, apacheConfig(apachePort, preauPort), siteOrigin);
});

afterAll(async () => {
  await apache?.stop();
  // Kept-alive connections (this test's fetch, Apache's validation calls) would hold the server's close.
  ctx?.app.server.closeAllConnections();
  await ctx?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('Apache mod_auth_cas', () => {
  it('a student opens the protected page through Préau’s CAS login, lands there as himself with his attributes, and logging out of Préau logs him out there', async () => {
    const student = browser();
    const page = `${siteOrigin}/vie-scolaire/`;

    // The service sends him to Préau's /cas/login, which sends him to the web app's login page.
    const first = await student.follow(page);
    const casLogin = new URL(first.hops[0] ?? '');
    expect(`${casLogin.origin}${casLogin.pathname}`).toBe(`${preauOrigin}/cas/login`);
    expect(casLogin.searchParams.get('service')).toBe(page);
    const loginPage = new URL(first.url);
    expect(loginPage.pathname).toBe('/connexion');
    const retour = loginPage.searchParams.get('retour') ?? '';
    expect(retour.startsWith('/cas/login?service=')).toBe(true);

    // The login page logs him in through the API, then goes back where it was asked to.
    const login = await student.post(`${preauOrigin}/api/v1/auth/login`, { login: school.student.login, password: TEST_PASSWORD });
    expect(login.status).toBe(200);
    const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
    const landed = await student.follow(`${preauOrigin}${retour}`);
    expect(landed.hops.some((hop) => hop.startsWith(`${page}?ticket=ST-`))).toBe(true);
    expect(landed.response.status, readFileSync(`${folder}/error.log`, 'utf8')).toBe(200);
    const body = await landed.response.text();
    expect(body).toContain(`REMOTE_USER=${school.student.login}`);
    expect(body).toContain('HTTP_CAS_ENTPERSONPROFILS=National_ELV');
    expect(body).toContain(`HTTP_CAS_ENTPERSONSTRUCTRATTACHRNE=${school.structure.uai.trim()}`);
    expect(body).not.toContain('HTTP_CAS_FIRSTNAME');

    // Signed in there: the page answers without going back to Préau.
    const again = await student.get(page);
    expect(again.status).toBe(200);

    // Logging out of Préau: mod_auth_cas receives the logout request and forgets his session.
    const logout = await student.post(`${preauOrigin}/api/v1/auth/logout`, {}, { 'x-csrf-token': csrf });
    expect(logout.status).toBe(204);
    await waitFor(async () => (await student.get(page)).status === 302, 'single logout');
    const after = await student.follow(page);
    expect(new URL(after.url).pathname).toBe('/connexion');
  });

  it('a teacher, to whom the service is not offered, gets Préau’s error page and no ticket', async () => {
    const teacher = browser();
    const login = await teacher.post(`${preauOrigin}/api/v1/auth/login`, { login: school.teacher.login, password: TEST_PASSWORD });
    expect(login.status).toBe(200);
    const result = await teacher.follow(`${siteOrigin}/vie-scolaire/`);
    expect(result.response.status).toBe(403);
    expect(new URL(result.url).pathname).toBe('/cas/login');
  });
});

describe('phpCAS', () => {
  it('a student opens a phpCAS application through Préau, is known there with his attributes, and logging out of Préau logs him out there', async () => {
    const student = browser();
    const app = `${siteOrigin}/cahier/index.php`;
    const first = await student.follow(app);
    expect(new URL(first.url).pathname).toBe('/connexion');
    const retour = new URL(first.url).searchParams.get('retour') ?? '';

    const login = await student.post(`${preauOrigin}/api/v1/auth/login`, { login: school.student.login, password: TEST_PASSWORD });
    const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
    const landed = await student.follow(`${preauOrigin}${retour}`);
    const body = await landed.response.text();
    expect(landed.response.status, `${body}\n${readFileSync(`${folder}/error.log`, 'utf8')}`).toBe(200);
    expect(body).toContain(`phpCAS user=${school.student.login}`);
    expect(body).toContain('ENTPersonProfils=National_ELV');
    expect(body).toContain(`lastName=${school.student.last_name}`);
    expect((await student.get(app)).status).toBe(200);

    const logout = await student.post(`${preauOrigin}/api/v1/auth/logout`, {}, { 'x-csrf-token': csrf });
    expect(logout.status).toBe(204);
    await waitFor(async () => (await student.get(app)).status === 302, 'phpCAS single logout');
    expect(new URL((await student.follow(app)).url).pathname).toBe('/connexion');
  });

  it('in SAML 1.1 mode, phpCAS validates the ticket at /cas/samlValidate and reads the user and his attributes', async () => {
    const validations = () =>
      ctx.platform.database.db.selectFrom('connected_service_uses').select('id').where('account_id', '=', school.student.id).where('kind', '=', 'validation').execute();
    const before = (await validations()).length;
    const student = browser();
    const app = `${siteOrigin}/cahier/saml/index.php`;
    const first = await student.follow(app);
    expect(new URL(first.url).pathname).toBe('/connexion');
    const retour = new URL(first.url).searchParams.get('retour') ?? '';
    const login = await student.post(`${preauOrigin}/api/v1/auth/login`, { login: school.student.login, password: TEST_PASSWORD });
    expect(login.status).toBe(200);
    const landed = await student.follow(`${preauOrigin}${retour}`);
    const body = await landed.response.text();
    expect(landed.response.status, `${body}\n${readFileSync(`${folder}/error.log`, 'utf8')}`).toBe(200);
    expect(body).toContain(`phpCAS user=${school.student.login}`);
    expect(body).toContain('ENTPersonProfils=National_ELV');
    expect(body).toContain(`lastName=${school.student.last_name}`);
    // The one validation at /cas/samlValidate is recorded.
    expect((await validations()).length).toBe(before + 1);
  });
});
