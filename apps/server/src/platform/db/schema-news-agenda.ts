import type { RecurrenceFrequency } from '@preau/contracts';
import type { ColumnType, Generated } from 'kysely';

/** Tables of the news and agenda modules (migration 2026-12-08T0500_news_agenda). */
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DateColumn = ColumnType<string, string, string>;

export interface NewsItemsTable {
  id: Generated<string>;
  structure_id: string;
  school_year: number;
  target_type: 'STRUCTURE' | 'CLASS' | 'GROUP';
  target_id: string;
  audience: string[];
  title: string;
  content_html: string;
  status: 'DRAFT' | 'SUBMITTED' | 'PUBLISHED';
  pinned: Generated<boolean>;
  publish_at: Timestamp | null;
  expire_at: Timestamp | null;
  author_id: string | null;
  author_name: string;
  publisher_id: string | null;
  notified_at: Timestamp | null;
  /** Migration 2026-12-10T0510_news_comments. */
  comments_enabled: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** Migration 2026-12-10T0510_news_comments. */
export interface NewsCommentsTable {
  id: Generated<string>;
  news_id: string;
  author_id: string | null;
  author_name: string;
  body: string;
  hidden_at: Timestamp | null;
  hidden_by: string | null;
  created_at: CreatedAt;
}

export interface NewsImagesTable {
  id: Generated<string>;
  news_id: string;
  storage_key: string;
  file_name: string;
  content_type: string;
  size: number;
  created_at: CreatedAt;
}

export interface CalendarsTable {
  id: Generated<string>;
  kind: 'PERSONAL' | 'STRUCTURE' | 'CLASS' | 'GROUP';
  owner_id: string | null;
  structure_id: string | null;
  target_id: string | null;
  title: string;
  color: string;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface CalendarEventsTable {
  id: Generated<string>;
  calendar_id: string;
  title: string;
  description: Generated<string>;
  location: Generated<string>;
  starts_at: Timestamp;
  ends_at: Timestamp;
  all_day: Generated<boolean>;
  recurrence: RecurrenceFrequency | null;
  recurrence_until: DateColumn | null;
  last_ends_at: Timestamp;
  ics_uid: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** A secret iCalendar subscription URL of an account to a calendar (only its hash is kept). */
export interface AgendaFeedsTable {
  account_id: string;
  calendar_id: string;
  token_hash: string;
  created_at: CreatedAt;
}

export interface NewsAgendaTables {
  news_items: NewsItemsTable;
  news_images: NewsImagesTable;
  news_comments: NewsCommentsTable;
  calendars: CalendarsTable;
  calendar_events: CalendarEventsTable;
  agenda_feeds: AgendaFeedsTable;
}
