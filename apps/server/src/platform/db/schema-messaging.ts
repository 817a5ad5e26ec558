import type { ColumnType, Generated } from 'kysely';
import type { Profile } from '@preau/contracts';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T> = ColumnType<T, string, string>;

/** What a draft remembers of its targets until it is sent. */
export interface DraftData {
  to: unknown[];
  cc: unknown[];
  bcc: unknown[];
  parentId: string | null;
  mode: string;
}

export interface RecipientLabels {
  to: string[];
  cc: string[];
  bcc: string[];
  /** The To and Cc targets (never Bcc), for "reply to all". */
  targets?: unknown[];
}

export interface MessagesTable {
  id: Generated<string>;
  sender_id: string;
  thread_id: string;
  parent_id: string | null;
  subject: string;
  body_html: string;
  preview: string;
  search_vector: ColumnType<string, unknown, unknown>;
  recipient_labels: ColumnType<RecipientLabels, string | undefined, string>;
  draft: Json<DraftData | null> | null;
  has_attachments: Generated<boolean>;
  created_at: CreatedAt;
  sent_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface MessageAttachmentsTable {
  id: Generated<string>;
  message_id: string;
  file_name: string;
  content_type: string;
  size: number;
  storage_key: string;
  created_at: CreatedAt;
}

export interface MessageFoldersTable {
  id: Generated<string>;
  account_id: string;
  name: string;
  created_at: CreatedAt;
}

export type MessageFolderName = 'INBOX' | 'SENT' | 'DRAFTS' | 'TRASH' | 'USER';

export interface MessageRecipientsTable {
  id: ColumnType<number, never, never>;
  message_id: string;
  account_id: string;
  kind: 'FROM' | 'TO' | 'CC' | 'BCC';
  folder: MessageFolderName;
  folder_id: string | null;
  previous_folder: MessageFolderName | null;
  previous_folder_id: string | null;
  is_read: Generated<boolean>;
  is_flagged: Generated<boolean>;
  trashed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface CommunicationRulesTable {
  structure_id: string;
  from_profile: Profile;
  to_profile: Profile;
  scope: 'NONE' | 'LINKED' | 'ALL';
  updated_by: string | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** When a structure's communication rules last changed (migration 2026-12-07T0730_relations). */
export interface CommunicationRulesVersionsTable {
  structure_id: string;
  changed_at: ColumnType<Date, Date | string, Date | string>;
}

export interface NotificationPreferencesTable {
  account_id: string;
  kind: string;
  channel: 'NONE' | 'ENT' | 'DIGEST' | 'PUSH';
}

export interface PushSubscriptionsTable {
  endpoint: string;
  account_id: string;
  p256dh: string;
  auth: string;
  created_at: CreatedAt;
}

export interface NotificationStateTable {
  name: string;
  value: ColumnType<unknown, string, string>;
}

/** An account's messagerie settings (its signature); no row means none. */
export interface MessagingSettingsTable {
  account_id: string;
  signature: Generated<string>;
  updated_at: Generated<Date>;
}

export interface MessagingTables {
  messages: MessagesTable;
  message_attachments: MessageAttachmentsTable;
  message_folders: MessageFoldersTable;
  message_recipients: MessageRecipientsTable;
  communication_rules: CommunicationRulesTable;
  communication_rules_versions: CommunicationRulesVersionsTable;
  notification_preferences: NotificationPreferencesTable;
  push_subscriptions: PushSubscriptionsTable;
  notification_state: NotificationStateTable;
  messaging_settings: MessagingSettingsTable;
}
