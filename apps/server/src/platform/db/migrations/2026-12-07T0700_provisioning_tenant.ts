import { type Kysely, sql } from 'kysely';

/**
 * The collectivité each import record belongs to: the one whose import
 * stored it. An import may only write what its own collectivité's imports
 * stored (docs/provisioning/AAF.md, "Une collectivité n'importe que chez
 * elle"): matched by jointure key alone, one collectivité's AAF upload could
 * rename another's structures and take over its accounts.
 *
 * No foreign key: its check would cost a lookup per record written, and an
 * import writes a million of them. Existing records get the collectivité of
 * what they describe: a structure's own; an account's provisioned structures
 * (latest school year first); else the one collectivité whose structures
 * share the key's academy prefix; else, on an instance with one collectivité,
 * that one. What stays NULL (ambiguous) is taken by the next import that
 * applies the record.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE provisioning_records ADD COLUMN collectivite_id uuid`.execute(db);
  await sql`UPDATE provisioning_records r SET collectivite_id = s.collectivite_id
    FROM structures s WHERE r.kind = 'STRUCTURE' AND s.id = r.target_id`.execute(db);
  await sql`UPDATE provisioning_records r SET collectivite_id = x.collectivite_id
    FROM (SELECT DISTINCT ON (sm.account_id) sm.account_id, s.collectivite_id
          FROM structure_members sm JOIN structures s ON s.id = sm.structure_id
          WHERE s.external_id IS NOT NULL
          ORDER BY sm.account_id, sm.school_year DESC) x
    WHERE r.kind IN ('STAFF', 'STUDENT', 'PARENT') AND r.collectivite_id IS NULL AND x.account_id = r.target_id`.execute(db);
  await sql`UPDATE provisioning_records r SET collectivite_id = p.collectivite_id
    FROM (SELECT split_part(key, '$', 1) AS prefix, min(collectivite_id::text)::uuid AS collectivite_id
          FROM provisioning_records WHERE kind = 'STRUCTURE' AND collectivite_id IS NOT NULL
          GROUP BY 1 HAVING count(DISTINCT collectivite_id) = 1) p
    WHERE r.collectivite_id IS NULL AND split_part(r.key, '$', 1) = p.prefix`.execute(db);
  await sql`UPDATE provisioning_records SET collectivite_id = (SELECT id FROM collectivites)
    WHERE collectivite_id IS NULL AND (SELECT count(*) FROM collectivites) = 1`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE provisioning_records DROP COLUMN collectivite_id`.execute(db);
}
