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

/** A person's card in the annuaire: what the search shows, and for a parent the children of his the viewer may see (with their class). */
export const DirectoryPersonCard = DirectoryPerson.extend({
  parentOf: z.array(z.object({ id: z.uuid(), displayName: z.string(), classes: z.array(z.string()) })),
});
export type DirectoryPersonCard = z.infer<typeof DirectoryPersonCard>;

/** A class or group page of the annuaire: its members the viewer may see (the others are only counted). */
export const DirectoryGroupMembers = DirectoryGroup.extend({
  members: z.array(DirectoryPerson),
});
export type DirectoryGroupMembers = z.infer<typeof DirectoryGroupMembers>;

/**
 * A parent's children for the header's switcher. `hasCourses`: the child has a
 * timetable this year, so the pages open on a child with something to show.
 */
export const MyChild = z.object({
  id: z.uuid(),
  firstName: z.string(),
  displayName: z.string(),
  classes: z.array(z.string()),
  hasCourses: z.boolean(),
});
export type MyChild = z.infer<typeof MyChild>;
export const MyChildren = z.object({ items: z.array(MyChild) });
export type MyChildren = z.infer<typeof MyChildren>;
