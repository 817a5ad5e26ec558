import type { RecurrenceFrequency } from '@preau/contracts';
import ICAL from 'ical.js';
import { escapeText, foldLine } from '../timetable/ical.ts';
import { addDays, isoWeekday, parisNow, parisToUtc } from '../timetable/dates.ts';
import { MAX_RECURRENCE_DAYS, occurrenceDays, parisDateOf, weekdayRankOf } from './recurrence.ts';

/** iCalendar (RFC 5545) export and import of a calendar's events. */

export interface IcsEvent {
  uid: string;
  title: string;
  description: string;
  location: string;
  startsAt: Date;
  endsAt: Date;
  allDay: boolean;
  recurrence: RecurrenceFrequency | null;
  until: string | null;
}

function utcStamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** The Paris wall-clock time of an instant, as an iCalendar local date-time. */
function parisStamp(instant: Date): string {
  const { date, minute } = parisNow(instant.getTime());
  return `${dateValue(date)}T${String(Math.floor(minute / 60)).padStart(2, '0')}${String(minute % 60).padStart(2, '0')}00`;
}

/** Europe/Paris since 1996 (EU rules: last Sunday of March and of October), for the repeated events' TZID. */
const parisTimezone = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Paris',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19810329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19961027T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

function dateValue(date: string): string {
  return date.replace(/-/g, '');
}

/** The calendar as an .ics file: times in UTC, all-day events as dates, repetitions as RRULE with UNTIL. */
export function renderIcs(options: { name: string; host: string; now: Date; events: readonly IcsEvent[] }): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Préau//Agenda//FR', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${escapeText(options.name)}`, 'X-WR-TIMEZONE:Europe/Paris'];
  const stamp = utcStamp(options.now);
  if (options.events.some((e) => e.recurrence !== null && !e.allDay)) lines.push(...parisTimezone);
  for (const e of options.events) {
    // A repeated event is written in Paris time, so that calendar apps repeat it at the same wall-clock time after a change of time, as Préau does.
    const local = e.recurrence !== null && !e.allDay;
    const timeOf = (name: string, at: Date) => (local ? `${name};TZID=Europe/Paris:${parisStamp(at)}` : `${name}:${utcStamp(at)}`);
    const start = e.allDay ? `DTSTART;VALUE=DATE:${dateValue(parisDateOf(e.startsAt))}` : timeOf('DTSTART', e.startsAt);
    // An all-day event ends (exclusive) the day after its last day.
    const end = e.allDay ? `DTEND;VALUE=DATE:${dateValue(addDays(parisDateOf(new Date(e.endsAt.getTime() - 1)), 1))}` : timeOf('DTEND', e.endsAt);
    // UNTIL is in UTC: the last second of its Paris day.
    const until = e.until ? (e.allDay ? dateValue(e.until) : utcStamp(new Date(parisToUtc(addDays(e.until, 1), 0).getTime() - 1000))) : null;
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeText(e.uid.includes('@') ? e.uid : `${e.uid}@${options.host}`)}`,
      `DTSTAMP:${stamp}`,
      start,
      end,
      `SUMMARY:${escapeText(e.title)}`,
      ...(e.location ? [`LOCATION:${escapeText(e.location)}`] : []),
      ...(e.description ? [`DESCRIPTION:${escapeText(e.description)}`] : []),
      ...(e.recurrence && until ? [`RRULE:${ruleOf(e.recurrence, parisDateOf(e.startsAt))};UNTIL=${until}`] : []),
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}

const icsWeekdays = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** The RRULE's frequency part: the monthly ones name their day, as calendar apps show it ("le 2e mardi"). */
function ruleOf(frequency: RecurrenceFrequency, first: string): string {
  if (frequency === 'MONTHLY') return `FREQ=MONTHLY;BYMONTHDAY=${Number(first.slice(8, 10))}`;
  if (frequency === 'MONTHLY_WEEKDAY') return `FREQ=MONTHLY;BYDAY=${weekdayRankOf(first)}${icsWeekdays[isoWeekday(first) - 1]}`;
  return `FREQ=${frequency}`;
}

export class IcsError extends Error {}

const MAX_EVENTS = 2000;
export class IcsTooLarge extends Error {}

/**
 * The events of an .ics file, read with ical.js (Mozilla's parser). The whole
 * file is refused (IcsError) when it does not parse, holds no VCALENDAR, or
 * has an event without a start; a daily or weekly repetition is kept (its
 * end from UNTIL or COUNT, within a year); other repetitions import their
 * first occurrence only.
 */
export function parseIcs(text: string, fallbackUid: (index: number) => string): IcsEvent[] {
  let root: ICAL.Component;
  try {
    const parsed = ICAL.parse(text);
    root = new ICAL.Component(parsed as unknown as [string, unknown[], unknown[]]);
  } catch {
    throw new IcsError('unreadable');
  }
  if (root.name !== 'vcalendar') throw new IcsError('not a calendar');
  const zones = new Map<string, ICAL.Timezone>();
  for (const vtimezone of root.getAllSubcomponents('vtimezone')) {
    try {
      const zone = new ICAL.Timezone(vtimezone);
      if (zone.tzid) zones.set(zone.tzid, zone);
    } catch {
      throw new IcsError('unreadable time zone');
    }
  }
  const instant = (time: ICAL.Time, tzid: unknown): Date => toInstant(time, typeof tzid === 'string' ? tzid : undefined, zones);
  const vevents = root.getAllSubcomponents('vevent');
  if (vevents.length > MAX_EVENTS) throw new IcsTooLarge();
  return vevents.map((component, index) => {
    try {
      const event = new ICAL.Event(component);
      if (!component.hasProperty('dtstart') || !event.startDate) throw new IcsError('event without start');
      const start = event.startDate;
      const allDay = start.isDate;
      const tzidOf = (name: string) => component.getFirstProperty(name)?.getParameter('tzid');
      const startsAt = allDay ? parisMidnight(start) : instant(start, tzidOf('dtstart'));
      let endsAt: Date;
      if (component.hasProperty('dtend') || component.hasProperty('duration')) {
        endsAt = allDay ? parisMidnight(event.endDate) : instant(event.endDate, component.hasProperty('dtend') ? tzidOf('dtend') : tzidOf('dtstart'));
      } else {
        endsAt = new Date(startsAt.getTime() + (allDay ? 86_400_000 : 3_600_000));
      }
      if (!(endsAt > startsAt) || Number.isNaN(startsAt.getTime()) || Number.isNaN(endsAt.getTime())) throw new IcsError('end before start');
      const repetition = repetitionOf(component, startsAt);
      return {
        uid: String(event.uid || fallbackUid(index)).slice(0, 255),
        title: String(event.summary ?? '').trim().slice(0, 200) || '(sans titre)',
        description: String(event.description ?? '').slice(0, 5000),
        location: String(event.location ?? '').slice(0, 200),
        startsAt,
        endsAt,
        allDay,
        ...repetition,
      };
    } catch (error) {
      if (error instanceof IcsError) throw error;
      throw new IcsError('unreadable event');
    }
  });
}

/**
 * The instant of a date-time: UTC as is; in a time zone the file describes
 * (VTIMEZONE), by its rules; otherwise (floating, or a TZID such as
 * Europe/Paris given without its VTIMEZONE) as a Paris wall-clock time, the
 * zone of every Préau school.
 */
function toInstant(time: ICAL.Time, tzid: string | undefined, zones: Map<string, ICAL.Timezone>): Date {
  if (time.zone === ICAL.Timezone.utcTimezone) return time.toJSDate();
  const zone = tzid ? zones.get(tzid) : undefined;
  if (zone && tzid !== 'Europe/Paris') {
    const local = time.clone();
    local.zone = zone;
    return new Date(local.toUnixTime() * 1000);
  }
  const date = `${String(time.year).padStart(4, '0')}-${String(time.month).padStart(2, '0')}-${String(time.day).padStart(2, '0')}`;
  return new Date(parisToUtc(date, time.hour * 60 + time.minute).getTime() + time.second * 1000);
}

function parisMidnight(time: ICAL.Time): Date {
  const date = `${String(time.year).padStart(4, '0')}-${String(time.month).padStart(2, '0')}-${String(time.day).padStart(2, '0')}`;
  return parisToUtc(date, 0);
}

/**
 * The monthly frequency a rule describes when it is one the agenda keeps: on
 * the start's day of the month, or on the start's weekday of the same rank
 * ("2TU", "-1FR" for the last Friday); null otherwise.
 */
function monthlyFrequencyOf(rule: ICAL.Recur, first: string): 'MONTHLY' | 'MONTHLY_WEEKDAY' | null {
  const byDay = rule.getComponent('byday') as string[];
  const byMonthDay = (rule.getComponent('bymonthday') as Array<number | string>).map(Number);
  const others = Object.keys(rule.parts).filter((part) => part !== 'BYDAY' && part !== 'BYMONTHDAY');
  if (others.length > 0) return null;
  if (byDay.length === 0) return byMonthDay.length === 0 || (byMonthDay.length === 1 && byMonthDay[0] === Number(first.slice(8, 10))) ? 'MONTHLY' : null;
  if (byMonthDay.length > 0 || byDay.length !== 1) return null;
  const match = /^([+-]?\d)?([A-Z]{2})$/.exec(byDay[0]!.toUpperCase());
  if (!match?.[1] || match[2] !== icsWeekdays[isoWeekday(first) - 1]) return null;
  // "-1" (the last) matches only a start on a 5th weekday: a start on a 4th that is also the last would repeat on 4ths here.
  return Number(match[1]) === weekdayRankOf(first) ? 'MONTHLY_WEEKDAY' : null;
}

function repetitionOf(component: ICAL.Component, startsAt: Date): { recurrence: RecurrenceFrequency | null; until: string | null } {
  const rule = component.getFirstPropertyValue('rrule') as ICAL.Recur | null;
  if (!rule) return { recurrence: null, until: null };
  if ((rule.interval ?? 1) !== 1) return { recurrence: null, until: null };
  const first = parisDateOf(startsAt);
  let freq: RecurrenceFrequency | null = null;
  if (rule.freq === 'DAILY' || rule.freq === 'WEEKLY') freq = rule.freq;
  else if (rule.freq === 'MONTHLY') freq = monthlyFrequencyOf(rule, first);
  if (!freq) return { recurrence: null, until: null };
  const latest = addDays(first, MAX_RECURRENCE_DAYS);
  let until: string | null = null;
  if (rule.until) until = parisDateOf(rule.until.toJSDate());
  else if (rule.count) {
    // The day of the count-th occurrence (within the span: past it the series is cut anyway).
    let n = 0;
    for (const day of occurrenceDays(first, freq, latest)) {
      until = day;
      n += 1;
      if (n >= rule.count) break;
    }
  }
  // A repetition without end, or beyond a year, is cut at a year: the agenda keeps no endless series.
  if (!until || until > latest) until = latest;
  if (until < first) return { recurrence: null, until: null };
  return { recurrence: freq, until };
}
