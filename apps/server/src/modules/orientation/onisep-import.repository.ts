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
  const inserted = written.filter((w) => w.inserted).length;
  return { inserted, updated: written.length - inserted };
}
