import { directoryApi } from '../../api/directory-api.ts';
import { useCursorPages } from '../../lib/use-cursor-pages.ts';

/** Query keys of the annuaire. */
export const directoryKeys = {
  all: ['directory'] as const,
  people: (q: string) => ['directory', 'people', q] as const,
  groups: (q: string) => ['directory', 'groups', q] as const,
  person: (id: string) => ['directory', 'person', id] as const,
  members: (kind: 'CLASS' | 'GROUP', id: string) => ['directory', 'members', kind, id] as const,
};

/** The annuaire results of `q` for one tab, page after page (disabled while `q` is empty). */
export function usePeopleSearch(q: string) {
  return useCursorPages(directoryKeys.people(q), (cursor) => directoryApi.people({ q, cursor }), { enabled: q.length > 0, keepPrevious: true });
}

/** Classes and groups matching `q`, page after page. */
export function useGroupsSearch(q: string) {
  return useCursorPages(directoryKeys.groups(q), (cursor) => directoryApi.groups({ q, cursor }), { enabled: q.length > 0, keepPrevious: true });
}
