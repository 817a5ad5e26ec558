import { VisaInput, type LessonEntry } from '@preau/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { homeworkApi } from '../../api/homework-api.ts';
import { isApiError } from '../../api/client.ts';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { Card } from '../../components/Card.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { TextField } from '../../components/TextField.tsx';
import { errorText } from '../../lib/error-text.ts';
import { validate, type FieldErrors } from '../../lib/form-validation.ts';
import { useCurrentUser } from '../../session/current-user.ts';
import { addDays, formatDay, formatInstant, isIsoDate, todayIso } from '../emploi-du-temps/dates.ts';
import { isHead } from '../emploi-du-temps/roles.ts';
import { NotFoundPage } from '../NotFoundPage.tsx';
import { LessonView } from './LessonPage.tsx';
import { homeworkKeys, useLessons, useVisas } from './homework-queries.ts';
import { HomeworkBreadcrumb } from './HomeworkBreadcrumb.tsx';

/** /cahier-de-textes/classe/:id and /groupe/:id — a class's (or group's) cahier de textes by subject over a period; the head signs it. */
export function ClassLessonsPage({ kind }: { kind: 'CLASS' | 'GROUP' }) {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const today = todayIso();
  const [from, setFrom] = useState(addDays(today, -28));
  const [to, setTo] = useState(addDays(today, 7));
  const [subject, setSubject] = useState('');
  const target = kind === 'CLASS' ? { classId: id } : { groupId: id };
  const valid = /^[0-9a-f-]{36}$/i.test(id);
  const periodOk = isIsoDate(from) && isIsoDate(to) && from <= to;
  const filters = { ...target, from, to };
  const lessons = useLessons(filters, valid && periodOk);
  if (!valid) return <NotFoundPage />;
  if (lessons.isError && isApiError(lessons.error, 'NOT_FOUND')) return <NotFoundPage />;
  const items = lessons.data?.items ?? [];
  const targetName = items[0]?.target.name;
  const subjects = [...new Map(items.map((e) => [e.subjectCode, e.subjectName]))].sort((a, b) => a[1].localeCompare(b[1]));
  const shown = subject ? items.filter((e) => e.subjectCode === subject) : items;
  const bySubject = new Map<string, LessonEntry[]>();
  for (const entry of [...shown].sort((a, b) => a.occurrenceDate.localeCompare(b.occurrenceDate))) {
    bySubject.set(entry.subjectName, [...(bySubject.get(entry.subjectName) ?? []), entry]);
  }
  const title = targetName ? t('homework.classes.pageTitle', { name: targetName }) : t('homework.classes.pageTitlePlain');
  return (
    <>
      <PageHeader
        title={title}
        before={<HomeworkBreadcrumb current={targetName ?? t('homework.classes.pageTitlePlain')} />}
      />
      <div className="stack">
        <p>
          <Link to={`/cahier-de-textes/${kind === 'CLASS' ? 'classe' : 'groupe'}/${id}/semaine`}>{t('homework.week.link')}</Link>
        </p>
        <div className="card filters-row">
          <TextField label={t('homework.classes.from')} type="date" value={from} onChange={setFrom} error={periodOk ? undefined : t('homework.classes.periodInvalid')} />
          <TextField label={t('homework.classes.to')} type="date" value={to} onChange={setTo} />
          <SelectField
            label={t('homework.classes.subject')}
            value={subject}
            onChange={setSubject}
            emptyOption={t('homework.classes.allSubjects')}
            options={subjects.map(([code, name]) => ({ value: code, label: name }))}
          />
        </div>
        <LiveRegion>
          {lessons.isSuccess ? <p className="muted">{t('homework.classes.count', { count: shown.length })}</p> : null}
        </LiveRegion>
        {lessons.isPending && periodOk ? <Loading /> : null}
        {lessons.isError ? <QueryError error={lessons.error} onRetry={() => void lessons.refetch()} /> : null}
        {lessons.isSuccess && shown.length === 0 ? (
          <EmptyState icon="book">
            <p>{t('homework.classes.none')}</p>
          </EmptyState>
        ) : null}
        {[...bySubject].map(([name, entries]) => (
          <section key={name} aria-labelledby={`subject-${entries[0]!.subjectCode}`} className="card">
            <h2 id={`subject-${entries[0]!.subjectCode}`} className="card__title">
              {name}
            </h2>
            <ol className="plain-list entry-timeline">
              {entries.map((entry) => (
                <li key={entry.id} className="entry-timeline__item">
                  <h3 className="entry-timeline__date">
                    <Link to={`/cahier-de-textes/seance/${entry.courseId}/${entry.occurrenceDate}`}>
                      {formatDay(entry.occurrenceDate, i18n.language, 'long')}
                    </Link>
                    <span className="muted"> · {entry.author.displayName}</span>
                  </h3>
                  <LessonView entry={entry} headingLevel={3} />
                </li>
              ))}
            </ol>
          </section>
        ))}
        {/* Visas are the school's control of the cahier: not for pupils and parents (the server refuses them). */}
        {me.profile !== 'ELEVE' && me.profile !== 'PARENT' ? <VisaCard target={target} canSign={isHead(me)} from={from} to={to} /> : null}
      </div>
    </>
  );
}

function VisaCard({ target, canSign, from, to }: { target: { classId?: string; groupId?: string }; canSign: boolean; from: string; to: string }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const visas = useVisas(target);
  const [visaFrom, setVisaFrom] = useState(from);
  const [visaTo, setVisaTo] = useState(to > todayIso() ? todayIso() : to);
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [done, setDone] = useState('');
  const sign = useMutation({
    mutationFn: (body: VisaInput) => homeworkApi.addVisa(body),
    onSuccess: async () => {
      setDone(t('homework.visa.done'));
      setComment('');
      await queryClient.invalidateQueries({ queryKey: homeworkKeys.visas(target.classId ?? target.groupId ?? '') });
      await queryClient.invalidateQueries({ queryKey: homeworkKeys.lessonLists });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone('');
    const checked = validate(
      VisaInput,
      { classId: target.classId ?? null, groupId: target.groupId ?? null, from: visaFrom, to: visaTo, comment: comment.trim() || null },
      t,
      { to: 'homework.visa.toError' },
    );
    setErrors(checked.errors ?? {});
    if (checked.data) sign.mutate(checked.data);
  };
  return (
    <Card title={t('homework.visa.title')}>
      <div className="stack">
        {visas.isError ? <QueryError error={visas.error} onRetry={() => void visas.refetch()} /> : null}
        {visas.isSuccess && visas.data.items.length === 0 ? <p>{t('homework.visa.none')}</p> : null}
        {visas.isSuccess && visas.data.items.length > 0 ? (
          <ul className="plain-list">
            {visas.data.items.map((v) => (
              <li key={v.id}>
                {t('homework.visa.item', {
                  from: formatDay(v.from, i18n.language, 'medium'),
                  to: formatDay(v.to, i18n.language, 'medium'),
                  name: v.signedBy.displayName,
                  date: formatInstant(v.signedAt, i18n.language),
                })}
                {v.comment ? ` — ${v.comment}` : ''}
              </li>
            ))}
          </ul>
        ) : null}
        {canSign ? (
          <form className="form" onSubmit={submit} noValidate>
            <div className="tt-form-row">
              <TextField label={t('homework.visa.from')} type="date" value={visaFrom} onChange={setVisaFrom} isRequired error={errors.from} />
              <TextField label={t('homework.visa.to')} type="date" value={visaTo} onChange={setVisaTo} isRequired error={errors.to} />
            </div>
            <TextField label={t('homework.visa.comment')} description={t('homework.lesson.optional')} value={comment} onChange={setComment} maxLength={500} error={errors.comment} />
            <div className="form__actions">
              <Button type="submit" isPending={sign.isPending}>
                {t('homework.visa.sign')}
              </Button>
            </div>
          </form>
        ) : null}
        <LiveRegion>
          {sign.isError ? (
            <Alert tone="error">
              <p>{errorText(sign.error, t)}</p>
            </Alert>
          ) : done ? (
            <Alert tone="success" title={done} />
          ) : null}
        </LiveRegion>
      </div>
    </Card>
  );
}
