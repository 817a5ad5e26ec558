import type { CourseImportBody, CourseImportReport } from '@preau/contracts';
import { audit } from '../../platform/audit.ts';
import { type Actor, authorize, can } from '../../platform/authorization.ts';
import { AppError } from '../../platform/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { interpretCsv } from './csv-import.ts';
import { deleteCoursesWithoutLessons, findAllSubjects, findStructureTargets, findStructureTeachers, getStructureRef, insertCourse } from './timetable.repository.ts';

/**
 * Imports a structure's courses from a CSV file, all or nothing: when any
 * line is rejected, nothing is written and the report lists every rejected
 * line. With `replace`, the year's courses without any cahier de textes entry
 * are removed first (those with entries are kept: they are a legal record).
 */
export async function importCourses(platform: Platform, actor: Actor, structureId: string, body: CourseImportBody): Promise<CourseImportReport> {
  const db = platform.database.db;
  const structure = await getStructureRef(db, structureId);
  if (!structure) throw new AppError('NOT_FOUND');
  const resource = { type: 'structure' as const, id: structure.id, collectiviteId: structure.collectivite_id };
  authorize(actor, 'timetable.manage', resource);
  const year = platform.schoolYear();
  const [targets, teachers, subjects] = await Promise.all([
    findStructureTargets(db, structureId, year),
    findStructureTeachers(db, structureId, year),
    findAllSubjects(db),
  ]);
  const teacherKeys = new Map<string, string>();
  for (const t of teachers) {
    teacherKeys.set(t.login.toLowerCase(), t.id);
    if (t.external_id) teacherKeys.set(t.external_id.toLowerCase(), t.id);
  }
  const subjectKeys = new Map<string, string>();
  for (const s of subjects) {
    subjectKeys.set(s.code.toUpperCase(), s.code);
    subjectKeys.set(s.short_name.toUpperCase(), s.code);
  }
  const { courses, rejected } = interpretCsv(body.content, {
    classes: new Map(targets.classes.map((c) => [c.code, c.id])),
    groups: new Map(targets.groups.map((g) => [g.code, g.id])),
    teachers: teacherKeys,
    subjects: subjectKeys,
  });
  if (rejected.length > 0 || courses.length === 0) {
    return {
      imported: 0,
      applied: false,
      rejected: rejected.length > 0 ? rejected : [{ line: 1, code: 'EMPTY', reason: 'Aucune ligne de cours.' }],
    };
  }
  await db.transaction().execute(async (trx) => {
    if (body.replace) await deleteCoursesWithoutLessons(trx, structureId, year);
    for (const course of courses) {
      await insertCourse(
        trx,
        {
          structure_id: structureId,
          school_year: year,
          subject_code: course.subjectCode,
          class_id: course.classId,
          group_id: course.groupId,
          room: course.room,
          weekday: course.weekday,
          start_minute: course.startMinute,
          end_minute: course.endMinute,
          weeks: course.weeks,
          periods: JSON.stringify(course.periods),
        },
        course.teacherIds,
      );
    }
    await audit(trx, { actorId: actor.accountId, action: 'course.import', targetType: 'structure', targetId: structureId, structureId, details: { count: courses.length, replace: body.replace } });
  });
  return { imported: courses.length, applied: true, rejected: [] };
}
