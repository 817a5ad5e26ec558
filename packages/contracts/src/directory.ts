import { z } from 'zod';
import { PageQuery, Profile, StaffFunction, pageOf } from './common.ts';

/** Annuaire search: accent- and case-insensitive prefix match on each word. */
export const DirectorySearchQuery = PageQuery.extend({
  q: z.string().trim().min(1).max(100),
});
export type DirectorySearchQuery = z.infer<typeof DirectorySearchQuery>;

export const DirectoryPerson = z.object({
  id: z.uuid(),
  displayName: z.string(),
  profile: Profile,
  staffFunction: StaffFunction.nullable(),
  structures: z.array(z.string()),
  classes: z.array(z.string()),
  subjects: z.array(z.string()),
});
export type DirectoryPerson = z.infer<typeof DirectoryPerson>;
export const DirectoryPeoplePage = pageOf(DirectoryPerson);
export type DirectoryPeoplePage = z.infer<typeof DirectoryPeoplePage>;

export const DirectoryGroup = z.object({
  id: z.uuid(),
  kind: z.enum(['CLASS', 'GROUP']),
  name: z.string(),
  code: z.string(),
  structureName: z.string(),
  memberCount: z.number().int(),
});
export type DirectoryGroup = z.infer<typeof DirectoryGroup>;
export const DirectoryGroupsPage = pageOf(DirectoryGroup);
export type DirectoryGroupsPage = z.infer<typeof DirectoryGroupsPage>;
