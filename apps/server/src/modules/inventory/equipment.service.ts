import {
  type CreateEquipmentBody,
  type EquipmentDetail,
  type EquipmentKind,
  type EquipmentListQuery,
  type EquipmentPage,
  type EquipmentStatus,
  type EquipmentSummary,
  type HardwareFacts,
  type InventoryTotals,
  type UpdateEquipmentBody,
  equipmentKinds,
  equipmentStatuses,
} from '@preau/contracts';
import { audit } from '../../platform/audit.ts';
import { type Actor, type Action, authorize } from '../../platform/authorization.ts';
import { cleanDisplayText } from '../../platform/display-text.ts';
import { AppError } from '../../platform/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import {
  countByStructure,
  findEquipmentPage,
  findHistory,
  getEquipment,
  getEquipmentOwner,
  getStructureWithOwner,
  insertEquipment,
  insertHistory,
  serialExists,
  updateEquipment,
} from './inventory.repository.ts';

/**
 * The equipment register as people use it: staff of a structure look through
 * it (to say which projector is broken), its admins keep it (manual entries,
 * status, interventions), the ADMC sees the region's totals.
 */

/** Loads the structure and asks whether the actor may do `action` to its register. */
export async function authorizeStructure(platform: Platform, actor: Actor, action: Action, structureId: string) {
  const structure = await getStructureWithOwner(platform.database.db, structureId);
  if (!structure) throw new AppError('NOT_FOUND');
  authorize(actor, action, { type: 'structure', id: structure.id, collectiviteId: structure.collectivite_id });
  return structure;
}

async function authorizeEquipment(platform: Platform, actor: Actor, action: Action, equipmentId: string) {
  const owner = await getEquipmentOwner(platform.database.db, equipmentId);
  if (!owner) throw new AppError('NOT_FOUND');
  authorize(actor, action, { type: 'structure', id: owner.structure_id, collectiviteId: owner.collectivite_id });
  return owner;
}

const iso = (value: Date | string | null) => (value === null ? null : value instanceof Date ? value.toISOString() : new Date(value).toISOString());

type Row = Awaited<ReturnType<typeof findEquipmentPage>>[number];

function present(row: Row): EquipmentSummary {
  return {
    id: row.id,
    kind: row.kind as EquipmentKind,
    name: row.name,
    building: row.building,
    room: row.room,
    serial: row.serial,
    manufacturer: row.manufacturer,
    model: row.model,
    status: row.status as EquipmentStatus,
    source: row.source as EquipmentSummary['source'],
    purchasedOn: row.purchased_on,
    warrantyEndsOn: row.warranty_ends_on,
    lastReportAt: iso(row.last_report_at),
  };
}

function encodeCursor(row: { name: string; id: string }): string {
  return Buffer.from(JSON.stringify([row.name, row.id])).toString('base64url');
}

function decodeCursor(cursor: string | undefined): { name: string; id: string } | undefined {
  if (!cursor) return undefined;
  try {
    const [name, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof name === 'string' && typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id)) return { name, id };
  } catch {
    // fall through
  }
  throw new AppError('VALIDATION_FAILED');
}

/** One page of a structure's equipment, filtered by type, room, status, warranty or silence. */
export async function listEquipment(platform: Platform, actor: Actor, structureId: string, query: EquipmentListQuery): Promise<EquipmentPage> {
  await authorizeStructure(platform, actor, 'inventory.read', structureId);
  const { cursor, ...filters } = query;
  const rows = await findEquipmentPage(platform.database.db, structureId, filters, decodeCursor(cursor), new Date(platform.now()));
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return { items: page.map(present), nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null };
}

export async function getEquipmentDetail(platform: Platform, actor: Actor, equipmentId: string): Promise<EquipmentDetail> {
  const owner = await authorizeEquipment(platform, actor, 'inventory.read', equipmentId);
  const db = platform.database.db;
  const row = await getEquipment(db, owner.structure_id, equipmentId);
  if (!row) throw new AppError('NOT_FOUND');
  const history = await findHistory(db, equipmentId);
  return {
    ...present(row),
    hardware: (row.hardware as HardwareFacts | null) ?? null,
    software: (row.software as EquipmentDetail['software'] | null) ?? [],
    history: history.map((h) => ({
      id: h.id,
      kind: h.kind as EquipmentDetail['history'][number]['kind'],
      summary: h.summary,
      details: h.details ?? null,
      actorName: h.first_name ? `${h.first_name} ${h.last_name}` : null,
      at: iso(h.created_at) ?? '',
    })),
  };
}

/** Equipment entered by hand (a projector, a board): the structure's admins. */
export async function createEquipment(platform: Platform, actor: Actor, structureId: string, body: CreateEquipmentBody): Promise<EquipmentDetail> {
  await authorizeStructure(platform, actor, 'inventory.manage', structureId);
  const db = platform.database.db;
  const id = await db.transaction().execute(async (trx) => {
    if (body.serial && (await serialExists(trx, structureId, body.serial))) throw new AppError('INVENTORY_DUPLICATE_SERIAL');
    const created = await insertEquipment(trx, structureId, {
      kind: body.kind,
      name: cleanDisplayText(body.name),
      building: body.building ?? null,
      room: body.room ?? null,
      serial: body.serial ?? null,
      manufacturer: body.manufacturer ?? null,
      model: body.model ?? null,
      purchased_on: body.purchasedOn ?? null,
      warranty_ends_on: body.warrantyEndsOn ?? null,
      status: body.status,
      source: 'MANUAL',
    });
    await insertHistory(trx, { equipmentId: created.id, kind: 'CREATED', summary: 'Saisi dans l’ENT', actorId: actor.accountId });
    await audit(trx, { actorId: actor.accountId, action: 'inventory.equipment.create', targetType: 'inventory_equipment', targetId: created.id, structureId });
    return created.id;
  });
  return getEquipmentDetail(platform, actor, id);
}

const fieldColumns = {
  kind: 'kind',
  name: 'name',
  building: 'building',
  room: 'room',
  purchasedOn: 'purchased_on',
  warrantyEndsOn: 'warranty_ends_on',
  status: 'status',
} as const satisfies Record<keyof UpdateEquipmentBody, string>;

/** Changes place, dates or status; each change is written in the history, nothing when nothing changed. */
export async function changeEquipment(platform: Platform, actor: Actor, equipmentId: string, body: UpdateEquipmentBody): Promise<EquipmentDetail> {
  const owner = await authorizeEquipment(platform, actor, 'inventory.manage', equipmentId);
  const db = platform.database.db;
  await db.transaction().execute(async (trx) => {
    const row = await getEquipment(trx, owner.structure_id, equipmentId);
    if (!row) throw new AppError('NOT_FOUND');
    const changes: Record<string, [unknown, unknown]> = {};
    const values: Record<string, unknown> = {};
    for (const [field, column] of Object.entries(fieldColumns) as [keyof UpdateEquipmentBody, (typeof fieldColumns)[keyof UpdateEquipmentBody]][]) {
      const next = body[field];
      if (next === undefined) continue;
      const value = field === 'name' && typeof next === 'string' ? cleanDisplayText(next) : next;
      if (row[column] === value) continue;
      changes[field] = [row[column], value];
      values[column] = value;
    }
    if (Object.keys(changes).length === 0) return;
    await updateEquipment(trx, owner.structure_id, equipmentId, values);
    const statusChange = changes.status;
    await insertHistory(trx, {
      equipmentId,
      kind: statusChange && Object.keys(changes).length === 1 ? 'STATUS' : 'EDIT',
      summary: statusChange ? `Statut : ${String(statusChange[0])} → ${String(statusChange[1])}` : `Modifié : ${Object.keys(changes).join(', ')}`,
      details: changes,
      actorId: actor.accountId,
    });
    await audit(trx, { actorId: actor.accountId, action: 'inventory.equipment.update', targetType: 'inventory_equipment', targetId: equipmentId, structureId: owner.structure_id, details: changes });
  });
  return getEquipmentDetail(platform, actor, equipmentId);
}

/** Records an intervention (a repair, a part replaced, a visit) on the equipment. */
export async function addIntervention(platform: Platform, actor: Actor, equipmentId: string, summary: string): Promise<EquipmentDetail> {
  const owner = await authorizeEquipment(platform, actor, 'inventory.manage', equipmentId);
  await platform.database.db.transaction().execute(async (trx) => {
    await insertHistory(trx, { equipmentId, kind: 'INTERVENTION', summary: cleanDisplayText(summary), actorId: actor.accountId });
    await audit(trx, { actorId: actor.accountId, action: 'inventory.intervention.create', targetType: 'inventory_equipment', targetId: equipmentId, structureId: owner.structure_id });
  });
  return getEquipmentDetail(platform, actor, equipmentId);
}

function emptyCounts() {
  return {
    total: 0,
    byStatus: Object.fromEntries(equipmentStatuses.map((s) => [s, 0])) as Record<EquipmentStatus, number>,
    byKind: Object.fromEntries(equipmentKinds.map((k) => [k, 0])) as Record<EquipmentKind, number>,
  };
}

/** The region's equipment, per structure and in all, for the collectivité's ADMC. */
export async function getTotals(platform: Platform, actor: Actor, collectiviteId: string): Promise<InventoryTotals> {
  authorize(actor, 'inventory.totals', { type: 'collectivite', id: collectiviteId });
  const rows = await countByStructure(platform.database.db, collectiviteId);
  const totals = emptyCounts();
  const byStructure = new Map<string, InventoryTotals['structures'][number]>();
  for (const row of rows) {
    const count = Number(row.count);
    let entry = byStructure.get(row.id);
    if (!entry) {
      entry = { id: row.id, uai: row.uai, name: row.name, ...emptyCounts() };
      byStructure.set(row.id, entry);
    }
    for (const target of [entry, totals]) {
      target.total += count;
      target.byStatus[row.status as EquipmentStatus] += count;
      target.byKind[row.kind as EquipmentKind] += count;
    }
  }
  return { totals, structures: [...byStructure.values()] };
}
