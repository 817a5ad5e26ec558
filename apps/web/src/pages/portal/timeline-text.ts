import type { TimelineItem } from '@preau/contracts';

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** What one timeline row says and where it leads. */
export interface TimelineEntry {
  text: string;
  href?: string;
  /** A cancelled class is marked so that it is recognised at a glance. */
  cancelled: boolean;
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** "lundi 14 septembre": a school day with its weekday, the way a timetable change is read. */
export function formatDay(date: unknown, language: string): string {
  if (typeof date !== 'string' || !isoDate.test(date)) return '';
  return new Date(`${date}T12:00:00Z`).toLocaleDateString(language === 'en' ? 'en-GB' : 'fr-FR', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  });
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** Adds "salle B12" and "par M. Durand" to a sentence when the event carries them. */
function withDetails(sentence: string, details: Array<string | null>): string {
  const extra = details.filter((d): d is string => Boolean(d));
  return extra.length > 0 ? `${sentence} (${extra.join(', ')})` : sentence;
}

/**
 * The sentence of a timeline event: who did what, to which course or message,
 * which day, and the page it opens. Unknown kinds keep a generic wording.
 */
export function timelineEntry(item: TimelineItem, t: Translate, language: string): TimelineEntry {
  const d = item.data;
  const by = item.actorName ? t('events.by', { name: item.actorName }) : null;
  switch (item.kind) {
    case 'messaging.received':
      return {
        text: t('messagerie.timeline.received', { name: item.actorName ?? '', subject: text(d.subject) || t('messagerie.noSubject') }),
        href: `/messagerie/messages/${item.objectId}`,
        cancelled: false,
      };
    case 'timetable.changed': {
      const date = text(d.date) || text(d.originalDate);
      const values = { subject: text(d.subjectName), day: formatDay(date, language), originalDay: formatDay(d.originalDate, language), start: text(d.start), end: text(d.end) };
      const cancelled = d.cancelled === true;
      const moved = !cancelled && Boolean(d.originalDate) && d.originalDate !== date;
      const sentence = t(cancelled ? 'events.timetableCancelled' : moved ? 'events.timetableMoved' : 'events.timetableChanged', values);
      const room = !cancelled && text(d.room) ? t('events.room', { room: text(d.room) }) : null;
      return {
        text: withDetails(sentence, [room, by]),
        href: isoDate.test(date) ? `/emploi-du-temps?vue=jour&date=${date}` : '/emploi-du-temps',
        cancelled,
      };
    }
    case 'homework.assigned': {
      const sentence = t(d.handInOnline === true ? 'events.homeworkAssignedOnline' : 'events.homeworkAssigned', { subject: text(d.subjectName), due: formatDay(d.dueOn, language) });
      const href = text(d.courseId) && isoDate.test(text(d.givenOn)) ? `/cahier-de-textes/seance/${text(d.courseId)}/${text(d.givenOn)}` : '/cahier-de-textes';
      return { text: withDetails(sentence, [by]), href, cancelled: false };
    }
    case 'homework.returned':
      return {
        text: withDetails(t('events.homeworkReturned', { subject: text(d.subjectName), due: formatDay(d.dueOn, language) }), [by]),
        href: '/cahier-de-textes',
        cancelled: false,
      };
    case 'orientation.deadline':
      return {
        text: t('orientation.timelineDeadline', {
          label: text(d.label),
          date: isoDate.test(text(d.dueOn)) ? new Date(`${text(d.dueOn)}T12:00:00Z`).toLocaleDateString(language === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'long' }) : '',
        }),
        href: '/orientation',
        cancelled: false,
      };
    case 'orientation.deadline-cancelled':
      return {
        text: t('orientation.timelineDeadlineCancelled', {
          label: text(d.label),
          date: isoDate.test(text(d.dueOn)) ? new Date(`${text(d.dueOn)}T12:00:00Z`).toLocaleDateString(language === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'long' }) : '',
        }),
        href: '/orientation',
        cancelled: true,
      };
    case 'evaluations.published':
      return {
        text: t('notes.timelinePublished', { name: item.actorName ?? '', title: text(d.title), subject: text(d.subjectName) }),
        href: `/notes?periode=${encodeURIComponent(text(d.periodId))}`,
        cancelled: false,
      };
    case 'evaluations.bulletins':
      return {
        text: t('notes.timelineBulletins', { period: t(`notes.periodName.${text(d.kind)}`, { rank: Number(d.rank) }) }),
        href: `/notes?periode=${encodeURIComponent(item.objectId)}`,
        cancelled: false,
      };
    case 'workspace.shared':
      return {
        text: t('documents.timelineShared', { name: item.actorName ?? '', item: text(d.name) }),
        href: d.itemKind === 'folder' ? `/documents?vue=partages&dossier=${item.objectId}` : '/documents?vue=partages',
        cancelled: false,
      };
    case 'news.published':
      return { text: t('actualites.timeline', { author: text(d.authorName) || item.actorName || '', title: text(d.title) }), href: `/actualites/${item.objectId}`, cancelled: false };
    case 'presences.absent':
    case 'presences.justification-accepted':
    case 'presences.justification-refused': {
      const day = (iso: unknown) => (typeof iso === 'string' && isoDate.test(iso) ? new Date(`${iso}T12:00:00Z`).toLocaleDateString(language === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'long' }) : '');
      const values = { ...d, date: day(d.date), toDate: day(d.toDate) };
      const key =
        item.kind === 'presences.absent' ? (d.subjectName ? 'timeline.presences.absent' : 'timeline.presences.absentPeriod') : item.kind === 'presences.justification-accepted' ? 'timeline.presences.accepted' : 'timeline.presences.refused';
      return { text: t(key, values), href: '/vie-scolaire', cancelled: false };
    }
    case 'presences.threshold': {
      const month = text(d.month);
      const monthName = /^\d{4}-\d{2}$/.test(month) ? new Date(`${month}-15T12:00:00Z`).toLocaleDateString(language === 'en' ? 'en-GB' : 'fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' }) : '';
      const values = { studentName: text(d.studentName), classPart: d.className ? ` (${text(d.className)})` : '', count: Number(d.unjustifiedHalfDays) || 0, threshold: Number(d.threshold) || 0, month: monthName };
      // Vie scolaire's page lists the month's students to follow, each with the letter to download.
      return { text: t('timeline.presences.threshold', values), href: /^\d{4}-\d{2}$/.test(month) ? `/vie-scolaire?mois=${month}` : '/vie-scolaire', cancelled: false };
    }
    case 'support.status': {
      const href = `/support/tickets/${item.objectId}`;
      if (d.automatic === true) return { text: t('support.timelineAutoClosed', { title: text(d.title) }), href, cancelled: false };
      if (d.to === 'PLANNED' && typeof d.startsAt === 'string' && !Number.isNaN(Date.parse(d.startsAt))) {
        const date = new Date(d.startsAt).toLocaleString(language === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'long', timeStyle: 'short' });
        return { text: t('support.timelinePlanned', { name: item.actorName ?? '', title: text(d.title), date }), href, cancelled: false };
      }
      return { text: t('support.timelineStatus', { name: item.actorName ?? '', title: text(d.title), status: t(`support.statuses.${text(d.to) || 'NEW'}`) }), href, cancelled: false };
    }
    case 'support.new':
      return {
        text: t('support.timelineNew', { name: item.actorName ?? '', title: text(d.title), structure: text(d.structureName) }),
        href: `/support/tickets/${item.objectId}`,
        cancelled: false,
      };
    case 'support.comment':
      return { text: t('support.timelineComment', { name: item.actorName ?? '', title: text(d.title) }), href: `/support/tickets/${item.objectId}`, cancelled: false };
    default:
      return { text: t('messagerie.timeline.other'), cancelled: false };
  }
}
