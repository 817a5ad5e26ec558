import { type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { DB } from './database.ts';
import * as directory from './migrations/2026-11-28T0000_directory.ts';
import * as loginPrefix from './migrations/2026-11-29T0001_login_prefix.ts';
import * as timeline from './migrations/2026-11-29T0000_timeline.ts';
import * as messaging from './migrations/2026-11-29T0200_messaging.ts';
import * as provisioning from './migrations/2026-11-29T0100_provisioning.ts';
import * as timetable from './migrations/2026-11-29T0300_timetable.ts';
import * as directorySearch from './migrations/2026-11-29T0500_directory_search.ts';
import * as lessonVisaTargets from './migrations/2026-11-29T0610_lesson_visa_targets.ts';
import * as lessonAuthorNames from './migrations/2026-11-29T0620_lesson_author_names.ts';
import * as visaSignerNames from './migrations/2026-11-29T0630_visa_signer_names.ts';
import * as deferrableAccountReferences from './migrations/2026-11-29T0640_deferrable_account_references.ts';
import * as classPrincipals from './migrations/2026-11-29T0650_class_principals.ts';
import * as loginAllocations from './migrations/2026-11-29T0660_login_allocations.ts';
import * as storageQuota from './migrations/2026-12-07T0720_storage_quota.ts';
import * as relations from './migrations/2026-12-07T0730_relations.ts';
import * as provisioningTenant from './migrations/2026-12-07T0700_provisioning_tenant.ts';
import * as orientation from './migrations/2026-12-07T0800_orientation.ts';
import * as orientationDeadlines from './migrations/2026-12-07T0801_orientation_deadlines.ts';
import * as staffFunctionPsy from './migrations/2026-12-08T0900_staff_function_psy.ts';
import * as orientationEvents from './migrations/2026-12-08T0901_orientation_events.ts';
import * as evaluations from './migrations/2026-12-08T0300_evaluations.ts';
import * as workspace from './migrations/2026-12-08T0400_workspace.ts';
import * as newsAgenda from './migrations/2026-12-08T0500_news_agenda.ts';
import * as connectedServices from './migrations/2026-12-08T0100_connected_services.ts';
import * as presences from './migrations/2026-12-08T0200_presences.ts';
import * as inventory from './migrations/2026-12-08T0600_inventory.ts';
import * as support from './migrations/2026-12-08T0660_support.ts';
import * as memberSearchKey from './migrations/2026-12-09T1700_member_search_key.ts';
import * as onisepSearchWords from './migrations/2026-12-09T1000_onisep_search_words.ts';
import * as attendanceFlags from './migrations/2026-12-09T1400_attendance_flags.ts';
import * as workspaceThumbnails from './migrations/2026-12-09T1500_workspace_thumbnails.ts';
import * as agendaFeeds from './migrations/2026-12-09T1510_agenda_feeds.ts';
import * as oidcProvider from './migrations/2026-12-09T1300_oidc_provider.ts';
import * as supportTechnicians from './migrations/2026-12-09T1100_support_technicians.ts';
import * as samlSpStates from './migrations/2026-12-10T0100_saml_sp_states.ts';
import * as jobRequestId from './migrations/2026-12-10T0800_job_request_id.ts';
import * as agendaMonthly from './migrations/2026-12-10T0500_agenda_monthly.ts';
import * as newsComments from './migrations/2026-12-10T0510_news_comments.ts';
import * as garRespAff from './migrations/2026-12-10T0200_gar_resp_aff.ts';
import * as messagingSignature from './migrations/2026-12-10T0700_messaging_signature.ts';
import * as supportPhotos from './migrations/2026-12-10T0600_support_photos.ts';

/**
 * Migrations are listed here in order rather than read from disk, so the
 * same list works from source, from a bundle and in tests.
 */
const migrations: Record<string, Migration> = {
  '2026-11-28T0000_directory': directory,
  '2026-11-29T0000_timeline': timeline,
  '2026-11-29T0001_login_prefix': loginPrefix,
  '2026-11-29T0300_timetable': timetable,
  '2026-11-29T0200_messaging': messaging,
  '2026-11-29T0100_provisioning': provisioning,
  '2026-11-29T0500_directory_search': directorySearch,
  '2026-11-29T0610_lesson_visa_targets': lessonVisaTargets,
  '2026-11-29T0620_lesson_author_names': lessonAuthorNames,
  '2026-11-29T0630_visa_signer_names': visaSignerNames,
  '2026-11-29T0640_deferrable_account_references': deferrableAccountReferences,
  '2026-11-29T0650_class_principals': classPrincipals,
  '2026-11-29T0660_login_allocations': loginAllocations,
  '2026-12-07T0720_storage_quota': storageQuota,
  '2026-12-07T0730_relations': relations,
  '2026-12-07T0700_provisioning_tenant': provisioningTenant,
  '2026-12-07T0800_orientation': orientation,
  '2026-12-07T0801_orientation_deadlines': orientationDeadlines,
  '2026-12-08T0900_staff_function_psy': staffFunctionPsy,
  '2026-12-08T0901_orientation_events': orientationEvents,
  '2026-12-08T0300_evaluations': evaluations,
  '2026-12-08T0400_workspace': workspace,
  '2026-12-08T0500_news_agenda': newsAgenda,
  '2026-12-08T0100_connected_services': connectedServices,
  '2026-12-08T0200_presences': presences,
  '2026-12-08T0600_inventory': inventory,
  '2026-12-08T0660_support': support,
  '2026-12-09T1700_member_search_key': memberSearchKey,
  '2026-12-09T1000_onisep_search_words': onisepSearchWords,
  '2026-12-09T1400_attendance_flags': attendanceFlags,
  '2026-12-09T1500_workspace_thumbnails': workspaceThumbnails,
  '2026-12-09T1510_agenda_feeds': agendaFeeds,
  '2026-12-09T1300_oidc_provider': oidcProvider,
  '2026-12-09T1100_support_technicians': supportTechnicians,
  '2026-12-10T0100_saml_sp_states': samlSpStates,
  '2026-12-10T0800_job_request_id': jobRequestId,
  '2026-12-10T0500_agenda_monthly': agendaMonthly,
  '2026-12-10T0510_news_comments': newsComments,
  '2026-12-10T0200_gar_resp_aff': garRespAff,
  '2026-12-10T0700_messaging_signature': messagingSignature,
  '2026-12-10T0600_support_photos': supportPhotos,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Every migration with its name, oldest first (their modules may export `phase`: docs/decisions/expand-contract-migrations.md). */
export function migrationList(): [string, Migration][] {
  return Object.entries(migrations).sort(([a], [b]) => a.localeCompare(b));
}

/** Every migration's name, oldest first. */
export const migrationNames: readonly string[] = Object.keys(migrations).sort();

/** Names of the migrations applied to this database, oldest first (none on an empty one). */
export async function appliedMigrations(db: DB): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  return (await migrator.getMigrations()).filter((m) => m.executedAt).map((m) => m.name);
}

/** Brings the schema up to `name` exactly (tests of upgrades and of restores from an older version). */
export async function migrateTo(db: DB, name: string): Promise<void> {
  const { error } = await new Migrator({ db, provider }).migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

/** Brings the schema up to date; throws with the failing migration's error. */
export async function migrateToLatest(db: DB): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
