import { sql } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import type { JobStatus } from '../../platform/db/schema-provisioning.ts';

/** Queries shared by the AAF and CSV imports: the collectivité an import is for, the history of import jobs. */

/** A collectivité by its id or, failing that, its exact name. */
export async function findCollectiviteByIdOrName(db: DB, given: string): Promise<{ id: string } | undefined> {
  const byId = /^[0-9a-f-]{36}$/i.test(given) ? await db.selectFrom('collectivites').select('id').where('id', '=', given).executeTakeFirst() : undefined;
  return byId ?? (await db.selectFrom('collectivites').select('id').where('name', '=', given).executeTakeFirst());
}

/** Up to `limit` collectivités (enough to tell "none", "one" and "several"). */
export async function findSomeCollectivites(db: DB, limit: number): Promise<{ id: string }[]> {
  return db.selectFrom('collectivites').select('id').limit(limit).execute();
}

export interface ImportJobRow {
  id: string;
  kind: string;
  status: JobStatus;
  params: unknown;
  progress: unknown;
  /** The report's counts only, not its (possibly long) rejection list. */
  counts: Record<string, Record<string, number> | undefined> | null;
  error: string | null;
  created_at: Date;
  finished_at: Date | null;
}

/** The last `limit` jobs of these kinds for these collectivités, newest first. */
export async function findImportJobs(db: DB, kinds: string[], collectiviteIds: string[], limit: number): Promise<ImportJobRow[]> {
  const result = await sql<ImportJobRow>`
    SELECT id, kind, status, params, progress, result->'counts' AS counts, error, created_at, finished_at
    FROM jobs
    WHERE kind IN (${sql.join(kinds)}) AND params->>'collectiviteId' IN (${sql.join(collectiviteIds)})
    ORDER BY created_at DESC, id DESC
    LIMIT ${limit}`.execute(db);
  return result.rows;
}

/** The parameters of the jobs of these kinds still queued or running. */
export async function findUnfinishedJobs(db: DB, kinds: string[]): Promise<{ params: unknown }[]> {
  return db.selectFrom('jobs').select('params').where('kind', 'in', kinds).where('status', 'in', ['QUEUED', 'RUNNING']).execute();
}
