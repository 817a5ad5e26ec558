import { addDays, dayNumber, isoWeekday } from './dates.ts';
import { isSchoolDay, type SchoolCalendar, weekLetter } from './school-calendar.ts';

/**
 * Occurrence generation: the sessions a course has between two dates, from
 * its weekly rule, the school calendar (holidays, week A/B) and the changes
 * made to single sessions. Pure functions: the service loads, this computes.
 */

export interface CourseRule {
  id: string;
  weekday: number;
  startMinute: number;
  endMinute: number;
  weeks: 'ALL' | 'A' | 'B' | 'PERIODS';
  periods: ReadonlyArray<{ from: string; to: string }>;
}

export interface OccurrenceChange {
  courseId: string;
  originalDate: string;
  cancelled: boolean;
  newDate: string | null;
  newStartMinute: number | null;
  newEndMinute: number | null;
  replacementTeacherId: string | null;
  room: string | null;
  note: string | null;
}

export interface GeneratedOccurrence {
  courseId: string;
  originalDate: string;
  date: string;
  startMinute: number;
  endMinute: number;
  status: 'SCHEDULED' | 'CANCELLED' | 'MODIFIED';
  change: OccurrenceChange | null;
}

/** Whether the course, by its rule alone, has a session on this date. */
export function isOccurrenceDate(course: CourseRule, calendar: SchoolCalendar, iso: string): boolean {
  if (isoWeekday(iso) !== course.weekday) return false;
  if (!isSchoolDay(calendar, iso)) return false;
  switch (course.weeks) {
    case 'ALL':
      return true;
    case 'A':
    case 'B':
      return weekLetter(calendar, iso) === course.weeks;
    case 'PERIODS':
      return course.periods.some((p) => iso >= p.from && iso <= p.to);
  }
}

/** The original dates of a course's sessions in [from, to] (inclusive). */
export function occurrenceDates(course: CourseRule, calendar: SchoolCalendar, from: string, to: string): string[] {
  const start = from < calendar.firstDay ? calendar.firstDay : from;
  const end = to > calendar.lastDay ? calendar.lastDay : to;
  const dates: string[] = [];
  if (start > end) return dates;
  // First matching weekday on or after start, then every 7 days.
  let day = addDays(start, (course.weekday - isoWeekday(start) + 7) % 7);
  for (; dayNumber(day) <= dayNumber(end); day = addDays(day, 7)) {
    if (isOccurrenceDate(course, calendar, day)) dates.push(day);
  }
  return dates;
}

function applyChange(course: CourseRule, originalDate: string, change: OccurrenceChange | undefined): GeneratedOccurrence {
  if (!change) {
    return { courseId: course.id, originalDate, date: originalDate, startMinute: course.startMinute, endMinute: course.endMinute, status: 'SCHEDULED', change: null };
  }
  return {
    courseId: course.id,
    originalDate,
    date: change.newDate ?? originalDate,
    startMinute: change.newStartMinute ?? course.startMinute,
    endMinute: change.newEndMinute ?? course.endMinute,
    status: change.cancelled ? 'CANCELLED' : 'MODIFIED',
    change,
  };
}

/**
 * Every session of these courses whose (possibly moved) date is in
 * [from, to], changes applied, sorted by date and time. A session moved out
 * of the range disappears from it; one moved into it appears.
 */
export function generateOccurrences(
  courses: readonly CourseRule[],
  calendar: SchoolCalendar,
  range: { from: string; to: string },
  changes: readonly OccurrenceChange[] = [],
): GeneratedOccurrence[] {
  const byKey = new Map(changes.map((c) => [`${c.courseId}_${c.originalDate}`, c]));
  const result: GeneratedOccurrence[] = [];
  const seen = new Set<string>();
  for (const course of courses) {
    for (const date of occurrenceDates(course, calendar, range.from, range.to)) {
      const key = `${course.id}_${date}`;
      seen.add(key);
      const occurrence = applyChange(course, date, byKey.get(key));
      if (occurrence.date >= range.from && occurrence.date <= range.to) result.push(occurrence);
    }
  }
  const courseById = new Map(courses.map((c) => [c.id, c]));
  for (const change of changes) {
    const key = `${change.courseId}_${change.originalDate}`;
    const course = courseById.get(change.courseId);
    if (seen.has(key) || !course || !change.newDate) continue;
    if (change.newDate < range.from || change.newDate > range.to) continue;
    if (!isOccurrenceDate(course, calendar, change.originalDate)) continue;
    result.push(applyChange(course, change.originalDate, change));
  }
  return result.sort((a, b) => a.date.localeCompare(b.date) || a.startMinute - b.startMinute || a.courseId.localeCompare(b.courseId));
}
