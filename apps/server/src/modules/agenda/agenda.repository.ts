import type { RecurrenceFrequency } from '@preau/contracts';
import { sql, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import type { Database } from '../../platform/db/schema.ts';
import { classesTaughtSql, groupsTaughtSql } from '../directory/relations.repository.ts';
import { readerTargetsSql, type ReaderScope } from '../news/news.repository.ts';

/**
 * SQL of the agenda. A calendar is personal (its owner's) or belongs to a
 * structure, or to a class or group of the year (its tenant scope: the
 * structure). Events hang on one calendar; a recurring one is one row,
 * expanded by the service.
 */

type Executor = DB | Transaction<Database>;

const calendarColumns = ['c.id', 'c.kind', 'c.owner_id', 'c.structure_id', 'c.target_id', 'c.title', 'c.color'] as const;

export async function getCalendar(db: Executor, id: string) {
  return db
    .selectFrom('calendars as c')
    .leftJoin('structures as s', 's.id', 'c.structure_id')
    .select([...calendarColumns, 's.collectivite_id'])
    .where('c.id', '=', id)
    .executeTakeFirst();
}
export type CalendarRow = NonNullable<Awaited<ReturnType<typeof getCalendar>>>;

/** The calendars a reader sees: his own, his structures', his classes' and groups' (as his profile reads them), those of the structures he manages. */
export async function findReadableCalendars(db: Executor, reader: ReaderScope, managedStructureIds: readonly string[]) {
  const { classes, groups } = readerTargetsSql(reader);
  return db
    .selectFrom('calendars as c')
    .leftJoin('structures as s', 's.id', 'c.structure_id')
    .select([...calendarColumns, 's.collectivite_id'])
    .where(
      sql<boolean>`(c.owner_id = ${reader.accountId}
        OR (c.kind = 'STRUCTURE' AND c.structure_id = ANY(${reader.structureIds}::uuid[]))
        OR (c.kind = 'CLASS' AND c.target_id IN (${classes}))
        OR (c.kind = 'GROUP' AND c.target_id IN (${groups}))
        OR (c.kind <> 'PERSONAL' AND c.structure_id = ANY(${managedStructureIds}::uuid[])))`,
    )
    .orderBy(sql`c.kind = 'PERSONAL'`, 'desc')
    .orderBy('c.title')
    .orderBy('c.id')
    .limit(200)
    .execute();
}

/**
 * Makes the account's first personal calendar unless it has one, under a lock
 * on the account row: two first visits at once must not make two.
 * NO KEY UPDATE: foreign-key checks on the account are not blocked.
 */
export async function ensurePersonalCalendar(db: DB, ownerId: string, values: { title: string; color: string }): Promise<void> {
  const exists = () => db.selectFrom('calendars').select('id').where('owner_id', '=', ownerId).where('kind', '=', 'PERSONAL').limit(1).executeTakeFirst();
  if (await exists()) return;
  await db.transaction().execute(async (trx) => {
    await trx.selectFrom('accounts').select('id').where('id', '=', ownerId).forNoKeyUpdate().execute();
    const again = await trx.selectFrom('calendars').select('id').where('owner_id', '=', ownerId).where('kind', '=', 'PERSONAL').limit(1).executeTakeFirst();
    if (again) return;
    await trx.insertInto('calendars').values({ kind: 'PERSONAL', owner_id: ownerId, title: values.title, color: values.color, created_by: ownerId }).execute();
  });
}

export async function insertCalendar(
  db: Executor,
  values: { kind: 'PERSONAL' | 'STRUCTURE' | 'CLASS' | 'GROUP'; ownerId: string | null; structureId: string | null; targetId: string | null; title: string; color: string; createdBy: string },
) {
  return db
    .insertInto('calendars')
    .values({ kind: values.kind, owner_id: values.ownerId, structure_id: values.structureId, target_id: values.targetId, title: values.title, color: values.color, created_by: values.createdBy })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** A structure, or a class or group of the year with its structure: where a shared calendar may belong. */
export { findTarget as findOwnerTarget } from '../news/news.repository.ts';

/** How an account relates to a class or group: teaches it, is in it (or a parent of a student in it). */
export async function findTargetLink(db: Executor, reader: ReaderScope, kind: 'CLASS' | 'GROUP', id: string): Promise<'teacher' | 'member' | 'none'> {
  const taught = kind === 'CLASS' ? classesTaughtSql(reader.accountId, reader.schoolYear) : groupsTaughtSql(reader.accountId, reader.schoolYear);
  const { classes, groups } = readerTargetsSql(reader);
  const read = kind === 'CLASS' ? classes : groups;
  const row = await sql<{ teaches: boolean; reads: boolean }>`SELECT
      EXISTS (SELECT 1 FROM (${taught}) t(id) WHERE t.id = ${id}) AS teaches,
      EXISTS (SELECT 1 FROM (${read}) r(id) WHERE r.id = ${id}) AS reads`.execute(db);
  const r = row.rows[0];
  return r?.teaches ? 'teacher' : r?.reads ? 'member' : 'none';
}

export async function findTargetNames(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await sql<{ id: string; name: string }>`
    SELECT id, name FROM structures WHERE id = ANY(${ids}::uuid[])
    UNION ALL SELECT id, name FROM classes WHERE id = ANY(${ids}::uuid[])
    UNION ALL SELECT id, name FROM groups WHERE id = ANY(${ids}::uuid[])`.execute(db);
  return new Map(rows.rows.map((r) => [r.id, r.name]));
}

const eventColumns = ['id', 'calendar_id', 'title', 'description', 'location', 'starts_at', 'ends_at', 'all_day', 'recurrence', 'recurrence_until', 'ics_uid'] as const;

/** Events of these calendars that may have an occurrence in [from, to). */
export async function findEventsInRange(db: Executor, calendarIds: readonly string[], from: Date, to: Date, limit: number) {
  if (calendarIds.length === 0) return [];
  return db
    .selectFrom('calendar_events')
    .select([...eventColumns])
    .where('calendar_id', 'in', calendarIds)
    .where('starts_at', '<', to)
    .where('last_ends_at', '>', from)
    .orderBy('starts_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Every event of one calendar (its export), bounded. */
export async function findEventsOf(db: Executor, calendarId: string, limit: number) {
  return db.selectFrom('calendar_events').select([...eventColumns]).where('calendar_id', '=', calendarId).orderBy('starts_at').orderBy('id').limit(limit).execute();
}
export type EventRow = Awaited<ReturnType<typeof findEventsOf>>[number];

export async function getEvent(db: Executor, id: string) {
  return db.selectFrom('calendar_events').select([...eventColumns]).where('id', '=', id).executeTakeFirst();
}

export interface EventValues {
  title: string;
  description: string;
  location: string;
  startsAt: Date;
  endsAt: Date;
  allDay: boolean;
  recurrence: RecurrenceFrequency | null;
  recurrenceUntil: string | null;
  lastEndsAt: Date;
  icsUid: string | null;
}

function columnsOf(v: EventValues) {
  return {
    title: v.title,
    description: v.description,
    location: v.location,
    starts_at: v.startsAt,
    ends_at: v.endsAt,
    all_day: v.allDay,
    recurrence: v.recurrence,
    recurrence_until: v.recurrenceUntil,
    last_ends_at: v.lastEndsAt,
  };
}

export async function insertEvent(db: Executor, calendarId: string, values: EventValues, createdBy: string) {
  return db
    .insertInto('calendar_events')
    .values({ calendar_id: calendarId, ...columnsOf(values), ics_uid: values.icsUid, created_by: createdBy })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function updateEvent(db: Executor, calendarId: string, id: string, values: EventValues, now: Date) {
  await db.updateTable('calendar_events').set({ ...columnsOf(values), updated_at: now }).where('id', '=', id).where('calendar_id', '=', calendarId).execute();
}

export async function deleteEvent(db: Executor, calendarId: string, id: string) {
  await db.deleteFrom('calendar_events').where('id', '=', id).where('calendar_id', '=', calendarId).execute();
}

/** Creates or replaces an imported event, keyed by its iCalendar UID within the calendar; true when created. */
export async function upsertImportedEvent(db: Executor, calendarId: string, values: EventValues & { icsUid: string }, createdBy: string, now: Date): Promise<boolean> {
  const row = await db
    .insertInto('calendar_events')
    .values({ calendar_id: calendarId, ...columnsOf(values), ics_uid: values.icsUid, created_by: createdBy })
    .onConflict((oc) => oc.columns(['calendar_id', 'ics_uid']).where('ics_uid', 'is not', null).doUpdateSet({ ...columnsOf(values), updated_at: now }))
    .returning(sql<boolean>`xmax = 0`.as('inserted'))
    .executeTakeFirstOrThrow();
  return row.inserted;
}

// ---------------------------------------------------------------- iCalendar subscriptions

/** When the account's feed of this calendar was made, if it has one. */
export async function getFeedOf(db: Executor, accountId: string, calendarId: string) {
  return db.selectFrom('agenda_feeds').select('created_at').where('account_id', '=', accountId).where('calendar_id', '=', calendarId).executeTakeFirst();
}

/** The account and calendar a token's hash stands for. */
export async function findFeedByHash(db: Executor, tokenHash: string) {
  return db.selectFrom('agenda_feeds').select(['account_id', 'calendar_id']).where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Creates or replaces the account's feed of a calendar (the old URL stops working). */
export async function saveFeed(db: Executor, accountId: string, calendarId: string, tokenHash: string, at: Date): Promise<void> {
  await db
    .insertInto('agenda_feeds')
    .values({ account_id: accountId, calendar_id: calendarId, token_hash: tokenHash, created_at: at })
    .onConflict((oc) => oc.columns(['account_id', 'calendar_id']).doUpdateSet({ token_hash: tokenHash }))
    .execute();
}

export async function deleteFeed(db: Executor, accountId: string, calendarId: string): Promise<void> {
  await db.deleteFrom('agenda_feeds').where('account_id', '=', accountId).where('calendar_id', '=', calendarId).execute();
}
