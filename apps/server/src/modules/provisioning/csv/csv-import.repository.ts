import { sql } from 'kysely';
import type { DB } from '../../../platform/db/database.ts';

/** Queries of the CSV import (the AAF engine's own are in aaf-import.repository.ts). */

export interface CsvStructureRow {
  id: string;
  uai: string;
  name: string;
  type: string;
  city: string | null;
  external_id: string | null;
  collectivite_id: string;
}

export async function findStructureByUai(db: DB, uai: string): Promise<CsvStructureRow | undefined> {
  return db
    .selectFrom('structures')
    .select(['id', 'uai', 'name', 'type', 'city', 'external_id', 'collectivite_id'])
    .where('uai', '=', uai.toUpperCase())
    .executeTakeFirst();
}

/** Codes and names of the structure's classes and groups this year, and of every subject. */
export async function findCatalogue(db: DB, structureId: string, schoolYear: number) {
  const classes = await db.selectFrom('classes').select(['code', 'name']).where('structure_id', '=', structureId).where('school_year', '=', schoolYear).execute();
  const groups = await db.selectFrom('groups').select(['code', 'name']).where('structure_id', '=', structureId).where('school_year', '=', schoolYear).execute();
  const subjects = await db.selectFrom('subjects').select(['code', 'name', 'short_name']).execute();
  return { classes, groups, subjects };
}

/** Records of this kind under the key prefix `<prefix>$` whose accounts are present (not leaving nor deleted), by key. */
export async function findPresentRecords(db: DB, kind: 'STUDENT' | 'PARENT' | 'STAFF', prefix: string) {
  const rows = await sql<{ key: string; target_id: string; attrs: Record<string, string[]> }>`
    SELECT r.key, r.target_id, r.attrs FROM provisioning_records r JOIN accounts a ON a.id = r.target_id
    WHERE r.kind = ${kind} AND left(r.key, ${prefix.length + 1}) = ${`${prefix}$`} AND a.leaving_at IS NULL AND a.deleted_at IS NULL
    ORDER BY r.key`.execute(db);
  return rows.rows;
}

/** Of these accounts, those not leaving yet. */
export async function findNotLeaving(db: DB, accountIds: string[]): Promise<string[]> {
  if (accountIds.length === 0) return [];
  return (await db.selectFrom('accounts').select('id').where('id', 'in', accountIds).where('leaving_at', 'is', null).execute()).map((r) => r.id);
}

/** These accounts start to leave now (unless already leaving or deleted); returns how many did. */
export async function markAccountsLeaving(db: DB, accountIds: string[], at: Date): Promise<number> {
  if (accountIds.length === 0) return 0;
  const rows = await db
    .updateTable('accounts')
    .set({ leaving_at: at })
    .where('id', 'in', accountIds)
    .where('leaving_at', 'is', null)
    .where('deleted_at', 'is', null)
    .returning('id')
    .execute();
  return rows.length;
}
