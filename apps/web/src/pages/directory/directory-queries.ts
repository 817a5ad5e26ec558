import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { directoryApi } from '../../api/directory-api.ts';

/** Query keys of the annuaire. */
export const directoryKeys = {
  all: ['directory'] as const,
  people: (q: string) => ['directory', 'people', q] as const,
  groups: (q: string) => ['directory', 'groups', q] as const,
};

/** The annuaire results of `q` for one tab, page after page (disabled while `q` is empty). */
export function usePeopleSearch(q: string) {
  return useInfiniteQuery({
    queryKey: directoryKeys.people(q),
    queryFn: ({ pageParam }) => directoryApi.people({ q, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
  });
}

/** Classes and groups matching `q`, page after page. */
export function useGroupsSearch(q: string) {
  return useInfiniteQuery({
    queryKey: directoryKeys.groups(q),
    queryFn: ({ pageParam }) => directoryApi.groups({ q, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
  });
}
