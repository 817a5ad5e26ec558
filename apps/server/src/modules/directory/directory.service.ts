import type {
  DirectoryGroupMembers,
  DirectoryGroupsPage,
  DirectoryPeoplePage,
  DirectoryPerson,
  DirectoryPersonCard,
  DirectorySearchQuery,
  MyChildren,
} from '@preau/contracts';
import { z } from 'zod';
import type { Actor } from '../../platform/authorization.ts';
import { AppError } from '../../platform/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import type { DB } from '../../platform/db/database.ts';
import { searchTerms } from '../../platform/search-key.ts';
import { findCoursesOfStudent } from '../timetable/timetable.repository.ts';
import {
  countGroupMembers,
  findAccountSearchKey,
  findClassNamesOf,
  findGroupSearchKey,
  findStructureNamesOf,
  findSubjectNamesOf,
  findVisibleGroup,
  findVisibleGroups,
  findVisibleMembersOf,
  findVisiblePeople,
  findVisiblePerson,
  type PersonRow,
} from './directory.repository.ts';
import { findChildren, findClassesOfStudents } from './relations.repository.ts';
import { IdCursor, decodeCursor, pageFrom } from './keyset-cursor.ts';
import { visibilityScopeOf } from './visibility.ts';

const GroupCursor = z.strictObject({ id: z.uuid(), kind: z.enum(['CLASS', 'GROUP']) });

function namesById(rows: { accountId: string; name: string }[]): Map<string, string[]> {
  const byId = new Map<string, string[]>();
  for (const row of rows) {
    const names = byId.get(row.accountId) ?? [];
    names.push(row.name);
    byId.set(row.accountId, names);
  }
  return byId;
}

/** Annuaire search of people: those the actor may see, matching every word of `q`, by last then first name. */
export async function searchPeople(platform: Platform, actor: Actor, query: DirectorySearchQuery): Promise<DirectoryPeoplePage> {
  const db = platform.database.db;
  const year = platform.schoolYear();
  const cursor = decodeCursor(IdCursor, query.cursor);
  let after: { key: string; id: string } | undefined;
  if (cursor) {
    const key = await findAccountSearchKey(db, cursor.id);
    if (key === undefined) throw new AppError('INVALID_CURSOR');
    after = { key, id: cursor.id };
  }
  const terms = searchTerms(query.q);
  // A query of punctuation only searches nothing (it must not list the whole scope).
  if (terms.length === 0) return { items: [], nextCursor: null };
  const rows = await findVisiblePeople(db, visibilityScopeOf(actor, year), { terms, after, limit: query.limit });
  const page = pageFrom(rows, query.limit, (row) => ({ id: row.id }));
  return { items: await presentPeople(db, page.rows, year), nextCursor: page.nextCursor };
}

/** People as the annuaire shows them: name, profile, and this year's structures, classes and subjects. */
async function presentPeople(db: DB, rows: PersonRow[], year: number): Promise<DirectoryPerson[]> {
  const ids = rows.map((row) => row.id);
  const [structureRows, classRows, subjectRows] = await Promise.all([
    findStructureNamesOf(db, ids, year),
    findClassNamesOf(db, ids, year),
    findSubjectNamesOf(db, ids, year),
  ]);
  const structures = namesById(structureRows);
  const classes = namesById(classRows);
  const subjects = namesById(subjectRows);
  return rows.map((row) => ({
    id: row.id,
    displayName: `${row.first_name} ${row.last_name}`,
    profile: row.profile,
    staffFunction: row.staff_function,
    structures: structures.get(row.id) ?? [],
    classes: classes.get(row.id) ?? [],
    subjects: subjects.get(row.id) ?? [],
  }));
}

/** Annuaire search of the classes and groups of this year the actor may see, by name. */
export async function searchGroups(platform: Platform, actor: Actor, query: DirectorySearchQuery): Promise<DirectoryGroupsPage> {
  const db = platform.database.db;
  const year = platform.schoolYear();
  const cursor = decodeCursor(GroupCursor, query.cursor);
  let after: { key: string; id: string } | undefined;
  if (cursor) {
    const key = await findGroupSearchKey(db, cursor.kind, cursor.id);
    if (key === undefined) throw new AppError('INVALID_CURSOR');
    after = { key, id: cursor.id };
  }
  const terms = searchTerms(query.q);
  if (terms.length === 0) return { items: [], nextCursor: null };
  const rows = await findVisibleGroups(db, visibilityScopeOf(actor, year), { terms, after, limit: query.limit });
  const page = pageFrom(rows, query.limit, (row) => ({ id: row.id, kind: row.kind }));
  const counts = await countGroupMembers(
    db,
    page.rows.filter((row) => row.kind === 'CLASS').map((row) => row.id),
    page.rows.filter((row) => row.kind === 'GROUP').map((row) => row.id),
  );
  const countById = new Map(counts.map((row) => [row.id, row.count]));
  return {
    items: page.rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      name: row.name,
      code: row.code,
      structureName: row.structure_name,
      memberCount: countById.get(row.id) ?? 0,
    })),
    nextCursor: page.nextCursor,
  };
}

/**
 * A person's card: what the search shows, and for a parent his children the
 * viewer sees, with their class ("parent de Léa, 2nde 1"). NOT_FOUND for
 * someone outside the viewer's annuaire.
 */
export async function getPersonCard(platform: Platform, actor: Actor, accountId: string): Promise<DirectoryPersonCard> {
  const db = platform.database.db;
  const year = platform.schoolYear();
  const scope = visibilityScopeOf(actor, year);
  const row = await findVisiblePerson(db, scope, accountId);
  if (!row) throw new AppError('NOT_FOUND');
  const [person] = await presentPeople(db, [row], year);
  const parentOf: DirectoryPersonCard['parentOf'] = [];
  if (row.profile === 'PARENT') {
    const children = [];
    for (const child of await findChildren(db, row.id)) {
      if (await findVisiblePerson(db, scope, child.id)) children.push(child);
    }
    const classes = await findClassesOfStudents(db, children.map((c) => c.id), year);
    for (const child of children) {
      parentOf.push({
        id: child.id,
        displayName: `${child.first_name} ${child.last_name}`,
        classes: classes.filter((c) => c.account_id === child.id && c.kind === 'CLASS').map((c) => c.name),
      });
    }
  }
  return { ...person!, parentOf };
}

/** A class or group page: the members the viewer sees (students, teachers, professeur principal). NOT_FOUND when the viewer does not see the class. */
export async function getGroupMembers(platform: Platform, actor: Actor, kind: 'CLASS' | 'GROUP', id: string): Promise<DirectoryGroupMembers> {
  const db = platform.database.db;
  const year = platform.schoolYear();
  const scope = visibilityScopeOf(actor, year);
  const group = await findVisibleGroup(db, scope, kind, id);
  if (!group) throw new AppError('NOT_FOUND');
  const [rows, counts] = await Promise.all([
    findVisibleMembersOf(db, scope, kind, group.id),
    countGroupMembers(db, kind === 'CLASS' ? [group.id] : [], kind === 'GROUP' ? [group.id] : []),
  ]);
  return {
    id: group.id,
    kind,
    name: group.name,
    code: group.code,
    structureName: group.structure_name,
    memberCount: counts[0]?.count ?? 0,
    members: await presentPeople(db, rows, year),
  };
}

/**
 * A parent's children, by first name, for the header's switcher (empty for
 * other profiles). Whether each has courses this year lets the pages open on
 * a child with something to show rather than on the first name.
 */
export async function myChildren(platform: Platform, actor: Actor): Promise<MyChildren> {
  if (actor.profile !== 'PARENT') return { items: [] };
  const db = platform.database.db;
  const year = platform.schoolYear();
  const children = await findChildren(db, actor.accountId);
  const classes = await findClassesOfStudents(db, children.map((c) => c.id), year);
  const items: MyChildren['items'] = [];
  for (const child of children) {
    const courses = await findCoursesOfStudent(db, year, child.id);
    items.push({
      id: child.id,
      firstName: child.first_name,
      displayName: `${child.first_name} ${child.last_name}`,
      classes: classes.filter((c) => c.account_id === child.id && c.kind === 'CLASS').map((c) => c.name),
      hasCourses: courses.length > 0,
    });
  }
  return { items };
}
