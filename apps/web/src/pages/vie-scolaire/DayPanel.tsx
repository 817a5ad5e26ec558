import type { Absence } from '@preau/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { downloadFile } from '../../api/download.ts';
import { presencesApi, presencesKeys, timeOf } from '../../api/presences-api.ts';
import { Badge } from '../../components/Badge.tsx';
import { Button } from '../../components/Button.tsx';
import { Card } from '../../components/Card.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import { QueryError } from '../../components/QueryError.tsx';

/** What an absence is, in words: "Absent · Mathématiques 08:00–09:00", "Late 12 min", "All day". */
export function useAbsenceText() {
  const { t } = useTranslation();
  return (a: Absence) => {
    const what = a.kind === 'LATE' ? t('presences.kind.LATE', { count: a.minutes ?? 0 }) : t(`presences.kind.${a.kind}`);
    const when =
      a.fromDate !== a.toDate
        ? t('presences.fromTo', { from: new Date(`${a.fromDate}T12:00:00`).toLocaleDateString(), to: new Date(`${a.toDate}T12:00:00`).toLocaleDateString() })
        : a.fromMinute === 0 && a.toMinute === 1440
          ? t('presences.allDay', { date: new Date(`${a.fromDate}T12:00:00`).toLocaleDateString() })
          : `${new Date(`${a.fromDate}T12:00:00`).toLocaleDateString()} ${timeOf(a.fromMinute)}–${timeOf(a.toMinute)}`;
    return [what, a.subjectName, when].filter(Boolean).join(' · ');
  };
}

/** Vie scolaire's day: sessions without roll call, absences by class, reasons to answer, students to follow. */
export function DayPanel({ structureId }: { structureId: string }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const absenceText = useAbsenceText();
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
  // A threshold reached in another month links here with that month (`?mois=YYYY-MM`).
  const [params] = useSearchParams();
  const asked = params.get('mois') ?? '';
  const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(asked) && asked <= today.slice(0, 7) ? asked : today.slice(0, 7);
  const [announce, setAnnounce] = useState('');
  const day = useQuery({ queryKey: presencesKeys.day(structureId, today), queryFn: () => presencesApi.day(structureId, today), refetchInterval: 60_000 });
  const pending = useQuery({ queryKey: presencesKeys.pending(structureId), queryFn: () => presencesApi.pending(structureId) });
  const alerts = useQuery({ queryKey: presencesKeys.alerts(structureId, month), queryFn: () => presencesApi.alerts(structureId, month) });
  const decide = useMutation({
    mutationFn: ({ id, accept }: { id: string; accept: boolean }) => presencesApi.decide(id, accept),
    onSuccess: (j) => {
      setAnnounce(t(j.status === 'ACCEPTED' ? 'presences.pending.accepted' : 'presences.pending.refused', { name: j.absence.studentName }));
      void queryClient.invalidateQueries({ queryKey: presencesKeys.all });
    },
  });
  const letter = useMutation({ mutationFn: (studentId: string) => downloadFile(`/presences/students/${studentId}/letter.pdf?month=${month}`, `assiduite-${month}.pdf`) });

  const byClass = new Map<string, Absence[]>();
  for (const a of day.data?.absences ?? []) {
    const name = a.className ?? t('presences.day.noClass');
    byClass.set(name, [...(byClass.get(name) ?? []), a]);
  }
  return (
    <>
      <Card title={t('presences.day.untaken')}>
        {day.isPending ? <Loading /> : null}
        {day.isError ? <QueryError error={day.error} onRetry={() => void day.refetch()} /> : null}
        {day.data && day.data.untaken.length === 0 ? <EmptyState icon="check">{t('presences.day.allTaken')}</EmptyState> : null}
        {day.data && day.data.untaken.length > 0 ? (
          <ul className="presence-list">
            {day.data.untaken.map((u) => (
              <li key={`${u.courseId}_${u.date}`} className="presence-list__item">
                <Link to={`/vie-scolaire/appel/${u.courseId}/${u.date}`}>
                  {timeOf(u.startMinute)}–{timeOf(u.endMinute)} · {u.subjectName} · {u.targetName}
                </Link>
                <span className="muted"> {u.teachers.join(', ')}</span>
              </li>
            ))}
          </ul>
        ) : null}
      </Card>
      <Card title={t('presences.day.absences')}>
        {day.data && day.data.absences.length === 0 ? <EmptyState icon="check">{t('presences.day.noAbsence')}</EmptyState> : null}
        {[...byClass.entries()].map(([className, list]) => (
          <section key={className} className="presence-class" aria-label={className}>
            <h3 className="presence-class__title">{t('presences.day.classCount', { name: className, count: list.length })}</h3>
            <ul className="presence-list">
              {list.map((a) => (
                <li key={a.id} className="presence-list__item">
                  <strong>{a.studentName}</strong> — {absenceText(a)}{' '}
                  {a.justified ? <Badge tone="success">{t('presences.justified')}</Badge> : <Badge tone="warning">{t('presences.unjustified')}</Badge>}
                </li>
              ))}
            </ul>
          </section>
        ))}
        {day.data?.truncated ? <p className="muted">{t('presences.day.truncated')}</p> : null}
      </Card>
      <Card title={t('presences.pending.title')}>
        {pending.isPending ? <Loading /> : null}
        {pending.isError ? <QueryError error={pending.error} onRetry={() => void pending.refetch()} /> : null}
        {pending.data && pending.data.items.length === 0 ? <EmptyState icon="check">{t('presences.pending.empty')}</EmptyState> : null}
        {decide.isError ? <ErrorAlert error={decide.error} /> : null}
        <ul className="presence-list">
          {pending.data?.items.map((j) => (
            <li key={j.id} className="presence-list__item presence-justification">
              <p>
                <strong>{j.absence.studentName}</strong> — {absenceText(j.absence)}
              </p>
              <p>{t('presences.pending.given', { parent: j.parentName, reason: j.reason })}</p>
              {j.comment ? <p className="muted">« {j.comment} »</p> : null}
              {j.document ? (
                <Button variant="ghost" size="small" onPress={() => void downloadFile(`/presences/justifications/${j.id}/document`, j.document!.fileName)}>
                  {t('presences.pending.document', { name: j.document.fileName })}
                </Button>
              ) : null}
              <div className="row">
                <Button size="small" onPress={() => decide.mutate({ id: j.id, accept: true })} isPending={decide.isPending && decide.variables?.id === j.id && decide.variables.accept}>
                  {t('presences.pending.accept')}
                </Button>
                <Button size="small" variant="secondary" onPress={() => decide.mutate({ id: j.id, accept: false })} isPending={decide.isPending && decide.variables?.id === j.id && !decide.variables.accept}>
                  {t('presences.pending.refuse')}
                </Button>
              </div>
            </li>
          ))}
        </ul>
      </Card>
      <Card
        title={
          month === today.slice(0, 7)
            ? t('presences.alerts.title')
            : t('presences.alerts.titleMonth', { month: new Date(`${month}-15T12:00:00Z`).toLocaleDateString(i18n.language === 'en' ? 'en-GB' : 'fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' }) })
        }
        description={<p>{t('presences.alerts.help')}</p>}>
        {alerts.data && alerts.data.items.length === 0 ? <EmptyState icon="check">{t('presences.alerts.empty')}</EmptyState> : null}
        {letter.isError ? <ErrorAlert error={letter.error} /> : null}
        <ul className="presence-list">
          {alerts.data?.items.map((a) => (
            <li key={a.studentId} className="presence-list__item">
              <strong>{a.studentName}</strong> {a.className ? `(${a.className})` : ''} — {t('presences.alerts.count', { count: a.unjustifiedHalfDays })}{' '}
              <Badge tone={a.threshold === 10 ? 'danger' : 'warning'}>{t('presences.alerts.threshold', { count: a.threshold })}</Badge>{' '}
              <Button size="small" variant="secondary" onPress={() => letter.mutate(a.studentId)}>
                {t('presences.alerts.letter')}
              </Button>
            </li>
          ))}
        </ul>
      </Card>
      <LiveRegion>{announce}</LiveRegion>
    </>
  );
}
