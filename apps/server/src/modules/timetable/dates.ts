/**
 * Calendar-day arithmetic on `YYYY-MM-DD` strings. Days are counted in UTC
 * so that no daylight-saving change shifts a school day.
 */
const DAY_MS = 86_400_000;

export function dayNumber(iso: string): number {
  return Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}

export function fromDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return fromDayNumber(dayNumber(iso) + days);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(iso: string): number {
  const d = new Date(`${iso}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The day after `iso`, Sunday skipped: when "due tomorrow" homework is due (the web app counts the same). */
export function nextSchoolDay(iso: string): string {
  const next = addDays(iso, 1);
  return isoWeekday(next) === 7 ? addDays(next, 1) : next;
}

export function mondayOf(iso: string): string {
  return addDays(iso, 1 - isoWeekday(iso));
}

export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** True for a real calendar date (rejects 2027-02-30). */
export function isValidDate(iso: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) && fromDayNumber(dayNumber(iso)) === iso;
}

export function minutesToTime(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export function timeToMinutes(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

const parisParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The Paris calendar day and minute of the day of an instant. */
export function parisNow(epochMs: number): { date: string; minute: number } {
  const parts = Object.fromEntries(parisParts.formatToParts(new Date(epochMs)).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

/** The instant of a Paris wall-clock time (handles summer and winter time). */
export function parisToUtc(iso: string, minute: number): Date {
  const guess = Date.parse(`${iso}T${minutesToTime(minute)}:00Z`);
  // Paris is UTC+1 or UTC+2: try both offsets, keep the one that reads back right.
  for (const offsetHours of [1, 2]) {
    const candidate = guess - offsetHours * 3_600_000;
    const back = parisNow(candidate);
    if (back.date === iso && back.minute === minute) return new Date(candidate);
  }
  return new Date(guess - 3_600_000);
}
