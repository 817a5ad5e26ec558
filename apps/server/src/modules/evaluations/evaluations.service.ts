import type {
  AppreciationSheet,
  CreateEvaluationBody,
  EvaluationGrid,
  EvaluationList,
  EvaluationSummary,
  PutMarksBody,
  TeacherEvaluationsQuery,
  TeachingList,
} from '@preau/contracts';
import { audit } from '../../platform/audit.ts';
import { type Actor, authorize } from '../../platform/authorization.ts';
import { cleanDisplayText } from '../../platform/display-text.ts';
import { AppError } from '../../platform/errors.ts';
import type { DomainEvent } from '../../platform/events/domain-event.ts';
import type { Platform } from '../../platform/platform.ts';
import { findParentIds, findStudentsOf, findTeachingsOf, type TargetRef, teachesInSubject } from '../directory/relations.repository.ts';
import { statsOf, subjectAverage } from './averages.ts';
import {
  type EvaluationRow,
  findEvaluationsOfTarget,
  findMarksOf,
  findSubjectAppreciations,
  getDisplayName,
  getEvaluation,
  getPeriod,
  getTargetWithOwner,
  insertEvaluation,
  markEvaluationPublished,
  type MarkRow,
  saveMarks,
} from './evaluations.repository.ts';
import { todayIn } from './periods.service.ts';

/**
 * Evaluations of a class or group in a subject: created by a teacher who
 * teaches it that subject, marks entered until the period's entry closes,
 * published to the students and their parents with a timeline event.
 */

export const PUBLISHED_EVENT = 'evaluations.published';

function targetOf(ref: { classId?: string | undefined; groupId?: string | undefined }): TargetRef {
  return { class_id: ref.classId ?? null, group_id: ref.groupId ?? null };
}

/** The class or group and the actor's right to teach it this subject (404 for a target he does not teach). */
async function gradebook(platform: Platform, actor: Actor, target: TargetRef, subjectCode: string) {
  const db = platform.database.db;
  const owner = await getTargetWithOwner(db, target);
  if (!owner || owner.school_year !== platform.schoolYear()) throw new AppError('NOT_FOUND');
  const teaches = await teachesInSubject(db, actor.accountId, target, subjectCode);
  authorize(actor, 'grades.teach', { type: 'gradebook', structureId: owner.structure_id, collectiviteId: owner.collectivite_id, relation: teaches ? 'teacher' : 'none' });
  return owner;
}

async function loadEvaluationForTeacher(platform: Platform, actor: Actor, evaluationId: string) {
  const evaluation = await getEvaluation(platform.database.db, evaluationId);
  if (!evaluation) throw new AppError('NOT_FOUND');
  await gradebook(platform, actor, { class_id: evaluation.class_id, group_id: evaluation.group_id }, evaluation.subject_code);
  return evaluation;
}

/** An evaluation as every view shows it; `stats` over the marks given (in the evaluation's own total). */
export function presentEvaluation(row: EvaluationRow, marks: readonly MarkRow[]): EvaluationSummary {
  return {
    id: row.id,
    periodId: row.period_id,
    target: { id: (row.class_id ?? row.group_id)!, kind: row.class_id ? 'CLASS' : 'GROUP', name: row.target_name },
    subjectCode: row.subject_code,
    subjectName: row.subject_name,
    teacherName: row.teacher_name,
    title: row.title,
    givenOn: row.given_on,
    outOf: row.out_of,
    rescale: row.rescale,
    coefficient: row.coefficient,
    competences: row.competences,
    publishedAt: row.published_at ? new Date(row.published_at).toISOString() : null,
    stats: statsOf(marks.filter((m) => m.evaluation_id === row.id && m.special === null).map((m) => m.value)),
  };
}

/** The classes and groups the teacher teaches this year, with their subjects: where he may create evaluations. */
export async function listTeachings(platform: Platform, actor: Actor): Promise<TeachingList> {
  if (actor.profile !== 'ENSEIGNANT') return { items: [] };
  const rows = await findTeachingsOf(platform.database.db, actor.accountId, platform.schoolYear());
  return {
    items: rows.map((r) => ({ target: { id: r.id, kind: r.kind, name: r.name }, subjectCode: r.subject_code, subjectName: r.subject_name, structureId: r.structure_id })),
  };
}

export async function createEvaluation(platform: Platform, actor: Actor, body: CreateEvaluationBody): Promise<EvaluationSummary> {
  const db = platform.database.db;
  const target = targetOf(body);
  const owner = await gradebook(platform, actor, target, body.subjectCode);
  const period = await getPeriod(db, body.periodId);
  if (!period || period.structure_id !== owner.structure_id || period.school_year !== owner.school_year) throw new AppError('NOT_FOUND');
  if (todayIn(platform) > period.entry_closes_on) throw new AppError('GRADES_ENTRY_CLOSED');
  if (body.givenOn < period.starts_on || body.givenOn > period.ends_on) throw new AppError('GRADES_DATE_OUTSIDE_PERIOD', { fields: { givenOn: 'outside period' } });
  const id = await db.transaction().execute(async (trx) => {
    const created = await insertEvaluation(trx, {
      structureId: owner.structure_id,
      schoolYear: owner.school_year,
      periodId: period.id,
      teacherId: actor.accountId,
      teacherName: await getDisplayName(trx, actor.accountId),
      target,
      subjectCode: body.subjectCode,
      title: cleanDisplayText(body.title),
      givenOn: body.givenOn,
      outOf: body.outOf,
      rescale: body.rescale,
      coefficient: body.coefficient,
      competences: body.competences.map(cleanDisplayText),
    });
    await audit(trx, { actorId: actor.accountId, action: 'grades.evaluation.create', targetType: 'evaluation', targetId: created, structureId: owner.structure_id });
    return created;
  });
  return presentEvaluation((await getEvaluation(db, id))!, []);
}

/** The evaluations of a class or group in a subject and period (the teacher's list). */
export async function listTargetEvaluations(platform: Platform, actor: Actor, query: TeacherEvaluationsQuery): Promise<EvaluationList> {
  const target = targetOf(query);
  if ((target.class_id === null) === (target.group_id === null)) throw new AppError('VALIDATION_FAILED', { fields: { classId: 'classId or groupId' } });
  await gradebook(platform, actor, target, query.subjectCode);
  const db = platform.database.db;
  const rows = await findEvaluationsOfTarget(db, query.periodId, target, query.subjectCode);
  const marks = await findMarksOf(db, rows.map((r) => r.id));
  return { items: rows.map((r) => presentEvaluation(r, marks)) };
}

async function grid(platform: Platform, evaluation: EvaluationRow): Promise<EvaluationGrid> {
  const db = platform.database.db;
  const [students, marks, period] = await Promise.all([
    findStudentsOf(db, { class_id: evaluation.class_id, group_id: evaluation.group_id }),
    findMarksOf(db, [evaluation.id]),
    getPeriod(db, evaluation.period_id),
  ]);
  const byStudent = new Map(marks.map((m) => [m.student_id, m]));
  const blank = evaluation.competences.map(() => null);
  return {
    evaluation: presentEvaluation(evaluation, marks),
    marks: students.map((s) => {
      const mark = byStudent.get(s.id);
      return { studentId: s.id, displayName: `${s.last_name} ${s.first_name}`, value: mark?.value ?? null, special: mark?.special ?? null, levels: mark?.levels ?? blank };
    }),
    isEntryOpen: period !== undefined && todayIn(platform) <= period.entry_closes_on,
  };
}

/** The teacher's grid of one evaluation. */
export async function getEvaluationGrid(platform: Platform, actor: Actor, evaluationId: string): Promise<EvaluationGrid> {
  return grid(platform, await loadEvaluationForTeacher(platform, actor, evaluationId));
}

/**
 * Saves some cells of the grid (one as it is typed, or a pasted column): all
 * or nothing. A student outside the class, a mark above the total, levels not
 * matching the competences, or a closed period: a stable error, nothing written.
 */
export async function putMarks(platform: Platform, actor: Actor, evaluationId: string, body: PutMarksBody): Promise<EvaluationGrid> {
  const db = platform.database.db;
  const evaluation = await loadEvaluationForTeacher(platform, actor, evaluationId);
  const period = await getPeriod(db, evaluation.period_id);
  if (!period || todayIn(platform) > period.entry_closes_on) throw new AppError('GRADES_ENTRY_CLOSED');
  const students = new Set((await findStudentsOf(db, { class_id: evaluation.class_id, group_id: evaluation.group_id })).map((s) => s.id));
  const existing = new Map((await findMarksOf(db, [evaluation.id])).map((m) => [m.student_id, m]));
  const rows = body.marks.map((m, index) => {
    if (!students.has(m.studentId)) throw new AppError('GRADES_NOT_IN_CLASS', { fields: { [`marks.${index}.studentId`]: 'not in class' } });
    if (m.value !== null && m.value > evaluation.out_of) throw new AppError('GRADES_MARK_ABOVE_MAXIMUM', { fields: { [`marks.${index}.value`]: `> ${evaluation.out_of}` } });
    if (m.levels !== undefined && m.levels.length !== evaluation.competences.length) {
      throw new AppError('GRADES_COMPETENCE_LEVELS', { fields: { [`marks.${index}.levels`]: `${evaluation.competences.length}` } });
    }
    const levels = m.levels ?? existing.get(m.studentId)?.levels ?? evaluation.competences.map(() => null);
    return { student_id: m.studentId, value: m.value, special: m.special, levels };
  });
  await db.transaction().execute(async (trx) => {
    await saveMarks(trx, evaluation.id, rows, new Date(platform.now()));
  });
  return grid(platform, evaluation);
}

/** Publishes the evaluation: its students and their parents see it and are told (once: publishing again tells nobody). */
export async function publishEvaluation(platform: Platform, actor: Actor, evaluationId: string): Promise<EvaluationGrid> {
  const db = platform.database.db;
  const evaluation = await loadEvaluationForTeacher(platform, actor, evaluationId);
  let event: DomainEvent | undefined;
  await db.transaction().execute(async (trx) => {
    if (!(await markEvaluationPublished(trx, evaluation.id, new Date(platform.now())))) return;
    const students = (await findStudentsOf(trx, { class_id: evaluation.class_id, group_id: evaluation.group_id })).map((s) => s.id);
    const parents = await findParentIds(trx, students);
    event = {
      kind: PUBLISHED_EVENT,
      recipientIds: [...new Set([...students, ...parents])],
      actorId: actor.accountId,
      structureId: evaluation.structure_id,
      objectType: 'evaluation',
      objectId: evaluation.id,
      data: { title: evaluation.title, subjectName: evaluation.subject_name, teacherName: evaluation.teacher_name, givenOn: evaluation.given_on, periodId: evaluation.period_id },
    };
    await platform.events.record(trx, event);
    await audit(trx, { actorId: actor.accountId, action: 'grades.evaluation.publish', targetType: 'evaluation', targetId: evaluation.id, structureId: evaluation.structure_id });
  });
  if (event) await platform.events.broadcast(event);
  return grid(platform, (await getEvaluation(db, evaluation.id))!);
}

/** The teacher's sheet of bulletin appreciations for a class or group in his subject: each student, his average, what is written. */
export async function getAppreciationSheet(platform: Platform, actor: Actor, query: TeacherEvaluationsQuery): Promise<AppreciationSheet> {
  const target = targetOf(query);
  if ((target.class_id === null) === (target.group_id === null)) throw new AppError('VALIDATION_FAILED', { fields: { classId: 'classId or groupId' } });
  const owner = await gradebook(platform, actor, target, query.subjectCode);
  const db = platform.database.db;
  const period = await getPeriod(db, query.periodId);
  if (!period || period.structure_id !== owner.structure_id) throw new AppError('NOT_FOUND');
  const [students, evaluations] = await Promise.all([findStudentsOf(db, target), findEvaluationsOfTarget(db, period.id, target, query.subjectCode)]);
  const marks = await findMarksOf(db, evaluations.map((e) => e.id));
  const written = new Map((await findSubjectAppreciations(db, period.id, students.map((s) => s.id), query.subjectCode)).map((r) => [r.student_id, r.body]));
  const byId = new Map(evaluations.map((e) => [e.id, e]));
  return {
    isOpen: period.bulletins_published_at === null,
    items: students.map((s) => {
      const own = marks
        .filter((m) => m.student_id === s.id)
        .map((m) => {
          const e = byId.get(m.evaluation_id)!;
          return { value: m.value, special: m.special, outOf: e.out_of, rescale: e.rescale, coefficient: e.coefficient };
        });
      return { studentId: s.id, displayName: `${s.last_name} ${s.first_name}`, average: subjectAverage(own), body: written.get(s.id) ?? '' };
    }),
  };
}
