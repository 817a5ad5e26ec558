import type { CreateDeadlineBody, OrientationDeadline, OrientationDeadlineList } from '@preau/contracts';
import { audit } from '../../platform/audit.ts';
import { type Actor, authorize } from '../../platform/authorization.ts';
import { AppError } from '../../platform/errors.ts';
import type { DomainEvent } from '../../platform/events/domain-event.ts';
import type { Platform } from '../../platform/platform.ts';
import { findStudentsAndParentsOf } from '../directory/relations.repository.ts';
import { getStructureWithOwner } from './school.repository.ts';
import { findDeadlines, insertDeadline } from './project.repository.ts';

/**
 * The structure's orientation calendar: the direction sets its dates
 * (conseil de classe, wishes to enter by…), each appears in the timeline of
 * the structure's students and their parents.
 */

export const DEADLINE_EVENT = 'orientation.deadline';

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
