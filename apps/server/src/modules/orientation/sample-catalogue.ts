import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DB } from '../../platform/db/database.ts';
import { importOnisepFiles } from './onisep-import.service.ts';

/** The small catalogue written by the project in Onisep's columns (docs/orientation/samples). */
export const SAMPLE_CATALOGUE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../docs/orientation/samples');

/**
 * Outside production, an empty catalogue gets the sample files, so the demo's
 * orientation pages work offline. A real catalogue is loaded with `preau import onisep`.
 */
export async function loadSampleCatalogueIfEmpty(db: DB): Promise<boolean> {
  if (!existsSync(SAMPLE_CATALOGUE_DIR)) return false;
  const any = await db.selectFrom('onisep_formations').select('onisep_id').limit(1).executeTakeFirst();
  if (any) return false;
  await importOnisepFiles(db, [SAMPLE_CATALOGUE_DIR]);
  return true;
}
