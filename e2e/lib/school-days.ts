import type { Occurrence, Schedule } from '@preau/contracts';
import type { ApiSession } from './app.ts';
import { assert } from './expect.ts';

/*
 * Calendar days of the demo school as the web app counts them (YYYY-MM-DD,
 * Paris), and the teacher's sessions to write in. Tests 20–22 carry their own
 * copies of the date helpers; new tests take them from here.
 */

/** `iso` moved by `days` calendar days (computed in UTC like the web app). */
export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** 1 (Monday) to 7 (Sunday). */
export function weekday(iso: string): number {
  const day = new Date(Date.parse(`${iso}T00:00:00Z`)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** Today in Paris (the server's and the web app's day). */
export const todayInParis = (): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

/** Tomorrow, or Monday when tomorrow is a Sunday. */
export function nextSchoolDay(iso: string): string {
  const next = addDays(iso, 1);
  return weekday(next) === 7 ? addDays(next, 1) : next;
}

/**
 * A session of the teacher's own timetable, today or before, still without an
 * entry: the most recent one, or with `oldest` the earliest of the last
 * `weeks` weeks (a test that must not take the session test 20 writes in,
 * nor come first in the teacher's "séances récentes").
 */
export async function sessionWithoutEntry(teacher: ApiSession, today: string, { oldest = false, weeks = 10 } = {}): Promise<Occurrence> {
  const order = Array.from({ length: weeks }, (_, week) => week);
  for (const week of oldest ? order.reverse() : order) {
    const from = addDays(addDays(today, 1 - weekday(today)), -7 * week);
    const response = await teacher.request.get(`/api/v1/timetable/me?from=${from}&to=${addDays(from, 6)}`);
    assert(response.ok(), `GET /timetable/me: ${response.status()}`);
    const schedule = (await response.json()) as Schedule;
    const candidates = schedule.items.filter((o) => o.canWriteLesson && !o.hasLesson && o.status === 'SCHEDULED' && o.date <= today);
    const found = oldest ? candidates[0] : candidates.at(-1);
    if (found) return found;
  }
  throw new Error(`the teacher has no session without an entry in the last ${weeks} weeks`);
}
