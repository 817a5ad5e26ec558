import { sql, type Transaction } from 'kysely';
import type { DB } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import type { DomainEvent, LiveMessage } from './domain-event.ts';
import type { LiveHub } from './live-hub.ts';

/**
 * The one way modules publish events. `record` writes the timeline rows inside
 * the caller's transaction, so an event exists exactly when its object does;
 * `broadcast` tells open pages once that transaction has committed.
 */
export class EventPublisher {
  constructor(
    private readonly db: DB,
    private readonly hub: LiveHub,
    private readonly now: () => number,
  ) {}

  async record(trx: Transaction<Database> | DB, event: DomainEvent): Promise<void> {
    const recipients = [...new Set(event.recipientIds)];
    if (recipients.length === 0) return;
    // One statement whatever the fan-out: the recipients travel as one array
    // parameter, the event's fields once, instead of a row of parameters each.
    await sql`
      INSERT INTO timeline_events (account_id, kind, actor_id, structure_id, object_type, object_id, data, created_at)
      SELECT r, ${event.kind}, ${event.actorId ?? null}::uuid, ${event.structureId ?? null}::uuid,
             ${event.objectType}, ${event.objectId}, ${JSON.stringify(event.data ?? {})}::jsonb, ${new Date(this.now())}::timestamptz
      FROM unnest(${recipients}::uuid[]) AS r`.execute(trx);
  }

  async broadcast(event: DomainEvent): Promise<void> {
    const message: LiveMessage = {
      kind: event.kind,
      objectType: event.objectType,
      objectId: event.objectId,
      data: event.data ?? {},
      at: new Date(this.now()).toISOString(),
    };
    await this.hub.broadcast([...new Set(event.recipientIds)], message);
  }

  /** Records in its own transaction, then broadcasts: for callers with nothing else to write. */
  async publish(event: DomainEvent): Promise<void> {
    await this.db.transaction().execute((trx) => this.record(trx, event));
    await this.broadcast(event);
  }

  get live(): LiveHub {
    return this.hub;
  }
}
