import { z } from 'zod';
import { Me } from './auth.ts';
import { TodoChild, TodoList } from './homework.ts';
import { UnreadCount } from './messaging.ts';
import { NewsList } from './news.ts';
import { TimelinePage } from './timeline.ts';
import { IsoDate, NextCourses } from './timetable.ts';


/** A parent's child on the portal: who he is, his lessons still to come today, his homework due on `dueOn`. */
export const PortalChild = z.object({
  child: TodoChild,
  /** null when the parent has no emploi du temps app. */
  nextCourses: NextCourses.nullable(),
  /** null when the parent has no cahier de textes app. */
  due: TodoList.nullable(),
});
export type PortalChild = z.infer<typeof PortalChild>;

/**
 * `GET /api/v1/portal`: everything the portal's first screen draws, in one
 * call. Each part is what the widget's own route answers for the same actor
 * (built by the same service), or null when the widget is not his (no such
 * app, or not his profile), so the web app can keep each widget's own query
 * for later refreshes.
 */
export const Portal = z.object({
  /** The identity summary and the tiles (`me.apps`), as `GET /me` answers them. */
  me: Me,
  /** Today and the next school day, in Paris time, as the server counts them. */
  today: IsoDate,
  dueOn: IsoDate,
  /** The actor's own next lessons today (a student, a teacher). */
  nextCourses: NextCourses.nullable(),
  /** A student's own homework due on `dueOn`. */
  due: TodoList.nullable(),
  /** A parent's children, one entry each (empty for anyone else). */
  children: z.array(PortalChild),
  /** Unread messages of the inbox; null without the messagerie. */
  unread: UnreadCount.nullable(),
  /** The first page of the timeline (PORTAL_TIMELINE_LIMIT events). */
  timeline: TimelinePage,
  /** The latest published news (PORTAL_NEWS_LIMIT); null without the actualités. */
  news: NewsList.nullable(),
});
export type Portal = z.infer<typeof Portal>;
