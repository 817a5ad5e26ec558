import { existsSync, readdirSync } from 'node:fs';
import { configDefaults, defineConfig } from 'vitest/config';

// Test files that need a server or client installed from Debian's packages (.ci/run installs them all): each is
// part of the run only where its programs exist, rather than a skipped test.
const apacheModules = '/usr/lib/apache2/modules';
const needs: Array<[available: boolean, files: string[]]> = [
  // Several Préau processes sharing one PostgreSQL and one Redis (PGlite is one process's database) behind nginx.
  [Boolean(process.env.TEST_DATABASE_URL && process.env.TEST_REDIS_URL) && existsSync('/usr/sbin/nginx'), ['apps/server/test/rolling-restart.test.ts']],
  // The antivirus test starts Debian's clamd (clamav-daemon) with an EICAR-only signature file.
  [existsSync('/usr/sbin/clamd'), ['apps/server/src/modules/workspace/clamd.test.ts', 'apps/server/src/modules/support/support-photos-clamd.test.ts']],
  // Préau's CAS server against real CAS clients (issue 14): Apache with mod_auth_cas, and phpCAS run by mod_php
  // (php-xml for its DOMDocument).
  [
    existsSync('/usr/sbin/apache2') &&
      existsSync(`${apacheModules}/mod_auth_cas.so`) &&
      readdirSync(apacheModules).some((name) => /^libphp[\d.]*\.so$/.test(name)) &&
      existsSync('/usr/share/php/CAS.php') &&
      existsSync('/etc/php') &&
      readdirSync('/etc/php').some((version) => existsSync(`/etc/php/${version}/mods-available/dom.ini`)),
    ['apps/server/test/cas-clients.test.ts'],
  ],
  // Préau's OpenID Connect provider against a real relying party (issue 14): Apache with mod_auth_openidc, the page run by mod_php.
  [
    existsSync('/usr/sbin/apache2') &&
      existsSync(`${apacheModules}/mod_auth_openidc.so`) &&
      readdirSync(apacheModules).some((name) => /^libphp[\d.]*\.so$/.test(name)),
    ['apps/server/test/oidc-clients.test.ts'],
  ],
  // The real FusionInventory agent (Debian package fusioninventory-agent) against a local Préau.
  [existsSync('/usr/bin/fusioninventory-agent'), ['apps/server/src/modules/inventory/fusioninventory-agent.test.ts']],
  // Printed inventory labels scanned as a phone would (issue 18): poppler's pdftoppm rasterises the PDF.
  [existsSync('/usr/bin/pdftoppm'), ['apps/server/src/modules/inventory/equipment-labels-scan.test.ts']],
  // ÉduConnect login against a real SAML IdP (issue 14): pysaml2 (python3-pysaml2) signing with xmlsec1, keys made by openssl.
  [
    existsSync('/usr/lib/python3/dist-packages/saml2/server.py') && existsSync('/usr/bin/xmlsec1') && existsSync('/usr/bin/openssl'),
    ['apps/server/test/educonnect-pysaml2.test.ts'],
  ],
  // The GAR export validated against the GAR-ENT schema by libxml2's xmllint (libxml2-utils), issue 14.
  [existsSync('/usr/bin/xmllint'), ['apps/server/src/modules/gar/gar-export.test.ts']],
  // The LSU export validated against its schema by libxml2's xmllint (Debian libxml2-utils).
  [existsSync('/usr/bin/xmllint'), ['apps/server/src/modules/evaluations/lsu-schema.test.ts']],
];

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/server/src/**/*.test.ts', 'apps/server/test/**/*.test.ts', 'apps/web/src/**/*.test.ts', 'bench/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...needs.flatMap(([available, files]) => (available ? [] : files))],
    globalSetup: ['apps/server/test/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { NODE_ENV: 'test' },
  },
});
