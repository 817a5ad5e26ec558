/**
 * The tenant rule of every import, AAF or CSV, from the admin area or the
 * CLI: a job writes only inside its own collectivité. A structure belongs to
 * its collectivité; an account to the collectivité whose import stored its
 * record (provisioning_records.collectivite_id). The AAF engine applies this
 * rule to the rows each batch reads anyway (one statement per batch, never
 * one per record); the CSV import applies it to its structure before any job
 * exists.
 */

/**
 * True when what `owner` names belongs to another collectivité than the job's.
 * A record without an owner (older than the rule, and ambiguous then) is
 * not another's: the import that applies it next takes it.
 */
export function isOutsideCollectivite(jobCollectiviteId: string, owner: string | null | undefined): boolean {
  return owner !== null && owner !== undefined && owner !== jobCollectiviteId;
}
