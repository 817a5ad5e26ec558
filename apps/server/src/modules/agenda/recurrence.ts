import { addDays, daysBetween, parisNow, parisToUtc } from '../timetable/dates.ts';

/**
 * Occurrences of an event, pure. A recurring event repeats every day or
 * every week at the same Paris wall-clock time (summer and winter time
 * alike), starting on a day up to `until` included.
 */

export interface RecurringEvent {
  startsAt: Date;
  endsAt: Date;
  recurrence: 'DAILY' | 'WEEKLY' | null;
  until: string | null;
}

/** A year and a day: the longest a repetition may run (STANDARDS: no recurrence without end beyond the allowed span). */
export const MAX_RECURRENCE_DAYS = 366;

export function parisDateOf(instant: Date): string {
  return parisNow(instant.getTime()).date;
}

/** The instant the last occurrence may end: what range queries compare with. */
export function lastEndOf(event: RecurringEvent): Date {
  if (!event.recurrence || !event.until) return event.endsAt;
  const { minute } = parisNow(event.startsAt.getTime());
  const lastStart = parisToUtc(event.until, minute);
  return new Date(lastStart.getTime() + (event.endsAt.getTime() - event.startsAt.getTime()));
}

/** The starts and ends of the occurrences overlapping [from, to), at most `max`. */
export function occurrencesIn(event: RecurringEvent, from: Date, to: Date, max = 1000): Array<{ startsAt: Date; endsAt: Date }> {
  const duration = event.endsAt.getTime() - event.startsAt.getTime();
  const overlaps = (start: number) => start < to.getTime() && start + duration > from.getTime();
  if (!event.recurrence || !event.until) return overlaps(event.startsAt.getTime()) ? [{ startsAt: event.startsAt, endsAt: event.endsAt }] : [];
  const step = event.recurrence === 'DAILY' ? 1 : 7;
  const { date: firstDate, minute } = parisNow(event.startsAt.getTime());
  // Skip straight to the first step that may overlap the range.
  const fromDate = parisDateOf(new Date(from.getTime() - duration));
  let index = Math.max(0, Math.floor(daysBetween(firstDate, fromDate) / step) - 1);
  const out: Array<{ startsAt: Date; endsAt: Date }> = [];
  for (;;) {
    const date = addDays(firstDate, index * step);
    if (date > event.until) break;
    const start = parisToUtc(date, minute).getTime();
    if (start >= to.getTime()) break;
    if (overlaps(start)) out.push({ startsAt: new Date(start), endsAt: new Date(start + duration) });
    if (out.length >= max) break;
    index += 1;
  }
  return out;
}
