import { sql } from 'kysely';
import type { DB } from '../../platform/db/database.ts';

/** Rows and a digest of every row's text of one table: equal fingerprints, equal contents. */
export interface TableFingerprint {
  rows: number;
  md5: string;
}

/**
 * A fingerprint of every table of the schema, read in one go on the
 * connection given (the backup holds it, so nothing changes in between).
 * For the embedded mode's sizes: it reads every row.
 */
export async function tableFingerprints(db: DB): Promise<Record<string, TableFingerprint>> {
  const { rows: tables } = await sql<{ name: string }>`
    SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`.execute(db);
  const result: Record<string, TableFingerprint> = {};
  for (const { name } of tables) {
    const { rows } = await sql<{ rows: number; md5: string }>`
      SELECT count(*)::int AS rows, coalesce(md5(string_agg(t::text, E'\n' ORDER BY t::text)), '') AS md5
      FROM ${sql.table(name)} AS t`.execute(db);
    result[name] = rows[0] ?? { rows: 0, md5: '' };
  }
  return result;
}
