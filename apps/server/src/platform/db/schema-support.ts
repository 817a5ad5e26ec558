import type { ColumnType, Generated } from 'kysely';

/** Tables of the support module (migrations 2026-12-08T0660_support, 2026-12-09T1100_support_technicians, 2026-12-10T0600_support_photos). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface SupportTicketsTable {
  id: Generated<string>;
  structure_id: string;
  author_id: string;
  title: string;
  description: string;
  room: string | null;
  equipment_id: string | null;
  urgency: string;
  impact: Generated<string>;
  priority: Generated<string>;
  status: Generated<string>;
  /** The area team the ticket went to (none when no team covers the structure: its admins handle it). */
  team_id: string | null;
  assignee_id: string | null;
  take_due_at: NullableTimestamp;
  resolve_due_at: NullableTimestamp;
  taken_at: NullableTimestamp;
  resolved_at: NullableTimestamp;
  closed_at: NullableTimestamp;
  waiting_since: NullableTimestamp;
  satisfaction: number | null;
  satisfaction_comment: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SupportCommentsTable {
  id: Generated<string>;
  seq: Generated<string>;
  ticket_id: string;
  author_id: string | null;
  by_handler: boolean;
  /** An internal note: read by handlers only, never by the requester. */
  internal: Generated<boolean>;
  body: string;
  created_at: Timestamp;
}

export interface SupportTeamsTable {
  id: Generated<string>;
  collectivite_id: string;
  name: string;
  created_at: Generated<Date>;
}

export interface SupportTeamStructuresTable {
  structure_id: string;
  team_id: string;
}

export interface SupportTeamMembersTable {
  team_id: string;
  account_id: string;
}

export interface SupportTargetsTable {
  collectivite_id: string;
  priority: string;
  take_minutes: number;
  resolve_minutes: number;
}

export interface SupportSettingsTable {
  structure_id: string;
  students_may_report: boolean;
}

export interface SupportInterventionsTable {
  id: Generated<string>;
  ticket_id: string;
  technician_id: string;
  starts_at: Timestamp;
  equipment_id: string | null;
  note: string | null;
  parts: ColumnType<string[], string | undefined, string>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface SupportArticlesTable {
  id: Generated<string>;
  collectivite_id: string;
  title: string;
  body: string;
  search_key: string;
  author_id: string | null;
  created_at: Timestamp;
}

export interface SupportPhotosTable {
  id: Generated<string>;
  seq: Generated<string>;
  ticket_id: string;
  author_id: string | null;
  storage_key: string;
  thumbnail_key: string | null;
  content_type: string;
  size: number;
  /** 'pending': clamd was out of reach, never served until scanned; 'disabled': no antivirus configured. */
  scan_status: string;
  created_at: Timestamp;
}

export interface SupportTables {
  support_articles: SupportArticlesTable;
  support_tickets: SupportTicketsTable;
  support_comments: SupportCommentsTable;
  support_teams: SupportTeamsTable;
  support_team_structures: SupportTeamStructuresTable;
  support_team_members: SupportTeamMembersTable;
  support_targets: SupportTargetsTable;
  support_settings: SupportSettingsTable;
  support_interventions: SupportInterventionsTable;
  support_photos: SupportPhotosTable;
}
