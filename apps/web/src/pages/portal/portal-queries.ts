import { useInfiniteQuery } from '@tanstack/react-query';
import { messagingApi } from '../messagerie/messaging-api.ts';
import { messagingKeys } from '../messagerie/messaging-queries.ts';

/** The user's timeline, newest first, page after page (its key is the messagerie's, which live events refresh). */
export function useTimeline() {
  return useInfiniteQuery({
    queryKey: messagingKeys.timeline,
    queryFn: ({ pageParam }) => messagingApi.timeline(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
