import { z } from 'zod';
import {
  AccountStatus,
  Email,
  PageQuery,
  PersonName,
  Profile,
  StaffFunction,
  pageOf,
} from './common.ts';

export const structureTypes = ['LYCEE', 'LYCEE_PRO', 'COLLEGE', 'ECOLE', 'AUTRE'] as const;

export const Structure = z.object({
  id: z.uuid(),
  uai: z.string(),
  name: z.string(),
  type: z.enum(structureTypes),
  city: z.string().nullable(),
  collectiviteId: z.uuid(),
  accountCount: z.number().int(),
  pendingActivationCount: z.number().int(),
});
export type Structure = z.infer<typeof Structure>;
export const StructurePage = pageOf(Structure);
/**
 * The structures an admin administers, by name. `q` narrows them: each of its
 * words must be part of the name or the city (accents and case ignored) or
 * begin the UAI.
 */
export const StructureQuery = PageQuery.extend({
  q: z.string().trim().max(100).optional(),
});
export type StructureQuery = z.infer<typeof StructureQuery>;

export const CreateStructureBody = z.strictObject({
  uai: z.string().trim().toUpperCase(),
  name: z.string().trim().min(2).max(200),
  type: z.enum(structureTypes),
  city: z.string().trim().max(100).optional(),
  collectiviteId: z.uuid(),
});
export type CreateStructureBody = z.infer<typeof CreateStructureBody>;
export const UpdateStructureBody = z.strictObject({
  name: z.string().trim().min(2).max(200).optional(),
  type: z.enum(structureTypes).optional(),
  city: z.string().trim().max(100).nullable().optional(),
});
export type UpdateStructureBody = z.infer<typeof UpdateStructureBody>;

export const classLevels = ['2NDE', '1ERE', 'TLE', 'AUTRE'] as const;
export const SchoolClass = z.object({
  id: z.uuid(),
  structureId: z.uuid(),
  schoolYear: z.number().int(),
  code: z.string(),
  name: z.string(),
  level: z.enum(classLevels),
  studentCount: z.number().int(),
  /** The professeurs principaux ("Prénom NOM"), from the AAF import. */
  principals: z.array(z.string()),
});
export type SchoolClass = z.infer<typeof SchoolClass>;
export const SchoolClassList = z.object({ items: z.array(SchoolClass) });

export const CreateClassBody = z.strictObject({
  code: z.string().trim().min(1).max(20).regex(/^[\p{L}\p{Nd} _.-]+$/u),
  name: z.string().trim().min(1).max(100),
  level: z.enum(classLevels),
});
export type CreateClassBody = z.infer<typeof CreateClassBody>;
export const UpdateClassBody = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  level: z.enum(classLevels).optional(),
});
export type UpdateClassBody = z.infer<typeof UpdateClassBody>;

export const AdminAccount = z.object({
  id: z.uuid(),
  login: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  profile: Profile,
  staffFunction: StaffFunction.nullable(),
  email: z.string().nullable(),
  status: AccountStatus,
  className: z.string().nullable(),
  classId: z.uuid().nullable(),
  createdAt: z.string(),
  activatedAt: z.string().nullable(),
  /**
   * Absent from a "complet" AAF import: when it was marked to leave, and when
   * it will be blocked and purged (with the default grace and retention);
   * null for an account that is not leaving.
   */
  leaving: z.object({ since: z.string(), blockedFrom: z.string(), purgedFrom: z.string() }).nullable(),
});
export type AdminAccount = z.infer<typeof AdminAccount>;
export const AdminAccountPage = pageOf(AdminAccount);
export type AdminAccountPage = z.infer<typeof AdminAccountPage>;

export const AdminAccountQuery = PageQuery.extend({
  q: z.string().trim().max(100).optional(),
  profile: Profile.optional(),
  status: AccountStatus.optional(),
  classId: z.uuid().optional(),
  /** true: only the accounts leaving (absent from a complet AAF import), blocked or not yet. */
  leaving: z.enum(['true', 'false']).optional(),
});
export type AdminAccountQuery = z.infer<typeof AdminAccountQuery>;

export const CreateAccountBody = z.strictObject({
  firstName: PersonName,
  lastName: PersonName,
  profile: Profile,
  staffFunction: StaffFunction.optional(),
  email: Email.optional(),
  classId: z.uuid().optional(),
  /** For a PARENT: the student accounts of this structure to link as children. */
  childIds: z.array(z.uuid()).max(20).optional(),
});
export type CreateAccountBody = z.infer<typeof CreateAccountBody>;

export const UpdateAccountBody = z.strictObject({
  firstName: PersonName.optional(),
  lastName: PersonName.optional(),
  staffFunction: StaffFunction.nullable().optional(),
  email: Email.nullable().optional(),
  classId: z.uuid().nullable().optional(),
});
export type UpdateAccountBody = z.infer<typeof UpdateAccountBody>;

/** Answered when an account is created or its activation code regenerated. */
export const AccountWithCode = z.object({ account: AdminAccount, activationCode: z.string() });
export type AccountWithCode = z.infer<typeof AccountWithCode>;

export const PendingActivation = z.object({
  id: z.uuid(),
  login: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  profile: Profile,
  className: z.string().nullable(),
  activationCode: z.string(),
});
export type PendingActivation = z.infer<typeof PendingActivation>;
export const PendingActivationPage = pageOf(PendingActivation);
export type PendingActivationPage = z.infer<typeof PendingActivationPage>;
export const PendingActivationQuery = PageQuery.extend({ classId: z.uuid().optional() });
