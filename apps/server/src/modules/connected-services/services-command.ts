import { parseArgs } from 'node:util';
import { CreateConnectedServiceBody, errorMessages } from '@preau/contracts';
import type { Config } from '../../platform/config.ts';
import { AppError } from '../../platform/errors.ts';
import { createPlatform, type Platform } from '../../platform/platform.ts';
import { declareService, findServiceForOperator, listCollectiviteServices, removeService } from './catalogue.service.ts';
import { findCollectiviteIds, findStructureByUai } from './connected-services.repository.ts';

export const servicesUsage = `Usage:
  preau services add --protocol cas|oidc|link --name <name> --url <launch URL> --allow <service URL pattern>…
                     [--profiles ELEVE,PARENT,…] [--structure <UAI>] [--collectivite <id|name>]
                     [--attributes uid,ENTPersonStructRattachRNE,…] [--icon book] [--disabled]
  preau services list [--collectivite <id|name>]
  preau services remove <id>`;

/** What a command prints and how it ends; `run` takes the platform so tests drive it directly. */
export interface CommandResult {
  code: number;
  out: string[];
  err: string[];
}

async function collectiviteOf(platform: Platform, given: string | undefined, uai: string | undefined): Promise<{ id?: string; structureId?: string; error?: string }> {
  const db = platform.database.db;
  if (uai) {
    const structure = await findStructureByUai(db, uai.trim().toUpperCase());
    if (!structure) return { error: `No structure with UAI ${uai}.` };
    return { id: structure.collectiviteId, structureId: structure.id };
  }
  const ids = await findCollectiviteIds(db, given);
  if (ids.length === 1) return { id: ids[0] };
  return { error: given ? `No collectivité ${given}.` : 'Several collectivités: name one with --collectivite <id|name>.' };
}

/** `preau services add|list|remove`: the catalogue kept from scripts or version control. */
export async function runServices(platform: Platform, argv: string[]): Promise<CommandResult> {
  const result: CommandResult = { code: 0, out: [], err: [] };
  const fail = (message: string, code = 2) => ({ ...result, code, err: [message] });
  const [sub, ...rest] = argv;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        protocol: { type: 'string' },
        name: { type: 'string' },
        url: { type: 'string' },
        allow: { type: 'string', multiple: true },
        profiles: { type: 'string' },
        structure: { type: 'string' },
        collectivite: { type: 'string' },
        attributes: { type: 'string' },
        icon: { type: 'string' },
        disabled: { type: 'boolean' },
      },
    });
  } catch (error) {
    return fail(`${(error as Error).message}\n${servicesUsage}`);
  }
  const { values, positionals } = parsed;

  if (sub === 'list') {
    const scope = await collectiviteOf(platform, values.collectivite, values.structure);
    if (!scope.id) return fail(scope.error ?? servicesUsage);
    const services = await listCollectiviteServices(platform, null, scope.id);
    for (const s of services) {
      result.out.push(`${s.id}  ${s.protocol.padEnd(4)}  ${s.name}  ${s.launchUrl}  [${s.profiles.join(',')}]  ${s.allowedPatterns.join(' ')}`);
    }
    if (services.length === 0) result.out.push('No connected service yet: add one with `preau services add`.');
    return result;
  }

  if (sub === 'remove') {
    const id = positionals[0];
    if (!id || positionals.length !== 1) return fail(servicesUsage);
    const service = /^[0-9a-f-]{36}$/i.test(id) ? await findServiceForOperator(platform, id) : undefined;
    if (!service) return fail(`No connected service ${id}.`, 1);
    await removeService(platform, null, id);
    result.out.push(`Removed ${service.name} (${id}).`);
    return result;
  }

  if (sub === 'add') {
    const scope = await collectiviteOf(platform, values.collectivite, values.structure);
    if (!scope.id) return fail(scope.error ?? servicesUsage);
    const split = (value: string | undefined) => (value ? value.split(',').map((v) => v.trim()).filter(Boolean) : undefined);
    const body = CreateConnectedServiceBody.safeParse({
      name: values.name,
      launchUrl: values.url,
      protocol: values.protocol,
      allowedPatterns: values.allow ?? [],
      profiles: split(values.profiles) ?? ['ELEVE', 'PARENT', 'ENSEIGNANT', 'PERSONNEL'],
      structureIds: scope.structureId ? [scope.structureId] : [],
      ...(values.attributes ? { attributes: split(values.attributes) } : {}),
      ...(values.icon ? { icon: values.icon } : {}),
      enabledByDefault: !values.disabled,
    });
    if (!body.success) {
      const problems = body.error.issues.map((issue) => `  --${issueOption(issue.path)}: ${issue.message}`);
      return fail(`Not added:\n${problems.join('\n')}\n${servicesUsage}`);
    }
    try {
      const created = await declareService(platform, null, scope.id, body.data);
      result.out.push(`Added ${created.service.name} (${created.service.protocol}): ${created.service.id}`);
      if (created.oidcClientSecret) {
        result.out.push(`OIDC client id:     ${created.service.oidcClientId}`);
        result.out.push(`OIDC client secret: ${created.oidcClientSecret}`);
        result.out.push('The secret is shown this once: Préau keeps only its hash.');
      }
      return result;
    } catch (error) {
      if (error instanceof AppError) return fail(`${error.code}: ${errorMessages[error.code].en}`, 1);
      throw error;
    }
  }
  return fail(servicesUsage);
}

const optionOf: Record<string, string> = {
  name: 'name',
  launchUrl: 'url',
  protocol: 'protocol',
  allowedPatterns: 'allow',
  profiles: 'profiles',
  attributes: 'attributes',
  icon: 'icon',
};

function issueOption(path: readonly PropertyKey[]): string {
  return optionOf[String(path[0])] ?? String(path[0]);
}

/** The `preau services` command on the configured platform. */
export async function runServicesCommand(config: Config, argv: string[]): Promise<number> {
  const platform = await createPlatform(config);
  try {
    const result = await runServices(platform, argv);
    for (const line of result.out) console.log(line);
    for (const line of result.err) console.error(line);
    return result.code;
  } finally {
    await platform.close();
  }
}
