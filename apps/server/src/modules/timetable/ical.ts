import type { Occurrence } from '@preau/contracts';
import { parisToUtc, timeToMinutes } from './dates.ts';

/** iCalendar (RFC 5545) rendering of a list of sessions. Pure. */

/** TEXT escaping (§3.3.11): backslash, semicolon, comma, newlines. */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/**
 * Folds a content line at 75 octets (§3.1): CRLF then one space, never
 * inside a multi-byte UTF-8 character.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let bytes = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    const limit = parts.length === 0 ? 75 : 74; // continuation lines start with a space
    if (bytes + size > limit) {
      parts.push(current);
      current = '';
      bytes = 0;
    }
    current += char;
    bytes += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

function utcStamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export function renderCalendar(options: { name: string; host: string; now: Date; items: readonly Occurrence[] }): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Préau//Emploi du temps//FR',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(options.name)}`,
    'X-WR-TIMEZONE:Europe/Paris',
  ];
  const stamp = utcStamp(options.now);
  for (const o of options.items) {
    const teachers = o.teachers.map((t) => t.displayName).join(', ');
    const description = [o.target.name, teachers, o.note ?? ''].filter(Boolean).join('\n');
    lines.push(
      'BEGIN:VEVENT',
      `UID:${o.id}@${options.host}`,
      `DTSTAMP:${stamp}`,
      `DTSTART:${utcStamp(parisToUtc(o.date, timeToMinutes(o.start)))}`,
      `DTEND:${utcStamp(parisToUtc(o.date, timeToMinutes(o.end)))}`,
      `SUMMARY:${escapeText(o.status === 'CANCELLED' ? `Annulé : ${o.subjectName}` : o.subjectName)}`,
      ...(o.room ? [`LOCATION:${escapeText(o.room)}`] : []),
      ...(description ? [`DESCRIPTION:${escapeText(description)}`] : []),
      `STATUS:${o.status === 'CANCELLED' ? 'CANCELLED' : 'CONFIRMED'}`,
      'TRANSP:OPAQUE',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
