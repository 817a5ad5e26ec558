import type { Calendar, CalendarEvent, CalendarInput, CalendarList, DayOff, EventInput, IcalFeed, IcsImportResult, OccurrenceList, OccurrenceQuery } from '@preau/contracts';
import { type Actor, authorize, type CalendarRelation, can, isPublisherOf, type Resource } from '../../platform/authorization.ts';
import { cleanDisplayText } from '../../platform/display-text.ts';
import { AppError } from '../../platform/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import type { IncomingFile } from '../../platform/storage/uploads.ts';
import { hashToken, newToken } from '../../platform/tokens.ts';
import { loadActorOf } from '../timetable/ical-actor.ts';
import { calendarOf } from '../timetable/timetable-context.ts';
import { addDays, daysBetween, parisToUtc } from '../timetable/dates.ts';
import type { ReaderScope } from '../news/news.repository.ts';
import * as repo from './agenda.repository.ts';
import { IcsError, IcsTooLarge, parseIcs, renderIcs } from './ics.ts';
import { lastEndOf, MAX_RECURRENCE_DAYS, occurrencesIn, parisDateOf } from './recurrence.ts';

/**
 * Agenda (issue 16, entcore's calendar as the anchor, STANDARDS.md §12.3).
 * Everyone has a personal calendar; a structure, a class or a group may have
 * shared ones. Rights follow the actualités: the structure's publishers (head,
 * admins) manage its shared calendars, teachers contribute to their classes'
 * and groups', members (and parents of member students) read.
 */

export const MAX_ICS_BYTES = 2 * 1024 * 1024;
const MAX_RANGE_DAYS = 100;
const MAX_OCCURRENCES = 1000;

function readerOf(platform: Platform, actor: Actor): ReaderScope {
  return { accountId: actor.accountId, profile: actor.profile, structureIds: actor.structureIds, schoolYear: platform.schoolYear() };
}

async function relationTo(platform: Platform, actor: Actor, calendar: repo.CalendarRow): Promise<CalendarRelation> {
  switch (calendar.kind) {
    case 'PERSONAL':
      return calendar.owner_id === actor.accountId ? 'owner' : 'none';
    case 'STRUCTURE':
      return calendar.structure_id && actor.structureIds.includes(calendar.structure_id) ? 'member' : 'none';
    default:
      return repo.findTargetLink(platform.database.db, readerOf(platform, actor), calendar.kind, calendar.target_id!);
  }
}

function resourceOf(calendar: repo.CalendarRow, relation: CalendarRelation): Resource {
  return { type: 'calendar', structureId: calendar.structure_id, collectiviteId: calendar.collectivite_id, relation };
}

async function loadCalendar(platform: Platform, actor: Actor, id: string, action: 'calendar.read' | 'calendar.contribute' | 'calendar.manage') {
  const calendar = await repo.getCalendar(platform.database.db, id);
  if (!calendar) throw new AppError('NOT_FOUND');
  const resource = resourceOf(calendar, await relationTo(platform, actor, calendar));
  authorize(actor, action, resource);
  return { calendar, resource };
}

function rightOf(actor: Actor, resource: Resource): Calendar['right'] {
  if (can(actor, 'calendar.manage', resource)) return 'manage';
  if (can(actor, 'calendar.contribute', resource)) return 'contribute';
  return 'read';
}

/** The actor's calendars (his personal one is made on first use). */
export async function listCalendars(platform: Platform, actor: Actor): Promise<CalendarList> {
  authorize(actor, 'app.use', { type: 'app', id: 'agenda' });
  const db = platform.database.db;
  await repo.ensurePersonalCalendar(db, actor.accountId, { title: 'Mon agenda', color: '#2a6fdb' });
  const managed = [...new Set([...actor.admlStructureIds, ...actor.structureIds])];
  const rows = await repo.findReadableCalendars(db, readerOf(platform, actor), managed.filter((id) => actor.admlStructureIds.includes(id) || (actor.profile === 'PERSONNEL' && actor.staffFunction === 'DIR')));
  const names = await repo.findTargetNames(db, rows.map((r) => r.target_id ?? r.structure_id).filter((id): id is string => id !== null));
  const items: Calendar[] = [];
  for (const row of rows) {
    const resource = resourceOf(row, await relationTo(platform, actor, row));
    if (!can(actor, 'calendar.read', resource)) continue;
    items.push({ id: row.id, kind: row.kind, title: row.title, color: row.color, ownerName: names.get(row.target_id ?? row.structure_id ?? '') ?? null, right: rightOf(actor, resource) });
  }
  return { items };
}

/** A personal calendar, or a shared one of a structure (its publishers), class or group (their teachers too). */
export async function createCalendar(platform: Platform, actor: Actor, input: CalendarInput): Promise<Calendar> {
  authorize(actor, 'app.use', { type: 'app', id: 'agenda' });
  const db = platform.database.db;
  const title = cleanDisplayText(input.title);
  if (!title) throw new AppError('VALIDATION_FAILED', { fields: { title: 'empty' } });
  if (!input.owner) {
    const { id } = await repo.insertCalendar(db, { kind: 'PERSONAL', ownerId: actor.accountId, structureId: null, targetId: null, title, color: input.color, createdBy: actor.accountId });
    return { id, kind: 'PERSONAL', title, color: input.color, ownerName: null, right: 'manage' };
  }
  const target = await repo.findOwnerTarget(db, input.owner.kind, input.owner.id, platform.schoolYear());
  if (!target) throw new AppError('NOT_FOUND');
  let relation: CalendarRelation = 'none';
  if (input.owner.kind === 'STRUCTURE') relation = actor.structureIds.includes(target.structure_id) ? 'member' : 'none';
  else relation = await repo.findTargetLink(db, readerOf(platform, actor), input.owner.kind, input.owner.id);
  const resource: Resource = { type: 'calendar', structureId: target.structure_id, collectiviteId: target.collectivite_id, relation };
  authorize(actor, input.owner.kind === 'STRUCTURE' ? 'calendar.manage' : 'calendar.contribute', resource);
  const { id } = await repo.insertCalendar(db, {
    kind: input.owner.kind,
    ownerId: null,
    structureId: target.structure_id,
    targetId: input.owner.kind === 'STRUCTURE' ? target.structure_id : input.owner.id,
    title,
    color: input.color,
    createdBy: actor.accountId,
  });
  return { id, kind: input.owner.kind, title, color: input.color, ownerName: target.name, right: rightOf(actor, resource) };
}

/** The checked values of an event: ends after it starts, repeats within a year. */
function valuesOf(input: EventInput, icsUid: string | null = null): repo.EventValues {
  let startsAt = new Date(input.startsAt);
  let endsAt = new Date(input.endsAt);
  if (input.allDay) {
    // An all-day event covers whole Paris days: from the first day's midnight to the day after the last.
    const first = parisDateOf(startsAt);
    const last = parisDateOf(new Date(Math.max(startsAt.getTime(), endsAt.getTime() - 1)));
    startsAt = parisToUtc(first, 0);
    endsAt = parisToUtc(addDays(last, 1), 0);
  }
  if (!(endsAt > startsAt)) throw new AppError('AGENDA_EVENT_DATES_INVALID', { fields: { endsAt: 'beforeStart' } });
  const recurrence = input.recurrence;
  if (recurrence) {
    const first = parisDateOf(startsAt);
    if (recurrence.until < first) throw new AppError('AGENDA_EVENT_DATES_INVALID', { fields: { 'recurrence.until': 'beforeStart' } });
    if (daysBetween(first, recurrence.until) > MAX_RECURRENCE_DAYS) throw new AppError('AGENDA_RECURRENCE_TOO_LONG', { fields: { 'recurrence.until': 'tooLong' } });
  }
  const title = cleanDisplayText(input.title);
  if (!title) throw new AppError('VALIDATION_FAILED', { fields: { title: 'empty' } });
  const base = { startsAt, endsAt, recurrence: recurrence?.frequency ?? null, until: recurrence?.until ?? null };
  return {
    title,
    description: input.description,
    location: cleanDisplayText(input.location),
    startsAt,
    endsAt,
    allDay: input.allDay,
    recurrence: base.recurrence,
    recurrenceUntil: base.until,
    lastEndsAt: lastEndOf(base),
    icsUid,
  };
}

function presentEvent(row: repo.EventRow, canEdit: boolean): CalendarEvent {
  return {
    id: row.id,
    calendarId: row.calendar_id,
    title: row.title,
    startsAt: new Date(row.starts_at).toISOString(),
    endsAt: new Date(row.ends_at).toISOString(),
    allDay: row.all_day,
    location: row.location,
    description: row.description,
    recurrence: row.recurrence && row.recurrence_until ? { frequency: row.recurrence, until: row.recurrence_until } : null,
    canEdit,
  };
}

export async function createEvent(platform: Platform, actor: Actor, calendarId: string, input: EventInput): Promise<CalendarEvent> {
  await loadCalendar(platform, actor, calendarId, 'calendar.contribute');
  const db = platform.database.db;
  const { id } = await repo.insertEvent(db, calendarId, valuesOf(input), actor.accountId);
  return presentEvent((await repo.getEvent(db, id))!, true);
}

async function loadEvent(platform: Platform, actor: Actor, id: string, action: 'calendar.read' | 'calendar.contribute') {
  const event = await repo.getEvent(platform.database.db, id);
  if (!event) throw new AppError('NOT_FOUND');
  const { resource } = await loadCalendar(platform, actor, event.calendar_id, action);
  return { event, resource };
}

export async function getEvent(platform: Platform, actor: Actor, id: string): Promise<CalendarEvent> {
  const { event, resource } = await loadEvent(platform, actor, id, 'calendar.read');
  return presentEvent(event, can(actor, 'calendar.contribute', resource));
}

export async function updateEvent(platform: Platform, actor: Actor, id: string, input: EventInput): Promise<CalendarEvent> {
  const { event } = await loadEvent(platform, actor, id, 'calendar.contribute');
  const db = platform.database.db;
  await repo.updateEvent(db, event.calendar_id, id, valuesOf(input, event.ics_uid), new Date(platform.now()));
  return presentEvent((await repo.getEvent(db, id))!, true);
}

export async function deleteEvent(platform: Platform, actor: Actor, id: string): Promise<void> {
  const { event } = await loadEvent(platform, actor, id, 'calendar.contribute');
  await repo.deleteEvent(platform.database.db, event.calendar_id, id);
}

/** The occurrences of the actor's calendars (or some of them) in a range of Paris days, for the day, week, month and list views. */
export async function listOccurrences(platform: Platform, actor: Actor, query: OccurrenceQuery): Promise<OccurrenceList> {
  if (query.to < query.from) throw new AppError('VALIDATION_FAILED', { fields: { to: 'beforeFrom' } });
  if (daysBetween(query.from, query.to) > MAX_RANGE_DAYS) throw new AppError('AGENDA_RANGE_TOO_LONG');
  const readable = (await listCalendars(platform, actor)).items.map((c) => c.id);
  const wanted = query.calendars ? new Set(query.calendars.split(',')) : null;
  const ids = wanted ? readable.filter((id) => wanted.has(id)) : readable;
  const from = parisToUtc(query.from, 0);
  const to = parisToUtc(addDays(query.to, 1), 0);
  const events = await repo.findEventsInRange(platform.database.db, ids, from, to, MAX_OCCURRENCES);
  const items: OccurrenceList['items'] = [];
  for (const e of events) {
    const occurrences = occurrencesIn({ startsAt: new Date(e.starts_at), endsAt: new Date(e.ends_at), recurrence: e.recurrence, until: e.recurrence_until }, from, to);
    for (const o of occurrences) {
      items.push({
        eventId: e.id,
        calendarId: e.calendar_id,
        title: e.title,
        startsAt: o.startsAt.toISOString(),
        endsAt: o.endsAt.toISOString(),
        allDay: e.all_day,
        location: e.location,
        recurring: e.recurrence !== null,
      });
    }
  }
  items.sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.eventId.localeCompare(b.eventId));
  return {
    items: items.slice(0, MAX_OCCURRENCES),
    truncated: events.length >= MAX_OCCURRENCES || items.length > MAX_OCCURRENCES,
    daysOff: await daysOffIn(platform, actor, query.from, query.to),
  };
}

/** The school year a Paris day falls in, named by its start year (from August, as the built-in calendars). */
function schoolYearOfDay(day: string): number {
  const year = Number(day.slice(0, 4));
  return Number(day.slice(5, 7)) >= 8 ? year : year - 1;
}

/**
 * The holidays and public holidays overlapping a range of days, from the
 * school calendar the timetable uses for the caller's structure (its zone,
 * or its own dates when it set them). A parent or teacher of several
 * structures sees his first one's: zones rarely differ within a family's
 * or a teacher's schools, and one band per day stays readable.
 */
async function daysOffIn(platform: Platform, actor: Actor, from: string, to: string): Promise<DayOff[]> {
  const structureId = actor.structureIds[0];
  if (!structureId) return [];
  const out = new Map<string, DayOff>();
  for (const year of new Set([schoolYearOfDay(from), schoolYearOfDay(to)])) {
    const calendar = await calendarOf(platform, platform.database.db, structureId, year);
    for (const h of calendar.holidays) if (h.from <= to && h.until > from) out.set(`${h.from}|${h.label}`, { from: h.from, until: h.until, label: h.label });
    for (const d of calendar.publicHolidays) if (d.date >= from && d.date <= to) out.set(`${d.date}|${d.label}`, { from: d.date, until: addDays(d.date, 1), label: d.label });
  }
  return [...out.values()].sort((a, b) => a.from.localeCompare(b.from));
}

/** The calendar as an .ics file (whoever reads it). */
export async function exportCalendar(platform: Platform, actor: Actor, calendarId: string) {
  const { calendar } = await loadCalendar(platform, actor, calendarId, 'calendar.read');
  return renderCalendarFile(platform, calendar);
}

async function renderCalendarFile(platform: Platform, calendar: repo.CalendarRow) {
  const calendarId = calendar.id;
  const events = await repo.findEventsOf(platform.database.db, calendarId, 5000);
  const ics = renderIcs({
    name: calendar.title,
    host: new URL(platform.config.publicUrl).host,
    now: new Date(platform.now()),
    events: events.map((e) => ({
      uid: e.ics_uid ?? e.id,
      title: e.title,
      description: e.description,
      location: e.location,
      startsAt: new Date(e.starts_at),
      endsAt: new Date(e.ends_at),
      allDay: e.all_day,
      recurrence: e.recurrence,
      until: e.recurrence_until,
    })),
  });
  const safeName = calendar.title.normalize('NFD').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'agenda';
  return { fileName: `${safeName}.ics`, ics };
}

async function readAll(file: IncomingFile, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of file.file) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      file.file.resume();
      throw new AppError('AGENDA_ICS_TOO_LARGE');
    }
    chunks.push(chunk as Buffer);
  }
  if (file.file.truncated) throw new AppError('AGENDA_ICS_TOO_LARGE');
  return Buffer.concat(chunks);
}

/**
 * Imports an .ics file into a calendar the actor manages (his own): all its
 * events or none. Events keep their UID, so importing the same file again
 * updates them instead of doubling them.
 */
export async function importCalendar(platform: Platform, actor: Actor, calendarId: string, file: IncomingFile): Promise<IcsImportResult> {
  try {
    await loadCalendar(platform, actor, calendarId, 'calendar.manage');
  } catch (error) {
    file.file.resume();
    throw error;
  }
  const text = (await readAll(file, MAX_ICS_BYTES)).toString('utf8');
  let events;
  try {
    events = parseIcs(text, (i) => `import-${i}`);
  } catch (error) {
    if (error instanceof IcsTooLarge) throw new AppError('AGENDA_ICS_TOO_LARGE');
    if (error instanceof IcsError) throw new AppError('AGENDA_ICS_INVALID');
    throw error;
  }
  const now = new Date(platform.now());
  let created = 0;
  let updated = 0;
  await platform.database.db.transaction().execute(async (trx) => {
    for (const e of events) {
      const values = valuesOf(
        {
          title: e.title,
          startsAt: e.startsAt.toISOString(),
          endsAt: e.endsAt.toISOString(),
          allDay: e.allDay,
          location: e.location,
          description: e.description,
          recurrence: e.recurrence && e.until ? { frequency: e.recurrence, until: e.until } : null,
        },
        e.uid,
      );
      if (await repo.upsertImportedEvent(trx, calendarId, { ...values, icsUid: e.uid }, actor.accountId, now)) created += 1;
      else updated += 1;
    }
  });
  return { created, updated };
}

// ---------------------------------------------------------------- iCalendar subscriptions

function feedUrl(platform: Platform, token: string): string {
  return `${platform.config.publicUrl}/agenda-ical/${token}.ics`;
}

/** Whether the actor has a subscription URL for the calendar (the URL itself is shown only when made). */
export async function getCalendarFeed(platform: Platform, actor: Actor, calendarId: string): Promise<IcalFeed> {
  await loadCalendar(platform, actor, calendarId, 'calendar.read');
  const row = await repo.getFeedOf(platform.database.db, actor.accountId, calendarId);
  return { url: null, createdAt: row ? new Date(row.created_at).toISOString() : null };
}

/** Makes (or replaces) the actor's secret subscription URL of a calendar he reads, and shows it this once. */
export async function createCalendarFeed(platform: Platform, actor: Actor, calendarId: string): Promise<IcalFeed> {
  await loadCalendar(platform, actor, calendarId, 'calendar.read');
  const token = newToken();
  const now = new Date(platform.now());
  await repo.saveFeed(platform.database.db, actor.accountId, calendarId, hashToken(token), now);
  return { url: feedUrl(platform, token), createdAt: now.toISOString() };
}

/** Revokes the actor's subscription URL of a calendar: calendar apps stop receiving it at their next fetch. */
export async function revokeCalendarFeed(platform: Platform, actor: Actor, calendarId: string): Promise<void> {
  await loadCalendar(platform, actor, calendarId, 'calendar.read');
  await repo.deleteFeed(platform.database.db, actor.accountId, calendarId);
}

/**
 * The .ics behind a subscription URL. The account's right to read the
 * calendar is checked again at each fetch: a student who left the class, a
 * blocked account, a deleted calendar get NOT_FOUND, like an unknown token.
 */
export async function renderCalendarFeed(platform: Platform, token: string): Promise<{ fileName: string; ics: string }> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new AppError('NOT_FOUND');
  const feed = await repo.findFeedByHash(platform.database.db, hashToken(token));
  if (!feed) throw new AppError('NOT_FOUND');
  const actor = await loadActorOf(platform, feed.account_id);
  if (!actor) throw new AppError('NOT_FOUND');
  const calendar = await repo.getCalendar(platform.database.db, feed.calendar_id);
  if (!calendar || !can(actor, 'calendar.read', resourceOf(calendar, await relationTo(platform, actor, calendar)))) throw new AppError('NOT_FOUND');
  return renderCalendarFile(platform, calendar);
}
