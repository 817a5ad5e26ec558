/**
 * Something that happened and concerns some accounts: a new message, a
 * changed course, homework due. Modules publish them; the timeline, the live
 * channel and the notification digests consume them.
 */
export interface DomainEvent {
  /** Stable kind, `<module>.<what>` (e.g. `messaging.received`, `timetable.cancelled`). */
  kind: string;
  /** Accounts concerned; each gets its own timeline row. */
  recipientIds: readonly string[];
  actorId?: string | null;
  structureId?: string | null;
  /** The object the event links to, as the web app routes it. */
  objectType: string;
  objectId: string;
  /** What the timeline shows without another query (titles, dates); never secrets. */
  data?: Record<string, unknown>;
}

/** What a live connection receives for one account. */
export interface LiveMessage {
  kind: string;
  objectType: string;
  objectId: string;
  data: Record<string, unknown>;
  at: string;
}
