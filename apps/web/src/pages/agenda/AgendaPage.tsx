import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Calendar, DayOff, EventInput, EventOccurrence, RecurrenceFrequency } from '@preau/contracts';
import type { TFunction } from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { agendaApi, agendaKeys } from '../../api/agenda-api.ts';
import { Button } from '../../components/Button.tsx';
import { CheckboxField } from '../../components/CheckboxField.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FileField } from '../../components/FileField.tsx';
import { Loading } from '../../components/Loading.tsx';
import { ModalDialog } from '../../components/ModalDialog.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { TextField } from '../../components/TextField.tsx';
import { addDays, formatDay, mondayOf, todayIso } from '../emploi-du-temps/dates.ts';
import { CalendarFeedDialog } from './CalendarFeedDialog.tsx';
import { parisInstant, parisParts } from './paris-time.ts';
import './agenda.css';

type View = 'day' | 'week' | 'month' | 'list';

/** The days a view shows around an anchor day. */
function rangeOf(view: View, anchor: string): { from: string; to: string } {
  if (view === 'day') return { from: anchor, to: anchor };
  if (view === 'week') {
    const from = mondayOf(anchor);
    return { from, to: addDays(from, 6) };
  }
  if (view === 'month') {
    const first = `${anchor.slice(0, 8)}01`;
    const last = addDays(`${addDays(first, 32).slice(0, 8)}01`, -1);
    return { from: mondayOf(first), to: addDays(mondayOf(last), 6) };
  }
  return { from: anchor, to: addDays(anchor, 30) };
}

function step(view: View, anchor: string, direction: 1 | -1): string {
  if (view === 'day') return addDays(anchor, direction);
  if (view === 'week') return addDays(anchor, 7 * direction);
  if (view === 'list') return addDays(anchor, 31 * direction);
  const first = `${anchor.slice(0, 8)}01`;
  return direction === 1 ? `${addDays(first, 32).slice(0, 8)}01` : `${addDays(first, -1).slice(0, 8)}01`;
}

function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** The label of each day without class (its holiday or public holiday). */
function offDays(periods: readonly DayOff[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const p of periods) for (let day = p.from; day < p.until; day = addDays(day, 1)) map.set(day, p.label);
  return map;
}

/** The occurrences on each Paris day (an all-day or multi-day event on each of its days). */
function byDay(items: readonly EventOccurrence[]): Map<string, EventOccurrence[]> {
  const map = new Map<string, EventOccurrence[]>();
  for (const o of items) {
    const first = parisParts(o.startsAt).date;
    const last = parisParts(new Date(new Date(o.endsAt).getTime() - 1).toISOString()).date;
    for (let day = first; day <= last; day = addDays(day, 1)) map.set(day, [...(map.get(day) ?? []), o]);
  }
  return map;
}

/** /agenda: my calendars and those of my structure, classes and groups, in day, week, month or list view. */
export function AgendaPage() {
  const { t, i18n } = useTranslation();
  const [view, setView] = useState<View>('week');
  const [anchor, setAnchor] = useState(todayIso());
  const [adding, setAdding] = useState(false);
  const { from, to } = rangeOf(view, anchor);
  const calendars = useQuery({ queryKey: agendaKeys.calendars, queryFn: agendaApi.calendars });
  const occurrences = useQuery({ queryKey: agendaKeys.occurrences(from, to), queryFn: () => agendaApi.occurrences(from, to) });
  const colors = new Map((calendars.data?.items ?? []).map((c) => [c.id, c.color]));
  const days = byDay(occurrences.data?.items ?? []);
  const daysOff = offDays(occurrences.data?.daysOff ?? []);
  const offBadge = (day: string) => (daysOff.has(day) ? <span className="agenda-dayoff">{daysOff.get(day)}</span> : null);
  const writable = (calendars.data?.items ?? []).filter((c) => c.right !== 'read');
  const title =
    view === 'month'
      ? new Intl.DateTimeFormat(i18n.language, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${anchor.slice(0, 8)}15T12:00:00Z`))
      : view === 'day'
        ? formatDay(anchor, i18n.language, 'medium')
        : t('agenda.rangeTitle', { from: formatDay(from, i18n.language, 'short'), to: formatDay(to, i18n.language, 'short') });

  const eventLine = (o: EventOccurrence) => (
    <li key={`${o.eventId}-${o.startsAt}`} className="agenda-event" style={{ borderInlineStartColor: colors.get(o.calendarId) ?? '#2a6fdb' }}>
      <span className="agenda-event__time">{o.allDay ? t('agenda.allDay') : `${parisParts(o.startsAt).time}–${parisParts(o.endsAt).time}`}</span>{' '}
      <strong className="agenda-event__title">{o.title}</strong>
      {o.location ? <span className="muted"> · {o.location}</span> : null}
    </li>
  );

  return (
    <>
      <PageHeader title={t('agenda.title')} actions={writable.length > 0 ? <Button onPress={() => setAdding(true)}>{t('agenda.newEvent')}</Button> : undefined} />
      <div className="agenda-toolbar">
        <nav className="segmented" aria-label={t('agenda.views')}>
          {(['day', 'week', 'month', 'list'] as const).map((v) => (
            <button key={v} type="button" className={v === view ? 'segmented__item is-active' : 'segmented__item'} aria-pressed={v === view} onClick={() => setView(v)}>
              {t(`agenda.view.${v}`)}
            </button>
          ))}
        </nav>
        <div className="agenda-nav">
          <Button variant="secondary" size="small" onPress={() => setAnchor(step(view, anchor, -1))}>
            {t('agenda.previous')}
          </Button>
          <Button variant="secondary" size="small" onPress={() => setAnchor(todayIso())}>
            {t('agenda.today')}
          </Button>
          <Button variant="secondary" size="small" onPress={() => setAnchor(step(view, anchor, 1))}>
            {t('agenda.next')}
          </Button>
        </div>
      </div>
      <section className="card" aria-labelledby="agenda-range">
        <h2 id="agenda-range" className="card__title">
          {title}
        </h2>
        {occurrences.isPending ? <Loading /> : null}
        {occurrences.isSuccess && occurrences.data.daysOff.length > 0 ? (
          <div className="agenda-school-calendar">
            <h3 className="agenda-day__title">{t('agenda.schoolCalendar')}</h3>
            <ul className="plain-list">
              {occurrences.data.daysOff.map((d) => (
                <li key={`${d.from}-${d.label}`}>
                  {addDays(d.from, 1) === d.until
                    ? t('agenda.dayOffOne', { label: d.label, day: formatDay(d.from, i18n.language, 'medium') })
                    : t('agenda.dayOffPeriod', { label: d.label, from: formatDay(d.from, i18n.language, 'medium'), to: formatDay(addDays(d.until, -1), i18n.language, 'medium') })}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {occurrences.isError ? <QueryError error={occurrences.error} onRetry={() => void occurrences.refetch()} /> : null}
        {occurrences.isSuccess && view === 'month' ? (
          <ol className="agenda-month">
            {daysOf(from, to).map((day) => (
              <li key={day} className={day.slice(0, 7) === anchor.slice(0, 7) ? 'agenda-month__day' : 'agenda-month__day is-outside'}>
                <span className="agenda-month__date">{formatDay(day, i18n.language, 'short')}</span>
                {offBadge(day)}
                {(days.get(day) ?? []).length > 0 ? <ul className="plain-list">{(days.get(day) ?? []).map(eventLine)}</ul> : null}
              </li>
            ))}
          </ol>
        ) : null}
        {occurrences.isSuccess && view !== 'month' ? (
          <>
            {occurrences.data.items.length === 0 ? (
              <EmptyState icon="calendar">
                <p>{writable.length > 0 ? t('agenda.emptyCanAdd') : t('agenda.empty')}</p>
              </EmptyState>
            ) : null}
            <ol className="agenda-days">
              {daysOf(from, to)
                .filter((day) => view !== 'list' || (days.get(day) ?? []).length > 0)
                .map((day) => (
                  <li key={day} className="agenda-day">
                    <h3 className="agenda-day__title">{formatDay(day, i18n.language, 'medium')}</h3>
                    {offBadge(day)}
                    {(days.get(day) ?? []).length > 0 ? <ul className="plain-list">{(days.get(day) ?? []).map(eventLine)}</ul> : <p className="muted">{t('agenda.nothing')}</p>}
                  </li>
                ))}
            </ol>
          </>
        ) : null}
      </section>
      <CalendarsCard calendars={calendars.data?.items ?? []} isPending={calendars.isPending} error={calendars.error} />
      {adding ? <EventDialog calendars={writable} day={view === 'list' ? anchor : from <= todayIso() && todayIso() <= to ? todayIso() : from} onClose={() => setAdding(false)} /> : null}
    </>
  );
}

function CalendarsCard({ calendars, isPending, error }: { calendars: Calendar[]; isPending: boolean; error: unknown }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [imported, setImported] = useState<string | undefined>();
  const importIcs = useMutation({
    mutationFn: ({ id, file }: { id: string; file: File }) => agendaApi.importIcs(id, file),
    onSuccess: async (result) => {
      setImported(t('agenda.imported', { count: result.created + result.updated }));
      await queryClient.invalidateQueries({ queryKey: agendaKeys.all });
    },
  });
  const [subscribing, setSubscribing] = useState<Calendar | null>(null);
  const personal = calendars.find((c) => c.kind === 'PERSONAL' && c.right === 'manage');
  return (
    <section className="card stack" aria-labelledby="agenda-calendars">
      <h2 id="agenda-calendars" className="card__title">
        {t('agenda.calendars')}
      </h2>
      {isPending ? <Loading /> : null}
      {error ? <QueryError error={error} /> : null}
      <ul className="plain-list agenda-calendars">
        {calendars.map((c) => (
          <li key={c.id}>
            <span className="agenda-swatch" style={{ background: c.color }} aria-hidden="true" /> {c.title}
            {c.ownerName ? <span className="muted"> · {c.ownerName}</span> : null} <span className="muted">({t(`agenda.right.${c.right}`)})</span>{' '}
            <a href={agendaApi.exportUrl(c.id)} download>
              {t('agenda.export', { title: c.title })}
            </a>{' '}
            <Button variant="secondary" size="small" onPress={() => setSubscribing(c)}>
              {t('agenda.feed.open', { title: c.title })}
            </Button>
          </li>
        ))}
      </ul>
      {personal ? (
        <FileField
          label={t('agenda.import')}
          description={t('agenda.importHelp')}
          accept=".ics,text/calendar"
          error={importIcs.isError ? (importIcs.error as Error).message : undefined}
          onSelect={(files) => files[0] && importIcs.mutate({ id: personal.id, file: files[0] })}
        />
      ) : null}
      {imported ? <p role="status">{imported}</p> : null}
      {subscribing ? <CalendarFeedDialog calendar={subscribing} onClose={() => setSubscribing(null)} /> : null}
    </section>
  );
}

/**
 * The two monthly repetitions, named from the chosen day as the server repeats
 * them: "le 14", "le 2e mardi" (a 5th weekday is "le dernier", every month has one).
 */
function monthlyOptions(date: string, language: string, t: TFunction) {
  const day = Number(date.slice(8, 10));
  const rank = Math.ceil(day / 7);
  const weekday = new Intl.DateTimeFormat(language, { weekday: 'long', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));
  return [
    { value: 'MONTHLY', label: t('agenda.repeat.MONTHLY', { day }) },
    { value: 'MONTHLY_WEEKDAY', label: t('agenda.repeat.MONTHLY_WEEKDAY', { rank: t(`agenda.repeat.rank.${rank === 5 ? 'last' : rank}`), weekday }) },
  ];
}

function EventDialog({ calendars, day, onClose }: { calendars: Calendar[]; day: string; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [calendarId, setCalendarId] = useState(calendars[0]?.id ?? '');
  const [title, setTitle] = useState('');
  const [date, setDate] = useState(day);
  const [start, setStart] = useState('10:00');
  const [end, setEnd] = useState('11:00');
  const [allDay, setAllDay] = useState(false);
  const [location, setLocation] = useState('');
  const [description, setDescription] = useState('');
  const [repeat, setRepeat] = useState<'' | RecurrenceFrequency>('');
  const [until, setUntil] = useState(addDays(day, 28));
  const create = useMutation({
    mutationFn: (input: EventInput) => agendaApi.createEvent(calendarId, input),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: agendaKeys.all });
      onClose();
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({
      title,
      startsAt: parisInstant(date, allDay ? '00:00' : start),
      endsAt: allDay ? parisInstant(addDays(date, 1), '00:00') : parisInstant(date, end),
      allDay,
      location,
      description,
      recurrence: repeat ? { frequency: repeat, until } : null,
    });
  };
  return (
    <ModalDialog isOpen onOpenChange={(open) => !open && onClose()} title={t('agenda.newEvent')}>
      <form className="stack" onSubmit={onSubmit}>
        {create.isError ? <ErrorAlert error={create.error} /> : null}
        <SelectField label={t('agenda.field.calendar')} value={calendarId} onChange={setCalendarId} options={calendars.map((c) => ({ value: c.id, label: c.ownerName ? `${c.title} (${c.ownerName})` : c.title }))} />
        <TextField label={t('agenda.field.title')} value={title} onChange={setTitle} isRequired maxLength={200} />
        <TextField label={t('agenda.field.date')} type="date" value={date} onChange={setDate} isRequired />
        <CheckboxField label={t('agenda.field.allDay')} checked={allDay} onChange={setAllDay} />
        {allDay ? null : (
          <div className="agenda-times">
            <TextField label={t('agenda.field.start')} type="time" value={start} onChange={setStart} isRequired />
            <TextField label={t('agenda.field.end')} type="time" value={end} onChange={setEnd} isRequired />
          </div>
        )}
        <TextField label={t('agenda.field.location')} value={location} onChange={setLocation} maxLength={200} />
        <TextField label={t('agenda.field.description')} value={description} onChange={setDescription} maxLength={5000} />
        <SelectField
          label={t('agenda.field.repeat')}
          value={repeat}
          onChange={(v) => setRepeat(v as '' | RecurrenceFrequency)}
          options={[
            { value: '', label: t('agenda.repeat.none') },
            { value: 'DAILY', label: t('agenda.repeat.DAILY') },
            { value: 'WEEKLY', label: t('agenda.repeat.WEEKLY') },
            ...(date ? monthlyOptions(date, i18n.language, t) : []),
          ]}
        />
        {repeat ? <TextField label={t('agenda.field.until')} description={t('agenda.field.untilHelp')} type="date" value={until} onChange={setUntil} isRequired /> : null}
        <div className="news-actions">
          <Button type="submit" isPending={create.isPending}>
            {t('agenda.save')}
          </Button>
          <Button variant="secondary" onPress={onClose}>
            {t('agenda.cancel')}
          </Button>
        </div>
      </form>
    </ModalDialog>
  );
}
