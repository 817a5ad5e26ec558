import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../../components/Badge.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Loading } from '../../components/Loading.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { changeTexts } from './OccurrenceDetails.tsx';
import { useNextCourses } from './timetable-queries.ts';

/** Portal widget "Prochains cours": today's sessions still to come, with their changes in words. */
export function NextCoursesWidget() {
  const { t, i18n } = useTranslation();
  const next = useNextCourses();
  return (
    <section className="portal-section card" aria-labelledby="portal-next-courses">
      <h2 id="portal-next-courses" className="card__title">
        {t('timetable.widget.title')}
      </h2>
      {next.isPending ? <Loading /> : null}
      {next.isError ? <QueryError error={next.error} onRetry={() => void next.refetch()} /> : null}
      {next.isSuccess && next.data.items.length === 0 ? (
        <EmptyState icon="calendar">
          <p>{t('timetable.widget.none')}</p>
        </EmptyState>
      ) : null}
      {next.isSuccess && next.data.items.length > 0 ? (
        <ul className="plain-list widget-list">
          {next.data.items.map((o) => (
            <li key={o.id} className="widget-list__item">
              <span className="widget-list__time">
                <time>{o.start}</time>–<time>{o.end}</time>
              </span>{' '}
              <strong>{o.status === 'CANCELLED' ? <s>{o.subjectName}</s> : o.subjectName}</strong>
              {o.status === 'CANCELLED' ? (
                <>
                  {' '}
                  <Badge tone="danger">{t('timetable.cancelled')}</Badge>
                </>
              ) : null}
              <span className="muted">
                {' · '}
                {[o.room ? t('timetable.room', { room: o.room }) : '', o.teachers.map((p) => p.displayName).join(', ')].filter(Boolean).join(' · ')}
              </span>
              {changeTexts(o, t, i18n.language).map((text) => (
                <span key={text} className="widget-list__change">
                  {text}
                </span>
              ))}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="widget-more">
        <Link to="/emploi-du-temps">{t('timetable.widget.open')}</Link>
      </p>
    </section>
  );
}
