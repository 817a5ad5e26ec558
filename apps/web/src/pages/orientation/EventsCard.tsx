import { orientationEventKinds, type OrientationEvent, type OrientationEventList } from '@preau/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { orientationApi, orientationKeys } from '../../api/orientation-api.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { TextField } from '../../components/TextField.tsx';

/** Open days and fairs to come in the reader's collectivité; the form for those who may announce one. */
export function EventsCard() {
  const { t } = useTranslation();
  const events = useQuery({ queryKey: orientationKeys.events, queryFn: orientationApi.events });
  if (!events.data) return null;
  const { items, canAddFor } = events.data;
  if (items.length === 0 && canAddFor.length === 0) return null;
  return (
    <section className="card" aria-labelledby="orientation-events">
      <h2 id="orientation-events" className="card__title">
        {t('orientation.events.title')}
      </h2>
      {items.length === 0 ? <p>{t('orientation.events.none')}</p> : null}
      <ul className="orientation-events">
        {items.map((event) => (
          <EventItem key={event.id} event={event} />
        ))}
      </ul>
      {canAddFor.length > 0 ? <AddEventForm structures={canAddFor} /> : null}
    </section>
  );
}

function useDay() {
  const { i18n } = useTranslation();
  // Noon UTC: the same calendar day in every French time zone.
  return (iso: string) => new Date(`${iso}T12:00:00Z`).toLocaleDateString(i18n.language === 'en' ? 'en-GB' : 'fr-FR', { weekday: 'long', day: 'numeric', month: 'long' });
}

function EventItem({ event }: { event: OrientationEvent }) {
  const { t } = useTranslation();
  const day = useDay();
  const client = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation({
    mutationFn: () => orientationApi.deleteEvent(event.id),
    onSuccess: () => {
      setConfirming(false);
      void client.invalidateQueries({ queryKey: orientationKeys.events });
    },
  });
  const when = event.startsOn === event.endsOn ? day(event.startsOn) : t('orientation.events.fromTo', { from: day(event.startsOn), to: day(event.endsOn) });
  return (
    <li className="orientation-event">
      <p className="orientation-event__when">
        <strong>{when}</strong> · {t(`orientation.events.kinds.${event.kind}`)}
      </p>
      <p className="orientation-event__what">{event.label}</p>
      <p className="orientation-event__where">
        {event.place.url ? <a href={event.place.url}>{event.place.name}</a> : event.place.name}
        {event.place.city ? `, ${event.place.city}` : ''}
        {event.distanceKm !== null ? ` · ${t('orientation.km', { km: event.distanceKm })}` : ''}
      </p>
      {event.details ? <p>{event.details}</p> : null}
      {event.url ? (
        <p>
          <a href={event.url}>{t('orientation.events.moreInfo')}</a>
        </p>
      ) : null}
      {event.canDelete ? (
        <>
          <Button variant="secondary" onPress={() => setConfirming(true)}>
            {t('orientation.events.remove')}
          </Button>
          <ConfirmDialog
            isOpen={confirming}
            onOpenChange={setConfirming}
            title={t('orientation.events.removeTitle')}
            confirmLabel={t('orientation.events.remove')}
            cancelLabel={t('orientation.events.keep')}
            onConfirm={() => remove.mutate()}
            isPending={remove.isPending}
            error={remove.error}
          >
            <p>{t('orientation.events.removeConfirm', { label: event.label })}</p>
          </ConfirmDialog>
        </>
      ) : null}
    </li>
  );
}

const emptyDraft = { place: '', kind: 'OPEN_DAY', startsOn: '', endsOn: '', label: '', details: '', url: '' };

function AddEventForm({ structures }: { structures: OrientationEventList['canAddFor'] }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [structureId, setStructureId] = useState(structures[0]!.id);
  const [draft, setDraft] = useState(emptyDraft);
  const [added, setAdded] = useState('');
  const set = (name: keyof typeof emptyDraft) => (value: string) => setDraft((d) => ({ ...d, [name]: value }));
  const create = useMutation({
    mutationFn: () =>
      orientationApi.createEvent(structureId, {
        place: draft.place.trim(),
        kind: draft.kind as OrientationEvent['kind'],
        startsOn: draft.startsOn,
        ...(draft.endsOn ? { endsOn: draft.endsOn } : {}),
        label: draft.label.trim(),
        details: draft.details.trim(),
        ...(draft.url.trim() ? { url: draft.url.trim() } : {}),
      }),
    onSuccess: (event) => {
      setAdded(t('orientation.events.added', { label: event.label }));
      setDraft(emptyDraft);
      void client.invalidateQueries({ queryKey: orientationKeys.events });
    },
  });
  const fields = isApiError(create.error) ? (create.error.fields ?? {}) : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAdded('');
    create.mutate();
  };
  return (
    <details className="orientation-add-event">
      <summary>{t('orientation.events.add')}</summary>
      <form className="form" onSubmit={submit}>
        {structures.length > 1 ? (
          <SelectField label={t('orientation.events.for')} value={structureId} onChange={setStructureId} options={structures.map((s) => ({ value: s.id, label: s.name }))} />
        ) : null}
        <TextField label={t('orientation.events.place')} description={t('orientation.events.placeHelp')} value={draft.place} onChange={set('place')} isRequired error={fields.place ? t('orientation.events.placeUnknown') : undefined} />
        <SelectField label={t('orientation.events.kind')} value={draft.kind} onChange={set('kind')} options={orientationEventKinds.map((k) => ({ value: k, label: t(`orientation.events.kinds.${k}`) }))} />
        <TextField label={t('orientation.events.label')} value={draft.label} onChange={set('label')} isRequired maxLength={200} />
        <TextField label={t('orientation.events.startsOn')} type="date" value={draft.startsOn} onChange={set('startsOn')} isRequired error={fields.startsOn ? t('orientation.events.datesInvalid') : undefined} />
        <TextField label={t('orientation.events.endsOn')} description={t('orientation.events.endsOnHelp')} type="date" value={draft.endsOn} onChange={set('endsOn')} error={fields.endsOn ? t('orientation.events.datesInvalid') : undefined} />
        <TextField label={t('orientation.events.details')} value={draft.details} onChange={set('details')} maxLength={2000} />
        <TextField label={t('orientation.events.link')} type="url" value={draft.url} onChange={set('url')} error={fields.url ? t('orientation.events.linkInvalid') : undefined} />
        <div className="form__actions">
          <Button type="submit" isPending={create.isPending}>
            {t('orientation.events.submit')}
          </Button>
        </div>
        <LiveRegion>
          {added ? <p className="alert alert--success">{added}</p> : null}
          {create.error && Object.keys(fields).length === 0 ? <ErrorAlert error={create.error} /> : null}
        </LiveRegion>
      </form>
    </details>
  );
}
