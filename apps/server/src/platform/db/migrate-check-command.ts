import type { Config } from '../config.ts';
import { openPGlite, openPostgres } from './database.ts';
import { appliedMigrations } from './migrate.ts';
import { checkPendingMigrations } from './migration-check.ts';

/**
 * `preau migrate --check`: lists the migrations the database has not run and
 * says whether the version running now keeps working once they run. Changes
 * nothing. Exit 0: none pending, or all backward-compatible (run them, then
 * roll the new version out); 1: at least one is not (see OPERATIONS.md, "Upgrade").
 */
export async function runMigrateCheck(config: Config): Promise<number> {
  const database = config.databaseUrl ? openPostgres(config.databaseUrl, 1) : await openPGlite(config.dataDir);
  try {
    if (!(await appliedMigrations(database.db)).length) {
      console.log('Empty database: the migrations will create the schema; no version runs on it yet.');
      return 0;
    }
    const verdicts = await checkPendingMigrations(database.db);
    if (!verdicts.length) {
      console.log('No pending migration: the schema is up to date.');
      return 0;
    }
    for (const v of verdicts) console.log(`${v.compatible ? 'compatible  ' : 'INCOMPATIBLE'}  ${v.name}: ${v.reason}`);
    const blocking = verdicts.filter((v) => !v.compatible);
    if (!blocking.length) {
      console.log(`${verdicts.length} pending migration(s), all backward-compatible: run them while the current version serves, then roll out.`);
      return 0;
    }
    console.log(
      `${blocking.length} pending migration(s) would break the version running now: stop it before migrating (a short downtime), ` +
        'or ship the change as expand now and contract in a later release (docs/decisions/expand-contract-migrations.md).',
    );
    return 1;
  } finally {
    await database.close();
  }
}
