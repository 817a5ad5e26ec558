import type { CreateOrientationEventBody, OrientationEvent, OrientationEventList, OrientationEventQuery } from '@preau/contracts';
import { audit } from '../../platform/audit.ts';
import { type Actor, authorize, can } from '../../platform/authorization.ts';
import { AppError } from '../../platform/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { findStructureUais } from '../directory/relations.repository.ts';
import { parisNow } from '../timetable/dates.ts';
import { catalogueEntryExists, findLocationOfUais } from './catalogue.repository.ts';
import { deleteEvent, type EventRow, findUpcomingEvents, getEventOwner, insertEvent } from './events.repository.ts';
import { onisepId } from './onisep-records.ts';
import { findStructuresWithOwner, getStructureWithOwner } from './school.repository.ts';

/**
 * Open days and orientation fairs (issue 17): a school's direction or psychologue (or an admin) announces the dated
 * events of a catalogue place; the users of the same collectivité see those still to come, soonest first, nearest
 * first on the same day, from their own lycée.
 */

const MAX_LISTED = 50;
/** How far ahead an event may be announced: the school year and the next one's open days. */
const MAX_DAYS_AHEAD = 550;
const MAX_DAYS_LONG = 14;

function present(actor: Actor, row: EventRow): OrientationEvent {
  return {
    id: row.id,
    kind: row.kind,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    label: row.label,
    details: row.details,
    url: row.url,
    // A place Onisep has since withdrawn keeps its id as name: the event already announced stays readable.
    place: { id: row.place_id, name: row.place_name ?? row.place_id, city: row.place_city, url: row.place_url },
    distanceKm: row.distance_km === null ? null : Math.round(row.distance_km),
    canDelete: can(actor, 'orientation.events', { type: 'structure', id: row.structure_id, collectiviteId: row.collectivite_id }),
  };
}

/** The events to come in the reader's collectivités, and the structures he may announce events for. */
export async function listEvents(platform: Platform, actor: Actor, query: OrientationEventQuery): Promise<OrientationEventList> {
  authorize(actor, 'app.use', { type: 'app', id: 'orientation' });
  const db = platform.database.db;
  const structures = await findStructuresWithOwner(db, actor.structureIds);
  const collectiviteIds = [...new Set([...structures.map((s) => s.collectivite_id), ...actor.admcCollectiviteIds])];
  const origin = await findLocationOfUais(db, await findStructureUais(db, actor.structureIds));
  const rows = await findUpcomingEvents(db, { collectiviteIds, today: parisNow(platform.now()).date, origin, withinKm: query.withinKm, limit: MAX_LISTED });
  return {
    items: rows.map((row) => present(actor, row)),
    canAddFor: structures
      .filter((s) => can(actor, 'orientation.events', { type: 'structure', id: s.id, collectiviteId: s.collectivite_id }))
      .map((s) => ({ id: s.id, name: s.name })),
  };
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Announces an event of a catalogue place to the collectivité of the structure. */
export async function createEvent(platform: Platform, actor: Actor, structureId: string, body: CreateOrientationEventBody): Promise<OrientationEvent> {
  const db = platform.database.db;
  const structure = await getStructureWithOwner(db, structureId);
  if (!structure) throw new AppError('NOT_FOUND');
  authorize(actor, 'orientation.events', { type: 'structure', id: structure.id, collectiviteId: structure.collectivite_id });
  const endsOn = body.endsOn ?? body.startsOn;
  const today = parisNow(platform.now()).date;
  if (endsOn < body.startsOn || daysBetween(body.startsOn, endsOn) > MAX_DAYS_LONG) {
    throw new AppError('VALIDATION_FAILED', { fields: { endsOn: 'before_start_or_too_long' } });
  }
  if (endsOn < today || daysBetween(today, body.startsOn) > MAX_DAYS_AHEAD) throw new AppError('VALIDATION_FAILED', { fields: { startsOn: 'past_or_too_far' } });
  const placeId = onisepId(body.place, 'ENS');
  if (!placeId || !(await catalogueEntryExists(db, 'STRUCTURE', placeId))) throw new AppError('ORIENTATION_UNKNOWN_PLACE', { fields: { place: 'unknown' } });
  const id = await db.transaction().execute(async (trx) => {
    const created = await insertEvent(trx, {
      collectiviteId: structure.collectivite_id,
      structureId: structure.id,
      placeId,
      kind: body.kind,
      startsOn: body.startsOn,
      endsOn,
      label: body.label,
      details: body.details,
      url: body.url ?? null,
      createdBy: actor.accountId,
    });
    await audit(trx, { actorId: actor.accountId, action: 'orientation.event.create', targetType: 'orientation_event', targetId: created, structureId: structure.id });
    return created;
  });
  const origin = await findLocationOfUais(db, await findStructureUais(db, actor.structureIds));
  const row = (await findUpcomingEvents(db, { collectiviteIds: [structure.collectivite_id], today, origin, limit: MAX_LISTED })).find((r) => r.id === id);
  if (!row) throw new AppError('NOT_FOUND');
  return present(actor, row);
}

/** Takes an event down (those who may announce events for the structure that entered it). */
export async function removeEvent(platform: Platform, actor: Actor, id: string): Promise<void> {
  const db = platform.database.db;
  const event = await getEventOwner(db, id);
  if (!event) throw new AppError('NOT_FOUND');
  // Outside the structure (another school, another collectivité) the event is not found; inside it, forbidden to those who may not announce.
  authorize(actor, 'orientation.events', { type: 'structure', id: event.structure_id, collectiviteId: event.collectivite_id });
  await db.transaction().execute(async (trx) => {
    await deleteEvent(trx, id);
    await audit(trx, { actorId: actor.accountId, action: 'orientation.event.delete', targetType: 'orientation_event', targetId: id, structureId: event.structure_id });
  });
}
