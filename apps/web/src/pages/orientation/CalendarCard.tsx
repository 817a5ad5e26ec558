import type { OrientationCalendar, OrientationDeadline } from '@preau/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { orientationApi, orientationKeys } from '../../api/orientation-api.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { TextField } from '../../components/TextField.tsx';

/**
 * The orientation calendar of the reader's school (conseils de classe, wishes to enter by…): read by students,
 * parents and staff; set by the direction and the school's admins, whose changes reach students' and parents' timeline.
 */
export function CalendarCards() {
  const calendars = useQuery({ queryKey: orientationKeys.calendars, queryFn: orientationApi.calendars });
  if (!calendars.data) return null;
  const shown = calendars.data.items.filter((c) => c.canEdit || c.deadlines.length > 0);
  return (
    <>
      {shown.map((calendar) => (
        <CalendarCard key={calendar.structure.id} calendar={calendar} several={shown.length > 1} />
      ))}
    </>
  );
}

function useLongDay() {
  const { i18n } = useTranslation();
  // Noon UTC: the same calendar day in every French time zone.
  return (iso: string) => new Date(`${iso}T12:00:00Z`).toLocaleDateString(i18n.language === 'en' ? 'en-GB' : 'fr-FR', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

function CalendarCard({ calendar, several }: { calendar: OrientationCalendar; several: boolean }) {
  const { t } = useTranslation();
  const headingId = `orientation-calendar-${calendar.structure.id}`;
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId} className="card__title">
        {several ? t('orientation.calendar.titleOf', { name: calendar.structure.name }) : t('orientation.calendar.title')}
      </h2>
      {calendar.deadlines.length === 0 ? (
        <p>{t('orientation.calendar.emptyEditor')}</p>
      ) : (
        <ul className="orientation-deadlines">
          {calendar.deadlines.map((deadline) => (
            <DeadlineItem key={deadline.id} deadline={deadline} canEdit={calendar.canEdit} />
          ))}
        </ul>
      )}
      {calendar.canEdit ? <AddDeadlineForm structureId={calendar.structure.id} /> : null}
    </section>
  );
}

function DeadlineItem({ deadline, canEdit }: { deadline: OrientationDeadline; canEdit: boolean }) {
  const { t } = useTranslation();
  const day = useLongDay();
  const client = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation({
    mutationFn: () => orientationApi.deleteDeadline(deadline.id),
    onSuccess: () => {
      setConfirming(false);
      void client.invalidateQueries({ queryKey: orientationKeys.calendars });
    },
  });
  return (
    <li className="orientation-deadline">
      <p>
        <strong>{day(deadline.dueOn)}</strong> · {deadline.label}
      </p>
      {canEdit ? (
        <>
          <Button variant="secondary" onPress={() => setConfirming(true)} aria-label={t('orientation.calendar.removeNamed', { label: deadline.label })}>
            {t('orientation.calendar.remove')}
          </Button>
          <ConfirmDialog
            isOpen={confirming}
            onOpenChange={setConfirming}
            title={t('orientation.calendar.removeTitle')}
            confirmLabel={t('orientation.calendar.remove')}
            cancelLabel={t('orientation.calendar.keep')}
            onConfirm={() => remove.mutate()}
            isPending={remove.isPending}
            error={remove.error}
          >
            <p>{t('orientation.calendar.removeConfirm', { label: deadline.label, date: day(deadline.dueOn) })}</p>
          </ConfirmDialog>
        </>
      ) : null}
    </li>
  );
}

function AddDeadlineForm({ structureId }: { structureId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [dueOn, setDueOn] = useState('');
  const [label, setLabel] = useState('');
  const [added, setAdded] = useState('');
  const create = useMutation({
    mutationFn: () => orientationApi.createDeadline(structureId, { dueOn, label: label.trim() }),
    onSuccess: (deadline) => {
      setAdded(t('orientation.calendar.added', { label: deadline.label }));
      setDueOn('');
      setLabel('');
      void client.invalidateQueries({ queryKey: orientationKeys.calendars });
    },
  });
  const fields = isApiError(create.error) ? (create.error.fields ?? {}) : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAdded('');
    create.mutate();
  };
  return (
    <form className="form" onSubmit={submit} aria-label={t('orientation.calendar.add')}>
      <p>{t('orientation.calendar.addHelp')}</p>
      <TextField label={t('orientation.calendar.date')} type="date" value={dueOn} onChange={setDueOn} isRequired error={fields.dueOn ? t('orientation.calendar.dateInvalid') : undefined} />
      <TextField label={t('orientation.calendar.label')} description={t('orientation.calendar.labelHelp')} value={label} onChange={setLabel} isRequired maxLength={200} error={fields.label ? t('orientation.calendar.labelInvalid') : undefined} />
      <div className="form__actions">
        <Button type="submit" isPending={create.isPending}>
          {t('orientation.calendar.submit')}
        </Button>
      </div>
      <LiveRegion>
        {added ? <p className="alert alert--success">{added}</p> : null}
        {create.error && Object.keys(fields).length === 0 ? <ErrorAlert error={create.error} /> : null}
      </LiveRegion>
    </form>
  );
}
