import type { Profile } from '@preau/contracts';
import { sql } from 'kysely';
import type { DB } from '../../platform/db/database.ts';

export interface LetterRow {
  id: string;
  login: string;
  first_name: string;
  last_name: string;
  profile: Profile;
  activation_code: string;
  /** For a parent: the children of this class, "Prénom Nom" joined by commas. */
  children: string | null;
}

/** Cap on one print run: a class with its parents stays well below it. */
export const maxLettersPerClass = 400;

/**
 * The accounts of a class still awaiting activation: its students, then the
 * parents of its students, each sorted by name. Both reads start from the
 * class's members (class_members by class, parent_links by child).
 */
export async function findLetterRecipients(db: DB, classId: string, profiles: Profile[]): Promise<LetterRow[]> {
  if (profiles.length === 0) return [];
  const result = await sql<LetterRow>`
    WITH students AS (
      SELECT a.* FROM class_members cm JOIN accounts a ON a.id = cm.account_id
      WHERE cm.class_id = ${classId} AND a.profile = 'ELEVE' AND a.deleted_at IS NULL
    )
    SELECT * FROM (
      SELECT s.id, s.login, s.first_name, s.last_name, s.profile, s.activation_code, NULL::text AS children, 0 AS rank, s.search_key
      FROM students s
      WHERE s.status = 'PROVISIONED' AND s.activation_code IS NOT NULL
      UNION ALL
      SELECT p.id, p.login, p.first_name, p.last_name, p.profile, p.activation_code,
             string_agg(s.first_name || ' ' || s.last_name, ', ' ORDER BY s.search_key) AS children, 1 AS rank, p.search_key
      FROM students s
      JOIN parent_links pl ON pl.child_id = s.id
      JOIN accounts p ON p.id = pl.parent_id
      WHERE p.status = 'PROVISIONED' AND p.activation_code IS NOT NULL AND p.deleted_at IS NULL
      GROUP BY p.id
    ) r
    WHERE r.profile IN (${sql.join(profiles)})
    ORDER BY r.rank, r.search_key COLLATE "C", r.id
    LIMIT ${maxLettersPerClass + 1}`.execute(db);
  return result.rows;
}
