import { PORTAL_NEWS_LIMIT, type Portal } from '@preau/contracts';
import { type QueryClient, type QueryKey, useQuery, useQueryClient } from '@tanstack/react-query';
import { portalApi, portalKey } from '../../api/portal-api.ts';
import { newsKeys } from '../../api/news-api.ts';
import { useCursorPages } from '../../lib/use-cursor-pages.ts';
import { meKey } from '../../session/session.ts';
import { homeworkKeys } from '../cahier-de-textes/homework-queries.ts';
import { timetableKeys } from '../emploi-du-temps/timetable-queries.ts';
import { messagingApi } from '../messagerie/messaging-api.ts';
import { messagingKeys } from '../messagerie/messaging-queries.ts';

/** The user's timeline, newest first, page after page (its key is the messagerie's, which live events refresh). */
export function useTimeline() {
  return useCursorPages(messagingKeys.timeline, (cursor) => messagingApi.timeline(cursor));
}

/**
 * The portal's first screen in one call. Its answer fills each widget's own
 * query, so the widgets draw at once without asking again, and keep their
 * own refreshes (live events, "show more", a retry) afterwards.
 */
export function usePortal() {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: portalKey,
    queryFn: async () => {
      const startedAt = Date.now();
      const portal = await portalApi.get();
      fillWidgetQueries(queryClient, portal, startedAt);
      return portal;
    },
    // A failure is not retried: the widgets then ask for their parts themselves at once.
    retry: false,
  });
}

function fillWidgetQueries(client: QueryClient, portal: Portal, startedAt: number): void {
  // A widget's data newer than this answer (a live event came meanwhile) is kept.
  const fill = (key: QueryKey, data: unknown) => {
    if ((client.getQueryState(key)?.dataUpdatedAt ?? 0) < startedAt) client.setQueryData(key, data);
  };
  const firstPage = (page: unknown) => ({ pages: [page], pageParams: [undefined] });
  client.setQueryData(meKey, portal.me);
  fill(messagingKeys.timeline, firstPage(portal.timeline));
  if (portal.unread) fill(messagingKeys.unread, portal.unread);
  if (portal.news) fill(newsKeys.list('published', PORTAL_NEWS_LIMIT), firstPage(portal.news));
  if (portal.nextCourses) fill(timetableKeys.next, portal.nextCourses);
  if (portal.due) fill(homeworkKeys.todo(undefined, portal.dueOn, portal.dueOn), portal.due);
  if (portal.children.length > 0) fill(homeworkKeys.children, { items: portal.children.map((c) => c.child) });
  for (const { child, nextCourses, due } of portal.children) {
    if (nextCourses) fill(timetableKeys.nextOf(child.id), nextCourses);
    if (due) fill(homeworkKeys.todo(child.id, portal.dueOn, portal.dueOn), due);
  }
}
