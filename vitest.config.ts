import { existsSync, readdirSync } from 'node:fs';
import { configDefaults, defineConfig } from 'vitest/config';

// Tests of several Préau processes sharing one PostgreSQL and one Redis (PGlite is one process's database)
// behind Debian's nginx: part of the run on PostgreSQL + Redis only, rather than skipped tests in the PGlite
// run. .ci/run installs nginx before that run.
const sharedServices = Boolean(process.env.TEST_DATABASE_URL && process.env.TEST_REDIS_URL) && existsSync('/usr/sbin/nginx');
const sharedServicesOnly = ['apps/server/test/rolling-restart.test.ts'];

// Préau's CAS server proven against real CAS clients (issue 14): Debian's Apache with mod_auth_cas, and phpCAS
// run by mod_php (php-xml for its DOMDocument); included only when they are installed, never skipped.
const apacheModules = '/usr/lib/apache2/modules';
const casClients =
  existsSync('/usr/sbin/apache2') &&
  existsSync(`${apacheModules}/mod_auth_cas.so`) &&
  readdirSync(apacheModules).some((name) => /^libphp[\d.]*\.so$/.test(name)) &&
  existsSync('/usr/share/php/CAS.php') &&
  existsSync('/etc/php') &&
  readdirSync('/etc/php').some((version) => existsSync(`/etc/php/${version}/mods-available/dom.ini`));
const casClientsOnly = ['apps/server/test/cas-clients.test.ts'];

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/server/src/**/*.test.ts', 'apps/server/test/**/*.test.ts', 'apps/web/src/**/*.test.ts', 'bench/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...(sharedServices ? [] : sharedServicesOnly), ...(casClients ? [] : casClientsOnly)],
    globalSetup: ['apps/server/test/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { NODE_ENV: 'test' },
  },
});
