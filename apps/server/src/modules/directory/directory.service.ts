import type { DirectoryGroupsPage, DirectoryPeoplePage, DirectorySearchQuery } from '@preau/contracts';
import { z } from 'zod';
import type { Actor } from '../../platform/authorization.ts';
import { AppError } from '../../platform/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { searchTerms } from '../../platform/search-key.ts';
import {
  countGroupMembers,
  findAccountSearchKey,
  findClassNamesOf,
  findGroupSearchKey,
  findStructureNamesOf,
  findSubjectNamesOf,
  findVisibleGroups,
  findVisiblePeople,
} from './directory.repository.ts';
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
  const ids = page.rows.map((row) => row.id);
  const [structureRows, classRows, subjectRows] = await Promise.all([
    findStructureNamesOf(db, ids, year),
    findClassNamesOf(db, ids, year),
    findSubjectNamesOf(db, ids, year),
  ]);
  const structures = namesById(structureRows);
  const classes = namesById(classRows);
  const subjects = namesById(subjectRows);
  return {
    items: page.rows.map((row) => ({
      id: row.id,
      displayName: `${row.first_name} ${row.last_name}`,
      profile: row.profile,
      staffFunction: row.staff_function,
      structures: structures.get(row.id) ?? [],
      classes: classes.get(row.id) ?? [],
      subjects: subjects.get(row.id) ?? [],
    })),
    nextCursor: page.nextCursor,
  };
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
