import type { ColumnType, Generated } from 'kysely';

/** Tables of the background jobs and of provisioning (migration 2026-11-29T0100_provisioning). */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = unknown> = ColumnType<T, string | undefined, string>;

export type JobStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';

export interface JobsTable {
  id: Generated<string>;
  kind: string;
  status: Generated<JobStatus>;
  params: Json;
  progress: Json;
  result: ColumnType<unknown, string | null | undefined, string | null>;
  error: string | null;
  actor_id: string | null;
  attempts: Generated<number>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  heartbeat_at: Timestamp | null;
  /** The request that enqueued the job, whose id its log lines carry (migration 2026-12-10T0800). */
  request_id: string | null;
}

export interface MefsTable {
  code: string;
  name: string;
  rattach: string | null;
  stat11: string | null;
  level: string | null;
  track: string | null;
}

export interface ProvisioningRecordsTable {
  kind: string;
  key: string;
  hash: string;
  attrs: Json<Record<string, string[]>>;
  target_id: string | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  /** The collectivité whose import stored the record (migration 2026-12-07T0700). */
  collectivite_id: string | null;
}

export interface ProvisioningRelationsTable {
  student_key: string;
  parent_key: string;
  resp_legal: number;
  relationship: string | null;
}

export interface ProvisioningSeenTable {
  job_id: string;
  kind: string;
  key: string;
}

export interface ProvisioningTables {
  jobs: JobsTable;
  mefs: MefsTable;
  provisioning_records: ProvisioningRecordsTable;
  provisioning_relations: ProvisioningRelationsTable;
  provisioning_seen: ProvisioningSeenTable;
}

declare module './schema.ts' {
  /** Departure life cycle, added by the provisioning migration. */
  interface AccountsTable {
    leaving_at: Generated<Date | null>;
    lifecycle_blocked: Generated<boolean>;
  }
}
