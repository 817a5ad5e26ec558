import type { CopyableCourse } from '@preau/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { homeworkApi } from '../../api/homework-api.ts';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { Card } from '../../components/Card.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { useCurrentUser } from '../../session/current-user.ts';
import { NotFoundPage } from '../NotFoundPage.tsx';
import { homeworkKeys, useCopyCourses, useCopyPreview } from './homework-queries.ts';
import { HomeworkBreadcrumb } from './HomeworkBreadcrumb.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

/** /cahier-de-textes/copier — a teacher copies his entries of an earlier year's course onto this year's, session by session. */
export function CopyLessonsPage() {
  const me = useCurrentUser();
  if (me.profile !== 'ENSEIGNANT') return <NotFoundPage />;
  return <CopyLessons />;
}

function CopyLessons() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const courses = useCopyCourses();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [touched, setTouched] = useState(false);
  const both = Boolean(from && to);
  const preview = useCopyPreview(from, to);
  const copy = useMutation({
    mutationFn: () => homeworkApi.copy(from, to),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: homeworkKeys.copy });
      await queryClient.invalidateQueries({ queryKey: homeworkKeys.lessonLists });
    },
  });
  const year = courses.data?.currentYear;
  const label = (c: CopyableCourse) =>
    t('homework.copy.course', {
      subject: c.subjectName,
      target: c.target.name,
      day: t(`homework.copy.weekdays.${c.weekday}`),
      start: c.start,
      years: `${c.schoolYear}-${c.schoolYear + 1}`,
      count: c.entryCount,
    });
  const sources = (courses.data?.items ?? []).filter((c) => year !== undefined && c.schoolYear < year);
  const targets = (courses.data?.items ?? []).filter((c) => c.schoolYear === year);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!both || !preview.isSuccess || preview.data.copied === 0) return;
    copy.mutate();
  };
  const pick = (setter: (value: string) => void) => (value: string) => {
    copy.reset();
    setter(value);
  };
  return (
    <>
      <PageHeader
        title={t('homework.copy.title')}
        subtitle={<p>{t('homework.copy.subtitle')}</p>}
        before={<HomeworkBreadcrumb current={t('homework.copy.crumb')} />}
      />
      {courses.isPending ? <Loading /> : null}
      {courses.isError ? <QueryError error={courses.error} onRetry={() => void courses.refetch()} /> : null}
      {courses.isSuccess && (sources.length === 0 || targets.length === 0) ? (
        <EmptyState icon="book">
          <p>{sources.length === 0 ? t('homework.copy.noSource') : t('homework.copy.noTarget')}</p>
        </EmptyState>
      ) : null}
      {courses.isSuccess && sources.length > 0 && targets.length > 0 ? (
        <Card title={t('homework.copy.formTitle')}>
          <form className="form" onSubmit={submit} noValidate>
            <SelectField
              label={t('homework.copy.from')}
              description={t('homework.copy.fromHelp')}
              value={from}
              onChange={pick(setFrom)}
              emptyOption={t('homework.copy.choose')}
              options={sources.map((c) => ({ value: c.courseId, label: label(c) }))}
              isRequired
              error={touched && !from ? t('homework.copy.required') : undefined}
            />
            <SelectField
              label={t('homework.copy.to')}
              value={to}
              onChange={pick(setTo)}
              emptyOption={t('homework.copy.choose')}
              options={targets.map((c) => ({ value: c.courseId, label: label(c) }))}
              isRequired
              error={touched && !to ? t('homework.copy.required') : undefined}
            />
            <LiveRegion politeness={copy.isError || preview.isError ? 'assertive' : 'polite'}>
              {both && preview.isPending ? <p>{t('homework.copy.counting')}</p> : null}
              <ErrorAlert error={preview.error} />
              {preview.isSuccess && !copy.isSuccess ? (
                <p className="copy-preview">
                  {t('homework.copy.preview', { count: preview.data.copied })}
                  {preview.data.skipped > 0 ? ` ${t('homework.copy.previewSkipped', { count: preview.data.skipped })}` : ''}
                </p>
              ) : null}
              <ErrorAlert error={copy.error} />
              {copy.isSuccess ? (
                <Alert tone="success" title={t('homework.copy.done', { count: copy.data.copied })}>
                  {copy.data.skipped > 0 ? <p>{t('homework.copy.doneSkipped', { count: copy.data.skipped })}</p> : null}
                  <p>
                    <Link to="/cahier-de-textes">{t('homework.copy.back')}</Link>
                  </p>
                </Alert>
              ) : null}
            </LiveRegion>
            <div className="form__actions">
              <Button type="submit" isPending={copy.isPending} isDisabled={copy.isSuccess || (preview.isSuccess && preview.data.copied === 0)}>
                {t('homework.copy.submit')}
              </Button>
            </div>
          </form>
        </Card>
      ) : null}
    </>
  );
}
