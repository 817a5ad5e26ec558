import { sql } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import type { OrientationEventsTable } from '../../platform/db/schema-orientation.ts';
import { distanceFrom, type Origin } from './catalogue.repository.ts';

/**
 * SQL of the open days and fairs. Every read takes the collectivités the reader belongs to: an event entered in one
 * collectivité is never shown in another.
 */

export interface EventRow {
  id: string;
  structure_id: string;
  collectivite_id: string;
  kind: OrientationEventsTable['kind'];
  starts_on: string;
  ends_on: string;
  label: string;
  details: string;
  url: string | null;
  place_id: string;
  place_name: string | null;
  place_city: string | null;
  place_url: string | null;
  distance_km: number | null;
}

/** The events of these collectivités not over on `today`, soonest first then nearest, within `withinKm` when given. */
export async function findUpcomingEvents(
  db: DB,
  scope: { collectiviteIds: readonly string[]; today: string; origin: Origin | null; withinKm?: number; limit: number },
): Promise<EventRow[]> {
  if (scope.collectiviteIds.length === 0) return [];
  const distance = distanceFrom(scope.origin);
  const within = scope.withinKm !== undefined && scope.origin ? sql`AND ${distance} <= ${scope.withinKm}` : sql``;
  const result = await sql<EventRow>`
    SELECT e.id, e.structure_id, e.collectivite_id, e.kind, e.starts_on::text AS starts_on, e.ends_on::text AS ends_on,
      e.label, e.details, e.url, e.place_id, s.name AS place_name, s.city AS place_city, s.url AS place_url,
      ${distance} AS distance_km
    FROM orientation_events e
    LEFT JOIN onisep_structures s ON s.onisep_id = e.place_id
    WHERE e.collectivite_id IN (${sql.join(scope.collectiviteIds.map((id) => sql`${id}`))})
      AND e.ends_on >= ${scope.today} ${within}
    ORDER BY e.starts_on, distance_km ASC NULLS LAST, e.id
    LIMIT ${scope.limit}`.execute(db);
  return result.rows.map((r) => ({ ...r, distance_km: r.distance_km === null ? null : Number(r.distance_km) }));
}

export async function insertEvent(
  db: DB,
  event: { collectiviteId: string; structureId: string; placeId: string; kind: OrientationEventsTable['kind']; startsOn: string; endsOn: string; label: string; details: string; url: string | null; createdBy: string },
): Promise<string> {
  const row = await db
    .insertInto('orientation_events')
    .values({
      collectivite_id: event.collectiviteId,
      structure_id: event.structureId,
      place_id: event.placeId,
      kind: event.kind,
      starts_on: event.startsOn,
      ends_on: event.endsOn,
      label: event.label,
      details: event.details,
      url: event.url,
      created_by: event.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** One event with the structure that entered it (its collectivité), for the rights check before a change. */
export async function getEventOwner(db: DB, id: string) {
  return db.selectFrom('orientation_events').select(['id', 'structure_id', 'collectivite_id']).where('id', '=', id).executeTakeFirst();
}

export async function deleteEvent(db: DB, id: string): Promise<void> {
  await db.deleteFrom('orientation_events').where('id', '=', id).execute();
}
