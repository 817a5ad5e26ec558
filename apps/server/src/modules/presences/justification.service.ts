import type { Justification, JustificationInput, JustificationList } from '@preau/contracts';
import { type Actor, authorize } from '../../platform/authorization.ts';
import { cleanDisplayText } from '../../platform/display-text.ts';
import { AppError } from '../../platform/errors.ts';
import type { DomainEvent } from '../../platform/events/domain-event.ts';
import type { Platform } from '../../platform/platform.ts';
import { type IncomingFile, storeUpload } from '../../platform/storage/uploads.ts';
import { findParentIds } from '../directory/relations.repository.ts';
import { getStructureRef } from '../timetable/timetable.repository.ts';
import { presentAbsence, requireVieScolaire, studentResource } from './attendance.service.ts';
import * as repo from './presences.repository.ts';

/** A parent gives a reason for his child's absence, with a document if he has one; vie scolaire accepts or refuses it. */

export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

function present(row: repo.JustificationRow, absence: repo.AbsenceRow): Justification {
  return {
    id: row.id,
    absence: presentAbsence(absence, row),
    status: row.status,
    reason: row.reason,
    comment: row.comment,
    parentName: row.parent_name,
    createdAt: row.created_at.toISOString(),
    document: row.file_name && row.size !== null ? { fileName: row.file_name, size: row.size } : null,
  };
}

async function presentById(platform: Platform, id: string): Promise<Justification> {
  const db = platform.database.db;
  const row = await repo.getJustification(db, id);
  const absence = row ? await repo.getAbsence(db, row.absence_id) : undefined;
  if (!row || !absence) throw new AppError('NOT_FOUND');
  return present(row, absence);
}

/** The parent's reason for one absence: one waiting at a time, none once it is justified. */
export async function justifyAbsence(platform: Platform, actor: Actor, absenceId: string, input: JustificationInput): Promise<Justification> {
  const db = platform.database.db;
  const absence = await repo.getAbsence(db, absenceId);
  if (!absence) throw new AppError('NOT_FOUND');
  await studentResource(platform, actor, absence.student_id, 'presence.justify');
  const reason = await repo.getReason(db, absence.structure_id, input.reasonId);
  if (!reason || !reason.parents_may_use) throw new AppError('ABSENCE_UNKNOWN_REASON');
  const parent = await repo.getAccountName(db, actor.accountId);
  const id = await db.transaction().execute(async (trx) => {
    if (absence.justified || (await repo.hasPendingJustification(trx, absenceId))) throw new AppError('JUSTIFICATION_NOT_NEEDED');
    return repo.insertJustification(trx, {
      absenceId,
      structureId: absence.structure_id,
      parentId: actor.accountId,
      parentName: parent ? `${parent.first_name} ${parent.last_name}` : '',
      reasonId: reason.id,
      comment: cleanDisplayText(input.comment),
    });
  });
  return presentById(platform, id);
}

/** Adds the document (a medical certificate, a convocation) to the parent's own justification, while it waits. */
export async function addDocument(platform: Platform, actor: Actor, justificationId: string, file: IncomingFile): Promise<Justification> {
  const db = platform.database.db;
  const author = await repo.getJustificationAuthor(db, justificationId);
  if (!author || author.parent_id !== actor.accountId) {
    file.file.resume();
    throw new AppError('NOT_FOUND');
  }
  if (author.status !== 'PENDING' || author.storage_key !== null) {
    file.file.resume();
    throw new AppError('JUSTIFICATION_ALREADY_DECIDED');
  }
  await storeUpload(platform, actor, file, {
    prefix: 'presences',
    maxBytes: MAX_DOCUMENT_BYTES,
    tooLargeCode: 'FILE_TOO_LARGE',
    keep: (trx, upload) => repo.attachDocument(trx, justificationId, { fileName: upload.fileName, contentType: upload.contentType, size: upload.size, storageKey: upload.key }),
  });
  return presentById(platform, justificationId);
}

/** The document of a justification, for whoever reads the student's absences. */
export async function openDocument(platform: Platform, actor: Actor, justificationId: string) {
  const db = platform.database.db;
  const row = await repo.getJustification(db, justificationId);
  const absence = row ? await repo.getAbsence(db, row.absence_id) : undefined;
  if (!row || !absence) throw new AppError('NOT_FOUND');
  await studentResource(platform, actor, absence.student_id, 'presence.read');
  if (!row.storage_key || !row.file_name) throw new AppError('NOT_FOUND');
  return { fileName: row.file_name, contentType: row.content_type ?? 'application/octet-stream', size: row.size ?? 0, stream: await platform.storage.get(row.storage_key) };
}

export async function pendingJustifications(platform: Platform, actor: Actor, structureId: string): Promise<JustificationList> {
  await requireVieScolaire(platform, actor, structureId);
  const db = platform.database.db;
  const rows = await repo.findPendingJustifications(db, structureId);
  const items: Justification[] = [];
  for (const row of rows) {
    const absence = await repo.getAbsence(db, row.absence_id);
    if (absence) items.push(present(row, absence));
  }
  return { items };
}

/** Vie scolaire's answer; accepted, the absence becomes justified with the parent's reason. The parents are told. */
export async function decideJustification(platform: Platform, actor: Actor, justificationId: string, accept: boolean): Promise<Justification> {
  const db = platform.database.db;
  const row = await repo.getJustification(db, justificationId);
  const absence = row ? await repo.getAbsence(db, row.absence_id) : undefined;
  if (!row || !absence) throw new AppError('NOT_FOUND');
  const structure = await getStructureRef(db, absence.structure_id);
  if (!structure) throw new AppError('NOT_FOUND');
  await studentResource(platform, actor, absence.student_id, 'presence.manage');
  await requireVieScolaire(platform, actor, structure.id);
  const at = new Date(platform.now());
  let event: DomainEvent | undefined;
  await db.transaction().execute(async (trx) => {
    const locked = await repo.getJustificationForUpdate(trx, justificationId);
    if (!locked || locked.status !== 'PENDING') throw new AppError('JUSTIFICATION_ALREADY_DECIDED');
    await repo.decideJustification(trx, justificationId, { status: accept ? 'ACCEPTED' : 'REFUSED', by: actor.accountId, at });
    if (accept) await repo.setJustified(trx, absence.id, { justified: true, reasonId: row.reason_id, at });
    const parentIds = [...new Set(await findParentIds(trx, [absence.student_id]))];
    if (parentIds.length > 0) {
      event = {
        kind: accept ? 'presences.justification-accepted' : 'presences.justification-refused',
        recipientIds: parentIds,
        actorId: actor.accountId,
        structureId: structure.id,
        objectType: 'absence',
        objectId: absence.id,
        data: { studentId: absence.student_id, studentName: `${absence.first_name} ${absence.last_name}`, date: absence.from_date, reason: row.reason },
      };
      await platform.events.record(trx, event);
    }
  });
  if (event) await platform.events.broadcast(event);
  return presentById(platform, justificationId);
}
