import type { Absence, AbsenceReason } from '@preau/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { presencesApi, presencesKeys } from '../../api/presences-api.ts';
import { Badge } from '../../components/Badge.tsx';
import { Button } from '../../components/Button.tsx';
import { Card } from '../../components/Card.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FileField } from '../../components/FileField.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useCurrentUser } from '../../session/current-user.ts';
import { useAbsenceText } from './DayPanel.tsx';

/** A student's or a parent's view: counts since September, each absence, and a reason to give for those not justified. */
export function FamilyPanel() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const family = useQuery({ queryKey: presencesKeys.family, queryFn: presencesApi.family });
  const absenceText = useAbsenceText();
  const [announce, setAnnounce] = useState('');
  if (family.isPending) return <Loading />;
  if (family.isError) return <QueryError error={family.error} onRetry={() => void family.refetch()} />;
  if (family.data.items.length === 0) return <EmptyState>{t('presences.family.noStudent')}</EmptyState>;
  return (
    <>
      {family.data.items.map((student) => (
        <Card key={student.studentId} title={student.studentId === me.id ? t('presences.family.mine') : t('presences.family.of', { name: student.studentName })}>
          <dl className="presence-summary">
            <div>
              <dt>{t('presences.summary.unjustified')}</dt>
              <dd>{student.summary.unjustifiedHalfDays}</dd>
            </div>
            <div>
              <dt>{t('presences.summary.justified')}</dt>
              <dd>{student.summary.justifiedHalfDays}</dd>
            </div>
            <div>
              <dt>{t('presences.summary.lateness')}</dt>
              <dd>{student.summary.lateness}</dd>
            </div>
          </dl>
          {student.absences.length === 0 ? <EmptyState icon="check">{t('presences.family.none')}</EmptyState> : null}
          <ul className="presence-list">
            {student.absences.map((a) => (
              <li key={a.id} className="presence-list__item">
                <p>
                  {absenceText(a)}{' '}
                  {a.justified ? (
                    <Badge tone="success">{t('presences.justifiedBy', { reason: a.reason ?? '' })}</Badge>
                  ) : a.justification?.status === 'PENDING' ? (
                    <Badge tone="info">{t('presences.family.pending', { reason: a.justification.reason })}</Badge>
                  ) : (
                    <Badge tone="warning">{t('presences.unjustified')}</Badge>
                  )}
                  {a.justification?.status === 'REFUSED' ? <span className="muted"> {t('presences.family.refused')}</span> : null}
                </p>
                {me.profile === 'PARENT' && !a.justified && a.justification?.status !== 'PENDING' ? (
                  <JustifyForm absence={a} reasons={student.parentReasons} onDone={(text) => setAnnounce(text)} />
                ) : null}
              </li>
            ))}
          </ul>
        </Card>
      ))}
      <LiveRegion>{announce}</LiveRegion>
    </>
  );
}

/** "Give a reason": a reason from the school's list, a word, a document if there is one. */
function JustifyForm({ absence, reasons, onDone }: { absence: Absence; reasons: AbsenceReason[]; onDone: (text: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reasonId, setReasonId] = useState('');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | undefined>();
  const fileRef = useRef<HTMLInputElement>(null);
  const send = useMutation({
    mutationFn: async () => {
      const justification = await presencesApi.justify(absence.id, reasonId, comment);
      const file = fileRef.current?.files?.[0];
      if (file) await presencesApi.addDocument(justification.id, file);
      return justification;
    },
    onSuccess: () => {
      setOpen(false);
      onDone(t('presences.family.sent'));
      void queryClient.invalidateQueries({ queryKey: presencesKeys.family });
    },
  });
  if (!open) {
    return (
      <Button size="small" variant="secondary" onPress={() => setOpen(true)}>
        {t('presences.family.give')}
      </Button>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!reasonId) {
      setError(t('presences.family.reasonRequired'));
      return;
    }
    setError(undefined);
    send.mutate();
  };
  return (
    <form className="presence-justify" onSubmit={submit} noValidate>
      <SelectField
        label={t('presences.family.reason')}
        value={reasonId}
        onChange={setReasonId}
        emptyOption={t('presences.family.chooseReason')}
        options={reasons.map((r) => ({ value: r.id, label: r.label }))}
        error={error}
        isRequired
      />
      <TextField label={t('presences.family.comment')} value={comment} onChange={setComment} maxLength={1000} />
      <FileField label={t('presences.family.document')} description={t('presences.family.documentHelp')} accept="application/pdf,image/*" inputRef={fileRef} />
      {send.isError ? <ErrorAlert error={send.error} /> : null}
      <div className="row">
        <Button type="submit" isPending={send.isPending}>
          {t('presences.family.send')}
        </Button>
        <Button variant="ghost" onPress={() => setOpen(false)}>
          {t('presences.family.cancel')}
        </Button>
      </div>
    </form>
  );
}
