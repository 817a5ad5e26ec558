import type { Occurrence, Schedule } from '@preau/contracts';
import { useId, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDay, minutesOf, todayIso } from './dates.ts';
import { OccurrenceDetails } from './OccurrenceDetails.tsx';

/** Rows of five minutes. */
const STEP = 5;

interface ScheduleGridProps {
  schedule: Schedule;
  days: readonly string[];
  showTarget: boolean;
  onChange?: ((o: Occurrence) => void) | undefined;
}

/** Sessions of a day that overlap in time are drawn side by side, as one block. */
function clusters(items: readonly Occurrence[]): Occurrence[][] {
  const result: Occurrence[][] = [];
  let end = -1;
  for (const item of [...items].sort((a, b) => a.start.localeCompare(b.start) || a.end.localeCompare(b.end))) {
    const start = minutesOf(item.start);
    const last = result.at(-1);
    if (last && start < end) {
      last.push(item);
      end = Math.max(end, minutesOf(item.end));
    } else {
      result.push([item]);
      end = minutesOf(item.end);
    }
  }
  return result;
}

/**
 * The week (or one day) as a grid by time on wide screens, each day a section
 * with its heading and the list of its sessions; on a phone the same markup
 * reads as a list, day after day.
 */
export function ScheduleGrid({ schedule, days, showTarget, onChange }: ScheduleGridProps) {
  const { t, i18n } = useTranslation();
  const baseId = useId();
  const today = todayIso();
  const byDay = new Map<string, Occurrence[]>();
  for (const o of schedule.items) byDay.set(o.date, [...(byDay.get(o.date) ?? []), o]);
  const shown = schedule.items.filter((o) => days.includes(o.date));
  const first = Math.min(8 * 60, ...shown.map((o) => minutesOf(o.start)));
  const last = Math.max(17 * 60, ...shown.map((o) => minutesOf(o.end)));
  const startHour = Math.floor(first / 60);
  const endHour = Math.ceil(last / 60);
  const rowOf = (minutes: number) => 2 + Math.floor((minutes - startHour * 60) / STEP);
  const totalRows = ((endHour - startHour) * 60) / STEP;
  const hours = Array.from({ length: endHour - startHour }, (_, i) => startHour + i);
  const gridStyle = { '--tt-days': days.length, '--tt-rows': totalRows } as CSSProperties;
  return (
    <div className={`tt-grid${days.length === 1 ? ' tt-grid--day' : ''}`} style={gridStyle}>
      <div className="tt-grid__corner" aria-hidden="true" />
      {hours.map((hour) => (
        <div
          key={hour}
          className="tt-grid__hour"
          aria-hidden="true"
          style={{ gridRow: `${rowOf(hour * 60)} / span ${60 / STEP}` }}
        >
          {`${String(hour).padStart(2, '0')}:00`}
        </div>
      ))}
      {days.map((day, index) => {
        const column = index + 2;
        const items = byDay.get(day) ?? [];
        const off = schedule.daysOff.find((d) => d.date === day);
        const headingId = `${baseId}-${day}`;
        return (
          <section key={day} className="tt-grid__day" aria-labelledby={headingId}>
            <h3 id={headingId} className={`tt-grid__day-title${day === today ? ' is-today' : ''}`} style={{ gridColumn: column, gridRow: 1 }}>
              {formatDay(day, i18n.language, 'medium')}
              {day === today ? <span className="tt-today-tag">{t('timetable.todayTag')}</span> : null}
            </h3>
            {off && items.length === 0 ? (
              <p className="tt-grid__off" style={{ gridColumn: column, gridRow: `2 / span ${totalRows}` }}>
                {off.label}
              </p>
            ) : null}
            {!off && items.length === 0 ? (
              <p className="tt-grid__empty" style={{ gridColumn: column, gridRow: `2 / span ${60 / STEP}` }}>
                {t('timetable.noCourse')}
              </p>
            ) : null}
            {items.length > 0 ? (
              <ol className="tt-grid__list">
                {clusters(items).map((cluster) =>
                  cluster.map((o, laneIndex) => (
                    <li
                      key={o.id}
                      className="tt-grid__item"
                      style={{
                        gridColumn: column,
                        gridRow: `${rowOf(minutesOf(o.start))} / ${rowOf(minutesOf(o.end))}`,
                        ...(cluster.length > 1
                          ? ({ '--tt-lane': laneIndex, '--tt-lanes': cluster.length } as CSSProperties)
                          : {}),
                      }}
                      data-lanes={cluster.length > 1 ? cluster.length : undefined}
                    >
                      <OccurrenceDetails occurrence={o} showTarget={showTarget} onChange={o.canChange ? onChange : undefined} />
                    </li>
                  )),
                )}
              </ol>
            ) : null}
          </section>
        );
      })}
    </div>
  );
}
