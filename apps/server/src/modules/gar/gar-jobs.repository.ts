import { sql } from 'kysely';
import type { DB } from '../../platform/db/database.ts';

/** Whether a job of this kind was already queued for this night (its `night` parameter, yyyy-mm-dd). */
export async function hasJobForNight(db: DB, kind: string, night: string): Promise<boolean> {
  const row = await db
    .selectFrom('jobs')
    .select('id')
    .where('kind', '=', kind)
    .where(sql<string>`params->>'night'`, '=', night)
    .limit(1)
    .executeTakeFirst();
  return Boolean(row);
}
