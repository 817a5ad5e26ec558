import type { HolidayZone } from '@preau/contracts';
import type { CalendarOverride } from '../../platform/db/schema-timetable.ts';
import { addDays, dayNumber, isoWeekday, mondayOf } from './dates.ts';
import { type HolidayPeriod, schoolCalendars } from './school-calendar-data.ts';

/** The calendar of one structure for one school year: bounds, days off, week A/B. */
export interface SchoolCalendar {
  schoolYear: number;
  firstDay: string;
  lastDay: string;
  holidays: HolidayPeriod[];
  publicHolidays: Array<{ date: string; label: string }>;
  firstWeek: 'A' | 'B';
  verified: boolean;
  overridden: boolean;
}

/**
 * Calendars already built, by everything they are built from. Every request
 * of a timetable used to rebuild its structure's calendar and, through
 * `weekLetter`, walk the whole school year again; the result depends only on
 * these inputs (the settings row is still read on each request), so a changed
 * zone, first week or override is a different key and nothing needs to be
 * invalidated. Bounded: cleared when full (one entry per zone and first week,
 * plus one per structure with its own dates).
 */
const built = new Map<string, SchoolCalendar>();
const BUILT_MAX = 5_000;

/**
 * Builds a structure's calendar: the built-in one for its zone, or the
 * structure's own replacement. A year without data gets 1 September to
 * 4 July with no holiday, marked unverified. The result is shared: read-only.
 */
export function buildCalendar(
  schoolYear: number,
  zone: HolidayZone,
  firstWeek: 'A' | 'B' = 'A',
  override: CalendarOverride | null = null,
): SchoolCalendar {
  const key = `${schoolYear}|${zone}|${firstWeek}|${override ? JSON.stringify(override) : ''}`;
  const known = built.get(key);
  if (known) return known;
  if (built.size >= BUILT_MAX) built.clear();
  const calendar = Object.freeze(makeCalendar(schoolYear, zone, firstWeek, override));
  built.set(key, calendar);
  return calendar;
}

function makeCalendar(schoolYear: number, zone: HolidayZone, firstWeek: 'A' | 'B', override: CalendarOverride | null): SchoolCalendar {
  const data = schoolCalendars[schoolYear];
  if (override) {
    return {
      schoolYear,
      firstDay: override.firstDay,
      lastDay: override.lastDay,
      holidays: override.holidays,
      publicHolidays: data?.publicHolidays ?? [],
      firstWeek,
      verified: true,
      overridden: true,
    };
  }
  if (!data) {
    return {
      schoolYear,
      firstDay: `${schoolYear}-09-01`,
      lastDay: `${schoolYear + 1}-07-04`,
      holidays: [],
      publicHolidays: [],
      firstWeek,
      verified: false,
      overridden: false,
    };
  }
  return {
    schoolYear,
    firstDay: data.firstDay,
    lastDay: data.lastDay,
    holidays: [...data.common, ...data.byZone[zone]].sort((a, b) => a.from.localeCompare(b.from)),
    publicHolidays: data.publicHolidays,
    firstWeek,
    verified: data.verified,
    overridden: false,
  };
}

/** Why a day has no class (holiday, public holiday, Sunday, outside the year), or null on a school day. */
export function dayOffLabel(calendar: SchoolCalendar, iso: string): string | null {
  if (iso < calendar.firstDay || iso > calendar.lastDay) return 'Hors année scolaire';
  if (isoWeekday(iso) === 7) return 'Dimanche';
  for (const holiday of calendar.holidays) if (iso >= holiday.from && iso < holiday.until) return holiday.label;
  for (const day of calendar.publicHolidays) if (day.date === iso) return day.label;
  return null;
}

export function isSchoolDay(calendar: SchoolCalendar, iso: string): boolean {
  return dayOffLabel(calendar, iso) === null;
}

const letterCache = new WeakMap<SchoolCalendar, Map<string, 'A' | 'B'>>();

/**
 * Week A or B of a date. Weeks alternate over school weeks: a week without
 * any school day (a holiday fortnight) does not count, so the week after the
 * holidays follows the one before them. Null for a week without school.
 */
export function weekLetter(calendar: SchoolCalendar, iso: string): 'A' | 'B' | null {
  let letters = letterCache.get(calendar);
  if (!letters) {
    letters = new Map();
    let index = 0;
    const last = dayNumber(calendar.lastDay);
    for (let monday = mondayOf(calendar.firstDay); dayNumber(monday) <= last; monday = addDays(monday, 7)) {
      let hasSchool = false;
      for (let d = 0; d < 6 && !hasSchool; d++) hasSchool = isSchoolDay(calendar, addDays(monday, d));
      if (!hasSchool) continue;
      const even = index % 2 === 0;
      letters.set(monday, even === (calendar.firstWeek === 'A') ? 'A' : 'B');
      index++;
    }
    letterCache.set(calendar, letters);
  }
  return letters.get(mondayOf(iso)) ?? null;
}
