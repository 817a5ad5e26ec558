import { keepPreviousData, useInfiniteQuery, type QueryKey } from '@tanstack/react-query';

/** What every list route answers: a page of items and the cursor of the next one (null at the end). */
export interface CursorPage {
  nextCursor: string | null;
}

/** Options of a paginated list: wait for a condition, keep the previous results while new ones load. */
export interface CursorPagesOptions {
  enabled?: boolean;
  keepPrevious?: boolean;
}

/** A list read page after page by cursor: the one shape of the app's infinite queries. */
export function useCursorPages<P extends CursorPage>(
  queryKey: QueryKey,
  fetchPage: (cursor: string | undefined) => Promise<P>,
  { enabled = true, keepPrevious = false }: CursorPagesOptions = {},
) {
  return useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled,
    ...(keepPrevious ? { placeholderData: keepPreviousData } : {}),
  });
}
