import { appreciationMaxLength } from '@preau/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { evaluationsApi, evaluationsKeys } from '../../api/evaluations-api.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { formatMark } from './format.ts';

/** The teacher's bulletin appreciations for the period: one box per student, saved when he leaves it, with a counter. */
export function AppreciationsCard(props: { periodId: string; kind: 'CLASS' | 'GROUP'; targetId: string; subjectCode: string }) {
  const { t, i18n } = useTranslation();
  const sheet = useQuery({ queryKey: evaluationsKeys.appreciations(props), queryFn: () => evaluationsApi.appreciations(props) });
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const save = useMutation({
    mutationFn: (v: { studentId: string; name: string; body: string }) => evaluationsApi.putAppreciation(props.periodId, v.studentId, props.subjectCode, v.body),
    onSuccess: (_, v) => {
      setSaved((s) => ({ ...s, [v.studentId]: v.body }));
      setMessage(t('notes.appreciations.saved', { name: v.name }));
    },
  });
  return (
    <section className="card" aria-labelledby="notes-appreciations">
      <h2 id="notes-appreciations" className="card__title">
        {t('notes.appreciations.title')}
      </h2>
      {sheet.isPending ? (
        <Loading />
      ) : sheet.isError ? (
        <QueryError error={sheet.error} onRetry={() => void sheet.refetch()} />
      ) : sheet.data.items.length === 0 ? (
        <p>{t('notes.appreciations.empty')}</p>
      ) : (
        <>
          <p className="notes-help">{sheet.data.isOpen ? t('notes.appreciations.help', { max: appreciationMaxLength }) : t('notes.appreciations.closed')}</p>
          <ul className="notes-appreciations">
            {sheet.data.items.map((item) => {
              const value = drafts[item.studentId] ?? item.body;
              const id = `appreciation-${item.studentId}`;
              return (
                <li key={item.studentId}>
                  <label htmlFor={id}>
                    {item.displayName} · {t('notes.average')} {item.average === null ? t('notes.notGraded') : formatMark(item.average, i18n.language)}
                  </label>
                  <textarea
                    id={id}
                    rows={2}
                    maxLength={appreciationMaxLength}
                    disabled={!sheet.data.isOpen}
                    value={value}
                    aria-describedby={`${id}-count`}
                    onChange={(e) => setDrafts((d) => ({ ...d, [item.studentId]: e.target.value }))}
                    onBlur={() => {
                      if (value !== (saved[item.studentId] ?? item.body)) save.mutate({ studentId: item.studentId, name: item.displayName, body: value });
                    }}
                  />
                  <span id={`${id}-count`} className="notes-muted">
                    {t('notes.appreciations.count', { count: value.length, max: appreciationMaxLength })}
                  </span>
                </li>
              );
            })}
          </ul>
          {save.isError ? <ErrorAlert error={save.error} /> : null}
          <LiveRegion>{message}</LiveRegion>
        </>
      )}
    </section>
  );
}
