import type { Occurrence, ScheduleChoice } from '@preau/contracts';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { type ScheduleTarget } from '../../api/timetable-api.ts';
import { Button } from '../../components/Button.tsx';
import { ButtonLink } from '../../components/ButtonLink.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useChosenChild } from '../../session/child-choice.ts';
import { useCurrentUser } from '../../session/current-user.ts';
import { ChangeOccurrenceDialog } from './ChangeOccurrenceDialog.tsx';
import { addDays, formatDay, isIsoDate, mondayOf, todayIso } from './dates.ts';
import { IcalCard } from './IcalCard.tsx';
import { ImportCard } from './ImportCard.tsx';
import { manageableStructures } from './roles.ts';
import { ScheduleGrid } from './ScheduleGrid.tsx';
import { useCourseFormOptions, useSchedule, useScheduleChoices } from './timetable-queries.ts';

/** `voir` query parameter ↔ target: `me`, `student:<id>`, `class:<id>`, `group:<id>`, `teacher:<id>`, `room:<structureId>:<room>`. */
function parseTarget(value: string | null): ScheduleTarget | undefined {
  if (!value) return undefined;
  if (value === 'me') return { kind: 'me' };
  const [kind, id, ...rest] = value.split(':');
  if (!id) return undefined;
  if (kind === 'room') return rest.length > 0 ? { kind: 'room', structureId: id, room: rest.join(':') } : undefined;
  if (kind === 'student' || kind === 'teacher' || kind === 'class' || kind === 'group') return { kind, id };
  return undefined;
}

function targetValue(target: ScheduleTarget): string {
  if (target.kind === 'me') return 'me';
  if (target.kind === 'room') return `room:${target.structureId}:${target.room}`;
  return `${target.kind}:${target.id}`;
}

function choiceValue(choice: ScheduleChoice): string {
  return choice.kind === 'me' ? 'me' : `${choice.kind}:${choice.id}`;
}

/** /emploi-du-temps: the week or the day of a timetable (mine, a child's, a class's…), its changes, the iCal feed, and staff tools. */
export function TimetablePage() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const [notice, setNotice] = useState('');
  const [changing, setChanging] = useState<Occurrence | null>(null);
  const managed = manageableStructures(me);
  const view = params.get('vue') === 'jour' ? 'day' : 'week';
  const rawDate = params.get('date');
  const date = isIsoDate(rawDate) ? rawDate : todayIso();
  const choices = useScheduleChoices();
  const options = useCourseFormOptions(managed[0]?.id);
  const fallback: ScheduleTarget | undefined = (() => {
    const first = choices.data?.items[0];
    if (!first) return undefined;
    return first.kind === 'me' ? { kind: 'me' } : (parseTarget(choiceValue(first)) ?? undefined);
  })();
  // A parent sees the child chosen in the header unless he asked for another timetable (a class, a teacher).
  const family = useChosenChild(me);
  const asked = parseTarget(params.get('voir'));
  const askedChild = asked?.kind === 'student' ? family.children.find((c) => c.id === asked.id) : undefined;
  const chosenChild: ScheduleTarget | undefined = family.child ? { kind: 'student', id: family.child.id } : undefined;
  const target = asked ?? chosenChild ?? fallback;
  const from = view === 'week' ? mondayOf(date) : date;
  const to = view === 'week' ? addDays(from, 5) : date;
  const days = Array.from({ length: view === 'week' ? 6 : 1 }, (_, i) => addDays(from, i));
  const schedule = useSchedule(target, from, to);

  const update = (changes: Record<string, string | null>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null) next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: true },
    );
  const step = view === 'week' ? 7 : 1;

  // A child named in the link (the portal's "emploi du temps de Léa") becomes the chosen child, so the header and the next pages follow.
  const choose = family.choose;
  useEffect(() => {
    if (!askedChild) return;
    choose(askedChild.id);
    update({ voir: null });
    // `update` is rebuilt every render: the choice is made once per link, not on every render.
  }, [askedChild?.id, choose]);
  const pick = (value: string) => {
    const child = family.children.find((c) => value === `student:${c.id}`);
    if (child) {
      choose(child.id);
      update({ voir: null });
    } else update({ voir: value || null });
  };

  const pickerOptions = [
    ...(choices.data?.items ?? []).map((c) => ({
      value: choiceValue(c),
      label: c.kind === 'me' ? t('timetable.mine') : t(`timetable.kinds.${c.kind}`, { name: c.label }),
    })),
    ...(options.data?.teachers ?? []).map((p) => ({ value: `teacher:${p.id}`, label: t('timetable.kinds.teacher', { name: p.displayName }) })),
  ];
  const uniqueOptions = pickerOptions.filter((o, i) => pickerOptions.findIndex((x) => x.value === o.value) === i);
  const currentValue = target ? targetValue(target) : '';
  if (target && !uniqueOptions.some((o) => o.value === currentValue)) {
    uniqueOptions.push({ value: currentValue, label: target.kind === 'room' ? t('timetable.kinds.room', { name: target.room }) : (schedule.data?.title ?? '…') });
  }

  const title =
    view === 'week'
      ? t('timetable.weekOf', { from: formatDay(from, i18n.language, 'medium'), to: formatDay(to, i18n.language, 'long') })
      : formatDay(date, i18n.language, 'long');
  const showTarget = target?.kind !== 'class' && target?.kind !== 'group';

  return (
    <>
      <PageHeader
        title={t('timetable.title')}
        subtitle={schedule.data?.title ? <p>{t('timetable.of', { name: schedule.data.title })}</p> : <p>{t('timetable.subtitle')}</p>}
        actions={
          managed.length > 0 ? (
            <ButtonLink variant="secondary" to={target?.kind === 'class' || target?.kind === 'group' ? `/emploi-du-temps/cours?classe=${target.kind}:${encodeURIComponent(target.id)}` : '/emploi-du-temps/cours'}>
              {t('timetable.courses.manage')}
            </ButtonLink>
          ) : null
        }
      />
      <div className="stack">
        {choices.isError ? <QueryError error={choices.error} onRetry={() => void choices.refetch()} /> : null}
        {uniqueOptions.length > 1 || managed.length > 0 ? (
          <div className="tt-pickers card">
            <SelectField
              label={t('timetable.picker')}
              value={currentValue}
              onChange={pick}
              options={uniqueOptions}
            />
            {managed.length > 0 ? <RoomPicker structureId={managed[0]!.id} onPick={(value) => update({ voir: value })} /> : null}
          </div>
        ) : null}
        <section className="tt-schedule" aria-labelledby="tt-range-title">
          <div className="tt-toolbar">
            <h2 id="tt-range-title" className="tt-toolbar__title">
              {title}
            </h2>
            <div className="tt-toolbar__nav" role="group" aria-label={t('timetable.navigation')}>
              <Button variant="secondary" size="small" onPress={() => update({ date: addDays(date, -step) })}>
                {view === 'week' ? t('timetable.previousWeek') : t('timetable.previousDay')}
              </Button>
              <Button variant="secondary" size="small" onPress={() => update({ date: null })}>
                {t('timetable.today')}
              </Button>
              <Button variant="secondary" size="small" onPress={() => update({ date: addDays(date, step) })}>
                {view === 'week' ? t('timetable.nextWeek') : t('timetable.nextDay')}
              </Button>
            </div>
            <div className="tt-toolbar__views" role="group" aria-label={t('timetable.display')}>
              <Button key={`week-${view}`} variant={view === 'week' ? 'primary' : 'ghost'} size="small" aria-pressed={view === 'week'} onPress={() => update({ vue: null })}>
                {t('timetable.week')}
              </Button>
              <Button key={`day-${view}`} variant={view === 'day' ? 'primary' : 'ghost'} size="small" aria-pressed={view === 'day'} onPress={() => update({ vue: 'jour' })}>
                {t('timetable.day')}
              </Button>
            </div>
          </div>
          <LiveRegion className="tt-status">
            {schedule.isSuccess ? <p className="visually-hidden">{t('timetable.loaded', { title, count: schedule.data.items.filter((o) => days.includes(o.date)).length })}</p> : null}
            {notice ? <p className="tt-notice">{notice}</p> : null}
          </LiveRegion>
          {choices.isSuccess && !target ? (
            <EmptyState icon="calendar">
              <p>{t('timetable.nothingToShow')}</p>
            </EmptyState>
          ) : null}
          {schedule.isPending && target ? <Loading /> : null}
          {schedule.isError ? <QueryError error={schedule.error} onRetry={() => void schedule.refetch()} /> : null}
          {schedule.isSuccess ? (
            <ScheduleGrid schedule={schedule.data} days={days} showTarget={showTarget} onChange={(o) => { setNotice(''); setChanging(o); }} />
          ) : null}
        </section>
        <div className="tt-cards">
          <IcalCard />
          {managed.length > 0 ? <ImportCard structures={managed} /> : null}
        </div>
      </div>
      <ChangeOccurrenceDialog
        occurrence={changing}
        structureId={managed[0]?.id}
        onClose={() => setChanging(null)}
        onDone={(message) => {
          setChanging(null);
          setNotice(message);
        }}
      />
    </>
  );
}

/** Staff open the timetable of a room by its name. */
function RoomPicker({ structureId, onPick }: { structureId: string; onPick: (value: string) => void }) {
  const { t } = useTranslation();
  const [room, setRoom] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (room.trim()) onPick(`room:${structureId}:${room.trim()}`);
  };
  return (
    <form className="tt-room-form" onSubmit={submit}>
      <TextField label={t('timetable.roomField')} value={room} onChange={setRoom} maxLength={50} />
      <Button type="submit" variant="secondary">
        {t('timetable.showRoom')}
      </Button>
    </form>
  );
}

