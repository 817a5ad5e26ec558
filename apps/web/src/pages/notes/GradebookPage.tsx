import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { evaluationsApi, evaluationsKeys } from '../../api/evaluations-api.ts';
import { Button } from '../../components/Button.tsx';
import { CheckboxField } from '../../components/CheckboxField.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { TextField } from '../../components/TextField.tsx';
import { todayIso } from '../emploi-du-temps/dates.ts';
import { AppreciationsCard } from './AppreciationsCard.tsx';
import { formatDate, formatMark, periodName } from './format.ts';
import './notes.css';

/** /notes/:kind/:id/:subject — a teacher's evaluations of a class or group in a subject, and a new one. */
export function GradebookPage() {
  const { t, i18n } = useTranslation();
  const { kind: kindParam, id = '', subject = '' } = useParams();
  const kind = kindParam === 'groupe' ? ('GROUP' as const) : ('CLASS' as const);
  const [params, setParams] = useSearchParams();
  const teachings = useQuery({ queryKey: evaluationsKeys.teachings, queryFn: evaluationsApi.teachings });
  const teaching = teachings.data?.items.find((i) => i.target.id === id && i.subjectCode === subject);
  const periods = useQuery({
    queryKey: evaluationsKeys.periods(teaching?.structureId ?? ''),
    queryFn: () => evaluationsApi.periods(teaching!.structureId),
    enabled: teaching !== undefined,
  });
  // The day in Paris, as the server counts it; between periods and in summer, the last one begun (as the students' results do).
  const today = todayIso();
  const items = periods.data?.items ?? [];
  const current = items.find((p) => p.startsOn <= today && today <= p.endsOn) ?? items.filter((p) => p.startsOn <= today).at(-1) ?? items[0];
  const period = periods.data?.items.find((p) => p.id === params.get('periode')) ?? current;
  const query = { periodId: period?.id ?? '', kind, targetId: id, subjectCode: subject };
  const list = useQuery({ queryKey: evaluationsKeys.list(query), queryFn: () => evaluationsApi.list(query), enabled: period !== undefined });

  if (teachings.isPending || (teaching && periods.isPending)) return <Loading />;
  if (teachings.isError) return <QueryError error={teachings.error} onRetry={() => void teachings.refetch()} />;
  if (!teaching) return <EmptyState>{t('notes.teacher.none')}</EmptyState>;
  const title = t('notes.teacher.classSubject', { name: teaching.target.name, subject: teaching.subjectName });
  return (
    <>
      <PageHeader title={title} before={<Link to="/notes">{t('notes.teacher.title')}</Link>} />
      <div className="stack">
        {!periods.data || periods.data.items.length === 0 ? (
          <EmptyState>{t('notes.noPeriods')}</EmptyState>
        ) : (
          <>
            <div className="notes-filters">
              <SelectField
                label={t('notes.period')}
                value={period?.id ?? ''}
                onChange={(value) => setParams({ periode: value })}
                options={periods.data.items.map((p) => ({ value: p.id, label: periodName(t, p) }))}
              />
            </div>
            <section className="card" aria-labelledby="gradebook-list">
              <h2 id="gradebook-list" className="card__title">
                {t('notes.gradebook.evaluations')}
              </h2>
              {list.isPending ? (
                <Loading />
              ) : list.isError ? (
                <QueryError error={list.error} onRetry={() => void list.refetch()} />
              ) : list.data.items.length === 0 ? (
                <p>{t('notes.gradebook.empty')}</p>
              ) : (
                <ul className="notes-links">
                  {list.data.items.map((e) => (
                    <li key={e.id}>
                      <Link to={`/notes/evaluations/${e.id}`}>{t('notes.evaluationOn', { title: e.title, date: formatDate(e.givenOn, i18n.language) })}</Link>{' '}
                      <span className="notes-muted">
                        · {e.publishedAt ? t('notes.gradebook.published') : t('notes.gradebook.draft')} · {t('notes.classAverage')} {formatMark(e.stats.average, i18n.language)}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
            {period ? (
              period.isEntryOpen ? (
                <NewEvaluation periodId={period.id} kind={kind} targetId={id} subjectCode={subject} defaultDate={today >= period.startsOn && today <= period.endsOn ? today : period.startsOn} />
              ) : (
                <p className="notes-muted">{t('notes.gradebook.entryClosed')}</p>
              )
            ) : null}
            {period ? <AppreciationsCard periodId={period.id} kind={kind} targetId={id} subjectCode={subject} /> : null}
          </>
        )}
      </div>
    </>
  );
}

function NewEvaluation(props: { periodId: string; kind: 'CLASS' | 'GROUP'; targetId: string; subjectCode: string; defaultDate: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ title: '', givenOn: props.defaultDate, outOf: '20', coefficient: '1', rescale: true, competences: '' });
  const create = useMutation({
    mutationFn: () =>
      evaluationsApi.create({
        periodId: props.periodId,
        ...(props.kind === 'CLASS' ? { classId: props.targetId } : { groupId: props.targetId }),
        subjectCode: props.subjectCode,
        title: form.title,
        givenOn: form.givenOn,
        outOf: Number(form.outOf.replace(',', '.')),
        coefficient: Number(form.coefficient.replace(',', '.')),
        rescale: form.rescale,
        competences: form.competences.split('\n').map((c) => c.trim()).filter(Boolean),
      }),
    onSuccess: async () => {
      setForm((f) => ({ ...f, title: '', competences: '' }));
      await queryClient.invalidateQueries({ queryKey: ['evaluations', 'list'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const set = (name: 'title' | 'givenOn' | 'outOf' | 'coefficient' | 'competences') => (value: string) => setForm((f) => ({ ...f, [name]: value }));
  return (
    <form className="card stack" aria-labelledby="gradebook-new" onSubmit={submit}>
      <h2 id="gradebook-new" className="card__title">
        {t('notes.gradebook.new')}
      </h2>
      <TextField label={t('notes.gradebook.titleField')} value={form.title} onChange={set('title')} isRequired maxLength={120} />
      <div className="notes-form-row">
        <TextField label={t('notes.gradebook.date')} type="date" value={form.givenOn} onChange={set('givenOn')} isRequired />
        <TextField label={t('notes.gradebook.outOf')} inputMode="decimal" value={form.outOf} onChange={set('outOf')} isRequired />
        <TextField label={t('notes.gradebook.coefficient')} inputMode="decimal" value={form.coefficient} onChange={set('coefficient')} isRequired />
      </div>
      <CheckboxField label={t('notes.gradebook.rescale')} checked={form.rescale} onChange={(rescale) => setForm((f) => ({ ...f, rescale }))} />
      <label className="notes-textarea">
        <span>{t('notes.gradebook.competences')}</span>
        <textarea rows={3} value={form.competences} onChange={(e) => set('competences')(e.target.value)} />
      </label>
      {create.isError ? <ErrorAlert error={create.error} /> : null}
      <div>
        <Button type="submit" isPending={create.isPending}>
          {t('notes.gradebook.create')}
        </Button>
      </div>
    </form>
  );
}
