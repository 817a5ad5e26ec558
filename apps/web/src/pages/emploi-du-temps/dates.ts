/**
 * Calendar days as `YYYY-MM-DD` strings (the API's dates, Europe/Paris).
 * Arithmetic is done in UTC so that no time zone or daylight-saving change
 * can shift a day.
 */

const DAY_MS = 86_400_000;

function toUtc(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return Date.UTC(y!, m! - 1, d!);
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Today in Paris. */
export function todayIso(now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  return parts;
}

export function isIsoDate(value: string | null | undefined): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(toUtc(value)) && fromUtc(toUtc(value)) === value;
}

export function addDays(iso: string, days: number): string {
  return fromUtc(toUtc(iso) + days * DAY_MS);
}

/** 1 = Monday … 7 = Sunday. */
export function weekday(iso: string): number {
  const day = new Date(toUtc(iso)).getUTCDay();
  return day === 0 ? 7 : day;
}

export function mondayOf(iso: string): string {
  return addDays(iso, 1 - weekday(iso));
}

/** The next day with classes: tomorrow, or Monday when tomorrow is a Sunday. */
export function nextSchoolDay(iso: string): string {
  const next = addDays(iso, 1);
  return weekday(next) === 7 ? addDays(next, 1) : next;
}

function asDate(iso: string): Date {
  return new Date(toUtc(iso));
}

/** "lundi 23 novembre 2026" (or shorter forms), in the interface language. */
export function formatDay(iso: string, language: string, style: 'long' | 'medium' | 'short' = 'long'): string {
  const options: Intl.DateTimeFormatOptions =
    style === 'long'
      ? { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }
      : style === 'medium'
        ? { weekday: 'long', day: 'numeric', month: 'long' }
        : { weekday: 'short', day: 'numeric', month: 'short' };
  return new Intl.DateTimeFormat(language, { ...options, timeZone: 'UTC' }).format(asDate(iso));
}

/** A date and time of the API (ISO instant), in the interface language. */
export function formatInstant(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(new Date(iso));
}

/** "HH:MM" → minutes after midnight. */
export function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return h! * 60 + m!;
}
