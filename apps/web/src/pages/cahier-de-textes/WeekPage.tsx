import type { LessonEntry } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { isApiError } from '../../api/client.ts';
import { ButtonLink } from '../../components/ButtonLink.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { addDays, formatDay, isIsoDate, mondayOf, todayIso } from '../emploi-du-temps/dates.ts';
import { NotFoundPage } from '../NotFoundPage.tsx';
import { LessonView } from './LessonPage.tsx';
import { useLessonWeek } from './homework-queries.ts';
import { HomeworkBreadcrumb } from './HomeworkBreadcrumb.tsx';

/**
 * /cahier-de-textes/classe/:id/semaine (and /groupe/:id/semaine), ?date=YYYY-MM-DD:
 * one week of a class's cahier de textes, every subject, day by day, by time.
 */
export function WeekPage({ kind }: { kind: 'CLASS' | 'GROUP' }) {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  const asked = params.get('date');
  const monday = mondayOf(isIsoDate(asked) ? asked : todayIso());
  const valid = /^[0-9a-f-]{36}$/i.test(id);
  const target = kind === 'CLASS' ? { classId: id } : { groupId: id };
  const week = useLessonWeek(target, monday, valid);
  if (!valid) return <NotFoundPage />;
  if (week.isError && isApiError(week.error, 'NOT_FOUND')) return <NotFoundPage />;
  const base = `/cahier-de-textes/${kind === 'CLASS' ? 'classe' : 'groupe'}/${id}`;
  const name = week.data?.target.name;
  const sunday = addDays(monday, 6);
  const range = t('homework.week.range', { from: formatDay(monday, i18n.language, 'medium'), to: formatDay(sunday, i18n.language, 'long') });
  const byDay = new Map<string, LessonEntry[]>();
  for (const entry of week.data?.items ?? []) byDay.set(entry.occurrenceDate, [...(byDay.get(entry.occurrenceDate) ?? []), entry]);
  return (
    <>
      <PageHeader
        title={name ? t('homework.week.title', { name }) : t('homework.classes.pageTitlePlain')}
        before={<HomeworkBreadcrumb between={[{ to: base, label: name ?? t('homework.classes.pageTitlePlain') }]} current={t('homework.week.crumb')} />}
      />
      <section className="stack" aria-labelledby="week-range">
        <div className="tt-toolbar">
          <h2 id="week-range" className="tt-toolbar__title">
            {range}
          </h2>
          <nav className="tt-toolbar__nav" aria-label={t('homework.week.navigation')}>
            <ButtonLink variant="secondary" to={`${base}/semaine?date=${addDays(monday, -7)}`}>
              {t('homework.week.previous')}
            </ButtonLink>
            <ButtonLink variant="secondary" to={`${base}/semaine`}>
              {t('homework.week.current')}
            </ButtonLink>
            <ButtonLink variant="secondary" to={`${base}/semaine?date=${addDays(monday, 7)}`}>
              {t('homework.week.next')}
            </ButtonLink>
          </nav>
        </div>
        <LiveRegion>{week.isSuccess ? <p className="muted">{t('homework.week.count', { count: week.data.items.length, range })}</p> : null}</LiveRegion>
        {week.isPending ? <Loading /> : null}
        {week.isError ? <QueryError error={week.error} onRetry={() => void week.refetch()} /> : null}
        {week.isSuccess && week.data.items.length === 0 ? (
          <EmptyState icon="book">
            <p>{t('homework.week.none')}</p>
          </EmptyState>
        ) : null}
        {[...byDay].map(([day, entries]) => (
          <section key={day} className="card" aria-labelledby={`day-${day}`}>
            <h3 id={`day-${day}`} className="card__title">
              {formatDay(day, i18n.language, 'long')}
            </h3>
            <ol className="plain-list entry-timeline">
              {entries.map((entry) => (
                <li key={entry.id} className="entry-timeline__item">
                  <h4 className="entry-timeline__date">
                    <Link to={`/cahier-de-textes/seance/${entry.courseId}/${entry.occurrenceDate}`}>
                      {t('homework.week.session', { subject: entry.subjectName, start: entry.start, end: entry.end })}
                    </Link>
                    <span className="muted"> · {entry.author.displayName}</span>
                  </h4>
                  <LessonView entry={entry} headingLevel={5} />
                </li>
              ))}
            </ol>
          </section>
        ))}
      </section>
    </>
  );
}
