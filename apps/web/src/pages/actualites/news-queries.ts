import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { type NewsBox, newsApi, newsKeys } from '../../api/news-api.ts';

/** A box of news, keyset-paged ("Afficher plus"). */
export function useNewsBox(box: NewsBox, limit = 20) {
  return useInfiniteQuery({
    queryKey: newsKeys.list(box, limit),
    queryFn: ({ pageParam }) => newsApi.list(box, pageParam, limit),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useNewsItem(id: string | undefined) {
  return useQuery({ queryKey: newsKeys.item(id ?? ''), queryFn: () => newsApi.get(id!), enabled: Boolean(id) });
}

export function useNewsTargets() {
  return useQuery({ queryKey: newsKeys.targets, queryFn: newsApi.targets });
}
