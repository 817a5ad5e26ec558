import type { Bulletin, Locale, PutAppreciationBody, StudentResults, SubjectResult } from '@preau/contracts';
import { audit } from '../../platform/audit.ts';
import { type Actor, authorize, type GradesRelation } from '../../platform/authorization.ts';
import { cleanDisplayText } from '../../platform/display-text.ts';
import { AppError } from '../../platform/errors.ts';
import type { DomainEvent } from '../../platform/events/domain-event.ts';
import type { Platform } from '../../platform/platform.ts';
import {
  findChildren,
  findStudentsAndParentsOf,
  findTeamLinksToStudent,
  getStudentOfYear,
  isParentOf,
  type StudentOfYear,
  teachesStudentInSubject,
} from '../directory/relations.repository.ts';
import { generalAverage, type MarkForAverage, statsOf, subjectAverage } from './averages.ts';
import {
  findAppreciations,
  findEvaluationsOfStudent,
  findMarksOf,
  type MarkRow,
  findPeriods,
  getDisplayName,
  getPeriod,
  getStructureWithOwner,
  markBulletinsPublished,
  type PeriodRow,
  saveAppreciation,
} from './evaluations.repository.ts';
import { renderBulletin } from './bulletin.pdf.ts';
import { presentEvaluation } from './evaluations.service.ts';
import { unsafeAttendanceSummary } from '../presences/attendance.service.ts';
import { presentPeriod, todayIn } from './periods.service.ts';

/**
 * A student's results: per subject and period, his marks, his average and
 * the class's figures; the bulletin (with the teachers' appreciations) and
 * its publication by the direction. A student and his parents see published
 * evaluations only, and the bulletin once the direction has published it.
 */

export const BULLETINS_EVENT = 'evaluations.bulletins';

/** The students whose marks the actor follows as a family: himself (a student), his children (a parent). */
export async function listFamilyStudents(platform: Platform, actor: Actor) {
  const db = platform.database.db;
  if (actor.profile === 'ELEVE') {
    const me = await getStudentOfYear(db, actor.accountId, platform.schoolYear());
    return { items: me ? [{ id: me.id, displayName: `${me.first_name} ${me.last_name}` }] : [] };
  }
  if (actor.profile !== 'PARENT') return { items: [] };
  const children = await findChildren(db, actor.accountId);
  return { items: children.map((c) => ({ id: c.id, displayName: `${c.first_name} ${c.last_name}` })) };
}

async function relationTo(platform: Platform, actor: Actor, studentId: string): Promise<GradesRelation> {
  const db = platform.database.db;
  if (actor.accountId === studentId) return 'self';
  if (actor.profile === 'PARENT') return (await isParentOf(db, actor.accountId, studentId)) ? 'parent' : 'none';
  if (actor.profile !== 'ENSEIGNANT') return 'none';
  const links = await findTeamLinksToStudent(db, actor.accountId, studentId, platform.schoolYear());
  return links.principal ? 'principal' : links.teacher ? 'teacher' : 'none';
}

interface Access {
  student: StudentOfYear;
  relation: GradesRelation;
  period: PeriodRow | undefined;
  periods: PeriodRow[];
  resource: { type: 'student-grades'; studentId: string; structureId: string; collectiviteId: string; relation: GradesRelation; bulletinPublished: boolean };
}

/** Loads the student, his structure's periods and the chosen one (or the current one), and how the actor stands to him. */
async function access(platform: Platform, actor: Actor, studentId: string, periodId: string | undefined): Promise<Access> {
  const db = platform.database.db;
  const student = await getStudentOfYear(db, studentId, platform.schoolYear());
  if (!student) throw new AppError('NOT_FOUND');
  const relation = await relationTo(platform, actor, studentId);
  const periods = await findPeriods(db, student.structure_id, platform.schoolYear());
  const today = todayIn(platform);
  const period = periodId
    ? periods.find((p) => p.id === periodId)
    : (periods.find((p) => p.starts_on <= today && today <= p.ends_on) ?? periods.filter((p) => p.starts_on <= today).at(-1) ?? periods[0]);
  const resource = {
    type: 'student-grades' as const,
    studentId,
    structureId: student.structure_id,
    collectiviteId: student.collectivite_id,
    relation,
    bulletinPublished: period?.bulletins_published_at != null,
  };
  authorize(actor, 'grades.read', resource);
  if (periodId && !period) throw new AppError('NOT_FOUND');
  return { student, relation, period, periods, resource };
}

/** A student and a period of his structure (with all its periods, for the period picker). */
export type StudentPeriod = Pick<Access, 'student' | 'period' | 'periods'>;

/** The results of a student for a period; the family sees published evaluations only (`publishedOnly`). */
/** A subject's results, with its teachers' accounts for the LSU export (left out of the API's answers by their schema). */
export type ResultOfSubject = SubjectResult & { teacherIds: string[] };
type ResultsWithTeachers = Omit<StudentResults, 'subjects'> & { subjects: ResultOfSubject[] };

/**
 * Marks already read, by the evaluations they belong to: classmates share
 * their evaluations, so an export over a class reads the class's marks once
 * instead of once per student (the class figures need all of them).
 */
export type MarksCache = Map<string, Promise<MarkRow[]>>;

async function computeResults(platform: Platform, a: StudentPeriod, publishedOnly: boolean, cache?: MarksCache): Promise<ResultsWithTeachers> {
  const db = platform.database.db;
  const today = todayIn(platform);
  const head = {
    student: { id: a.student.id, displayName: `${a.student.first_name} ${a.student.last_name}`, className: a.student.class_name },
    period: a.period ? presentPeriod(a.period, today) : null,
    periods: a.periods.map((p) => presentPeriod(p, today)),
  };
  if (!a.period) return { ...head, subjects: [], generalAverage: null };
  const evaluations = await findEvaluationsOfStudent(db, a.student.id, a.period.id, platform.schoolYear(), publishedOnly);
  const ids = evaluations.map((e) => e.id);
  const key = [...ids].sort().join(',');
  let marksRead = cache?.get(key);
  if (!marksRead) {
    marksRead = findMarksOf(db, ids);
    cache?.set(key, marksRead);
  }
  const marks = await marksRead;
  const bySubject = new Map<string, typeof evaluations>();
  for (const e of evaluations) bySubject.set(e.subject_code, [...(bySubject.get(e.subject_code) ?? []), e]);

  const subjects: ResultOfSubject[] = [];
  for (const [subjectCode, list] of bySubject) {
    const ids = new Set(list.map((e) => e.id));
    const byId = new Map(list.map((e) => [e.id, e]));
    // Every student assessed in these evaluations: his marks, as the average formula reads them.
    const perStudent = new Map<string, MarkForAverage[]>();
    for (const m of marks) {
      if (!ids.has(m.evaluation_id)) continue;
      const e = byId.get(m.evaluation_id)!;
      const entry = { value: m.value, special: m.special, outOf: e.out_of, rescale: e.rescale, coefficient: e.coefficient };
      perStudent.set(m.student_id, [...(perStudent.get(m.student_id) ?? []), entry]);
    }
    const own = new Map(marks.filter((m) => m.student_id === a.student.id && ids.has(m.evaluation_id)).map((m) => [m.evaluation_id, m]));
    subjects.push({
      subjectCode,
      subjectName: list[0]!.subject_name,
      teacherNames: [...new Set(list.map((e) => e.teacher_name))],
      teacherIds: [...new Set(list.flatMap((e) => (e.teacher_id ? [e.teacher_id] : [])))],
      average: subjectAverage(perStudent.get(a.student.id) ?? []),
      classStats: statsOf([...perStudent.values()].map(subjectAverage)),
      marks: list.map((e) => {
        const mark = own.get(e.id);
        return { evaluation: presentEvaluation(e, marks), value: mark?.value ?? null, special: mark?.special ?? null, levels: mark?.levels ?? e.competences.map(() => null) };
      }),
    });
  }
  subjects.sort((x, y) => x.subjectName.localeCompare(y.subjectName, 'fr'));
  return { ...head, subjects, generalAverage: generalAverage(subjects.map((s) => s.average)) };
}

const isFamily = (relation: GradesRelation) => relation === 'self' || relation === 'parent';

/** A student's marks and averages for a period (the current one by default). */
export async function getStudentResults(platform: Platform, actor: Actor, studentId: string, periodId: string | undefined): Promise<StudentResults> {
  const a = await access(platform, actor, studentId, periodId);
  return computeResults(platform, a, isFamily(a.relation));
}

/** The bulletin of a period: every evaluation of the period counts; the family reads it once the direction has published it. */
export async function getBulletin(platform: Platform, actor: Actor, studentId: string, periodId: string): Promise<Bulletin & { structureName: string }> {
  const a = await access(platform, actor, studentId, periodId);
  authorize(actor, 'bulletin.read', a.resource);
  const db = platform.database.db;
  const [content, structure] = await Promise.all([unsafeBulletinContent(platform, a), getStructureWithOwner(db, a.student.structure_id)]);
  return { ...content, isPublished: a.resource.bulletinPublished, structureName: structure?.name ?? '' };
}

/**
 * What a bulletin says of a student for a period (every evaluation counts),
 * shared by the bulletin and the period's exports so that they cannot differ.
 * No access check: the caller has authorized reading it.
 */
export async function unsafeBulletinContent(platform: Platform, a: StudentPeriod, cache?: MarksCache): Promise<Omit<Bulletin, 'isPublished' | 'results'> & { results: ResultsWithTeachers }> {
  const period = a.period;
  const [results, appreciations, attendance] = await Promise.all([
    computeResults(platform, a, false, cache),
    period ? findAppreciations(platform.database.db, period.id, a.student.id) : [],
    period ? unsafeAttendanceSummary(platform, { id: a.student.id, structureId: a.student.structure_id }, { from: period.starts_on, to: period.ends_on }) : null,
  ]);
  return {
    results,
    appreciations: appreciations.map((r) => ({ subjectCode: r.subject_code === '' ? null : r.subject_code, authorName: r.author_name, body: r.body })),
    attendance,
  };
}

/**
 * Writes (or, empty, removes) an appreciation: a subject's by a teacher who
 * teaches the student that subject, the general one by his professeur
 * principal. Closed once the bulletins are published.
 */
export async function putAppreciation(platform: Platform, actor: Actor, periodId: string, studentId: string, body: PutAppreciationBody): Promise<Bulletin> {
  const a = await access(platform, actor, studentId, periodId);
  authorize(actor, 'grades.appreciate', a.resource);
  const db = platform.database.db;
  if (body.subjectCode === undefined) {
    if (a.relation !== 'principal') throw new AppError('FORBIDDEN');
  } else if (!(await teachesStudentInSubject(db, actor.accountId, studentId, body.subjectCode, platform.schoolYear()))) {
    throw new AppError('GRADES_NO_EVALUATION_TO_APPRECIATE');
  }
  if (a.resource.bulletinPublished) throw new AppError('GRADES_ENTRY_CLOSED');
  await db.transaction().execute(async (trx) => {
    const authorName = await getDisplayName(trx, actor.accountId);
    await saveAppreciation(trx, { periodId, studentId, subjectCode: body.subjectCode ?? '', authorId: actor.accountId, authorName, body: cleanDisplayText(body.body) }, new Date(platform.now()));
  });
  const { structureName: _, ...bulletin } = await getBulletin(platform, actor, studentId, periodId);
  return bulletin;
}

/** The direction publishes a period's bulletins: the structure's students and parents are told once. */
export async function publishBulletins(platform: Platform, actor: Actor, periodId: string) {
  const db = platform.database.db;
  const period = await getPeriod(db, periodId);
  if (!period || period.school_year !== platform.schoolYear()) throw new AppError('NOT_FOUND');
  authorize(actor, 'grades.manage', { type: 'structure', id: period.structure_id, collectiviteId: period.collectivite_id });
  let event: DomainEvent | undefined;
  await db.transaction().execute(async (trx) => {
    if (!(await markBulletinsPublished(trx, period.id, new Date(platform.now())))) return;
    event = {
      kind: BULLETINS_EVENT,
      recipientIds: await findStudentsAndParentsOf(trx, period.structure_id, period.school_year),
      actorId: actor.accountId,
      structureId: period.structure_id,
      objectType: 'evaluation_period',
      objectId: period.id,
      data: { kind: period.kind, rank: period.rank },
    };
    await platform.events.record(trx, event);
    await audit(trx, { actorId: actor.accountId, action: 'grades.bulletins.publish', targetType: 'evaluation_period', targetId: period.id, structureId: period.structure_id });
  });
  if (event) await platform.events.broadcast(event);
  const refreshed = (await getPeriod(db, periodId))!;
  return presentPeriod(refreshed, todayIn(platform));
}

/** The bulletin as a PDF, with a file name that says whose and which period (ASCII only, for every browser). */
export async function getBulletinPdf(platform: Platform, actor: Actor, studentId: string, periodId: string, locale: Locale) {
  const bulletin = await getBulletin(platform, actor, studentId, periodId);
  const pdf = await renderBulletin({ ...bulletin, locale, createdAt: new Date(platform.now()) });
  const period = bulletin.results.period!;
  const name = bulletin.results.student.displayName.normalize('NFD').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return { pdf, fileName: `bulletin-${name}-${period.kind === 'TRIMESTRE' ? 'T' : 'S'}${period.rank}.pdf` };
}
