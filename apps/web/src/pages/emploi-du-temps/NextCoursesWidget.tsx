import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../../components/Badge.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Loading } from '../../components/Loading.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import type { NextCourses } from '@preau/contracts';
import type { UseQueryResult } from '@tanstack/react-query';
import { changeTexts } from './OccurrenceDetails.tsx';
import { useChildNextCourses, useNextCourses } from './timetable-queries.ts';

/** A child of a parent, as the portal names him. */
export interface PortalChild {
  id: string;
  label: string;
}

/** Portal widget "Prochains cours": today's sessions still to come, with their changes in words. */
export function NextCoursesWidget() {
  return <NextCoursesCard next={useNextCourses()} headingId="portal-next-courses" />;
}

/**
 * A parent's widget for one child, named ("Prochains cours de Léa"): with two
 * children, one mixed list would not say whose lesson is whose.
 */
export function ChildNextCoursesWidget({ child }: { child: PortalChild }) {
  return <NextCoursesCard next={useChildNextCourses(child.id)} headingId={`portal-next-courses-${child.id}`} child={child} />;
}

function NextCoursesCard({ next, headingId, child }: { next: UseQueryResult<NextCourses>; headingId: string; child?: PortalChild }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="portal-section card" aria-labelledby={headingId}>
      <h2 id={headingId} className="card__title">
        {child ? t('timetable.widget.titleOf', { name: child.label }) : t('timetable.widget.title')}
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
        <Link to={child ? `/emploi-du-temps?voir=student:${child.id}` : '/emploi-du-temps'}>
          {child ? t('timetable.widget.openOf', { name: child.label }) : t('timetable.widget.open')}
        </Link>
      </p>
    </section>
  );
}
