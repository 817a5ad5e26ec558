import {
  type CreateStructureBody,
  isValidUai,
  type Structure,
  type StructureQuery,
  type UpdateStructureBody,
} from '@preau/contracts';
import { audit } from '../../platform/audit.ts';
import { type Actor, can } from '../../platform/authorization.ts';
import { AppError, isUniqueViolation } from '../../platform/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { searchTerms } from '../../platform/search-key.ts';
import { IdCursor, decodeCursor, pageFrom } from '../directory/keyset-cursor.ts';
import { requireAdminArea, requireAdministered } from './admin-access.ts';
import { presentStructure } from './admin.presenters.ts';
import {
  countStructureAccounts,
  findAdministeredStructures,
  getStructure,
  insertStructure,
  type StructureRow,
  updateStructure as updateStructureRow,
} from './structures.repository.ts';

async function withCounts(platform: Platform, rows: StructureRow[]): Promise<Structure[]> {
  const counts = await countStructureAccounts(
    platform.database.db,
    rows.map((row) => row.id),
    platform.schoolYear(),
  );
  const byId = new Map(counts.map((c) => [c.structureId, c]));
  return rows.map((row) => presentStructure(row, byId.get(row.id)));
}

/** The structures the actor administers (ADML: his; ADMC: his collectivités'), by name, narrowed by `q`. */
export async function listStructures(platform: Platform, actor: Actor, query: StructureQuery) {
  requireAdminArea(actor);
  const db = platform.database.db;
  const cursor = decodeCursor(IdCursor, query.cursor);
  let after: { key: string; id: string } | undefined;
  if (cursor) {
    const row = await getStructure(db, cursor.id);
    if (!row) throw new AppError('INVALID_CURSOR');
    after = { key: row.name, id: row.id };
  }
  const rows = await findAdministeredStructures(
    db,
    { structureIds: actor.admlStructureIds, collectiviteIds: actor.admcCollectiviteIds },
    { terms: searchTerms(query.q ?? '') },
    { after, limit: query.limit },
  );
  const page = pageFrom(rows, query.limit, (row) => ({ id: row.id }));
  return { items: await withCounts(platform, page.rows), nextCursor: page.nextCursor };
}

/** One structure the actor administers. */
export async function getAdministeredStructure(platform: Platform, actor: Actor, id: string): Promise<Structure> {
  requireAdminArea(actor);
  const row = await getStructure(platform.database.db, id);
  requireAdministered(actor, row);
  const [structure] = await withCounts(platform, [row]);
  return structure!;
}

/** Creates a structure in a collectivité the actor administers (ADMC). */
export async function createStructure(platform: Platform, actor: Actor, body: CreateStructureBody): Promise<Structure> {
  requireAdminArea(actor);
  if (!can(actor, 'structure.create', { type: 'collectivite', id: body.collectiviteId })) {
    // An ADML may never create; an ADMC only sees his own collectivités.
    throw new AppError(actor.admcCollectiviteIds.length === 0 ? 'FORBIDDEN' : 'NOT_FOUND');
  }
  if (!isValidUai(body.uai)) throw new AppError('UAI_INVALID', { fields: { uai: 'invalid_uai' } });
  try {
    const row = await platform.database.db.transaction().execute(async (trx) => {
      const created = await insertStructure(trx, {
        collectivite_id: body.collectiviteId,
        uai: body.uai,
        name: body.name,
        type: body.type,
        city: body.city ?? null,
      });
      await audit(trx, {
        actorId: actor.accountId,
        action: 'structure.create',
        targetType: 'structure',
        targetId: created.id,
        structureId: created.id,
        details: { collectiviteId: body.collectiviteId },
      });
      return created;
    });
    return presentStructure(row, undefined);
  } catch (error) {
    if (isUniqueViolation(error, 'structures_uai_key')) throw new AppError('UAI_TAKEN', { fields: { uai: 'taken' } });
    throw error;
  }
}

/** Changes a structure's name, type or city (ADMC). */
export async function updateStructure(platform: Platform, actor: Actor, id: string, body: UpdateStructureBody): Promise<Structure> {
  requireAdminArea(actor);
  const db = platform.database.db;
  const current = await getStructure(db, id);
  requireAdministered(actor, current);
  if (!can(actor, 'structure.update', { type: 'structure', id, collectiviteId: current.collectivite_id })) {
    throw new AppError('FORBIDDEN');
  }
  const fields = Object.keys(body).filter((key) => body[key as keyof UpdateStructureBody] !== undefined).sort();
  const row = await db.transaction().execute(async (trx) => {
    const updated =
      fields.length === 0
        ? current
        : await updateStructureRow(trx, id, {
            ...(body.name !== undefined ? { name: body.name } : {}),
            ...(body.type !== undefined ? { type: body.type } : {}),
            ...(body.city !== undefined ? { city: body.city } : {}),
          });
    if (fields.length > 0) {
      await audit(trx, { actorId: actor.accountId, action: 'structure.update', targetType: 'structure', targetId: id, structureId: id, details: { fields } });
    }
    return updated;
  });
  const [structure] = await withCounts(platform, [row]);
  return structure!;
}
