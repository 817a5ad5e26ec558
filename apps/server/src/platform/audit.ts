import type { Kysely, Transaction } from 'kysely';
import type { Database } from './db/schema.ts';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  structureId?: string | null;
  /** Identifiers and field names only: never names, e-mails or codes. */
  details?: Record<string, unknown>;
}

/** Records an admin action, in the caller's transaction so it lands with the change or not at all. */
export async function audit(db: Kysely<Database> | Transaction<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_id: entry.actorId,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId ?? null,
      structure_id: entry.structureId ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}
