import type { RollCallStatus, RollCallStudent } from '@preau/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { presencesApi, presencesKeys, timeOf } from '../../api/presences-api.ts';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import './vie-scolaire.css';

const statuses: RollCallStatus[] = ['PRESENT', 'ABSENT', 'LATE', 'LEFT_EARLY'];
const DEFAULT_LATE_MINUTES = 5;

/** /vie-scolaire/appel/:courseId/:date: the class list, everyone present, one tap per change, saved at once. */
export function RollCallPage() {
  const { t } = useTranslation();
  const { courseId = '', date = '' } = useParams();
  const queryClient = useQueryClient();
  const key = presencesKeys.rollCall(courseId, date);
  const roll = useQuery({ queryKey: key, queryFn: () => presencesApi.rollCall(courseId, date) });
  const [announce, setAnnounce] = useState('');
  // The tapped choice, shown in the same render as the tap (a controlled radio would otherwise spring back until the
  // cache is updated), until the server has answered.
  const [tapped, setTapped] = useState<Record<string, RollCallStatus>>({});
  const save = useMutation({
    mutationFn: ({ student, status, minutes }: { student: RollCallStudent; status: RollCallStatus; minutes?: number }) =>
      presencesApi.mark(courseId, date, student.id, status === 'LATE' ? { status, minutes: minutes ?? DEFAULT_LATE_MINUTES } : { status }),
    // The tap shows at once; a refusal puts the list back as the server has it.
    onMutate: async ({ student, status, minutes }) => {
      // A refetch in flight would bring back the list from before the tap.
      await queryClient.cancelQueries({ queryKey: key });
      queryClient.setQueryData(key, (old: typeof roll.data) =>
        old
          ? { ...old, students: old.students.map((s) => (s.id === student.id ? { ...s, status, minutes: status === 'LATE' ? (minutes ?? s.minutes ?? DEFAULT_LATE_MINUTES) : null } : s)) }
          : old,
      );
    },
    onError: () => void queryClient.invalidateQueries({ queryKey: key }),
    onSettled: (_data, _error, { student }) =>
      setTapped(({ [student.id]: _done, ...rest }) => rest),
    onSuccess: (saved) => {
      queryClient.setQueryData(key, (old: typeof roll.data) =>
        old ? { ...old, takenAt: old.takenAt ?? new Date().toISOString(), students: old.students.map((s) => (s.id === saved.id ? saved : s)) } : old,
      );
      setAnnounce(t('presences.roll.saved', { name: `${saved.firstName} ${saved.lastName}`, status: t(`presences.status.${saved.status}`) }));
      void queryClient.invalidateQueries({ queryKey: presencesKeys.all, refetchType: 'none' });
    },
  });
  const done = useMutation({
    mutationFn: () => presencesApi.markTaken(courseId, date),
    onSuccess: (data) => {
      queryClient.setQueryData(key, data);
      setAnnounce(t('presences.roll.doneSaved'));
    },
  });

  if (roll.isPending) return <Loading />;
  if (roll.isError) return <QueryError error={roll.error} onRetry={() => void roll.refetch()} />;
  const data = roll.data;
  const absent = data.students.filter((s) => s.status !== 'PRESENT').length;
  return (
    <>
      <PageHeader
        title={t('presences.roll.title', { subject: data.subjectName, target: data.targetName })}
        before={<Link to="/vie-scolaire">{t('presences.back')}</Link>}
        subtitle={
          <p>
            {t('presences.roll.when', { date: new Date(`${data.date}T12:00:00`).toLocaleDateString(), start: timeOf(data.startMinute), end: timeOf(data.endMinute) })}
          </p>
        }
      />
      <div className="stack">
        {!data.editable ? <Alert tone="info">{t('presences.roll.readOnly')}</Alert> : null}
        <p>{t('presences.roll.counts', { count: data.students.length, absent })}</p>
        {data.exemptedCount > 0 ? <p className="muted">{t('presences.roll.exempted', { count: data.exemptedCount })}</p> : null}
        {save.isError ? <ErrorAlert error={save.error} /> : null}
        <ul className="roll-call">
          {data.students.map((student) => (
            <li key={student.id} className={`roll-call__row roll-call__row--${student.status.toLowerCase()}`}>
              <fieldset className="roll-call__choices" disabled={!data.editable}>
                <legend className="roll-call__name">
                  {student.lastName.toUpperCase()} {student.firstName}
                </legend>
                {statuses.map((status) => (
                  <label key={status} className="roll-call__choice">
                    <input
                      type="radio"
                      name={`status-${student.id}`}
                      value={status}
                      checked={(tapped[student.id] ?? student.status) === status}
                      onChange={() => {
                        setTapped((current) => ({ ...current, [student.id]: status }));
                        save.mutate({ student, status });
                      }}
                    />
                    <span>{t(`presences.status.${status}`)}</span>
                  </label>
                ))}
                {student.status === 'LATE' ? (
                  <label className="roll-call__minutes">
                    <span>{t('presences.roll.minutes')}</span>
                    <input
                      type="number"
                      min={1}
                      max={240}
                      inputMode="numeric"
                      defaultValue={student.minutes ?? DEFAULT_LATE_MINUTES}
                      onBlur={(event) => {
                        const minutes = Number(event.currentTarget.value);
                        if (Number.isInteger(minutes) && minutes >= 1 && minutes <= 240 && minutes !== student.minutes) save.mutate({ student, status: 'LATE', minutes });
                      }}
                    />
                  </label>
                ) : null}
              </fieldset>
            </li>
          ))}
        </ul>
        {data.editable ? (
          <div className="row">
            <Button onPress={() => done.mutate()} isPending={done.isPending}>
              {data.takenAt ? t('presences.roll.doneAgain') : t('presences.roll.done')}
            </Button>
            {data.takenAt ? <span className="muted">{t('presences.roll.takenAt', { time: new Date(data.takenAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) })}</span> : null}
          </div>
        ) : null}
        {done.isError ? <ErrorAlert error={done.error} /> : null}
        <LiveRegion>{announce}</LiveRegion>
      </div>
    </>
  );
}
