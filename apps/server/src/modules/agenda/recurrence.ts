import type { RecurrenceFrequency } from '@preau/contracts';
import { addDays, daysBetween, isoWeekday, parisNow, parisToUtc } from '../timetable/dates.ts';

/**
 * Occurrences of an event, pure. A recurring event repeats every day, every
 * week or every month at the same Paris wall-clock time (summer and winter
 * time alike), starting on a day up to `until` included. Monthly, it keeps
 * either its day of the month (a month without it is skipped, as RFC 5545
 * does) or its weekday of the same rank, "the 2nd Tuesday" (a 5th one means
 * the last, which every month has).
 */

export interface RecurringEvent {
  startsAt: Date;
  endsAt: Date;
  recurrence: RecurrenceFrequency | null;
  until: string | null;
}

/** A year and a day: the longest a repetition may run (STANDARDS: no recurrence without end beyond the allowed span). */
export const MAX_RECURRENCE_DAYS = 366;

export function parisDateOf(instant: Date): string {
  return parisNow(instant.getTime()).date;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isoOf(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The rank of a day among its month's same weekdays: 1 to 4, or -1 for a 5th (the last). */
export function weekdayRankOf(iso: string): number {
  const rank = Math.ceil(Number(iso.slice(8, 10)) / 7);
  return rank === 5 ? -1 : rank;
}

/**
 * The day of the `index`-th month after the first occurrence's (0: its own),
 * or null when that month has no such day (31 April).
 */
export function monthlyDate(first: string, index: number, frequency: 'MONTHLY' | 'MONTHLY_WEEKDAY'): string | null {
  const months = Number(first.slice(5, 7)) - 1 + index;
  const year = Number(first.slice(0, 4)) + Math.floor(months / 12);
  const month = (months % 12) + 1;
  const length = daysInMonth(year, month);
  if (frequency === 'MONTHLY') {
    const day = Number(first.slice(8, 10));
    return day <= length ? isoOf(year, month, day) : null;
  }
  const weekday = isoWeekday(first);
  const firstMatch = 1 + ((weekday - isoWeekday(isoOf(year, month, 1)) + 7) % 7);
  const rank = weekdayRankOf(first);
  const day = rank === -1 ? firstMatch + 7 * Math.floor((length - firstMatch) / 7) : firstMatch + 7 * (rank - 1);
  return isoOf(year, month, day);
}

/** The days occurrences start on, from the `startIndex`-th step, up to `until` included. */
export function* occurrenceDays(first: string, frequency: RecurrenceFrequency, until: string, startIndex = 0): Generator<string> {
  for (let index = startIndex; ; index += 1) {
    let date: string | null;
    if (frequency === 'DAILY' || frequency === 'WEEKLY') date = addDays(first, index * (frequency === 'DAILY' ? 1 : 7));
    else {
      date = monthlyDate(first, index, frequency);
      // A skipped month (no 31st) is before `until` as long as its next month's first day is.
      if (date === null) {
        if (monthlyDate(first.slice(0, 8) + '01', index, 'MONTHLY')! > until) return;
        continue;
      }
    }
    if (date > until) return;
    yield date;
  }
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
  const { date: firstDate, minute } = parisNow(event.startsAt.getTime());
  // Daily and weekly: skip straight to the first step that may overlap the range (a year of months is only 13 steps).
  const step = event.recurrence === 'DAILY' ? 1 : event.recurrence === 'WEEKLY' ? 7 : 0;
  const fromDate = parisDateOf(new Date(from.getTime() - duration));
  const startIndex = step === 0 ? 0 : Math.max(0, Math.floor(daysBetween(firstDate, fromDate) / step) - 1);
  const out: Array<{ startsAt: Date; endsAt: Date }> = [];
  for (const date of occurrenceDays(firstDate, event.recurrence, event.until, startIndex)) {
    const start = parisToUtc(date, minute).getTime();
    if (start >= to.getTime()) break;
    if (overlaps(start)) out.push({ startsAt: new Date(start), endsAt: new Date(start + duration) });
    if (out.length >= max) break;
  }
  return out;
}
