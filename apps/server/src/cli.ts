import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './platform/config.ts';
import { createPlatform } from './platform/platform.ts';

const usage = `Usage: preau <command> [options]

Commands:
  serve                 Start the server (migrates, and seeds the demo on an empty database outside production)
  migrate               Bring the database schema up to date
  migrate --check       Say whether pending migrations let the running version keep working (exit 1 if not); changes nothing
  seed --demo           Create the demo collectivité (refused when NODE_ENV=production)
  create-admin          Create an ADMC account: --login L --first-name F --last-name N --collectivite "Name" [--kind REGION]
                        (prints its activation code)
  import aaf <paths...>  Import AAF files, folders, .zip or .tar.gz archives in the background job and wait for it:
                        [--dry-run] [--report report.json] [--progress] [--academy AC-RENNES] [--collectivite id|name]
                        [--batch-size N] [--grace-days N] [--retention-days N] [--resp-legal 1,2] [--function-map map.json]
  backup <folder>       Embedded mode: a consistent backup of the database and the files, also while the server runs
  backup --verify <folder>  Checks a backup's checksums without restoring it
  restore <folder>      Embedded mode: restores a backup into an empty data folder (PREAU_DATA), then migrates it forward
  import csv --structure <UAI> <files.csv...>  Import a structure's students, parents, teachers and staff from CSV files
                        (docs/provisioning/CSV.md): [--dry-run] [--report report.json]
  import onisep <paths...>  Load Onisep open-data exports (formations, établissements, actions de formation,
                        métiers; .csv, .json, .xml) into the orientation catalogue (docs/orientation/ONISEP.md): [--report report.json]
  services add|list|remove  Connected services (docs/connected-services.md): add --protocol cas|oidc|link --name N --url U
                        --allow <pattern>… [--profiles ELEVE,PARENT] [--structure UAI] (an OIDC secret is printed once);
                        list [--collectivite id|name]; remove <id>
  oidc rotate-keys      A new signing key for the OpenID Connect provider; the previous one stays published until
                        the ID tokens it signed expire (docs/connected-services.md)
  inventory enrol --structure <UAI>  A new secret for the structure's inventory agents (prints the agent's settings
                        once; docs/inventory/AGENTS.md): [--label "Salle B102"]
  gar export --out <dir>  The GAR export (docs/gar/EXPORT.md): .tar.gz + .md5 of the GAR-ENT XML files:
                        [--structure <UAI>] [--collectivite id|name] [--id-ent <idENT>, default GAR_ID_ENT]

Environment: see docs/CONFIGURATION.md (PORT, PREAU_DATA, DATABASE_URL, REDIS_URL, SMTP_URL, PUBLIC_URL…)`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }

  switch (command) {
    case 'serve': {
      const { serve } = await import('./serve.ts');
      await serve(config);
      return -1;
    }
    case 'migrate': {
      if (rest.includes('--check')) {
        const { runMigrateCheck } = await import('./platform/db/migrate-check-command.ts');
        return runMigrateCheck(config);
      }
      const platform = await createPlatform(config);
      console.log(`Schema up to date (${platform.database.kind}).`);
      await platform.close();
      return 0;
    }
    case 'seed': {
      const { values } = parseArgs({ args: rest, options: { demo: { type: 'boolean' } } });
      if (!values.demo) {
        console.error('Only the demo seed exists: preau seed --demo');
        return 2;
      }
      if (config.isProduction) {
        console.error('The demo seed never runs with NODE_ENV=production.');
        return 2;
      }
      const { seedDemo } = await import('./modules/demo/seed-demo.ts');
      const platform = await createPlatform(config);
      try {
        const result = await seedDemo(platform);
        console.log(result.created ? `Demo seeded: ${result.accounts} accounts.` : 'Demo data already present; nothing done.');
      } finally {
        await platform.close();
      }
      return 0;
    }
    case 'create-admin': {
      const { values } = parseArgs({
        args: rest,
        options: {
          login: { type: 'string' },
          'first-name': { type: 'string' },
          'last-name': { type: 'string' },
          collectivite: { type: 'string' },
          kind: { type: 'string', default: 'REGION' },
          email: { type: 'string' },
        },
      });
      if (!values.login || !values['first-name'] || !values['last-name'] || !values.collectivite) {
        console.error('create-admin needs --login, --first-name, --last-name and --collectivite.');
        return 2;
      }
      const { createAdmc } = await import('./modules/admin/create-admc.ts');
      const platform = await createPlatform(config);
      try {
        const result = await createAdmc(platform.database.db, {
          login: values.login,
          firstName: values['first-name'],
          lastName: values['last-name'],
          collectiviteName: values.collectivite,
          collectiviteKind: values.kind as 'REGION',
          email: values.email,
        });
        console.log(`ADMC ${result.login} created. Activation code: ${result.activationCode}`);
      } catch (error) {
        console.error((error as Error).message);
        return 1;
      } finally {
        await platform.close();
      }
      return 0;
    }
    case 'backup':
    case 'restore': {
      const { runBackupCommand } = await import('./modules/backup/backup-command.ts');
      return runBackupCommand(config, command, rest);
    }
    case 'import': {
      if (rest[0] === 'onisep') {
        const { runOnisepImportCommand } = await import('./modules/orientation/onisep-command.ts');
        return runOnisepImportCommand(config, rest.slice(1));
      }
      const { runImportCommand } = await import('./modules/provisioning/import-command.ts');
      return runImportCommand(config, rest);
    }
    case 'services': {
      const { runServicesCommand } = await import('./modules/connected-services/services-command.ts');
      return runServicesCommand(config, rest);
    }
    case 'oidc': {
      const { runOidcCommand } = await import('./modules/connected-services/oidc-command.ts');
      return runOidcCommand(config, rest);
    }
    case 'inventory': {
      const { runInventoryCommand } = await import('./modules/inventory/enrol-command.ts');
      return runInventoryCommand(config, rest);
    }
    case 'gar': {
      const { runGarCommand } = await import('./modules/gar/gar-command.ts');
      return runGarCommand(config, rest);
    }
    default:
      console.log(usage);
      return command && command !== 'help' && command !== '--help' ? 2 : 0;
  }
}

try {
  const code = await main(process.argv.slice(2));
  if (code >= 0) process.exit(code);
} catch (error) {
  // Operators read this: the message, not a stack trace (set LOG_LEVEL=debug for one).
  console.error(error instanceof Error ? error.message : String(error));
  if (process.env.LOG_LEVEL === 'debug' && error instanceof Error) console.error(error.stack);
  process.exit(1);
}
