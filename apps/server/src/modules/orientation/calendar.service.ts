import type { CreateDeadlineBody, OrientationCalendarList, OrientationDeadline, OrientationDeadlineList } from '@preau/contracts';
import { audit } from '../../platform/audit.ts';
import { type Actor, authorize, can } from '../../platform/authorization.ts';
import { AppError } from '../../platform/errors.ts';
import type { DomainEvent } from '../../platform/events/domain-event.ts';
import type { Platform } from '../../platform/platform.ts';
import { findStudentsAndParentsOf } from '../directory/relations.repository.ts';
import { findStructuresWithOwner, getStructureWithOwner } from './school.repository.ts';
import { deleteDeadline, findDeadlines, getDeadlineWithOwner, insertDeadline } from './project.repository.ts';

/**
 * The structure's orientation calendar: the direction sets its dates
 * (conseil de classe, wishes to enter by…), each appears in the timeline of
 * the structure's students and their parents.
 */

export const DEADLINE_EVENT = 'orientation.deadline';
/** A date taken out of the calendar: the timeline says so, since the date itself was announced there. */
export const DEADLINE_CANCELLED_EVENT = 'orientation.deadline-cancelled';

async function structureResource(platform: Platform, structureId: string) {
  const structure = await getStructureWithOwner(platform.database.db, structureId);
  if (!structure) throw new AppError('NOT_FOUND');
  return { type: 'structure' as const, id: structure.id, collectiviteId: structure.collectivite_id };
}

function present(row: { id: string; due_on: string; label: string }): OrientationDeadline {
  return { id: row.id, dueOn: row.due_on, label: row.label };
}

/** The dates of this school year, for the structure's members and admins. */
export async function listDeadlines(platform: Platform, actor: Actor, structureId: string): Promise<OrientationDeadlineList> {
  authorize(actor, 'structure.read', await structureResource(platform, structureId));
  const rows = await findDeadlines(platform.database.db, structureId, platform.schoolYear());
  return { items: rows.map(present) };
}

/**
 * The calendars of the reader's structures (a member's, an ADML's), with
 * whether he may set each: what the orientation page shows students, parents
 * and staff, and the form it offers the direction.
 */
export async function listCalendars(platform: Platform, actor: Actor): Promise<OrientationCalendarList> {
  authorize(actor, 'app.use', { type: 'app', id: 'orientation' });
  const db = platform.database.db;
  const structures = await findStructuresWithOwner(db, [...new Set([...actor.structureIds, ...actor.admlStructureIds])]);
  const schoolYear = platform.schoolYear();
  const items: OrientationCalendarList['items'] = [];
  for (const s of structures) {
    const resource = { type: 'structure' as const, id: s.id, collectiviteId: s.collectivite_id };
    if (!can(actor, 'structure.read', resource)) continue;
    const rows = await findDeadlines(db, s.id, schoolYear);
    items.push({ structure: { id: s.id, name: s.name }, canEdit: can(actor, 'orientation.calendar', resource), deadlines: rows.map(present) });
  }
  return { items };
}

/** Adds a date to the calendar and tells the students and parents, in the same transaction. */
export async function createDeadline(platform: Platform, actor: Actor, structureId: string, body: CreateDeadlineBody): Promise<OrientationDeadline> {
  authorize(actor, 'orientation.calendar', await structureResource(platform, structureId));
  const db = platform.database.db;
  const schoolYear = platform.schoolYear();
  let event: DomainEvent | undefined;
  const row = await db.transaction().execute(async (trx) => {
    const created = await insertDeadline(trx, { structureId, schoolYear, dueOn: body.dueOn, label: body.label, createdBy: actor.accountId });
    event = {
      kind: DEADLINE_EVENT,
      recipientIds: await findStudentsAndParentsOf(trx, structureId, schoolYear),
      actorId: actor.accountId,
      structureId,
      objectType: 'orientation_deadline',
      objectId: created.id,
      data: { label: created.label, dueOn: created.due_on },
    };
    await platform.events.record(trx, event);
    await audit(trx, { actorId: actor.accountId, action: 'orientation.deadline.create', targetType: 'orientation_deadline', targetId: created.id, structureId });
    return created;
  });
  if (event) await platform.events.broadcast(event);
  return present(row);
}

/** Takes a date out of the calendar; the students and parents who were told of it are told it is cancelled. */
export async function removeDeadline(platform: Platform, actor: Actor, id: string): Promise<void> {
  const db = platform.database.db;
  const deadline = await getDeadlineWithOwner(db, id);
  if (!deadline) throw new AppError('NOT_FOUND');
  authorize(actor, 'orientation.calendar', { type: 'structure', id: deadline.structure_id, collectiviteId: deadline.collectivite_id });
  let event: DomainEvent | undefined;
  await db.transaction().execute(async (trx) => {
    await deleteDeadline(trx, deadline.id, deadline.structure_id);
    event = {
      kind: DEADLINE_CANCELLED_EVENT,
      recipientIds: await findStudentsAndParentsOf(trx, deadline.structure_id, platform.schoolYear()),
      actorId: actor.accountId,
      structureId: deadline.structure_id,
      objectType: 'orientation_deadline',
      objectId: deadline.id,
      data: { label: deadline.label, dueOn: deadline.due_on },
    };
    await platform.events.record(trx, event);
    await audit(trx, { actorId: actor.accountId, action: 'orientation.deadline.delete', targetType: 'orientation_deadline', targetId: deadline.id, structureId: deadline.structure_id });
  });
  if (event) await platform.events.broadcast(event);
}
