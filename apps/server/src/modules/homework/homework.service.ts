import type { Readable } from 'node:stream';
import type { SubmissionBoard, SubmissionSummary, TodoChild, TodoList } from '@preau/contracts';
import { type Actor, authorize, can } from '../../platform/authorization.ts';
import { AppError } from '../../platform/errors.ts';
import type { DomainEvent } from '../../platform/events/domain-event.ts';
import type { Platform } from '../../platform/platform.ts';
import { cleanFileName, deleteStoredBytes, type IncomingFile, storeUpload } from '../../platform/storage/uploads.ts';
import { addDays, parisNow, parisToUtc } from '../timetable/dates.ts';
import { findChildren, findClassesOfStudents, findStudentsOf, isParentOf } from '../directory/relations.repository.ts';
import { getCourse } from '../timetable/timetable.repository.ts';
import { courseResource, occurrenceResource } from '../timetable/timetable.service.ts';
import * as files from './hand-in-files.repository.ts';
import * as repo from './homework.repository.ts';
import { presentFile, presentHomework } from './lessons.service.ts';
import { type ZipEntry, zipStream } from './zip.ts';

/** Hand-in files: 10 MB each, 10 per hand-in. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_FILES = 10;

export type { IncomingFile } from '../../platform/storage/uploads.ts';

const fullName = (a: { first_name: string; last_name: string }) => `${a.first_name} ${a.last_name}`;

/** Late means handed in after the start of the due day (Paris time): work is due for the lesson that day. */
export function isLate(dueOn: string, at: number): boolean {
  return at >= parisToUtc(dueOn, 0).getTime();
}

async function presentSubmissions(platform: Platform, rows: Awaited<ReturnType<typeof repo.findSubmissions>>): Promise<Map<string, SubmissionSummary>> {
  const db = platform.database.db;
  const ids = rows.map((r) => r.id);
  const [files, returned] = await Promise.all([repo.findFiles(db, 'SUBMISSION', ids), repo.findFiles(db, 'RETURN', ids)]);
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        submittedAt: r.submitted_at.toISOString(),
        late: r.is_late,
        text: r.text,
        files: files.filter((f) => f.owner_id === r.id).map(presentFile),
        returnedAt: r.returned_at ? r.returned_at.toISOString() : null,
        returnComment: r.return_comment,
        returnedFiles: returned.filter((f) => f.owner_id === r.id).map(presentFile),
      },
    ]),
  );
}

/** Whose travail à faire the actor reads: his own (student) or a child's (parent, read-only). */
async function resolveStudent(platform: Platform, actor: Actor, studentId: string | undefined) {
  const db = platform.database.db;
  if (actor.profile === 'ELEVE' && (!studentId || studentId === actor.accountId)) return { id: actor.accountId, readOnly: false };
  if (actor.profile === 'PARENT') {
    const children = await findChildren(db, actor.accountId);
    const child = studentId ? children.find((c) => c.id === studentId) : children[0];
    if (child) return { id: child.id, readOnly: true };
  }
  throw new AppError('NOT_FOUND');
}

/** Homework due in a range (default: the last week to a month ahead), with the student's tick and hand-in. */
export async function todoList(platform: Platform, actor: Actor, query: { studentId?: string; from?: string; to?: string }): Promise<TodoList> {
  const db = platform.database.db;
  const student = await resolveStudent(platform, actor, query.studentId);
  const today = parisNow(platform.now()).date;
  const from = query.from ?? addDays(today, -7);
  const to = query.to ?? addDays(today, 31);
  if (to < from || addDays(from, 400) < to) throw new AppError('TIMETABLE_RANGE_TOO_LONG');
  const [account, rows] = await Promise.all([
    repo.getAccountName(db, student.id),
    repo.findHomeworkForStudent(db, student.id, platform.schoolYear(), { from, to }),
  ]);
  const [submissions, worksheets] = await Promise.all([
    presentSubmissions(platform, await repo.findSubmissionsByIds(db, rows.flatMap((r) => (r.submission_id ? [r.submission_id] : [])))),
    repo.findFiles(db, 'ENTRY', [...new Set(rows.map((r) => r.entry_id))]),
  ]);
  return {
    student: { id: account.id, displayName: fullName(account) },
    readOnly: student.readOnly,
    items: rows.map((r) => {
      const submission = r.submission_id ? (submissions.get(r.submission_id) ?? null) : null;
      return {
        ...presentHomework(r),
        worksheets: worksheets.filter((f) => f.owner_id === r.entry_id).map(presentFile),
        done: r.done_at !== null,
        submission,
        canSubmit: !student.readOnly && r.hand_in_online && !submission?.returnedAt,
      };
    }),
  };
}

/** The children whose travail à faire a parent can read, with the classes and groups whose cahier de textes he may open. */
export async function todoChildren(platform: Platform, actor: Actor): Promise<{ items: TodoChild[] }> {
  if (actor.profile !== 'PARENT') return { items: [] };
  const db = platform.database.db;
  const children = await findChildren(db, actor.accountId);
  const classes = await findClassesOfStudents(db, children.map((c) => c.id), platform.schoolYear());
  return {
    items: children.map((c) => ({
      id: c.id,
      displayName: fullName(c),
      classes: classes.filter((k) => k.account_id === c.id).map((k) => ({ id: k.id, kind: k.kind, name: k.name })),
    })),
  };
}

async function homeworkForStudent(platform: Platform, actor: Actor, homeworkId: string) {
  const db = platform.database.db;
  const homework = await repo.getHomework(db, homeworkId);
  if (!homework) throw new AppError('NOT_FOUND');
  const course = await getCourse(db, homework.course_id);
  const resource = await courseResource(db, actor, course!);
  authorize(actor, 'homework.submit', resource);
  return homework;
}

/** The student's own "done" tick. */
export async function setDone(platform: Platform, actor: Actor, homeworkId: string, done: boolean): Promise<{ done: boolean }> {
  await homeworkForStudent(platform, actor, homeworkId);
  await repo.setDone(platform.database.db, homeworkId, actor.accountId, done);
  return { done };
}

/** The student's hand-in, created on first use; refused once returned. */
async function openSubmission(platform: Platform, actor: Actor, homeworkId: string) {
  const homework = await homeworkForStudent(platform, actor, homeworkId);
  if (!homework.hand_in_online) throw new AppError('HAND_IN_NOT_ONLINE');
  const db = platform.database.db;
  const now = platform.now();
  const current = await repo.getSubmissionOf(db, homeworkId, actor.accountId);
  if (current?.returned_at) throw new AppError('SUBMISSION_CLOSED');
  return { homework, current, now };
}

async function summaryOf(platform: Platform, homeworkId: string, studentId: string): Promise<SubmissionSummary> {
  const row = await repo.getSubmissionOf(platform.database.db, homeworkId, studentId);
  return (await presentSubmissions(platform, [row!])).get(row!.id)!;
}

/** Sets the typed part of a hand-in (empty text with no file is refused) and ticks the homework "fait", together. */
export async function submitText(platform: Platform, actor: Actor, homeworkId: string, text: string): Promise<SubmissionSummary> {
  const { homework, current } = await openSubmission(platform, actor, homeworkId);
  const files = current ? await repo.findFiles(platform.database.db, 'SUBMISSION', [current.id]) : [];
  if (!text.trim() && files.length === 0) throw new AppError('SUBMISSION_EMPTY');
  const now = platform.now();
  await platform.database.db.transaction().execute(async (trx) => {
    await repo.upsertSubmission(trx, { homeworkId, studentId: actor.accountId, at: new Date(now), isLate: isLate(homework.due_on, now), text: text.trim() });
    // Handing in is doing it: the card shows "fait" without a second gesture (issue 13).
    await repo.setDone(trx, homeworkId, actor.accountId, true);
  });
  return summaryOf(platform, homeworkId, actor.accountId);
}

/**
 * Adds one file to the student's hand-in (before its return) and ticks the
 * homework "fait" in the same transaction, through the
 * platform's upload helper (quota, rate, size, name). The hand-in's file
 * count is taken under a lock on it, so concurrent uploads cannot pass
 * MAX_FILES (TOO_MANY_FILES, nothing kept).
 */
export async function submitFile(platform: Platform, actor: Actor, homeworkId: string, file: IncomingFile): Promise<SubmissionSummary> {
  const { homework, current } = await openSubmission(platform, actor, homeworkId);
  // An early answer for a full hand-in, before any byte is read; the count that decides is the one under the lock.
  if (current && (await files.countFilesOf(platform.database.db, 'SUBMISSION', current.id)) >= MAX_FILES) {
    file.file.resume();
    throw new AppError('TOO_MANY_FILES');
  }
  await storeUpload(platform, actor, file, {
    prefix: 'homework',
    maxBytes: MAX_FILE_BYTES,
    tooLargeCode: 'FILE_TOO_LARGE',
    keep: async (trx, upload) => {
      const now = platform.now();
      const submission = await files.lockSubmissionForFiles(trx, {
        homeworkId,
        studentId: actor.accountId,
        submittedAt: new Date(now),
        isLate: isLate(homework.due_on, now),
      });
      if (submission.returned_at) throw new AppError('SUBMISSION_CLOSED');
      if ((await files.countFilesOf(trx, 'SUBMISSION', submission.id)) >= MAX_FILES) throw new AppError('TOO_MANY_FILES');
      await files.insertFile(trx, { ownerType: 'SUBMISSION', ownerId: submission.id, uploadedBy: actor.accountId, ...upload });
      await repo.setDone(trx, homeworkId, actor.accountId, true);
    },
  });
  return summaryOf(platform, homeworkId, actor.accountId);
}

/** Removes one of his files from a hand-in not yet returned. */
export async function removeSubmissionFile(platform: Platform, actor: Actor, homeworkId: string, fileId: string): Promise<SubmissionSummary> {
  const { current } = await openSubmission(platform, actor, homeworkId);
  const db = platform.database.db;
  if (!current) throw new AppError('NOT_FOUND');
  const key = await db.transaction().execute(async (trx) => {
    const locked = await files.lockSubmission(trx, current.id);
    // Returned meanwhile: the teacher's copy stays as he marked it.
    if (locked?.returned_at) throw new AppError('SUBMISSION_CLOSED');
    return files.deleteFileOf(trx, 'SUBMISSION', current.id, fileId);
  });
  if (!key) throw new AppError('NOT_FOUND');
  await deleteStoredBytes(platform, [key]);
  return summaryOf(platform, current.homework_id, actor.accountId);
}

async function homeworkForTeacher(platform: Platform, actor: Actor, homeworkId: string) {
  const db = platform.database.db;
  const homework = await repo.getHomework(db, homeworkId);
  if (!homework) throw new AppError('NOT_FOUND');
  const course = await getCourse(db, homework.course_id);
  const resource = await courseResource(db, actor, course!);
  authorize(actor, 'homework.review', resource);
  return { homework, course: course! };
}

/** Every student of the class or group, and what each handed in. */
export async function submissionBoard(platform: Platform, actor: Actor, homeworkId: string): Promise<SubmissionBoard> {
  const { homework, course } = await homeworkForTeacher(platform, actor, homeworkId);
  const db = platform.database.db;
  const [students, rows] = await Promise.all([findStudentsOf(db, course), repo.findSubmissions(db, homeworkId)]);
  const summaries = await presentSubmissions(platform, rows);
  const byStudent = new Map(rows.map((r) => [r.student_id, summaries.get(r.id)!]));
  return {
    homework: presentHomework(homework),
    items: students.map((s) => ({ student: { id: s.id, displayName: fullName(s) }, submission: byStudent.get(s.id) ?? null })),
  };
}

/**
 * One archive of every hand-in: a folder per student with his files and his
 * typed text, streamed (one stored file open at a time, nothing held in memory).
 */
export async function submissionsArchive(platform: Platform, actor: Actor, homeworkId: string): Promise<{ filename: string; stream: Readable }> {
  const board = await submissionBoard(platform, actor, homeworkId);
  const ids = board.items.flatMap((row) => (row.submission ? [row.submission.id] : []));
  const keys = new Map((await repo.findFiles(platform.database.db, 'SUBMISSION', ids)).map((f) => [f.id, f.storage_key]));
  const entries: ZipEntry[] = [];
  for (const row of board.items) {
    if (!row.submission) continue;
    const date = row.submission.submittedAt ? new Date(row.submission.submittedAt) : undefined;
    const folder = `${archiveName(row.student.displayName)}${row.submission.late ? ' (en retard)' : ''}`;
    if (row.submission.text) entries.push({ name: `${folder}/texte.txt`, data: Buffer.from(row.submission.text, 'utf8'), date });
    const used = new Set<string>(['texte.txt']);
    for (const file of row.submission.files) {
      const key = keys.get(file.id);
      if (!key) continue;
      const base = archiveName(file.filename);
      let name = base;
      for (let n = 2; used.has(name); n++) name = `${n}-${base}`;
      used.add(name);
      entries.push({ name: `${folder}/${name}`, size: file.size, date, open: () => platform.storage.get(key) });
    }
  }
  const subject = board.homework.subjectName.replace(/[^\p{L}\p{N} -]/gu, '');
  return { filename: `rendus ${subject} ${board.homework.dueOn}.zip`, stream: zipStream(entries) };
}

/** A name inside the archive: no folder separator, nothing a file manager would refuse or hide. */
function archiveName(name: string): string {
  return cleanFileName(name).replace(/[\\/:*?"<>|]/g, '_');
}

async function submissionForTeacher(platform: Platform, actor: Actor, submissionId: string) {
  const submission = await repo.getSubmission(platform.database.db, submissionId);
  if (!submission) throw new AppError('NOT_FOUND');
  const { homework } = await homeworkForTeacher(platform, actor, submission.homework_id);
  return { submission, homework };
}

/** Adds an annotated file to a hand-in, before or with its return. */
export async function addReturnFile(platform: Platform, actor: Actor, submissionId: string, file: IncomingFile): Promise<SubmissionSummary> {
  const { submission } = await submissionForTeacher(platform, actor, submissionId);
  await storeUpload(platform, actor, file, {
    prefix: 'homework',
    maxBytes: MAX_FILE_BYTES,
    tooLargeCode: 'FILE_TOO_LARGE',
    keep: (trx, upload) => files.insertFile(trx, { ownerType: 'RETURN', ownerId: submission.id, uploadedBy: actor.accountId, ...upload }),
  });
  return summaryOf(platform, submission.homework_id, submission.student_id);
}

/** Returns a hand-in with the teacher's comment; the student (and his parents) are told. */
export async function returnSubmission(platform: Platform, actor: Actor, submissionId: string, comment: string): Promise<SubmissionSummary> {
  const { submission, homework } = await submissionForTeacher(platform, actor, submissionId);
  const db = platform.database.db;
  const event: DomainEvent = {
    kind: 'homework.returned',
    recipientIds: [submission.student_id],
    actorId: actor.accountId,
    structureId: homework.structure_id,
    objectType: 'homework',
    objectId: homework.id,
    data: { subjectName: homework.subject_name, dueOn: homework.due_on },
  };
  await db.transaction().execute(async (trx) => {
    await repo.markReturned(trx, submissionId, { at: new Date(platform.now()), by: actor.accountId, comment });
    await platform.events.record(trx, event);
  });
  await platform.events.broadcast(event);
  return summaryOf(platform, submission.homework_id, submission.student_id);
}

/** A file of an entry, a hand-in or a return, for those who may see it. */
export async function openFile(platform: Platform, actor: Actor, fileId: string) {
  const db = platform.database.db;
  const file = await repo.getFile(db, fileId);
  if (!file) throw new AppError('NOT_FOUND');
  let allowed = false;
  if (file.owner_type === 'ENTRY') {
    const entry = await repo.getEntry(db, file.owner_id);
    const course = entry ? await getCourse(db, entry.course_id) : undefined;
    allowed = Boolean(course && can(actor, 'lesson.read', await courseResource(db, actor, course)));
  } else {
    const submission = await repo.getSubmission(db, file.owner_id);
    if (submission) {
      const homework = await repo.getHomework(db, submission.homework_id);
      const course = homework ? await getCourse(db, homework.course_id) : undefined;
      const isOwner = submission.student_id === actor.accountId || (actor.profile === 'PARENT' && (await isParentOf(db, actor.accountId, submission.student_id)));
      allowed = isOwner || Boolean(course && can(actor, 'homework.review', await courseResource(db, actor, course)));
    }
  }
  if (!allowed) throw new AppError('NOT_FOUND');
  return { filename: file.filename, contentType: file.content_type, size: file.size, stream: await platform.storage.get(file.storage_key) };
}

/** Attaches a file to a cahier de textes entry (its author). */
export async function addEntryFile(platform: Platform, actor: Actor, entryId: string, file: IncomingFile) {
  const db = platform.database.db;
  const entry = await repo.getEntry(db, entryId);
  if (!entry) throw new AppError('NOT_FOUND');
  const course = await getCourse(db, entry.course_id);
  // Its session's relation: a replacement adds files to the entry of the session he replaced, not to others.
  const resource = await occurrenceResource(db, actor, course!, entry.occurrence_date, entry.author_id);
  authorize(actor, 'lesson.write', resource);
  if (await repo.findVisaCovering(db, course!, entry.occurrence_date)) {
    file.file.resume();
    throw new AppError('LESSON_LOCKED_BY_VISA');
  }
  const row = await storeUpload(platform, actor, file, {
    prefix: 'homework',
    maxBytes: MAX_FILE_BYTES,
    tooLargeCode: 'FILE_TOO_LARGE',
    keep: (trx, upload) => files.insertFile(trx, { ownerType: 'ENTRY', ownerId: entryId, uploadedBy: actor.accountId, ...upload }),
  });
  return presentFile(row);
}
