import type { CreateClassBody, SchoolClass, UpdateClassBody } from '@preau/contracts';
import { audit } from '../../platform/audit.ts';
import type { Actor } from '../../platform/authorization.ts';
import { AppError, isUniqueViolation } from '../../platform/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { normalizeForSearch } from '../../platform/search-key.ts';
import { requireAdminArea, requireAdministered } from './admin-access.ts';
import { presentClass } from './admin.presenters.ts';
import { countStudents, findClassesOf, findPrincipalNames, getClassWithOwner, insertClass, updateClass as updateClassRow } from './classes.repository.ts';
import { getStructure } from './structures.repository.ts';

/** Classes are found in the annuaire by name and code. */
function classSearchKey(name: string, code: string): string {
  return normalizeForSearch(`${name} ${code}`);
}

/** The classes of this school year of a structure the actor administers. */
export async function listClasses(platform: Platform, actor: Actor, structureId: string): Promise<{ items: SchoolClass[] }> {
  requireAdminArea(actor);
  const db = platform.database.db;
  requireAdministered(actor, await getStructure(db, structureId));
  const rows = await findClassesOf(db, structureId, platform.schoolYear());
  return { items: rows.map((row) => presentClass(row, row.student_count, row.principals)) };
}

/** Creates a class of this school year in a structure the actor administers. */
export async function createClass(platform: Platform, actor: Actor, structureId: string, body: CreateClassBody): Promise<SchoolClass> {
  requireAdminArea(actor);
  const db = platform.database.db;
  requireAdministered(actor, await getStructure(db, structureId));
  try {
    const row = await db.transaction().execute(async (trx) => {
      const created = await insertClass(trx, {
        structure_id: structureId,
        school_year: platform.schoolYear(),
        code: body.code,
        name: body.name,
        level: body.level,
        search_key: classSearchKey(body.name, body.code),
      });
      await audit(trx, { actorId: actor.accountId, action: 'class.create', targetType: 'class', targetId: created.id, structureId });
      return created;
    });
    return presentClass(row, 0, []);
  } catch (error) {
    if (isUniqueViolation(error, 'classes_structure_year_code_key')) {
      throw new AppError('CLASS_CODE_TAKEN', { fields: { code: 'taken' } });
    }
    throw error;
  }
}

/** Renames a class or changes its level (its code, the key imports match on, stays). */
export async function updateClass(platform: Platform, actor: Actor, id: string, body: UpdateClassBody): Promise<SchoolClass> {
  requireAdminArea(actor);
  const db = platform.database.db;
  const current = await getClassWithOwner(db, id);
  if (!current) throw new AppError('NOT_FOUND');
  requireAdministered(actor, { id: current.structure_id, collectivite_id: current.collectivite_id });
  const fields = Object.keys(body).filter((key) => body[key as keyof UpdateClassBody] !== undefined).sort();
  const row = await db.transaction().execute(async (trx) => {
    if (fields.length === 0) return current;
    const name = body.name ?? current.name;
    const updated = await updateClassRow(trx, id, {
      name,
      ...(body.level !== undefined ? { level: body.level } : {}),
      search_key: classSearchKey(name, current.code),
    });
    await audit(trx, { actorId: actor.accountId, action: 'class.update', targetType: 'class', targetId: id, structureId: current.structure_id, details: { fields } });
    return updated;
  });
  return presentClass(row, await countStudents(db, id), await findPrincipalNames(db, id));
}
