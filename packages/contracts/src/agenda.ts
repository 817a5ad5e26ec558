import { z } from 'zod';

/** Agenda (issue 16): personal and shared calendars (structure, class, group) and their events. */

export const calendarKinds = ['PERSONAL', 'STRUCTURE', 'CLASS', 'GROUP'] as const;
export const CalendarKind = z.enum(calendarKinds);
export type CalendarKind = z.infer<typeof CalendarKind>;

/** What the caller may do with a calendar (entcore: Lire, Contribuer, Gérer). */
export const CalendarRight = z.enum(['read', 'contribute', 'manage']);
export type CalendarRight = z.infer<typeof CalendarRight>;

export const Calendar = z.object({
  id: z.uuid(),
  kind: CalendarKind,
  title: z.string(),
  color: z.string(),
  /** The structure, class or group it belongs to (null for a personal one). */
  ownerName: z.string().nullable(),
  right: CalendarRight,
});
export type Calendar = z.infer<typeof Calendar>;
export const CalendarList = z.object({ items: z.array(Calendar) });
export type CalendarList = z.infer<typeof CalendarList>;

const color = z.string().regex(/^#[0-9a-fA-F]{6}$/);

export const CalendarInput = z.strictObject({
  title: z.string().trim().min(1).max(100),
  color: color.default('#2a6fdb'),
  /** A shared calendar of a structure, class or group; a personal one when absent. */
  owner: z.strictObject({ kind: z.enum(['STRUCTURE', 'CLASS', 'GROUP']), id: z.uuid() }).optional(),
});
export type CalendarInput = z.infer<typeof CalendarInput>;

/**
 * MONTHLY repeats on the first occurrence's day of the month (a month without
 * that day, such as 31 in April, is skipped, as RFC 5545 does); MONTHLY_WEEKDAY
 * on its weekday of the same rank ("the 2nd Tuesday"), the 5th one meaning
 * "the last" since most months have only four.
 */
export const recurrenceFrequencies = ['DAILY', 'WEEKLY', 'MONTHLY', 'MONTHLY_WEEKDAY'] as const;
export const RecurrenceFrequency = z.enum(recurrenceFrequencies);
export type RecurrenceFrequency = z.infer<typeof RecurrenceFrequency>;
export const Recurrence = z.strictObject({
  frequency: RecurrenceFrequency,
  /** Last day an occurrence may start on (Paris time); at most a year after the first. */
  until: z.iso.date(),
});
export type Recurrence = z.infer<typeof Recurrence>;

export const EventInput = z.strictObject({
  title: z.string().trim().min(1).max(200),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  allDay: z.boolean().default(false),
  location: z.string().trim().max(200).default(''),
  description: z.string().trim().max(5000).default(''),
  recurrence: Recurrence.nullable().default(null),
});
export type EventInput = z.infer<typeof EventInput>;

export const CalendarEvent = z.object({
  id: z.uuid(),
  calendarId: z.uuid(),
  title: z.string(),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  allDay: z.boolean(),
  location: z.string(),
  description: z.string(),
  recurrence: Recurrence.nullable(),
  canEdit: z.boolean(),
});
export type CalendarEvent = z.infer<typeof CalendarEvent>;

/** One occurrence of an event in a range (a recurring event gives several). */
export const EventOccurrence = z.object({
  eventId: z.uuid(),
  calendarId: z.uuid(),
  title: z.string(),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  allDay: z.boolean(),
  location: z.string(),
  recurring: z.boolean(),
});
export type EventOccurrence = z.infer<typeof EventOccurrence>;

export const OccurrenceQuery = z.strictObject({
  from: z.iso.date(),
  to: z.iso.date(),
  /** Some of the caller's calendars only (comma-separated ids); all of them when absent. */
  calendars: z.string().max(2000).optional(),
});
export type OccurrenceQuery = z.infer<typeof OccurrenceQuery>;

/** A period without class of the caller's school calendar (holidays of his structure's zone, public holidays): `until` excluded. */
export const DayOff = z.object({ from: z.iso.date(), until: z.iso.date(), label: z.string() });
export type DayOff = z.infer<typeof DayOff>;

export const OccurrenceList = z.object({
  items: z.array(EventOccurrence),
  truncated: z.boolean(),
  /** The school calendar over the range, shown in every view (empty for an account without a structure). */
  daysOff: z.array(DayOff),
});
export type OccurrenceList = z.infer<typeof OccurrenceList>;

export const IcsImportResult = z.object({ created: z.number().int(), updated: z.number().int() });
export type IcsImportResult = z.infer<typeof IcsImportResult>;

export const CalendarEventParams = z.strictObject({ id: z.uuid() });
