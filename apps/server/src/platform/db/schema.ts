import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { AccountStatus, Profile, StaffFunction } from '@preau/contracts';
import type { TimelineTables } from './schema-timeline.ts';
import type { MessagingTables } from './schema-messaging.ts';
import type { TimetableTables } from './schema-timetable.ts';
import type { ProvisioningTables } from './schema-provisioning.ts';
import type { StorageTables } from './schema-storage.ts';
import type { OrientationTables } from './schema-orientation.ts';
import type { EvaluationsTables } from './schema-evaluations.ts';
import type { WorkspaceTables } from './schema-workspace.ts';
import type { NewsAgendaTables } from './schema-news-agenda.ts';
import type { ConnectedServicesTables } from './schema-connected-services.ts';
import type { PresencesTables } from './schema-presences.ts';
import type { InventoryTables } from './schema-inventory.ts';
import type { SupportTables } from './schema-support.ts';
import type { EduConnectTables } from './schema-educonnect.ts';
import type { GarTables } from './schema-gar.ts';

/** The database as Kysely sees it. Kept by hand in step with migrations/. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface CollectivitesTable {
  id: Generated<string>;
  name: string;
  kind: 'REGION' | 'DEPARTEMENT' | 'COMMUNE' | 'AUTRE';
  created_at: CreatedAt;
}

export interface StructuresTable {
  id: Generated<string>;
  collectivite_id: string;
  uai: string;
  name: string;
  type: string;
  city: string | null;
  external_id: string | null;
  created_at: CreatedAt;
}

export interface SubjectsTable {
  code: string;
  short_name: string;
  name: string;
}

interface YearlyGroupColumns {
  id: Generated<string>;
  structure_id: string;
  school_year: number;
  code: string;
  name: string;
  search_key: string;
  created_at: CreatedAt;
}
export interface ClassesTable extends YearlyGroupColumns {
  level: Generated<string>;
}
export interface GroupsTable extends YearlyGroupColumns {
  kind: Generated<'TEACHING' | 'FREE'>;
}

export interface AccountsTable {
  id: Generated<string>;
  login: string;
  first_name: string;
  last_name: string;
  search_key: string;
  profile: Profile;
  staff_function: StaffFunction | null;
  status: Generated<AccountStatus>;
  email: string | null;
  locale: Generated<'fr' | 'en'>;
  password_hash: string | null;
  activation_code: string | null;
  charter_accepted_at: Timestamp | null;
  activated_at: Timestamp | null;
  blocked_at: Timestamp | null;
  deleted_at: Timestamp | null;
  external_id: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface StructureMembersTable {
  structure_id: string;
  school_year: number;
  account_id: string;
  profile: Profile;
  /** The account's search key, copied by the database (migration 2026-12-09T1700_member_search_key); null only before the account's insert. */
  search_key: Generated<string | null>;
}
export interface ClassMembersTable {
  class_id: string;
  account_id: string;
}
export interface GroupMembersTable {
  group_id: string;
  account_id: string;
}
export interface ParentLinksTable {
  parent_id: string;
  child_id: string;
}
export interface TeachingsTable {
  id: Generated<string>;
  teacher_id: string;
  class_id: string | null;
  group_id: string | null;
  subject_code: string;
}
/** The professeurs principaux of a class (several for co-PP; teaching in the class is not required). */
export interface ClassPrincipalsTable {
  class_id: string;
  teacher_id: string;
}
export interface AdminRolesTable {
  account_id: string;
  /** TECHNICIAN: a collectivité's support technician (issue 18), scoped like an ADMC. */
  role: 'ADMC' | 'ADML' | 'TECHNICIAN';
  collectivite_id: string | null;
  structure_id: string | null;
}
export interface SessionsTable {
  id_hash: string;
  account_id: string;
  data: ColumnType<unknown, string, string>;
  idle_expires_at: Timestamp;
  absolute_expires_at: Timestamp;
}
export interface AuthTokensTable {
  token_hash: string;
  account_id: string;
  purpose: 'ACTIVATION' | 'PASSWORD_RESET';
  expires_at: Timestamp;
  used_at: Timestamp | null;
}
export interface RateLimitsTable {
  key: string;
  count: number;
  last_at: Timestamp;
  expires_at: Timestamp;
}
export interface AuditLogTable {
  id: Generated<string>;
  at: CreatedAt;
  actor_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  structure_id: string | null;
  details: ColumnType<unknown, string | undefined, string>;
}

/** Each module's tables live in its own schema-<module>.ts and join here. */
export interface Database
  extends MessagingTables,
    TimelineTables,
    TimetableTables,
    ProvisioningTables,
    StorageTables,
    OrientationTables,
    EvaluationsTables,
    WorkspaceTables,
    NewsAgendaTables,
    ConnectedServicesTables,
    PresencesTables,
    InventoryTables,
    SupportTables,
    EduConnectTables,
    GarTables {
  collectivites: CollectivitesTable;
  structures: StructuresTable;
  subjects: SubjectsTable;
  classes: ClassesTable;
  groups: GroupsTable;
  accounts: AccountsTable;
  structure_members: StructureMembersTable;
  class_members: ClassMembersTable;
  group_members: GroupMembersTable;
  parent_links: ParentLinksTable;
  teachings: TeachingsTable;
  class_principals: ClassPrincipalsTable;
  admin_roles: AdminRolesTable;
  sessions: SessionsTable;
  auth_tokens: AuthTokensTable;
  rate_limits: RateLimitsTable;
  audit_log: AuditLogTable;
}

export type AccountRow = Selectable<AccountsTable>;
export type NewAccount = Insertable<AccountsTable>;
export type AccountUpdate = Updateable<AccountsTable>;
