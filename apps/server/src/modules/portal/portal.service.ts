import { PORTAL_NEWS_LIMIT, PORTAL_TIMELINE_LIMIT, type AppId, type Portal, type PortalChild } from '@preau/contracts';
import { type Actor, can } from '../../platform/authorization.ts';
import type { Platform } from '../../platform/platform.ts';
import type { Session } from '../../platform/sessions/session-store.ts';
import { todoChildren, todoList } from '../homework/homework.service.ts';
import { getMe } from '../identity/account.service.ts';
import { unreadCount } from '../messaging/messaging.service.ts';
import { listNews } from '../news/news.service.ts';
import { listTimeline } from '../timeline/timeline.service.ts';
import { nextSchoolDay, parisNow } from '../timetable/dates.ts';
import { nextCourses, nextCoursesOfStudent } from '../timetable/timetable.service.ts';

/**
 * The portal's first screen in one call. No query of its own: each part is
 * the service behind the widget's own route, asked for the same actor, so the
 * composite can never show more than those routes would. Parts run
 * concurrently; a widget that is not the actor's (no such app, or not his
 * profile, as the web app decides) is null and costs no statement.
 */
export async function getPortal(platform: Platform, session: { idHash: string; data: Session }, actor: Actor): Promise<Portal> {
  const today = parisNow(platform.now()).date;
  const dueOn = nextSchoolDay(today);
  const uses = (id: AppId) => can(actor, 'app.use', { type: 'app', id });
  const courses = uses('emploi-du-temps') && ['ELEVE', 'PARENT', 'ENSEIGNANT'].includes(actor.profile);
  const homework = uses('cahier-de-textes') && ['ELEVE', 'PARENT'].includes(actor.profile);
  const own = actor.profile !== 'PARENT';
  const [me, ownNext, ownDue, children, unread, timeline, news] = await Promise.all([
    getMe(platform, session, actor),
    courses && own ? nextCourses(platform, actor) : null,
    homework && own ? todoList(platform, actor, { from: dueOn, to: dueOn }) : null,
    actor.profile === 'PARENT' && (courses || homework) ? childrenParts(platform, actor, { courses, homework, dueOn }) : [],
    uses('messagerie') ? unreadCount(platform, actor) : null,
    listTimeline(platform, actor, { limit: PORTAL_TIMELINE_LIMIT }),
    uses('actualites') ? listNews(platform, actor, { box: 'published', limit: PORTAL_NEWS_LIMIT }) : null,
  ]);
  return { me: me.me, today, dueOn, nextCourses: ownNext, due: ownDue, children, unread, timeline, news };
}

/** Each child of a parent with his next lessons and his homework due, as the parent may read them. */
async function childrenParts(
  platform: Platform,
  actor: Actor,
  parts: { courses: boolean; homework: boolean; dueOn: string },
): Promise<PortalChild[]> {
  const { items } = await todoChildren(platform, actor);
  return Promise.all(
    items.map(async (child) => {
      const [next, due] = await Promise.all([
        parts.courses ? nextCoursesOfStudent(platform, actor, child.id) : null,
        parts.homework ? todoList(platform, actor, { studentId: child.id, from: parts.dueOn, to: parts.dueOn }) : null,
      ]);
      return { child, nextCourses: next, due };
    }),
  );
}
