import type { EquipmentListQuery } from '@preau/contracts';
import { sql } from 'kysely';
import type { DB } from '../../platform/db/database.ts';

/**
 * SQL of the equipment register. Every read and write takes the structure it
 * belongs to, so an id of another structure is simply not found.
 */

const equipmentColumns = [
  'e.id',
  'e.structure_id',
  'e.kind',
  'e.name',
  'e.building',
  'e.room',
  'e.serial',
  'e.hardware_uuid',
  'e.agent_device_id',
  'e.manufacturer',
  'e.model',
  'e.purchased_on',
  'e.warranty_ends_on',
  'e.status',
  'e.source',
  'e.last_report_at',
] as const;

/** A structure with its collectivité (what `can` needs). */
export async function getStructureWithOwner(db: DB, structureId: string) {
  return db.selectFrom('structures').select(['id', 'uai', 'name', 'collectivite_id']).where('id', '=', structureId).executeTakeFirst();
}

export async function getStructureByUai(db: DB, uai: string) {
  return db.selectFrom('structures').select(['id', 'uai', 'name', 'collectivite_id']).where('uai', '=', uai).executeTakeFirst();
}

/** One page of a structure's equipment in name order, after the (name, id) cursor. */
export async function findEquipmentPage(
  db: DB,
  structureId: string,
  query: Omit<EquipmentListQuery, 'cursor'>,
  after: { name: string; id: string } | undefined,
  now: Date,
) {
  let q = db.selectFrom('inventory_equipment as e').select(equipmentColumns).where('e.structure_id', '=', structureId);
  if (query.kind) q = q.where('e.kind', '=', query.kind);
  if (query.room) q = q.where('e.room', '=', query.room);
  if (query.status) q = q.where('e.status', '=', query.status);
  if (query.warrantyEndsBefore) q = q.where('e.warranty_ends_on', '<=', query.warrantyEndsBefore).where('e.status', '<>', 'RETIRED');
  if (query.silentForDays) {
    const since = new Date(now.getTime() - query.silentForDays * 86_400_000);
    q = q.where('e.last_report_at', '<', since).where('e.status', '<>', 'RETIRED');
  }
  if (after) q = q.where((eb) => eb(eb.refTuple('e.name', 'e.id'), '>', eb.tuple(after.name, after.id)));
  return q.orderBy('e.name').orderBy('e.id').limit(query.limit + 1).execute();
}

export async function getEquipment(db: DB, structureId: string, id: string) {
  return db
    .selectFrom('inventory_equipment as e')
    .select([...equipmentColumns, 'e.hardware', 'e.software'])
    .where('e.structure_id', '=', structureId)
    .where('e.id', '=', id)
    .executeTakeFirst();
}

/** An equipment with its structure's collectivité, to decide who may see it. */
export async function getEquipmentOwner(db: DB, id: string) {
  return db
    .selectFrom('inventory_equipment as e')
    .innerJoin('structures as s', 's.id', 'e.structure_id')
    .select(['e.id', 'e.structure_id', 's.collectivite_id'])
    .where('e.id', '=', id)
    .executeTakeFirst();
}

/** The latest entries of an equipment's history (bounded), with who wrote them. */
export async function findHistory(db: DB, equipmentId: string, limit = 100) {
  return db
    .selectFrom('inventory_history as h')
    .leftJoin('accounts as a', 'a.id', 'h.actor_id')
    .select(['h.id', 'h.kind', 'h.summary', 'h.details', 'h.created_at', 'a.first_name', 'a.last_name'])
    .where('h.equipment_id', '=', equipmentId)
    .orderBy('h.created_at', 'desc')
    .orderBy('h.id', 'desc')
    .limit(limit)
    .execute();
}

export interface EquipmentValues {
  kind: string;
  name: string;
  building?: string | null;
  room?: string | null;
  serial?: string | null;
  hardware_uuid?: string | null;
  agent_device_id?: string | null;
  manufacturer?: string | null;
  model?: string | null;
  purchased_on?: string | null;
  warranty_ends_on?: string | null;
  status?: string;
  source: 'AGENT' | 'MANUAL' | 'CSV';
  hardware?: string | null;
  software?: string | null;
  last_report_at?: Date | null;
}

export async function insertEquipment(db: DB, structureId: string, values: EquipmentValues) {
  return db
    .insertInto('inventory_equipment')
    .values({ structure_id: structureId, ...values })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function updateEquipment(db: DB, structureId: string, id: string, values: Partial<EquipmentValues>) {
  await db
    .updateTable('inventory_equipment')
    .set({ ...values, updated_at: sql<Date>`now()` })
    .where('structure_id', '=', structureId)
    .where('id', '=', id)
    .execute();
}

export async function insertHistory(db: DB, entry: { equipmentId: string; kind: string; summary: string; details?: unknown; actorId?: string | null }) {
  await db
    .insertInto('inventory_history')
    .values({
      equipment_id: entry.equipmentId,
      kind: entry.kind,
      summary: entry.summary,
      details: entry.details === undefined ? null : JSON.stringify(entry.details),
      actor_id: entry.actorId ?? null,
    })
    .execute();
}

export async function serialExists(db: DB, structureId: string, serial: string, exceptId?: string): Promise<boolean> {
  let q = db.selectFrom('inventory_equipment').select('id').where('structure_id', '=', structureId).where('serial', '=', serial);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

/**
 * The record an agent's report updates: the same serial, else the same
 * SMBIOS UUID, else the same agent (device id), in this structure only.
 * Locked for the transaction, so two reports of one machine do not race.
 */
export async function findReportedMachine(db: DB, structureId: string, keys: { serial: string | null; uuid: string | null; deviceId: string }) {
  const base = () =>
    db
      .selectFrom('inventory_equipment as e')
      .select([...equipmentColumns, 'e.hardware', 'e.software'])
      .where('e.structure_id', '=', structureId)
      .forUpdate();
  if (keys.serial) {
    const row = await base().where('e.serial', '=', keys.serial).executeTakeFirst();
    if (row) return row;
  }
  if (keys.uuid) {
    const row = await base().where('e.hardware_uuid', '=', keys.uuid).executeTakeFirst();
    if (row) return row;
  }
  return base().where('e.agent_device_id', '=', keys.deviceId).executeTakeFirst();
}

// Enrolments of agents

export async function insertEnrolment(db: DB, values: { structureId: string; label: string; secretHash: string; createdBy: string | null }) {
  return db
    .insertInto('inventory_enrolments')
    .values({ structure_id: values.structureId, label: values.label, secret_hash: values.secretHash, created_by: values.createdBy })
    .returning(['id', 'label', 'created_at', 'revoked_at', 'last_used_at'])
    .executeTakeFirstOrThrow();
}

export async function findEnrolments(db: DB, structureId: string) {
  return db
    .selectFrom('inventory_enrolments')
    .select(['id', 'label', 'created_at', 'revoked_at', 'last_used_at'])
    .where('structure_id', '=', structureId)
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
}

/** An enrolment with its structure's collectivité (to decide who may revoke it). */
export async function getEnrolmentOwner(db: DB, id: string) {
  return db
    .selectFrom('inventory_enrolments as n')
    .innerJoin('structures as s', 's.id', 'n.structure_id')
    .select(['n.id', 'n.label', 'n.structure_id', 'n.created_at', 'n.revoked_at', 'n.last_used_at', 's.collectivite_id'])
    .where('n.id', '=', id)
    .executeTakeFirst();
}

export async function revokeEnrolment(db: DB, structureId: string, id: string, at: Date) {
  await db
    .updateTable('inventory_enrolments')
    .set({ revoked_at: at })
    .where('structure_id', '=', structureId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}

/** A live (unrevoked) enrolment, for an agent's credentials. */
export async function getLiveEnrolment(db: DB, id: string) {
  return db
    .selectFrom('inventory_enrolments')
    .select(['id', 'structure_id', 'secret_hash', 'last_used_at'])
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function touchEnrolment(db: DB, id: string, at: Date) {
  await db.updateTable('inventory_enrolments').set({ last_used_at: at }).where('id', '=', id).execute();
}

/** Counts per structure, status and kind for the collectivité's totals (one grouped, indexed scan). */
export async function countByStructure(db: DB, collectiviteId: string) {
  return db
    .selectFrom('structures as s')
    .innerJoin('inventory_equipment as e', 'e.structure_id', 's.id')
    .select(['s.id', 's.uai', 's.name', 'e.status', 'e.kind', (eb) => eb.fn.countAll<string>().as('count')])
    .where('s.collectivite_id', '=', collectiviteId)
    .groupBy(['s.id', 's.uai', 's.name', 'e.status', 'e.kind'])
    .orderBy('s.name')
    .limit(100_000)
    .execute();
}

/** The equipment of a structure to print labels for: those of a room, those picked, or both; in room then name order. */
export async function findEquipmentForLabels(db: DB, structureId: string, selection: { room?: string; ids?: string[] }, limit: number) {
  let q = db
    .selectFrom('inventory_equipment as e')
    .select(['e.id', 'e.name', 'e.kind', 'e.building', 'e.room', 'e.serial'])
    .where('e.structure_id', '=', structureId)
    .where('e.status', '<>', 'RETIRED');
  if (selection.room) q = q.where('e.room', '=', selection.room);
  if (selection.ids) q = q.where('e.id', 'in', selection.ids);
  return q.orderBy('e.room').orderBy('e.name').orderBy('e.id').limit(limit).execute();
}
