import type { SubjectResult } from '@preau/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { evaluationsApi, evaluationsKeys } from '../../api/evaluations-api.ts';
import { Button } from '../../components/Button.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { useChosenChild } from '../../session/child-choice.ts';
import { useCurrentUser } from '../../session/current-user.ts';
import { formatDate, formatMark, periodName } from './format.ts';

/** The published marks of the student (or of one of the parent's children), by subject, for a period. */
export function FamilyResults() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const students = useQuery({ queryKey: evaluationsKeys.students, queryFn: evaluationsApi.students });
  // A parent's page follows the child chosen in the header (issue 13), and choosing here moves the header too.
  const family = useChosenChild(useCurrentUser());
  const followed = students.data?.items.find((s) => s.id === family.child?.id)?.id;
  // A child named in the link (a notification, a bookmark) becomes the chosen one, so the header and the next pages follow.
  const askedChild = family.children.find((c) => c.id === params.get('eleve'))?.id;
  const { choose: chooseChild } = family;
  useEffect(() => {
    if (!askedChild) return;
    chooseChild(askedChild);
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.delete('eleve');
        return next;
      },
      { replace: true },
    );
  }, [askedChild, chooseChild, setParams]);
  const studentId = askedChild ?? followed ?? params.get('eleve') ?? students.data?.items[0]?.id;
  const periodId = params.get('periode') ?? undefined;
  const results = useQuery({
    queryKey: evaluationsKeys.results(studentId ?? '', periodId),
    queryFn: () => evaluationsApi.results(studentId!, periodId),
    enabled: studentId !== undefined,
  });
  const download = useMutation({ mutationFn: () => evaluationsApi.downloadBulletin(results.data!.period!.id, studentId!) });
  const choose = (name: string) => (value: string) => {
    const next = new URLSearchParams(params);
    next.set(name, value);
    if (name === 'eleve') {
      next.delete('periode');
      // One of the parent's children: the choice is the header's, not the address's.
      if (family.children.some((c) => c.id === value)) {
        next.delete('eleve');
        chooseChild(value);
      }
    }
    setParams(next);
  };

  if (students.isPending) return <Loading />;
  if (students.isError) return <QueryError error={students.error} onRetry={() => void students.refetch()} />;
  if (students.data.items.length === 0) return <EmptyState>{t('notes.noStudents')}</EmptyState>;
  const data = results.data;
  return (
    <div className="stack">
      <div className="notes-filters">
        {students.data.items.length > 1 ? (
          <SelectField label={t('notes.child')} value={studentId ?? ''} onChange={choose('eleve')} options={students.data.items.map((s) => ({ value: s.id, label: s.displayName }))} />
        ) : null}
        {data && data.periods.length > 0 ? (
          <SelectField label={t('notes.period')} value={data.period?.id ?? ''} onChange={choose('periode')} options={data.periods.map((p) => ({ value: p.id, label: periodName(t, p) }))} />
        ) : null}
      </div>
      {results.isPending ? (
        <Loading />
      ) : results.isError ? (
        <QueryError error={results.error} onRetry={() => void results.refetch()} />
      ) : !data?.period ? (
        <EmptyState>{t('notes.noPeriods')}</EmptyState>
      ) : (
        <>
          {data.subjects.length === 0 ? (
            <EmptyState>{t('notes.noMarks')}</EmptyState>
          ) : (
            <>
              <p className="notes-general">
                {t('notes.generalAverage')} : <strong>{data.generalAverage === null ? t('notes.notGraded') : formatMark(data.generalAverage, i18n.language)}</strong>
              </p>
              {data.subjects.map((subject) => (
                <SubjectCard key={subject.subjectCode} subject={subject} />
              ))}
              <p className="notes-help">{t('notes.specialHelp')}</p>
            </>
          )}
          <section className="card" aria-labelledby="notes-bulletin">
            <h2 id="notes-bulletin" className="card__title">
              {t('notes.bulletin')}
            </h2>
            {data.period.bulletinsPublishedAt ? (
              <>
                <Button variant="secondary" onPress={() => download.mutate()} isPending={download.isPending}>
                  {t('notes.downloadBulletin')}
                </Button>
                {download.isError ? <ErrorAlert error={download.error} /> : null}
              </>
            ) : (
              <p>{t('notes.bulletinNotYet')}</p>
            )}
          </section>
        </>
      )}
    </div>
  );
}

function SubjectCard({ subject }: { subject: SubjectResult }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const headingId = `notes-subject-${subject.subjectCode}`;
  return (
    <section className="card notes-subject" aria-labelledby={headingId}>
      <div className="notes-subject__head">
        <h2 id={headingId} className="card__title">
          {subject.subjectName}
        </h2>
        <p className="notes-subject__average">
          <span>{t('notes.yourAverage')}</span> <strong>{subject.average === null ? t('notes.notGraded') : formatMark(subject.average, locale)}</strong>
        </p>
      </div>
      <p className="notes-muted">
        {subject.teacherNames.join(', ')} ·{' '}
        {t('notes.classFigures', {
          average: formatMark(subject.classStats.average, locale),
          min: formatMark(subject.classStats.min, locale),
          max: formatMark(subject.classStats.max, locale),
        })}
      </p>
      <ul className="notes-marks" aria-label={t('notes.marksOf', { subject: subject.subjectName })}>
        {subject.marks.map((m) => (
          <li key={m.evaluation.id}>
            <div>
              <span className="notes-marks__title">{t('notes.evaluationOn', { title: m.evaluation.title, date: formatDate(m.evaluation.givenOn, locale) })}</span>
              <span className="notes-muted">
                {t('notes.coefficient', { value: formatMark(m.evaluation.coefficient, locale) })}
                {m.evaluation.rescale && m.evaluation.outOf !== 20 ? ` · ${t('notes.rescaled')}` : ''} · {t('notes.classAverage')} {formatMark(m.evaluation.stats.average, locale)}
              </span>
              {m.evaluation.competences.length > 0 ? (
                <ul className="notes-levels">
                  {m.evaluation.competences.map((c, i) => (
                    <li key={c}>
                      {c} : {m.levels[i] ? t(`notes.levels.${m.levels[i]}`) : '–'}
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
            <strong className="notes-marks__value">
              {m.special ? t(`notes.special.${m.special}`) : m.value === null ? '–' : t('notes.outOf', { mark: formatMark(m.value, locale), outOf: formatMark(m.evaluation.outOf, locale) })}
            </strong>
          </li>
        ))}
      </ul>
    </section>
  );
}
