import type { ColumnType } from 'kysely';

export interface TimelineEventsTable {
  id: ColumnType<string, never, never>;
  account_id: string;
  kind: string;
  actor_id: string | null;
  structure_id: string | null;
  object_type: string;
  object_id: string;
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  read_at: Date | null;
}

export interface TimelineTables {
  timeline_events: TimelineEventsTable;
}
