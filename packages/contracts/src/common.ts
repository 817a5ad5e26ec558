import { z } from 'zod';

/** The six profiles of an account (one per account). */
export const profiles = ['ELEVE', 'PARENT', 'ENSEIGNANT', 'PERSONNEL', 'COLLECTIVITE', 'INVITE'] as const;
export const Profile = z.enum(profiles);
export type Profile = z.infer<typeof Profile>;

/** SDET staff functions kept on PERSONNEL accounts, because rights depend on them. */
// PSY: psychologue de l'Éducation nationale (AAF codes PSY and ORI), who follows the orientation of every class of his school.
export const staffFunctions = ['DIR', 'EVS', 'ETA', 'DOC', 'PSY'] as const;
export const StaffFunction = z.enum(staffFunctions);
export type StaffFunction = z.infer<typeof StaffFunction>;

export const accountStatuses = ['PROVISIONED', 'ACTIVE', 'BLOCKED'] as const;
export const AccountStatus = z.enum(accountStatuses);
export type AccountStatus = z.infer<typeof AccountStatus>;

export const adminRoles = ['ADMC', 'ADML'] as const;
export const AdminRole = z.enum(adminRoles);
export type AdminRole = z.infer<typeof AdminRole>;

export const Uuid = z.uuid();
export const IdParams = z.strictObject({ id: z.uuid() });
/** A collectivité in the path (`/…/collectivites/:collectiviteId/…`). */
export const CollectiviteParams = z.strictObject({ collectiviteId: z.uuid() });

/** Cursor pagination: `limit` items, and `nextCursor` to pass back for the next page (null at the end). */
export const PageQuery = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export function pageOf<T extends z.ZodTypeAny>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const StructureRef = z.object({ id: z.uuid(), uai: z.string(), name: z.string() });
export type StructureRef = z.infer<typeof StructureRef>;

/** Names are trimmed, 1–100 characters, no control characters. */
export const PersonName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[^\p{Cc}]+$/u);
export const Email = z.email().max(254);
