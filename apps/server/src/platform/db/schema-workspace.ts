import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Bytes = ColumnType<number, number, number>;

/** A folder or a file of the espace documentaire (modules/workspace). */
export interface WorkspaceItemsTable {
  id: Generated<string>;
  owner_id: string;
  parent_id: string | null;
  kind: 'folder' | 'file';
  name: string;
  class_id: string | null;
  storage_key: string | null;
  size: ColumnType<number | null, number | null | undefined, number | null>;
  content_type: string | null;
  scan_status: 'clean' | 'pending' | 'disabled' | null;
  version: Generated<number>;
  trashed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  trashed_by: string | null;
  trash_root: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
  /** The current version's thumbnail (images only, once scanned). */
  thumbnail_key: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Every version of a file, the current one included. */
export interface WorkspaceVersionsTable {
  id: Generated<string>;
  item_id: string;
  version: number;
  storage_key: string;
  file_name: string;
  size: Bytes;
  content_type: string;
  scan_status: 'clean' | 'pending' | 'disabled';
  author_id: string | null;
  created_at: CreatedAt;
  thumbnail_key: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface WorkspaceSharesTable {
  id: Generated<string>;
  item_id: string;
  target_kind: 'account' | 'class' | 'group' | 'profile';
  target_id: string;
  target_profile: string | null;
  right: 'read' | 'contribute' | 'manage';
  created_by: string | null;
  created_at: CreatedAt;
}

export interface WorkspaceQuotasTable {
  collectivite_id: string;
  profile: string;
  quota_bytes: Bytes;
  updated_at: Timestamp;
}

export interface WorkspaceTables {
  workspace_items: WorkspaceItemsTable;
  workspace_versions: WorkspaceVersionsTable;
  workspace_shares: WorkspaceSharesTable;
  workspace_quotas: WorkspaceQuotasTable;
}
