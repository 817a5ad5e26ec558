import {
  type AdminAccount,
  classLevels,
  type PendingActivation,
  type SchoolClass,
  type Structure,
  structureTypes,
} from '@preau/contracts';
import { defaultSettings } from '../provisioning/aaf/aaf-settings.ts';
import type { AdminAccountRow, PendingActivationRow } from './accounts.repository.ts';
import type { ClassRow } from './classes.repository.ts';
import type { StructureRow } from './structures.repository.ts';

/** Shapes database rows into the admin contracts (snake_case in, camelCase out, nothing else leaves). */

function oneOf<T extends string>(allowed: readonly T[], value: string, fallback: T): T {
  return (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

/** A structure with its counts of the year. */
export function presentStructure(row: StructureRow, counts: { accounts: number; pending: number } | undefined): Structure {
  return {
    id: row.id,
    uai: row.uai.trim(),
    name: row.name,
    type: oneOf(structureTypes, row.type, 'AUTRE'),
    city: row.city,
    collectiviteId: row.collectivite_id,
    accountCount: counts?.accounts ?? 0,
    pendingActivationCount: counts?.pending ?? 0,
  };
}

/** A class with its number of students. */
export function presentClass(row: ClassRow, studentCount: number, principals: string[]): SchoolClass {
  return {
    id: row.id,
    structureId: row.structure_id,
    schoolYear: row.school_year,
    code: row.code,
    name: row.name,
    level: oneOf(classLevels, row.level, 'AUTRE'),
    studentCount,
    principals,
  };
}

/** An account as the admin area shows it (never its password hash nor its activation code). */
export function presentAccount(row: AdminAccountRow): AdminAccount {
  return {
    id: row.id,
    login: row.login,
    firstName: row.first_name,
    lastName: row.last_name,
    profile: row.profile,
    staffFunction: row.staff_function,
    email: row.email,
    status: row.status,
    className: row.class_name,
    classId: row.class_id,
    createdAt: new Date(row.created_at).toISOString(),
    activatedAt: row.activated_at ? new Date(row.activated_at).toISOString() : null,
    leaving: row.leaving_at ? leavingDates(new Date(row.leaving_at)) : null,
  };
}

const DAY_MS = 86_400_000;

/** When a leaving account is blocked and purged, with the import's default grace and retention (aaf-settings.ts). */
function leavingDates(since: Date): NonNullable<AdminAccount['leaving']> {
  return {
    since: since.toISOString(),
    blockedFrom: new Date(since.getTime() + defaultSettings.graceDays * DAY_MS).toISOString(),
    purgedFrom: new Date(since.getTime() + defaultSettings.retentionDays * DAY_MS).toISOString(),
  };
}

/** A line of the printable list of activation codes. */
export function presentPending(row: PendingActivationRow): PendingActivation {
  return {
    id: row.id,
    login: row.login,
    firstName: row.first_name,
    lastName: row.last_name,
    profile: row.profile,
    className: row.class_name,
    activationCode: row.activation_code,
  };
}
