import type { Course, CourseFormOptions } from '@preau/contracts';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearchParams } from 'react-router';
import { type CourseFilters } from '../../api/timetable-api.ts';
import { Alert } from '../../components/Alert.tsx';
import { ButtonLink } from '../../components/ButtonLink.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { ShowMoreButton } from '../../components/ShowMoreButton.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { useCurrentUser } from '../../session/current-user.ts';
import { formatDay } from './dates.ts';
import { manageableStructures } from './roles.ts';
import { useCourseFormOptions, useCourses } from './timetable-queries.ts';
import { Breadcrumb } from '../../components/Breadcrumb.tsx';

/** `classe` query parameter ↔ filter: `class:<id>` or `group:<id>`. */
export function targetFilter(value: string | null): CourseFilters {
  const [kind, id] = (value ?? '').split(':');
  if (!id) return {};
  if (kind === 'class') return { classId: id };
  if (kind === 'group') return { groupId: id };
  return {};
}

/** The choices of the "class or group" select, from the form options of a structure. */
export function targetOptions(options: CourseFormOptions | undefined, t: TFunction) {
  return [
    ...(options?.classes ?? []).map((c) => ({ value: `class:${c.id}`, label: t('timetable.courses.kindClass', { name: c.name }) })),
    ...(options?.groups ?? []).map((g) => ({ value: `group:${g.id}`, label: t('timetable.courses.kindGroup', { name: g.name }) })),
  ];
}

/** How a course's target reads ("Classe 2nde 3"). */
export function targetLabel(course: Pick<Course, 'target'>, t: TFunction): string {
  return t(course.target.kind === 'CLASS' ? 'timetable.courses.kindClass' : 'timetable.courses.kindGroup', { name: course.target.name });
}

/** What the list page says after a create, an edit or a delete (passed as navigation state). */
export interface CoursesNotice {
  notice: string;
}

function readNotice(state: unknown): string {
  return state && typeof state === 'object' && typeof (state as CoursesNotice).notice === 'string' ? (state as CoursesNotice).notice : '';
}

/** /emploi-du-temps/cours: staff list the courses of a structure they manage, filtered by class, group or teacher. */
export function CoursesPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const location = useLocation();
  const navigationNotice = readNotice(location.state);
  // Filled after the first render, so that screen readers announce it (a live region's initial content is not read).
  const [notice, setNotice] = useState('');
  useEffect(() => setNotice(navigationNotice), [navigationNotice]);
  const [params, setParams] = useSearchParams();
  const managed = manageableStructures(me);
  const wanted = params.get('etablissement');
  const structureId = managed.find((s) => s.id === wanted)?.id ?? managed[0]?.id ?? '';
  const target = params.get('classe') ?? '';
  const teacherId = params.get('enseignant') ?? '';
  const filters: CourseFilters = { ...targetFilter(target), ...(teacherId ? { teacherId } : {}) };

  const options = useCourseFormOptions(structureId);
  const courses = useCourses(structureId, filters);
  const targetName = targetOptions(options.data, t).find((o) => o.value === target)?.label;
  const items = courses.data?.pages.flatMap((p) => p.items) ?? [];

  const update = (changes: Record<string, string>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        return next;
      },
      { replace: true },
    );
  const newCourseLink = `/emploi-du-temps/cours/nouveau?${new URLSearchParams({ etablissement: structureId, ...(target ? { classe: target } : {}) }).toString()}`;

  return (
    <>
      <PageHeader
        title={t('timetable.courses.title')}
        subtitle={<p>{t('timetable.courses.subtitle')}</p>}
        before={
          <Breadcrumb
            label={t('timetable.courses.breadcrumb')}
            trail={[{ to: '/emploi-du-temps', label: t('timetable.title') }]}
            current={t('timetable.courses.title')}
          />
        }
        actions={structureId ? <ButtonLink to={newCourseLink}>{t('timetable.courses.new')}</ButtonLink> : null}
      />
      <LiveRegion>{notice ? <Alert tone="success" title={notice} /> : null}</LiveRegion>
      {managed.length === 0 ? (
        <Alert tone="info">
          <p>{t('timetable.courses.forbidden')}</p>
        </Alert>
      ) : (
        <div className="card">
          <div className="filters filters--even">
            {managed.length > 1 ? (
              <SelectField
                label={t('timetable.courses.structure')}
                value={structureId}
                onChange={(value) => update({ etablissement: value, classe: '', enseignant: '' })}
                options={managed.map((s) => ({ value: s.id, label: s.name }))}
              />
            ) : null}
            <SelectField
              label={t('timetable.courses.target')}
              value={target}
              onChange={(value) => update({ classe: value })}
              emptyOption={t('timetable.courses.allTargets')}
              options={targetOptions(options.data, t)}
              isDisabled={!options.isSuccess}
            />
            <SelectField
              label={t('timetable.courses.teacher')}
              value={teacherId}
              onChange={(value) => update({ enseignant: value })}
              emptyOption={t('timetable.courses.allTeachers')}
              options={(options.data?.teachers ?? []).map((p) => ({ value: p.id, label: p.displayName }))}
              isDisabled={!options.isSuccess}
            />
          </div>
          {targetName ? (
            <p>
              <Link to={`/emploi-du-temps?voir=${encodeURIComponent(target)}`}>{t('timetable.courses.form.showInTimetable', { name: targetName })}</Link>
            </p>
          ) : null}
          {options.isError ? <QueryError error={options.error} onRetry={() => void options.refetch()} /> : null}
          {courses.isError ? <QueryError error={courses.error} onRetry={() => void courses.refetch()} /> : null}
          {courses.isPending ? <Loading /> : null}
          <LiveRegion className="result-count-region">
            {courses.isSuccess && items.length > 0 ? (
              <p className="result-count">{t('timetable.courses.count', { count: items.length })}</p>
            ) : null}
          </LiveRegion>
          {courses.isSuccess && items.length === 0 ? (
            <EmptyState icon="calendar">
              <p>{t('timetable.courses.none')}</p>
            </EmptyState>
          ) : null}
          {items.length > 0 ? <CourseTable items={items} /> : null}
          <ShowMoreButton hasMore={courses.hasNextPage} isLoading={courses.isFetchingNextPage} onPress={() => void courses.fetchNextPage()} />
        </div>
      )}
    </>
  );
}

function CourseTable({ items }: { items: Course[] }) {
  const { t, i18n } = useTranslation();
  return (
    <DataTable
      label={t('timetable.courses.tableLabel')}
      caption={t('timetable.courses.caption')}
      columns={[
        { label: t('timetable.courses.day') },
        { label: t('timetable.courses.time') },
        { label: t('timetable.courses.subject') },
        { label: t('timetable.courses.target') },
        { label: t('timetable.courses.teachers') },
        { label: t('timetable.courses.room') },
        { label: t('timetable.courses.weeks') },
        { label: t('timetable.courses.actions') },
      ]}
    >
      {items.map((course) => {
        const day = t(`timetable.courses.weekdays.${course.weekday}`);
        return (
          <tr key={course.id}>
            <td>{day}</td>
            <td>{t('timetable.courses.timeRange', { start: course.start, end: course.end })}</td>
            <th scope="row">{course.subjectName}</th>
            <td>{targetLabel(course, t)}</td>
            <td>{course.teachers.map((p) => p.displayName).join(', ')}</td>
            <td>{course.room ?? '—'}</td>
            <td>
              {course.weeks === 'PERIODS'
                ? course.periods.map((p) => t('timetable.courses.period', { from: formatDay(p.from, i18n.language, 'short'), to: formatDay(p.to, i18n.language, 'short') })).join(', ')
                : t(`timetable.courses.weekRules.${course.weeks}`)}
            </td>
            <td>
              <Link
                to={`/emploi-du-temps/cours/${course.id}`}
                aria-label={t('timetable.courses.editLabel', { subject: course.subjectName, target: targetLabel(course, t), day, start: course.start })}
              >
                {t('timetable.courses.edit')}
              </Link>
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}
