import { existsSync } from 'node:fs';
import { configDefaults, defineConfig } from 'vitest/config';

// Tests of several Préau processes sharing one PostgreSQL and one Redis (PGlite is one process's database)
// behind Debian's nginx: part of the run on PostgreSQL + Redis only, rather than skipped tests in the PGlite
// run. .ci/run installs nginx before that run.
const sharedServices = Boolean(process.env.TEST_DATABASE_URL && process.env.TEST_REDIS_URL) && existsSync('/usr/sbin/nginx');
const sharedServicesOnly = ['apps/server/test/rolling-restart.test.ts'];
// The real FusionInventory agent (Debian package fusioninventory-agent) against a local Préau: where it is installed.
const fusionInventoryAgent = existsSync('/usr/bin/fusioninventory-agent');
const fusionInventoryAgentOnly = ['apps/server/src/modules/inventory/fusioninventory-agent.test.ts'];

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/server/src/**/*.test.ts', 'apps/server/test/**/*.test.ts', 'apps/web/src/**/*.test.ts', 'bench/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...(sharedServices ? [] : sharedServicesOnly), ...(fusionInventoryAgent ? [] : fusionInventoryAgentOnly)],
    globalSetup: ['apps/server/test/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { NODE_ENV: 'test' },
  },
});
