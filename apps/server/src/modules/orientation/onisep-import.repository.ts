import { sql } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import type { ActionRow, CatalogueRow, FormationRow, MetierRow, StructureRow } from './onisep-records.ts';

/**
 * SQL of the catalogue import. The catalogue is national public data shared
 * by every collectivité, so these writes take no tenant scope. Each upsert
 * leaves a row whose content hash is unchanged untouched (no write, no new
 * tuple), which is what makes a re-import write nothing.
 */

export interface WriteCount {
  inserted: number;
  updated: number;
}

const tables = {
  formations: 'onisep_formations',
  structures: 'onisep_structures',
  actions: 'onisep_actions',
  metiers: 'onisep_metiers',
} as const;

type RowOf = { formations: FormationRow; structures: StructureRow; actions: ActionRow; metiers: MetierRow };

/** Every Onisep id of a dataset in the catalogue (tens of thousands of short strings at most). */
export async function findCatalogueIds(db: DB, dataset: CatalogueRow['dataset']): Promise<string[]> {
  const rows = await db.selectFrom(tables[dataset] as 'onisep_formations').select('onisep_id').execute();
  return rows.map((r) => r.onisep_id);
}

/**
 * Takes entries out of the catalogue with their formation–métier links. Students' favourites and wishes that name
 * them keep the id (their notes and motivations are theirs); the pages then say the entry is no longer listed.
 */
export async function deleteCatalogueEntries(db: DB, dataset: CatalogueRow['dataset'], ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  if (dataset === 'formations') await db.deleteFrom('onisep_formation_metiers').where('formation_id', 'in', [...ids]).execute();
  if (dataset === 'metiers') await db.deleteFrom('onisep_formation_metiers').where('metier_id', 'in', [...ids]).execute();
  const deleted = await db
    .deleteFrom(tables[dataset] as 'onisep_formations')
    .where('onisep_id', 'in', [...ids])
    .executeTakeFirst();
  return Number(deleted.numDeletedRows);
}

/** Upserts one batch of one dataset (ids unique within the batch); returns what was written. */
export async function upsertCatalogueRows<D extends CatalogueRow['dataset']>(db: DB, dataset: D, rows: RowOf[D][]): Promise<WriteCount> {
  if (rows.length === 0) return { inserted: 0, updated: 0 };
  // One builder for the four tables: their upserts differ only by columns, which the rows carry.
  const table = tables[dataset] as 'onisep_formations';
  const values = rows.map((row) => {
    if (dataset !== 'metiers') return row;
    const { formation_ids: _, ...rest } = row as MetierRow;
    return rest;
  }) as Record<string, unknown>[];
  const columns = Object.keys(values[0]!).filter((c) => c !== 'onisep_id');
  const written = await db
    .insertInto(table)
    .values(values as never)
    .onConflict((oc) =>
      oc
        .column('onisep_id')
        .doUpdateSet(Object.fromEntries(columns.map((c) => [c, sql.ref(`excluded.${c}`)])) as never)
        .where(sql.ref(`${table}.content_hash`), '<>', sql.ref('excluded.content_hash')),
    )
    .returning(['onisep_id', sql<boolean>`xmax = 0`.as('inserted')])
    .execute();
  if (dataset === 'metiers' && written.length > 0) {
    const changed = new Set(written.map((w) => w.onisep_id));
    const links = (rows as MetierRow[])
      .filter((r) => changed.has(r.onisep_id))
      .flatMap((r) => r.formation_ids.map((formationId) => ({ metier_id: r.onisep_id, formation_id: formationId })));
    await db.deleteFrom('onisep_formation_metiers').where('metier_id', 'in', [...changed]).execute();
    if (links.length > 0) await db.insertInto('onisep_formation_metiers').values(links).execute();
  }
  if ((dataset === 'formations' || dataset === 'metiers') && written.length > 0) {
    const changed = new Set(written.map((w) => w.onisep_id));
    const words = new Set(
      (rows as (FormationRow | MetierRow)[]).filter((r) => changed.has(r.onisep_id)).flatMap((r) => r.search_title.split(' ').filter((w) => w.length >= 3)),
    );
    // Words are only added: one a withdrawn title leaves behind corrects to a word that finds nothing, harmlessly.
    if (words.size > 0) await db.insertInto('onisep_search_words').values([...words].map((word) => ({ word }))).onConflict((oc) => oc.column('word').doNothing()).execute();
  }
  const inserted = written.filter((w) => w.inserted).length;
  return { inserted, updated: written.length - inserted };
}

export interface OnisepImportJobRow {
  id: string;
  status: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  /** The report's per-file counts, not its rejection list (up to a thousand rows). */
  files: { file: string; rows: number; inserted: number; updated: number; rejected: number; withdrawn: number }[] | null;
  error: string | null;
  created_at: Date;
  finished_at: Date | null;
}

/** The last `limit` catalogue import jobs, newest first. The catalogue is national: no tenant scope. */
export async function findOnisepImportJobs(db: DB, kind: string, limit: number): Promise<OnisepImportJobRow[]> {
  const result = await sql<OnisepImportJobRow>`
    SELECT id, status, result->'files' AS files, error, created_at, finished_at
    FROM jobs WHERE kind = ${kind}
    ORDER BY created_at DESC, id DESC
    LIMIT ${limit}`.execute(db);
  return result.rows;
}
