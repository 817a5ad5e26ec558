import type { HolidayZone } from '@preau/contracts';
import type { DB } from '../../platform/db/database.ts';
import type { Platform } from '../../platform/platform.ts';
import { buildCalendar, type SchoolCalendar } from './school-calendar.ts';
import { getSettings } from './timetable.repository.ts';

/** A structure's calendar for a year: its zone (or the configured default), week A/B, its own dates if it set them. */
export async function calendarOf(platform: Platform, db: DB, structureId: string, year: number): Promise<SchoolCalendar> {
  const settings = await getSettings(db, structureId, year);
  const zone: HolidayZone = settings?.zone ?? platform.config.schoolZone;
  return buildCalendar(year, zone, settings?.first_week ?? 'A', settings?.calendar ?? null);
}

/** Loads each structure's calendar once per request. */
export function calendarLoader(platform: Platform, year: number): (structureId: string) => Promise<SchoolCalendar> {
  const cache = new Map<string, Promise<SchoolCalendar>>();
  return (structureId) => {
    let calendar = cache.get(structureId);
    if (!calendar) {
      calendar = calendarOf(platform, platform.database.db, structureId, year);
      cache.set(structureId, calendar);
    }
    return calendar;
  };
}
