import type { ColumnType, Generated } from 'kysely';

/** Tables of the support module (migration 2026-12-08T0660_support). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface SupportTicketsTable {
  id: Generated<string>;
  structure_id: string;
  author_id: string;
  title: string;
  description: string;
  room: string | null;
  equipment_id: string | null;
  urgency: string;
  status: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SupportCommentsTable {
  id: Generated<string>;
  seq: Generated<string>;
  ticket_id: string;
  author_id: string | null;
  by_handler: boolean;
  body: string;
  created_at: Timestamp;
}

export interface SupportTables {
  support_tickets: SupportTicketsTable;
  support_comments: SupportCommentsTable;
}
