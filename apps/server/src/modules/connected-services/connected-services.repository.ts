import type { Profile } from '@preau/contracts';
import { sql, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import type { Database } from '../../platform/db/schema.ts';
import type { ConnectedServicesTable } from '../../platform/db/schema-connected-services.ts';

type Db = DB | Transaction<Database>;

/** A connected service as stored, jsonb columns parsed. */
export interface ServiceRow {
  id: string;
  collectivite_id: string;
  owner_structure_id: string | null;
  name: string;
  icon: string;
  launch_url: string;
  protocol: ConnectedServicesTable['protocol'];
  allowed_patterns: string[];
  profiles: Profile[];
  structure_ids: string[];
  attributes: string[];
  enabled_by_default: boolean;
  oidc_client_id: string | null;
}

/** PGlite may hand jsonb back as text; pg parses it. */
function list<T>(value: unknown): T[] {
  const parsed = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  return Array.isArray(parsed) ? (parsed as T[]) : [];
}

const columns = [
  'id',
  'collectivite_id',
  'owner_structure_id',
  'name',
  'icon',
  'launch_url',
  'protocol',
  'allowed_patterns',
  'profiles',
  'structure_ids',
  'attributes',
  'enabled_by_default',
  'oidc_client_id',
] as const;

function toRow(row: Record<(typeof columns)[number], unknown>): ServiceRow {
  return {
    ...(row as unknown as ServiceRow),
    allowed_patterns: list<string>(row.allowed_patterns),
    profiles: list<Profile>(row.profiles),
    structure_ids: list<string>(row.structure_ids),
    attributes: list<string>(row.attributes),
  };
}

export interface NewService {
  collectiviteId: string;
  ownerStructureId: string | null;
  name: string;
  icon: string;
  launchUrl: string;
  protocol: ServiceRow['protocol'];
  allowedPatterns: string[];
  profiles: Profile[];
  structureIds: string[];
  attributes: string[];
  enabledByDefault: boolean;
  oidcClientId: string | null;
  oidcSecretHash: string | null;
  createdBy: string | null;
}

export async function insertService(db: Db, service: NewService): Promise<ServiceRow> {
  const row = await db
    .insertInto('connected_services')
    .values({
      collectivite_id: service.collectiviteId,
      owner_structure_id: service.ownerStructureId,
      name: service.name,
      icon: service.icon,
      launch_url: service.launchUrl,
      protocol: service.protocol,
      allowed_patterns: JSON.stringify(service.allowedPatterns),
      profiles: JSON.stringify(service.profiles),
      structure_ids: JSON.stringify(service.structureIds),
      attributes: JSON.stringify(service.attributes),
      enabled_by_default: service.enabledByDefault,
      oidc_client_id: service.oidcClientId,
      oidc_secret_hash: service.oidcSecretHash,
      created_by: service.createdBy,
    })
    .returning(columns)
    .executeTakeFirstOrThrow();
  return toRow(row);
}

/** The collectivité's catalogue (its own services and its structures' links), by name; bounded. */
export async function findCollectiviteServices(db: Db, collectiviteId: string, limit = 500): Promise<ServiceRow[]> {
  const rows = await db
    .selectFrom('connected_services')
    .select(columns)
    .where('collectivite_id', '=', collectiviteId)
    .where('deleted_at', 'is', null)
    .orderBy('name')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toRow);
}

/** One service of a collectivité (the scope is part of the key). */
export async function findService(db: Db, collectiviteId: string, id: string): Promise<ServiceRow | undefined> {
  const row = await db
    .selectFrom('connected_services')
    .select(columns)
    .where('id', '=', id)
    .where('collectivite_id', '=', collectiviteId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row ? toRow(row) : undefined;
}

/** A service by id whatever its collectivité: callers then scope it through authorize(). */
export async function unsafeFindServiceById(db: Db, id: string): Promise<ServiceRow | undefined> {
  const row = await db.selectFrom('connected_services').select(columns).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  return row ? toRow(row) : undefined;
}

/** Services by protocol, across collectivités: the CAS server matches a `service` URL against their patterns. */
export async function unsafeFindServicesByProtocol(db: Db, protocol: ServiceRow['protocol'], limit = 5000): Promise<ServiceRow[]> {
  const rows = await db
    .selectFrom('connected_services')
    .select(columns)
    .where('protocol', '=', protocol)
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .limit(limit)
    .execute();
  return rows.map(toRow);
}

export async function unsafeFindServiceByClientId(db: Db, clientId: string): Promise<ServiceRow | undefined> {
  const row = await db
    .selectFrom('connected_services')
    .select(columns)
    .where('oidc_client_id', '=', clientId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row ? toRow(row) : undefined;
}

/** An OIDC client's secret hash (the one column presenters never show), for client authentication. */
export async function unsafeFindClientSecretHash(db: Db, clientId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('connected_services')
    .select('oidc_secret_hash')
    .where('oidc_client_id', '=', clientId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row?.oidc_secret_hash ?? undefined;
}

/** What an ADMC may change in a catalogue service (never its protocol, its owner or its client id). */
export interface ServiceChanges {
  name: string;
  icon: string;
  launchUrl: string;
  allowedPatterns: string[];
  profiles: Profile[];
  structureIds: string[];
  attributes: string[];
  enabledByDefault: boolean;
}

export async function updateService(db: Db, collectiviteId: string, id: string, changes: ServiceChanges): Promise<ServiceRow | undefined> {
  const row = await db
    .updateTable('connected_services')
    .set({
      name: changes.name,
      icon: changes.icon,
      launch_url: changes.launchUrl,
      allowed_patterns: JSON.stringify(changes.allowedPatterns),
      profiles: JSON.stringify(changes.profiles),
      structure_ids: JSON.stringify(changes.structureIds),
      attributes: JSON.stringify(changes.attributes),
      enabled_by_default: changes.enabledByDefault,
    })
    .where('id', '=', id)
    .where('collectivite_id', '=', collectiviteId)
    .where('deleted_at', 'is', null)
    .returning(columns)
    .executeTakeFirst();
  return row ? toRow(row) : undefined;
}

/** Replaces an OIDC client's secret hash: the provider reads it at each client authentication, so the old one fails at once. */
export async function updateClientSecretHash(db: Db, collectiviteId: string, id: string, secretHash: string): Promise<boolean> {
  const result = await db
    .updateTable('connected_services')
    .set({ oidc_secret_hash: secretHash })
    .where('id', '=', id)
    .where('collectivite_id', '=', collectiviteId)
    .where('protocol', '=', 'oidc')
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function softDeleteService(db: Db, collectiviteId: string, id: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('connected_services')
    .set({ deleted_at: now })
    .where('id', '=', id)
    .where('collectivite_id', '=', collectiviteId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * The structures among `structureIds` where this service is shown to a `profile`: same collectivité,
 * the profile listed, the structure listed (or none listed), its own link, and not hidden there.
 */
export async function findOfferedStructureIds(db: Db, serviceId: string, profile: Profile, structureIds: string[]): Promise<string[]> {
  if (structureIds.length === 0) return [];
  const rows = await sql<{ id: string }>`
    SELECT st.id
    FROM connected_services s
    JOIN structures st ON st.collectivite_id = s.collectivite_id AND st.id IN (${sql.join(structureIds)})
    LEFT JOIN connected_service_settings cs ON cs.service_id = s.id AND cs.structure_id = st.id
    WHERE s.id = ${serviceId} AND s.deleted_at IS NULL
      AND s.profiles @> jsonb_build_array(${profile}::text)
      AND (s.owner_structure_id IS NULL OR s.owner_structure_id = st.id)
      AND (s.structure_ids = '[]'::jsonb OR s.structure_ids @> jsonb_build_array(st.id::text))
      AND COALESCE(cs.enabled, s.enabled_by_default)
    ORDER BY st.id
  `.execute(db);
  return rows.rows.map((r) => r.id);
}

export interface TileRow {
  id: string;
  name: string;
  icon: string;
  protocol: ServiceRow['protocol'];
  is_favorite: boolean;
}

/** The tiles offered to an account (same rule as findOfferedStructureIds), favourites first, bounded. */
export async function findTiles(
  db: Db,
  scope: { accountId: string; profile: Profile; structureIds: string[] },
  search: string | undefined,
  limit = 200,
): Promise<TileRow[]> {
  if (scope.structureIds.length === 0) return [];
  const pattern = search ? `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const rows = await sql<TileRow>`
    SELECT s.id, s.name, s.icon, s.protocol, (f.account_id IS NOT NULL) AS is_favorite
    FROM connected_services s
    LEFT JOIN connected_service_favorites f ON f.service_id = s.id AND f.account_id = ${scope.accountId}
    WHERE s.deleted_at IS NULL
      AND s.profiles @> jsonb_build_array(${scope.profile}::text)
      AND (${pattern}::text IS NULL OR s.name ILIKE ${pattern}::text)
      AND EXISTS (
        SELECT 1 FROM structures st
        LEFT JOIN connected_service_settings cs ON cs.service_id = s.id AND cs.structure_id = st.id
        WHERE st.id IN (${sql.join(scope.structureIds)}) AND st.collectivite_id = s.collectivite_id
          AND (s.owner_structure_id IS NULL OR s.owner_structure_id = st.id)
          AND (s.structure_ids = '[]'::jsonb OR s.structure_ids @> jsonb_build_array(st.id::text))
          AND COALESCE(cs.enabled, s.enabled_by_default)
      )
    ORDER BY is_favorite DESC, s.name, s.id
    LIMIT ${limit}
  `.execute(db);
  return rows.rows;
}

/** The services a structure's admin configures: the collectivité's (restricted to it or not) and its own links. */
export async function findStructureServices(
  db: Db,
  structure: { id: string; collectiviteId: string },
  limit = 500,
): Promise<(ServiceRow & { enabled: boolean })[]> {
  const rows = await sql<Record<(typeof columns)[number], unknown> & { enabled: boolean }>`
    SELECT s.id, s.collectivite_id, s.owner_structure_id, s.name, s.icon, s.launch_url, s.protocol, s.allowed_patterns,
      s.profiles, s.structure_ids, s.attributes, s.enabled_by_default, s.oidc_client_id,
      COALESCE(cs.enabled, s.enabled_by_default) AS enabled
    FROM connected_services s
    LEFT JOIN connected_service_settings cs ON cs.service_id = s.id AND cs.structure_id = ${structure.id}
    WHERE s.collectivite_id = ${structure.collectiviteId} AND s.deleted_at IS NULL
      AND (s.owner_structure_id IS NULL OR s.owner_structure_id = ${structure.id})
      AND (s.structure_ids = '[]'::jsonb OR s.structure_ids @> jsonb_build_array(${structure.id}::text))
    ORDER BY s.name, s.id
    LIMIT ${limit}
  `.execute(db);
  return rows.rows.map((row) => ({ ...toRow(row), enabled: row.enabled }));
}

export async function upsertSetting(db: Db, setting: { structureId: string; serviceId: string; enabled: boolean; by: string }): Promise<void> {
  await db
    .insertInto('connected_service_settings')
    .values({ structure_id: setting.structureId, service_id: setting.serviceId, enabled: setting.enabled, updated_by: setting.by })
    .onConflict((oc) => oc.columns(['structure_id', 'service_id']).doUpdateSet({ enabled: setting.enabled, updated_by: setting.by, updated_at: new Date() }))
    .execute();
}

export async function insertFavorite(db: Db, accountId: string, serviceId: string): Promise<void> {
  await db.insertInto('connected_service_favorites').values({ account_id: accountId, service_id: serviceId }).onConflict((oc) => oc.doNothing()).execute();
}

export async function deleteFavorite(db: Db, accountId: string, serviceId: string): Promise<void> {
  await db.deleteFrom('connected_service_favorites').where('account_id', '=', accountId).where('service_id', '=', serviceId).execute();
}

/** Records a launch or a ticket validation: the service, the account, the time; nothing else. */
export async function insertUse(db: Db, use: { serviceId: string; accountId: string; kind: 'launch' | 'validation'; at: Date }): Promise<void> {
  await db.insertInto('connected_service_uses').values({ service_id: use.serviceId, account_id: use.accountId, kind: use.kind, at: use.at }).execute();
}

/** The structures of a collectivité among `ids` (to check an ADMC's restriction list). */
export async function findStructureIdsIn(db: Db, collectiviteId: string, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('structures').select('id').where('collectivite_id', '=', collectiviteId).where('id', 'in', ids).execute();
  return rows.map((r) => r.id);
}

export async function findStructureScope(db: Db, structureId: string): Promise<{ id: string; collectiviteId: string } | undefined> {
  const row = await db.selectFrom('structures').select(['id', 'collectivite_id']).where('id', '=', structureId).executeTakeFirst();
  return row ? { id: row.id, collectiviteId: row.collectivite_id } : undefined;
}

export async function findStructureByUai(db: Db, uai: string): Promise<{ id: string; collectiviteId: string } | undefined> {
  const row = await db.selectFrom('structures').select(['id', 'collectivite_id']).where('uai', '=', uai).executeTakeFirst();
  return row ? { id: row.id, collectiviteId: row.collectivite_id } : undefined;
}

export interface PersonRow {
  login: string;
  first_name: string;
  last_name: string;
  email: string | null;
  profile: Profile;
  staff_function: string | null;
  structures: { id: string; uai: string; name: string }[];
  classes: { code: string; name: string; structure_id: string }[];
}

/** What a CAS service may be told about an account (this school year): identity, structures, classes. */
export async function findPerson(db: Db, accountId: string, schoolYear: number): Promise<PersonRow | undefined> {
  const account = await db
    .selectFrom('accounts')
    .select(['login', 'first_name', 'last_name', 'email', 'profile', 'staff_function'])
    .where('id', '=', accountId)
    .where('status', '=', 'ACTIVE')
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!account) return undefined;
  const structures = await db
    .selectFrom('structure_members as m')
    .innerJoin('structures as s', 's.id', 'm.structure_id')
    .select(['s.id', 's.uai', 's.name'])
    .where('m.account_id', '=', accountId)
    .where('m.school_year', '=', schoolYear)
    .orderBy('s.uai')
    .limit(20)
    .execute();
  const classes = await db
    .selectFrom('class_members as cm')
    .innerJoin('classes as c', 'c.id', 'cm.class_id')
    .select(['c.code', 'c.name', 'c.structure_id'])
    .where('cm.account_id', '=', accountId)
    .where('c.school_year', '=', schoolYear)
    .orderBy('c.code')
    .limit(20)
    .execute();
  return {
    ...(account as Omit<PersonRow, 'structures' | 'classes'>),
    structures: structures.map((s) => ({ ...s, uai: s.uai.trim() })),
    classes,
  };
}

/** A collectivité by id or exact name (the command line names it either way). */
export async function findCollectiviteIds(db: Db, idOrName: string | undefined): Promise<string[]> {
  let query = db.selectFrom('collectivites').select('id').orderBy('name').limit(2);
  if (idOrName) {
    const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrName);
    query = isUuid ? query.where('id', '=', idOrName) : query.where('name', '=', idOrName);
  }
  return (await query.execute()).map((r) => r.id);
}
