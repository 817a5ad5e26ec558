import type { Period, PeriodKind, PutPeriodsBody } from '@preau/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { evaluationsApi, evaluationsKeys } from '../../api/evaluations-api.ts';
import { Button } from '../../components/Button.tsx';
import { Card } from '../../components/Card.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { TextField } from '../../components/TextField.tsx';

type Row = PutPeriodsBody['periods'][number];
const blank: Row = { startsOn: '', endsOn: '', entryClosesOn: '', councilOn: '' };
const fields = ['startsOn', 'endsOn', 'entryClosesOn', 'councilOn'] as const;

/**
 * The structure's periods of the school year, set by the direction or an
 * admin of the structure: trimestres or semestres, each with its dates, the
 * day grade entry closes and the day of the conseil de classe.
 */
export function PeriodsCard({ structureId }: { structureId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const periods = useQuery({ queryKey: evaluationsKeys.periods(structureId), queryFn: () => evaluationsApi.periods(structureId) });
  const [kind, setKind] = useState<PeriodKind>('TRIMESTRE');
  const [rows, setRows] = useState<Row[]>([blank, blank, blank]);
  const [announce, setAnnounce] = useState('');
  useEffect(() => {
    const items: Period[] = periods.data?.items ?? [];
    if (items.length === 0) return;
    setKind(items[0]!.kind);
    setRows(items.map((p) => ({ startsOn: p.startsOn, endsOn: p.endsOn, entryClosesOn: p.entryClosesOn, councilOn: p.councilOn })));
  }, [periods.data]);
  const save = useMutation({
    mutationFn: (body: PutPeriodsBody) => evaluationsApi.putPeriods(structureId, body),
    onSuccess: () => {
      setAnnounce(t('notes.periodsSetup.saved'));
      void queryClient.invalidateQueries({ queryKey: evaluationsKeys.periods(structureId) });
    },
  });
  const changeKind = (value: string) => {
    const next = value === 'SEMESTRE' ? 'SEMESTRE' : 'TRIMESTRE';
    setKind(next);
    const count = next === 'TRIMESTRE' ? 3 : 2;
    setRows((current) => [...current, blank, blank].slice(0, count));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAnnounce('');
    save.mutate({ kind, periods: rows });
  };
  if (periods.isPending) return <Loading />;
  if (periods.isError) return <QueryError error={periods.error} onRetry={() => void periods.refetch()} />;
  return (
    <Card title={t('notes.periodsSetup.title')} description={<p>{t('notes.periodsSetup.help')}</p>}>
      <form className="stack" onSubmit={submit} aria-label={t('notes.periodsSetup.title')}>
        <SelectField
          label={t('notes.periodsSetup.kind')}
          value={kind}
          onChange={changeKind}
          options={[
            { value: 'TRIMESTRE', label: t('notes.periodsSetup.trimestres') },
            { value: 'SEMESTRE', label: t('notes.periodsSetup.semestres') },
          ]}
        />
        {rows.map((row, i) => (
          <fieldset key={i} className="stack">
            <legend>{t(kind === 'TRIMESTRE' ? 'notes.periodsSetup.trimestre' : 'notes.periodsSetup.semestre', { rank: i + 1 })}</legend>
            {fields.map((field) => (
              <TextField
                key={field}
                type="date"
                label={t(`notes.periodsSetup.${field}`)}
                value={row[field]}
                onChange={(value) => setRows((current) => current.map((r, j) => (j === i ? { ...r, [field]: value } : r)))}
                isRequired
              />
            ))}
          </fieldset>
        ))}
        {save.isError ? <ErrorAlert error={save.error} /> : null}
        <div>
          <Button type="submit" isDisabled={save.isPending}>
            {t('notes.periodsSetup.save')}
          </Button>
        </div>
      </form>
      <LiveRegion>{announce}</LiveRegion>
    </Card>
  );
}
