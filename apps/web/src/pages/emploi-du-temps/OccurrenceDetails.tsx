import type { Occurrence } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../../components/Badge.tsx';
import type { CSSProperties } from 'react';
import { useCurrentUser } from '../../session/current-user.ts';
import { formatDay } from './dates.ts';
import { subjectHue } from './subject-colour.ts';

/** The changes of a session, in words (never by colour alone). */
export function changeTexts(o: Occurrence, t: (key: string, options?: Record<string, unknown>) => string, language: string): string[] {
  const texts: string[] = [];
  if (!o.original) return texts;
  if (o.status !== 'CANCELLED') {
    if (o.date !== o.originalDate) {
      texts.push(t('timetable.change.movedFrom', { day: formatDay(o.originalDate, language, 'medium'), start: o.original.start, end: o.original.end }));
    } else if (o.start !== o.original.start || o.end !== o.original.end) {
      texts.push(t('timetable.change.timeChanged', { start: o.original.start, end: o.original.end }));
    }
    const usual = o.original.teachers.map((p) => p.id).join(',');
    if (usual !== o.teachers.map((p) => p.id).join(',')) {
      texts.push(t('timetable.change.replacement', { name: o.teachers.map((p) => p.displayName).join(', '), usual: o.original.teachers.map((p) => p.displayName).join(', ') }));
    }
    if ((o.room ?? '') !== (o.original.room ?? '')) {
      texts.push(t('timetable.change.room', { room: o.room ?? '—', usual: o.original.room ?? '—' }));
    }
  }
  return texts;
}

interface OccurrenceDetailsProps {
  occurrence: Occurrence;
  /** Shows the class or group (on a teacher's or a room's timetable). */
  showTarget?: boolean;
  onChange?: ((o: Occurrence) => void) | undefined;
}

/** One session: time, subject, class, teachers, room, its changes in words, and the links to the cahier de textes. */
export function OccurrenceDetails({ occurrence: o, showTarget = true, onChange }: OccurrenceDetailsProps) {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  // The roll call opens on the session's day, for its teachers (presences module, issue 15).
  const canCall = o.status !== 'CANCELLED' && o.date === new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date()) && o.teachers.some((p) => p.id === me.id);
  const cancelled = o.status === 'CANCELLED';
  const changes = changeTexts(o, t, i18n.language);
  const modified = o.status === 'MODIFIED' && changes.length === 0 && !o.note;
  // A teacher's own name on every block of his own week says nothing: only the others (a co-teacher, a replacement) are named.
  const teachers = o.teachers.filter((p) => p.id !== me.id);
  return (
    <div
      className={`tt-course${cancelled ? ' tt-course--cancelled' : ''}${o.status === 'MODIFIED' ? ' tt-course--modified' : ''}`}
      style={{ '--subject-hue': subjectHue(o.subjectCode) } as CSSProperties}
    >
      <p className="tt-course__time">
        <time>{o.start}</time>–<time>{o.end}</time>
        {cancelled ? (
          <>
            {' '}
            <Badge tone="danger">{t('timetable.cancelled')}</Badge>
          </>
        ) : null}
        {changes.length > 0 || modified ? (
          <>
            {' '}
            <Badge tone="warning">{t('timetable.modified')}</Badge>
          </>
        ) : null}
      </p>
      <p className="tt-course__subject">{cancelled ? <s>{o.subjectName}</s> : o.subjectName}</p>
      <p className="tt-course__meta">
        {showTarget ? <span>{o.target.name}</span> : null}
        {teachers.length > 0 ? <span>{teachers.map((p) => p.displayName).join(', ')}</span> : null}
        {o.room ? <span>{t('timetable.room', { room: o.room })}</span> : null}
      </p>
      {changes.map((text) => (
        <p key={text} className="tt-course__change">
          {text}
        </p>
      ))}
      {o.note ? <p className="tt-course__change">{t('timetable.note', { note: o.note })}</p> : null}
      {o.hasHomework ? <p className="tt-course__flag">{t('timetable.hasHomework')}</p> : null}
      {o.canWriteLesson || o.hasLesson || onChange || canCall ? (
        <p className="tt-course__actions">
          {canCall ? (
            <Link to={`/vie-scolaire/appel/${o.courseId}/${o.originalDate}`}>
              {t('presences.takeRollCall')}
              <span className="visually-hidden">
                {' '}
                {t('timetable.sessionOf', { subject: o.subjectName, day: formatDay(o.date, i18n.language, 'medium'), start: o.start })}
              </span>
            </Link>
          ) : null}
          {o.canWriteLesson || o.hasLesson ? (
            <Link to={`/cahier-de-textes/seance/${o.courseId}/${o.originalDate}`}>
              {o.canWriteLesson ? (o.hasLesson ? t('timetable.editLesson') : t('timetable.writeLesson')) : t('timetable.readLesson')}
              <span className="visually-hidden">
                {' '}
                {t('timetable.sessionOf', { subject: o.subjectName, day: formatDay(o.date, i18n.language, 'medium'), start: o.start })}
              </span>
            </Link>
          ) : null}
          {onChange ? (
            <button type="button" className="tt-link-button" onClick={() => onChange(o)}>
              {t('timetable.changeSession')}
              <span className="visually-hidden">
                {' '}
                {t('timetable.sessionOf', { subject: o.subjectName, day: formatDay(o.date, i18n.language, 'medium'), start: o.start })}
              </span>
            </button>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}
