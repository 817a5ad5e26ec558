import type {
  ServiceTile,
  ConnectedService,
  CreateConnectedServiceBody,
  CreateStructureLinkBody,
  ReleasableAttribute,
  RotatedClientSecret,
  UpdateConnectedServiceBody,
} from '@preau/contracts';
import { authorize, type Actor } from '../../platform/authorization.ts';
import { AppError } from '../../platform/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { hashToken, newToken } from '../../platform/tokens.ts';
import { cleanDisplayText } from '../../platform/display-text.ts';
import {
  deleteFavorite,
  findCollectiviteServices,
  findOfferedStructureIds,
  findService,
  findStructureIdsIn,
  findStructureScope,
  findStructureServices,
  findTiles,
  insertFavorite,
  insertService,
  insertUse,
  type ServiceChanges,
  type ServiceRow,
  softDeleteService,
  unsafeFindServiceById,
  updateClientSecretHash,
  updateService,
  upsertSetting,
} from './connected-services.repository.ts';

/** How a service is shown to its administrators (never its secret hash). */
export function presentService(row: ServiceRow): ConnectedService {
  return {
    id: row.id,
    name: row.name,
    icon: row.icon as ConnectedService['icon'],
    launchUrl: row.launch_url,
    protocol: row.protocol,
    allowedPatterns: row.allowed_patterns,
    profiles: row.profiles,
    structureIds: row.structure_ids,
    attributes: row.attributes as ReleasableAttribute[],
    enabledByDefault: row.enabled_by_default,
    ownerStructureId: row.owner_structure_id,
    oidcClientId: row.oidc_client_id,
  };
}

/** An OIDC client's credentials: the secret is returned once and kept only as its hash. */
function newClientCredentials(): { clientId: string; secret: string; secretHash: string } {
  const secret = newToken(32);
  return { clientId: `preau-${newToken(12)}`, secret, secretHash: hashToken(secret) };
}

/**
 * The fields of a catalogue service as stored, once checked: CAS and OIDC services need allowed URL
 * patterns (without them no ticket could go anywhere), and the structures must be the collectivité's.
 */
async function checkedFields(platform: Platform, collectiviteId: string, protocol: ServiceRow['protocol'], body: UpdateConnectedServiceBody): Promise<ServiceChanges> {
  if (protocol !== 'link' && body.allowedPatterns.length === 0) throw new AppError('SERVICE_PATTERNS_REQUIRED');
  const structureIds = [...new Set(body.structureIds)];
  const known = await findStructureIdsIn(platform.database.db, collectiviteId, structureIds);
  if (known.length !== structureIds.length) throw new AppError('SERVICE_STRUCTURE_UNKNOWN');
  return {
    name: cleanDisplayText(body.name),
    icon: body.icon,
    launchUrl: body.launchUrl,
    allowedPatterns: [...new Set(body.allowedPatterns)],
    profiles: [...new Set(body.profiles)],
    structureIds,
    attributes: [...new Set(body.attributes)],
    enabledByDefault: body.enabledByDefault,
  };
}

/** Declares a service in a collectivité's catalogue. `actor` is null for the command line (an operator on the server). */
export async function declareService(
  platform: Platform,
  actor: Actor | null,
  collectiviteId: string,
  body: CreateConnectedServiceBody,
): Promise<{ service: ConnectedService; oidcClientSecret: string | null }> {
  if (actor) authorize(actor, 'service.manage', { type: 'collectivite', id: collectiviteId });
  const fields = await checkedFields(platform, collectiviteId, body.protocol, body);
  const credentials = body.protocol === 'oidc' ? newClientCredentials() : null;
  const row = await insertService(platform.database.db, {
    ...fields,
    collectiviteId,
    ownerStructureId: null,
    protocol: body.protocol,
    oidcClientId: credentials?.clientId ?? null,
    oidcSecretHash: credentials?.secretHash ?? null,
    createdBy: actor?.accountId ?? null,
  });
  return { service: presentService(row), oidcClientSecret: credentials?.secret ?? null };
}

/** A catalogue service its ADMC may change: NOT_FOUND to anyone else, whatever the collectivité. */
async function managedService(platform: Platform, actor: Actor, id: string): Promise<ServiceRow> {
  const row = await unsafeFindServiceById(platform.database.db, id);
  if (!row) throw new AppError('NOT_FOUND');
  authorize(actor, 'service.manage', { type: 'collectivite', id: row.collectivite_id });
  // A structure's own link is its ADML's: the collectivité removes it if needed, it does not rewrite it.
  if (row.owner_structure_id) throw new AppError('SERVICE_OWNED_BY_STRUCTURE');
  return row;
}

/** Edits a catalogue service (ADMC): everything but its protocol and its OIDC client id. */
export async function editService(platform: Platform, actor: Actor, id: string, body: UpdateConnectedServiceBody): Promise<ConnectedService> {
  const current = await managedService(platform, actor, id);
  const fields = await checkedFields(platform, current.collectivite_id, current.protocol, body);
  const row = await updateService(platform.database.db, current.collectivite_id, current.id, fields);
  if (!row) throw new AppError('NOT_FOUND');
  return presentService(row);
}

/** Gives an OIDC client a new secret, answered once; the previous one is refused from the next request on. */
export async function rotateClientSecret(platform: Platform, actor: Actor, id: string): Promise<RotatedClientSecret> {
  const current = await managedService(platform, actor, id);
  if (current.protocol !== 'oidc' || !current.oidc_client_id) throw new AppError('SERVICE_NOT_OIDC');
  const secret = newToken(32);
  if (!(await updateClientSecretHash(platform.database.db, current.collectivite_id, current.id, hashToken(secret)))) throw new AppError('NOT_FOUND');
  return { oidcClientId: current.oidc_client_id, oidcClientSecret: secret };
}

/** The collectivité's catalogue, as its ADMC manages it. */
export async function listCollectiviteServices(platform: Platform, actor: Actor | null, collectiviteId: string): Promise<ConnectedService[]> {
  if (actor) authorize(actor, 'service.manage', { type: 'collectivite', id: collectiviteId });
  return (await findCollectiviteServices(platform.database.db, collectiviteId)).map(presentService);
}

/** Removes a service: the collectivité's by its ADMC, a structure's own link by that structure's admins. */
export async function removeService(platform: Platform, actor: Actor | null, id: string): Promise<void> {
  const db = platform.database.db;
  const row = await unsafeFindServiceById(db, id);
  if (!row) throw new AppError('NOT_FOUND');
  if (actor) {
    const offered = await findOfferedStructureIds(db, row.id, actor.profile, actor.structureIds);
    authorize(actor, 'service.remove', {
      type: 'connected-service',
      collectiviteId: row.collectivite_id,
      ownerStructureId: row.owner_structure_id,
      offeredStructureIds: offered,
    });
  }
  await softDeleteService(db, row.collectivite_id, row.id, new Date(platform.now()));
}

async function structureFor(platform: Platform, actor: Actor, structureId: string) {
  const structure = await findStructureScope(platform.database.db, structureId);
  if (!structure) throw new AppError('NOT_FOUND');
  authorize(actor, 'service.configure', { type: 'structure', id: structure.id, collectiviteId: structure.collectiviteId });
  return structure;
}

/** The services an ADML may show or hide in his structure, with their current state. */
export async function listStructureServices(platform: Platform, actor: Actor, structureId: string) {
  const structure = await structureFor(platform, actor, structureId);
  const rows = await findStructureServices(platform.database.db, structure);
  return rows.map((row) => ({ ...presentService(row), enabled: row.enabled }));
}

/** Shows or hides a service in a structure (the ADML's choice overrides the collectivité's default). */
export async function setStructureService(platform: Platform, actor: Actor, structureId: string, serviceId: string, enabled: boolean) {
  const structure = await structureFor(platform, actor, structureId);
  const db = platform.database.db;
  const current = (await findStructureServices(db, structure)).find((row) => row.id === serviceId);
  if (!current) throw new AppError('NOT_FOUND');
  if (current.enabled !== enabled) await upsertSetting(db, { structureId: structure.id, serviceId, enabled, by: actor.accountId });
  return { ...presentService(current), enabled };
}

/** A structure's own link (never CAS or OIDC: those are declared by the collectivité, who vets them). */
export async function addStructureLink(platform: Platform, actor: Actor, structureId: string, body: CreateStructureLinkBody): Promise<ConnectedService> {
  const structure = await structureFor(platform, actor, structureId);
  const row = await insertService(platform.database.db, {
    collectiviteId: structure.collectiviteId,
    ownerStructureId: structure.id,
    name: cleanDisplayText(body.name),
    icon: body.icon,
    launchUrl: body.launchUrl,
    protocol: 'link',
    allowedPatterns: [],
    profiles: [...new Set(body.profiles)],
    structureIds: [structure.id],
    attributes: [],
    enabledByDefault: true,
    oidcClientId: null,
    oidcSecretHash: null,
    createdBy: actor.accountId,
  });
  return presentService(row);
}

/** "Mes applis": the tiles offered to the actor, favourites first. */
export async function listMyTiles(platform: Platform, actor: Actor, search: string | undefined): Promise<ServiceTile[]> {
  const rows = await findTiles(platform.database.db, actor, search || undefined);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    icon: row.icon as ServiceTile['icon'],
    protocol: row.protocol,
    isFavorite: row.is_favorite,
    launchPath: `/api/v1/connected-services/${row.id}/launch`,
  }));
}

/** A service the actor may open, or NOT_FOUND (its existence is not disclosed to others). */
export async function getLaunchableService(platform: Platform, actor: Actor, id: string): Promise<ServiceRow> {
  const db = platform.database.db;
  const row = await unsafeFindServiceById(db, id);
  if (!row) throw new AppError('SERVICE_NOT_LAUNCHABLE');
  const offered = await findOfferedStructureIds(db, row.id, actor.profile, actor.structureIds);
  try {
    authorize(actor, 'service.launch', { type: 'connected-service', collectiviteId: row.collectivite_id, ownerStructureId: row.owner_structure_id, offeredStructureIds: offered });
  } catch {
    throw new AppError('SERVICE_NOT_LAUNCHABLE');
  }
  return row;
}

export async function setFavorite(platform: Platform, actor: Actor, id: string, favorite: boolean): Promise<void> {
  const row = await getLaunchableService(platform, actor, id);
  if (favorite) await insertFavorite(platform.database.db, actor.accountId, row.id);
  else await deleteFavorite(platform.database.db, actor.accountId, row.id);
}

/** Opens a service: records the launch (service, account, time) and answers where the browser goes. */
export async function launchService(platform: Platform, actor: Actor, id: string): Promise<string> {
  const row = await getLaunchableService(platform, actor, id);
  await insertUse(platform.database.db, { serviceId: row.id, accountId: actor.accountId, kind: 'launch', at: new Date(platform.now()) });
  return row.launch_url;
}

/** For the CLI: a service by id whatever its collectivité (the operator is on the server). */
export async function findServiceForOperator(platform: Platform, id: string): Promise<ConnectedService | undefined> {
  const row = await unsafeFindServiceById(platform.database.db, id);
  return row ? presentService(row) : undefined;
}

export { findService };
