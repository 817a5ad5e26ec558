import type { ColumnType } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

/** The account a stored file's bytes count against (platform/storage/storage-quota.repository.ts). */
export interface StoredFilesTable {
  storage_key: string;
  account_id: string;
  size: ColumnType<number, number, number>;
  created_at: CreatedAt;
}

/** Bytes stored per account, kept in step with `stored_files` in the same transactions. */
export interface StorageUsageTable {
  account_id: string;
  used_bytes: ColumnType<number, number | undefined, number>;
}

export interface StorageTables {
  stored_files: StoredFilesTable;
  storage_usage: StorageUsageTable;
}
