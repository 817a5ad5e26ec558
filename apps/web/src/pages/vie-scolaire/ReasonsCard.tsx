import type { AbsenceReasonInput } from '@preau/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { presencesApi, presencesKeys } from '../../api/presences-api.ts';
import { Badge } from '../../components/Badge.tsx';
import { Button } from '../../components/Button.tsx';
import { Card } from '../../components/Card.tsx';
import { CheckboxField } from '../../components/CheckboxField.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { TextField } from '../../components/TextField.tsx';

const empty: AbsenceReasonInput = { label: '', justified: true, counted: true, parentsMayUse: false };

/**
 * The structure's list of absence reasons, kept by vie scolaire: what each
 * means by default (justified, counted in the bulletin, offered to parents),
 * and a form to add one.
 */
export function ReasonsCard({ structureId }: { structureId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const reasons = useQuery({ queryKey: presencesKeys.reasons(structureId), queryFn: () => presencesApi.reasons(structureId) });
  const [form, setForm] = useState(empty);
  const [announce, setAnnounce] = useState('');
  const create = useMutation({
    mutationFn: (input: AbsenceReasonInput) => presencesApi.createReason(structureId, input),
    onSuccess: (reason) => {
      setForm(empty);
      setAnnounce(t('presences.reasonsAdmin.added', { label: reason.label }));
      void queryClient.invalidateQueries({ queryKey: presencesKeys.reasons(structureId) });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ ...form, label: form.label.trim() });
  };
  return (
    <Card title={t('presences.reasonsAdmin.title')} description={<p>{t('presences.reasonsAdmin.help')}</p>}>
      {reasons.isPending ? <Loading /> : null}
      {reasons.isError ? <QueryError error={reasons.error} /> : null}
      <ul className="presence-list">
        {reasons.data?.items.map((r) => (
          <li key={r.id} className="presence-list__item">
            <strong>{r.label}</strong>{' '}
            <Badge tone={r.justified ? 'success' : 'warning'}>{t(r.justified ? 'presences.reasonsAdmin.justified' : 'presences.reasonsAdmin.unjustified')}</Badge>{' '}
            <Badge tone="neutral">{t(r.counted ? 'presences.reasonsAdmin.counted' : 'presences.reasonsAdmin.notCounted')}</Badge>{' '}
            {r.parentsMayUse ? <Badge tone="neutral">{t('presences.reasonsAdmin.parents')}</Badge> : null}
          </li>
        ))}
      </ul>
      <form className="stack" aria-labelledby="reasons-new" onSubmit={submit}>
        <h3 id="reasons-new">{t('presences.reasonsAdmin.new')}</h3>
        <TextField label={t('presences.reasonsAdmin.label')} value={form.label} onChange={(label) => setForm({ ...form, label })} isRequired maxLength={80} />
        <CheckboxField label={t('presences.reasonsAdmin.justifiedField')} checked={form.justified} onChange={(justified) => setForm({ ...form, justified })} />
        <CheckboxField label={t('presences.reasonsAdmin.countedField')} checked={form.counted} onChange={(counted) => setForm({ ...form, counted })} />
        <CheckboxField label={t('presences.reasonsAdmin.parentsField')} checked={form.parentsMayUse} onChange={(parentsMayUse) => setForm({ ...form, parentsMayUse })} />
        {create.isError ? <ErrorAlert error={create.error} /> : null}
        <div>
          <Button type="submit" isDisabled={create.isPending || form.label.trim() === ''}>
            {t('presences.reasonsAdmin.add')}
          </Button>
        </div>
      </form>
      <LiveRegion>{announce}</LiveRegion>
    </Card>
  );
}
