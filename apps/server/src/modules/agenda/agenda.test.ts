import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createClass, createSchool, grantAdmin, uniqueSuffix } from '../../../test/factories.ts';
import { type AuthHeaders, sessionsOn } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import { occurrencesIn, parisDateOf, type RecurringEvent } from './recurrence.ts';

/** Agenda: who reads and writes which calendar; recurring events; .ics export read by ical.js and import. */

let ctx: TestContext;
let a: Awaited<ReturnType<typeof createSchool>>;
let b: Awaited<ReturnType<typeof createSchool>>;
let people: Record<string, { id: string; login: string }>;
const as = sessionsOn(() => ctx.app);

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.platform.database.db;
  a = await createSchool(db);
  b = await createSchool(db);
  const otherClass = await createClass(db, a.structure.id);
  const neighbour = await createAccount(db, { profile: 'ELEVE', firstName: 'Hugo', structureIds: [a.structure.id], classId: otherClass.id });
  const admcC2 = await createAccount(db, { profile: 'COLLECTIVITE' });
  await grantAdmin(db, admcC2.id, { admc: b.structure.collectivite_id });
  people = { teacher: a.teacher, student: a.student, parent: a.parent, neighbour, staff: a.staff, adml: a.adml, admc: a.admc, otherStructure: b.student, admlS2: b.adml, admcC2 };
});
afterAll(async () => {
  await ctx?.close();
});

function call(method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, auth: AuthHeaders, payload?: object) {
  return ctx.app.inject({ method, url: `/api/v1${url}`, headers: { ...auth }, ...(payload ? { payload } : {}) });
}

const event = (overrides: Record<string, unknown> = {}) => ({
  title: 'Conseil de classe',
  startsAt: '2026-12-14T17:00:00+01:00',
  endsAt: '2026-12-14T18:30:00+01:00',
  location: 'Salle B12',
  description: 'Troisième trimestre',
  ...overrides,
});

async function classCalendar() {
  const response = await call('POST', '/agenda/calendars', await as(people.teacher!), { title: `Agenda de la classe ${uniqueSuffix()}`, owner: { kind: 'CLASS', id: a.schoolClass.id } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; right: string };
}

describe('access to calendars (table of actors)', () => {
  it('a class calendar: its teacher writes, its students and their parents read, nobody else', async () => {
    const calendar = await classCalendar();
    expect(calendar.right).toBe('contribute');
    // [who, read its events, add an event, export]
    const table: [string, number, number, number][] = [
      ['teacher', 200, 201, 200],
      ['student', 200, 403, 200],
      ['parent', 200, 403, 200],
      ['staff', 200, 403, 200],
      ['adml', 200, 201, 200],
      ['admc', 200, 201, 200],
      ['neighbour', 404, 404, 404],
      ['otherStructure', 404, 404, 404],
      ['admlS2', 404, 404, 404],
      ['admcC2', 404, 404, 404],
    ];
    const created = await call('POST', `/agenda/calendars/${calendar.id}/events`, await as(people.teacher!), event());
    const eventId = (created.json() as { id: string }).id;
    const outcome: typeof table = [];
    for (const [who] of table) {
      const auth = await as(people[who]!);
      outcome.push([
        who,
        (await call('GET', `/agenda/events/${eventId}`, auth)).statusCode,
        (await call('POST', `/agenda/calendars/${calendar.id}/events`, auth, event({ title: `Par ${who}` }))).statusCode,
        (await call('GET', `/agenda/calendars/${calendar.id}/export.ics`, auth)).statusCode,
      ]);
    }
    expect(outcome).toEqual(table);
    // Changing or deleting an event: contributors only.
    expect((await call('PUT', `/agenda/events/${eventId}`, await as(people.student!), event({ title: 'Annulé' }))).statusCode).toBe(403);
    expect((await call('DELETE', `/agenda/events/${eventId}`, await as(people.neighbour!))).statusCode).toBe(404);
    expect((await call('PUT', `/agenda/events/${eventId}`, await as(people.teacher!), event({ title: 'Conseil de classe (avancé)' }))).json()).toMatchObject({ title: 'Conseil de classe (avancé)' });
  });

  it('a personal calendar is its owner’s only, admins included', async () => {
    const mine = (await call('GET', '/agenda/calendars', await as(people.student!))).json() as { items: { id: string; kind: string; right: string }[] };
    const personal = mine.items.find((c) => c.kind === 'PERSONAL')!;
    expect(personal.right).toBe('manage');
    const added = await call('POST', `/agenda/calendars/${personal.id}/events`, await as(people.student!), event({ title: 'Dentiste' }));
    expect(added.statusCode).toBe(201);
    for (const who of ['parent', 'teacher', 'neighbour', 'adml', 'admc', 'admcC2']) {
      expect((await call('GET', `/agenda/calendars/${personal.id}/export.ics`, await as(people[who]!))).statusCode, who).toBe(404);
      expect((await call('GET', `/agenda/events/${(added.json() as { id: string }).id}`, await as(people[who]!))).statusCode, who).toBe(404);
    }
  });

  it('a first visit makes one personal calendar, even when two pages ask at once', async () => {
    const newcomer = await createAccount(ctx.platform.database.db, { profile: 'ELEVE', structureIds: [a.structure.id] });
    const auth = await as(newcomer);
    await Promise.all([call('GET', '/agenda/calendars', auth), call('GET', '/agenda/calendars', auth), call('GET', '/agenda/occurrences?from=2026-12-01&to=2026-12-07', auth)]);
    const personal = await ctx.platform.database.db.selectFrom('calendars').select('id').where('owner_id', '=', newcomer.id).execute();
    expect(personal).toHaveLength(1);
  });

  it('a structure calendar is made by its publishers, read by its members', async () => {
    const body = { title: 'Vie du collège', owner: { kind: 'STRUCTURE', id: a.structure.id } };
    expect((await call('POST', '/agenda/calendars', await as(people.teacher!), body)).statusCode).toBe(403);
    expect((await call('POST', '/agenda/calendars', await as(people.admlS2!), body)).statusCode).toBe(404);
    const made = await call('POST', '/agenda/calendars', await as(people.adml!), body);
    expect(made.statusCode).toBe(201);
    const id = (made.json() as { id: string }).id;
    const listed = async (who: string) => ((await call('GET', '/agenda/calendars', await as(people[who]!))).json() as { items: { id: string }[] }).items.map((c) => c.id);
    expect(await listed('neighbour')).toContain(id);
    expect(await listed('teacher')).toContain(id);
    expect(await listed('otherStructure')).not.toContain(id);
    expect((await call('POST', '/agenda/calendars', await as(people.student!), { title: 'Pirate', owner: { kind: 'CLASS', id: a.schoolClass.id } })).statusCode).toBe(403);
  });
});

describe('views', () => {
  it('a weekly event repeats until its end, at the same Paris time across the winter change', async () => {
    const calendar = await classCalendar();
    const created = await call('POST', `/agenda/calendars/${calendar.id}/events`, await as(people.teacher!), event({
      title: 'Club théâtre',
      startsAt: '2026-10-14T16:00:00+02:00',
      endsAt: '2026-10-14T17:00:00+02:00',
      recurrence: { frequency: 'WEEKLY', until: '2026-11-04' },
    }));
    expect(created.statusCode, created.body).toBe(201);
    const list = await call('GET', `/agenda/occurrences?from=2026-10-01&to=2026-11-30&calendars=${calendar.id}`, await as(people.student!));
    const starts = (list.json() as { items: { startsAt: string; title: string }[] }).items.filter((o) => o.title === 'Club théâtre').map((o) => o.startsAt);
    // 16:00 in Paris: UTC+2 in October, UTC+1 from 25 October.
    expect(starts).toEqual(['2026-10-14T14:00:00.000Z', '2026-10-21T14:00:00.000Z', '2026-10-28T15:00:00.000Z', '2026-11-04T15:00:00.000Z']);
    const outsider = (await call('GET', `/agenda/occurrences?from=2026-10-01&to=2026-11-30&calendars=${calendar.id}`, await as(people.neighbour!))).json() as { items: unknown[] };
    expect(outsider.items).toEqual([]);
  });

  it('every view carries the school calendar of the reader’s structure: its holidays and public holidays over the range', async () => {
    const list = (await call('GET', '/agenda/occurrences?from=2026-11-01&to=2026-12-31', await as(people.student!))).json() as { daysOff: { from: string; until: string; label: string }[] };
    expect(list.daysOff).toContainEqual({ from: '2026-11-11', until: '2026-11-12', label: 'Armistice 1918' });
    expect(list.daysOff).toContainEqual({ from: '2026-12-19', until: '2027-01-04', label: 'Vacances de Noël' });
    // Only what overlaps the range: the Toussaint holidays end on 2 November in the morning.
    expect(list.daysOff.every((d) => d.until > '2026-11-01' && d.from <= '2026-12-31')).toBe(true);
    // A structure that set its own dates (timetable settings) shows them in the agenda.
    await call('PUT', `/timetable/structures/${a.structure.id}/settings`, await as(people.adml!), {
      calendar: { firstDay: '2026-09-01', lastDay: '2027-07-02', holidays: [{ from: '2026-12-21', until: '2027-01-05', label: 'Vacances de fin d’année' }] },
    });
    const own = (await call('GET', '/agenda/occurrences?from=2026-12-01&to=2026-12-31', await as(people.parent!))).json() as { daysOff: { label: string }[] };
    expect(own.daysOff.map((d) => d.label)).toContain('Vacances de fin d’année');
    expect(own.daysOff.map((d) => d.label)).not.toContain('Vacances de Noël');
    await call('PUT', `/timetable/structures/${a.structure.id}/settings`, await as(people.adml!), { calendar: null });
  });

  it('occurrences are cut to the range', () => {
    const occurrences = occurrencesIn(
      { startsAt: new Date('2026-09-01T06:00:00Z'), endsAt: new Date('2026-09-01T07:00:00Z'), recurrence: 'DAILY', until: '2027-06-30' },
      new Date('2027-01-10T00:00:00Z'),
      new Date('2027-01-12T00:00:00Z'),
    );
    // 08:00 in Paris: 06:00 UTC in September (summer time), 07:00 UTC in January.
    expect(occurrences.map((o) => o.startsAt.toISOString())).toEqual(['2027-01-10T07:00:00.000Z', '2027-01-11T07:00:00.000Z']);
  });
});

describe('monthly repetitions', () => {
  const days = (e: RecurringEvent, from: string, to: string) => occurrencesIn(e, new Date(`${from}T00:00:00Z`), new Date(`${to}T00:00:00Z`)).map((o) => o.startsAt.toISOString().slice(0, 10));

  it('on a day of the month, skipping the months without it; on "the 2nd Tuesday"; a 5th Friday means the last', () => {
    const at = (date: string, recurrence: RecurringEvent['recurrence'], until: string): RecurringEvent => ({
      startsAt: new Date(`${date}T09:00:00Z`),
      endsAt: new Date(`${date}T10:00:00Z`),
      recurrence,
      until,
    });
    expect(days(at('2027-01-31', 'MONTHLY', '2027-06-30'), '2027-01-01', '2027-07-01')).toEqual(['2027-01-31', '2027-03-31', '2027-05-31']);
    expect(days(at('2026-09-08', 'MONTHLY_WEEKDAY', '2026-12-31'), '2026-09-01', '2027-01-01')).toEqual(['2026-09-08', '2026-10-13', '2026-11-10', '2026-12-08']);
    expect(days(at('2027-01-29', 'MONTHLY_WEEKDAY', '2027-04-30'), '2027-01-01', '2027-05-01')).toEqual(['2027-01-29', '2027-02-26', '2027-03-26', '2027-04-30']);
    // Cut to the range, and ending on `until` included.
    expect(days(at('2026-09-08', 'MONTHLY_WEEKDAY', '2026-11-10'), '2026-10-20', '2027-01-01')).toEqual(['2026-11-10']);
  });

  it('the .ics export repeats on the same days for ical.js (Mozilla’s parser) as in the agenda', async () => {
    const calendar = await classCalendar();
    const auth = await as(people.teacher!);
    const cases = [
      { title: 'Le 31', startsAt: '2027-01-31T10:00:00+01:00', endsAt: '2027-01-31T11:00:00+01:00', recurrence: { frequency: 'MONTHLY', until: '2027-12-31' } },
      { title: 'Deuxième mardi', startsAt: '2026-09-08T17:30:00+02:00', endsAt: '2026-09-08T19:00:00+02:00', recurrence: { frequency: 'MONTHLY_WEEKDAY', until: '2027-06-30' } },
      { title: 'Dernier vendredi', startsAt: '2027-01-29T12:00:00+01:00', endsAt: '2027-01-29T13:00:00+01:00', recurrence: { frequency: 'MONTHLY_WEEKDAY', until: '2027-12-31' } },
      { title: 'Journée du 15', allDay: true, startsAt: '2026-09-15T00:00:00+02:00', endsAt: '2026-09-16T00:00:00+02:00', recurrence: { frequency: 'MONTHLY', until: '2027-08-15' } },
    ];
    const mine = new Map<string, string[]>();
    for (const c of cases) {
      const created = await call('POST', `/agenda/calendars/${calendar.id}/events`, auth, event(c));
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json().recurrence).toEqual(c.recurrence);
      const row = await ctx.platform.database.db.selectFrom('calendar_events').selectAll().where('id', '=', created.json().id).executeTakeFirstOrThrow();
      const occurrences = occurrencesIn({ startsAt: row.starts_at, endsAt: row.ends_at, recurrence: row.recurrence, until: row.recurrence_until }, new Date('2026-01-01'), new Date('2028-12-31'));
      mine.set(c.title, occurrences.map((o) => (c.allDay ? parisDateOf(o.startsAt) : o.startsAt.toISOString())));
    }
    const response = await call('GET', `/agenda/calendars/${calendar.id}/export.ics`, await as(people.student!));
    const root = new ICAL.Component(ICAL.parse(response.body) as unknown as [string, unknown[], unknown[]]);
    for (const component of root.getAllSubcomponents('vevent')) {
      const e = new ICAL.Event(component);
      const iterator = e.iterator();
      const theirs: string[] = [];
      for (let next = iterator.next(); next; next = iterator.next()) theirs.push(next.isDate ? next.toString() : next.toJSDate().toISOString());
      expect([e.summary, theirs]).toEqual([e.summary, mine.get(e.summary)]);
    }
    expect(mine.get('Le 31')).toHaveLength(7);
    expect(mine.get('Deuxième mardi')![1]).toBe('2026-10-13T15:30:00.000Z');
    expect(mine.get('Journée du 15')).toHaveLength(12);
  });

  it('imports a monthly RRULE it can keep (BYMONTHDAY, BYDAY=2TU with COUNT); another one keeps its first occurrence', async () => {
    const mine = (await call('GET', '/agenda/calendars', await as(people.staff!))).json() as { items: { id: string; kind: string }[] };
    const personal = mine.items.find((c) => c.kind === 'PERSONAL')!;
    const vevent = (uid: string, start: string, rule: string) => ['BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20261201T080000Z', `DTSTART;TZID=Europe/Paris:${start}`, 'DURATION:PT1H', `RRULE:${rule}`, `SUMMARY:${uid}`, 'END:VEVENT'];
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Test//FR',
      ...vevent('conseil', '20261208T170000', 'FREQ=MONTHLY;BYDAY=2TU;COUNT=3'),
      ...vevent('loyer', '20261205T090000', 'FREQ=MONTHLY;UNTIL=20270305T235959Z'),
      ...vevent('deux-lundis', '20261207T090000', 'FREQ=MONTHLY;BYDAY=1MO,3MO;COUNT=6'),
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    const body = multipart('mensuel.ics', ics);
    const imported = await ctx.app.inject({ method: 'POST', url: `/api/v1/agenda/calendars/${personal.id}/import`, headers: { ...(await as(people.staff!)), 'content-type': body.contentType }, payload: body.payload });
    expect(imported.json()).toEqual({ created: 3, updated: 0 });
    const list = (await call('GET', `/agenda/occurrences?from=2026-12-01&to=2027-03-10&calendars=${personal.id}`, await as(people.staff!))).json() as { items: { title: string; startsAt: string }[] };
    const of = (title: string) => list.items.filter((o) => o.title === title).map((o) => o.startsAt.slice(0, 10));
    expect(of('conseil')).toEqual(['2026-12-08', '2027-01-12', '2027-02-09']);
    expect(of('loyer')).toEqual(['2026-12-05', '2027-01-05', '2027-02-05', '2027-03-05']);
    expect(of('deux-lundis')).toEqual(['2026-12-07']);
  });
});

describe('bad input', () => {
  it('refuses an end before the start, a repetition beyond a year, a range too long, with nothing written', async () => {
    const calendar = await classCalendar();
    const auth = await as(people.teacher!);
    const post = (body: object) => call('POST', `/agenda/calendars/${calendar.id}/events`, auth, body);
    expect((await post(event({ endsAt: '2026-12-14T16:00:00+01:00' }))).json().error.code).toBe('AGENDA_EVENT_DATES_INVALID');
    expect((await post(event({ recurrence: { frequency: 'DAILY', until: '2028-01-01' } }))).json().error.code).toBe('AGENDA_RECURRENCE_TOO_LONG');
    expect((await post(event({ recurrence: { frequency: 'YEARLY', until: '2027-01-01' } }))).json().error.code).toBe('VALIDATION_FAILED');
    expect((await post(event({ recurrence: { frequency: 'MONTHLY_WEEKDAY', until: '2027-12-20' } }))).json().error.code).toBe('AGENDA_RECURRENCE_TOO_LONG');
    expect((await post(event({ title: '   ' }))).json().error.code).toBe('VALIDATION_FAILED');
    expect((await call('GET', '/agenda/occurrences?from=2026-01-01&to=2026-12-31', auth)).json().error.code).toBe('AGENDA_RANGE_TOO_LONG');
    const events = await ctx.platform.database.db.selectFrom('calendar_events').select('id').where('calendar_id', '=', calendar.id).execute();
    expect(events).toEqual([]);
  });
});

function multipart(fileName: string, content: string) {
  const boundary = `----preau-agenda-${uniqueSuffix()}`;
  const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/calendar\r\n\r\n${content}\r\n--${boundary}--\r\n`;
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

describe('iCalendar', () => {
  it('exports a calendar that ical.js (Mozilla’s parser) reads back: times, all-day, repetition, escaped text', async () => {
    const calendar = await classCalendar();
    const auth = await as(people.teacher!);
    await call('POST', `/agenda/calendars/${calendar.id}/events`, auth, event({ title: 'Réunion; parents, professeurs', location: 'CDI' }));
    await call('POST', `/agenda/calendars/${calendar.id}/events`, auth, event({ title: 'Vacances', allDay: true, startsAt: '2026-12-19T00:00:00+01:00', endsAt: '2027-01-04T00:00:00+01:00' }));
    await call('POST', `/agenda/calendars/${calendar.id}/events`, auth, event({ title: 'Soutien', recurrence: { frequency: 'WEEKLY', until: '2027-01-25' } }));
    const response = await call('GET', `/agenda/calendars/${calendar.id}/export.ics`, await as(people.student!));
    expect(response.headers['content-type']).toContain('text/calendar');
    const root = new ICAL.Component(ICAL.parse(response.body) as unknown as [string, unknown[], unknown[]]);
    const events = root.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
    const byTitle = Object.fromEntries(events.map((e) => [e.summary, e]));
    expect(byTitle['Réunion; parents, professeurs']!.startDate.toJSDate().toISOString()).toBe('2026-12-14T16:00:00.000Z');
    expect(byTitle['Réunion; parents, professeurs']!.location).toBe('CDI');
    expect(byTitle.Vacances!.startDate.isDate).toBe(true);
    expect(byTitle.Vacances!.startDate.toString()).toBe('2026-12-19');
    expect(byTitle.Vacances!.endDate.toString()).toBe('2027-01-04');
    const iterator = byTitle.Soutien!.iterator();
    let count = 0;
    while (iterator.next()) count += 1;
    expect(count).toBe(7);
  });

  it('a student subscribes to his class calendar by a secret URL; a new URL or a revoke stops the old one; leaving the class too', async () => {
    const calendar = await classCalendar();
    await call('POST', `/agenda/calendars/${calendar.id}/events`, await as(people.teacher!), event({ title: 'Sortie au musée' }));
    const db = ctx.platform.database.db;
    const student = await createAccount(db, { profile: 'ELEVE', structureIds: [a.structure.id], classId: a.schoolClass.id });
    const auth = await as(student);
    const fetchFeed = (url: string) => ctx.app.inject({ method: 'GET', url: new URL(url).pathname });

    expect((await call('GET', `/agenda/calendars/${calendar.id}/feed`, auth)).json()).toEqual({ url: null, createdAt: null });
    const made = await call('POST', `/agenda/calendars/${calendar.id}/feed`, auth);
    expect(made.statusCode).toBe(201);
    const url = made.json().url as string;
    expect(url).toMatch(/^http:\/\/localhost:3000\/agenda-ical\/[A-Za-z0-9_-]{20,100}\.ics$/);
    expect((await call('GET', `/agenda/calendars/${calendar.id}/feed`, auth)).json()).toMatchObject({ url: null, createdAt: expect.any(String) });
    // Only the token's hash is kept.
    const stored = await db.selectFrom('agenda_feeds').select('token_hash').where('account_id', '=', student.id).executeTakeFirstOrThrow();
    expect(url).not.toContain(stored.token_hash);

    // A calendar app fetches it without a cookie; ical.js reads it.
    const feed = await fetchFeed(url);
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toContain('text/calendar');
    const root = new ICAL.Component(ICAL.parse(feed.body) as unknown as [string, unknown[], unknown[]]);
    expect(root.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c).summary)).toContain('Sortie au musée');

    // A new URL revokes the old one; a revoke stops the new one.
    const renewed = (await call('POST', `/agenda/calendars/${calendar.id}/feed`, auth)).json().url as string;
    expect((await fetchFeed(url)).statusCode).toBe(404);
    expect((await fetchFeed(renewed)).statusCode).toBe(200);
    expect((await call('DELETE', `/agenda/calendars/${calendar.id}/feed`, auth)).statusCode).toBe(204);
    expect((await fetchFeed(renewed)).statusCode).toBe(404);

    // Rights are checked at each fetch: once out of the class, the URL goes dark.
    const last = (await call('POST', `/agenda/calendars/${calendar.id}/feed`, auth)).json().url as string;
    await db.deleteFrom('class_members').where('account_id', '=', student.id).execute();
    expect((await fetchFeed(last)).statusCode).toBe(404);

    // Who may not read the calendar may not subscribe to it.
    for (const who of ['neighbour', 'otherStructure', 'admlS2', 'admcC2']) {
      expect([who, (await call('POST', `/agenda/calendars/${calendar.id}/feed`, await as(people[who]!))).statusCode]).toEqual([who, 404]);
    }
    expect((await ctx.app.inject({ method: 'GET', url: '/agenda-ical/not-a-real-token-but-long-enough.ics' })).statusCode).toBe(404);
  });

  it('imports an .ics file into one’s calendar (again: updated, not doubled), and refuses a broken one whole', async () => {
    const mine = (await call('GET', '/agenda/calendars', await as(people.parent!))).json() as { items: { id: string; kind: string }[] };
    const personal = mine.items.find((c) => c.kind === 'PERSONAL')!;
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Test//FR',
      'BEGIN:VEVENT',
      'UID:rdv-1@example.org',
      'DTSTAMP:20261201T080000Z',
      'DTSTART;TZID=Europe/Paris:20261215T180000',
      'DTEND;TZID=Europe/Paris:20261215T190000',
      'SUMMARY:Réunion parents\\, professeurs',
      'LOCATION:Salle polyvalente',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:piscine@example.org',
      'DTSTAMP:20261201T080000Z',
      'DTSTART:20270105T130000Z',
      'DTEND:20270105T140000Z',
      'RRULE:FREQ=WEEKLY;COUNT=4',
      'SUMMARY:Piscine',
      'END:VEVENT',
      // An event in another zone the file describes: New York, UTC-5 in January.
      'BEGIN:VTIMEZONE',
      'TZID:America/New_York',
      'BEGIN:STANDARD',
      'DTSTART:19701101T020000',
      'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU',
      'TZOFFSETFROM:-0400',
      'TZOFFSETTO:-0500',
      'END:STANDARD',
      'BEGIN:DAYLIGHT',
      'DTSTART:19700308T020000',
      'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU',
      'TZOFFSETFROM:-0500',
      'TZOFFSETTO:-0400',
      'END:DAYLIGHT',
      'END:VTIMEZONE',
      'BEGIN:VEVENT',
      'UID:visio@example.org',
      'DTSTAMP:20261201T080000Z',
      'DTSTART;TZID=America/New_York:20270112T090000',
      'DURATION:PT1H',
      'SUMMARY:Visio correspondants',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    const upload = async (who: string, calendarId: string, content: string) => {
      const body = multipart('agenda.ics', content);
      return ctx.app.inject({ method: 'POST', url: `/api/v1/agenda/calendars/${calendarId}/import`, headers: { ...(await as(people[who]!)), 'content-type': body.contentType }, payload: body.payload });
    };
    const first = await upload('parent', personal.id, ics);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ created: 3, updated: 0 });
    expect((await upload('parent', personal.id, ics)).json()).toEqual({ created: 0, updated: 3 });
    const occurrences = (await call('GET', `/agenda/occurrences?from=2026-12-01&to=2027-02-28&calendars=${personal.id}`, await as(people.parent!))).json() as { items: { title: string; startsAt: string }[] };
    expect(occurrences.items.filter((o) => o.title === 'Piscine')).toHaveLength(4);
    expect(occurrences.items.find((o) => o.title === 'Réunion parents, professeurs')?.startsAt).toBe('2026-12-15T17:00:00.000Z');
    expect(occurrences.items.find((o) => o.title === 'Visio correspondants')?.startsAt).toBe('2027-01-12T14:00:00.000Z');

    const count = async () => (await ctx.platform.database.db.selectFrom('calendar_events').select('id').where('calendar_id', '=', personal.id).execute()).length;
    const before = await count();
    const broken = ics.replace('DTSTART:20270105T130000Z\r\n', '').replace('UID:rdv-1@example.org', 'UID:rdv-2@example.org');
    expect((await upload('parent', personal.id, broken)).json().error.code).toBe('AGENDA_ICS_INVALID');
    expect((await upload('parent', personal.id, 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:garbage')).json().error.code).toBe('AGENDA_ICS_INVALID');
    expect((await upload('parent', personal.id, '%PDF-1.4 not a calendar')).json().error.code).toBe('AGENDA_ICS_INVALID');
    expect(await count()).toBe(before);
    // Someone else's calendar, or a class calendar one only reads.
    expect((await upload('student', personal.id, ics)).statusCode).toBe(404);
    const calendar = await classCalendar();
    expect((await upload('student', calendar.id, ics)).statusCode).toBe(403);
  });
});
