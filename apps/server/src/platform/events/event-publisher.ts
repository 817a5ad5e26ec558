import type { Transaction } from 'kysely';
import type { DB } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import type { DomainEvent, LiveMessage } from './domain-event.ts';
import type { LiveHub } from './live-hub.ts';

/** Rows per INSERT: keeps one statement's parameters well under PostgreSQL's 65,535. */
const batchSize = 1000;

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
    const data = JSON.stringify(event.data ?? {});
    for (let start = 0; start < recipients.length; start += batchSize) {
      await trx
        .insertInto('timeline_events')
        .values(
          recipients.slice(start, start + batchSize).map((accountId) => ({
            account_id: accountId,
            kind: event.kind,
            actor_id: event.actorId ?? null,
            structure_id: event.structureId ?? null,
            object_type: event.objectType,
            object_id: event.objectId,
            data,
            created_at: new Date(this.now()),
          })),
        )
        .execute();
    }
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
