import { sql } from 'kysely';
import type { Actor } from '../authorization.ts';
import type { DB } from '../db/database.ts';
import type { Profile, StaffFunction } from '@preau/contracts';

/**
 * The actor of an account as it is now, in one indexed round trip (the
 * account by primary key, its memberships and admin roles by their
 * account_id indexes). Read on every authenticated request, so a demoted
 * director or a removed ADML loses the rights at his next click
 * (docs/decisions/0003). Undefined when the account is no longer active.
 */
export async function loadActor(db: DB, accountId: string, schoolYear: number): Promise<Actor | undefined> {
  const result = await sql<{
    profile: Profile;
    staff_function: StaffFunction | null;
    structure_ids: string[];
    admc: string[];
    adml: string[];
    technician: string[];
  }>`
    SELECT a.profile, a.staff_function,
      ARRAY(SELECT m.structure_id FROM structure_members m WHERE m.account_id = a.id AND m.school_year = ${schoolYear} ORDER BY m.structure_id) AS structure_ids,
      ARRAY(SELECT r.collectivite_id FROM admin_roles r WHERE r.account_id = a.id AND r.role = 'ADMC' ORDER BY r.collectivite_id) AS admc,
      ARRAY(SELECT r.structure_id FROM admin_roles r WHERE r.account_id = a.id AND r.role = 'ADML' ORDER BY r.structure_id) AS adml,
      ARRAY(SELECT r.collectivite_id FROM admin_roles r WHERE r.account_id = a.id AND r.role = 'TECHNICIAN' ORDER BY r.collectivite_id) AS technician
    FROM accounts a
    WHERE a.id = ${accountId} AND a.status = 'ACTIVE' AND a.deleted_at IS NULL
  `.execute(db);
  const row = result.rows[0];
  if (!row) return undefined;
  return {
    accountId,
    profile: row.profile,
    staffFunction: row.staff_function,
    structureIds: row.structure_ids,
    admcCollectiviteIds: row.admc,
    admlStructureIds: row.adml,
    technicianCollectiviteIds: row.technician,
  };
}
