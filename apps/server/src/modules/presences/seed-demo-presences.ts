import type { Platform } from '../../platform/platform.ts';
import { addDays, parisNow } from '../timetable/dates.ts';
import { occurrenceDates } from '../timetable/occurrences.ts';
import { calendarOf } from '../timetable/timetable-context.ts';
import { toRule } from '../timetable/timetable.service.ts';
import { reasonsOf } from './attendance.service.ts';
import * as repo from './presences.repository.ts';
import { findCoursesOfTargets } from '../timetable/timetable.repository.ts';
import { getStudentOfYear } from '../directory/relations.repository.ts';

/**
 * Demo data of the vie scolaire: demo.eleve was absent at his class's last
 * lesson of the week before (not justified yet: demo.parent can give the
 * reason), late ten minutes the week before that, and ill for a whole day
 * three weeks ago (justified). Runs once, after the demo timetable.
 */
export async function seedDemoPresences(platform: Platform): Promise<number> {
  const db = platform.database.db;
  const year = platform.schoolYear();
  const eleve = await db.selectFrom('accounts').select('id').where('login', '=', 'demo.eleve').executeTakeFirst();
  const student = eleve ? await getStudentOfYear(db, eleve.id, year) : undefined;
  if (!student?.class_id) return 0;
  const courses = await findCoursesOfTargets(db, year, [student.class_id], []);
  if (courses.length === 0) return 0;
  const calendar = await calendarOf(platform, db, student.structure_id, year);
  const today = parisNow(platform.now()).date;
  const sessions = courses
    .flatMap((course) => occurrenceDates(toRule(course), calendar, addDays(today, -35), addDays(today, -1)).map((date) => ({ course, date })))
    .sort((a, b) => b.date.localeCompare(a.date) || a.course.start_minute - b.course.start_minute);
  if (sessions.length < 2) return 0;
  const reasons = await reasonsOf(platform, student.structure_id);
  const illness = reasons.find((r) => r.label === 'Maladie');
  const absent = sessions[0]!;
  const late = sessions.find((s) => s.date <= addDays(absent.date, -7)) ?? sessions[1]!;
  const ill = addDays(late.date, -7);
  const base = { structure_id: student.structure_id, school_year: year, student_id: student.id, recorded_by: null };
  const rows = [
    {
      ...base, kind: 'ABSENCE' as const, course_id: absent.course.id, occurrence_date: absent.date, from_date: absent.date, to_date: absent.date,
      from_minute: absent.course.start_minute, to_minute: absent.course.end_minute, minutes: null,
    },
    {
      ...base, kind: 'LATE' as const, course_id: late.course.id, occurrence_date: late.date, from_date: late.date, to_date: late.date,
      from_minute: late.course.start_minute, to_minute: late.course.start_minute + 10, minutes: 10,
    },
    ...(illness
      ? [{ ...base, kind: 'ABSENCE' as const, course_id: null, occurrence_date: null, from_date: ill, to_date: ill, from_minute: 0, to_minute: 1440, minutes: null, reason_id: illness.id, justified: true }]
      : []),
  ];
  await db.transaction().execute(async (trx) => {
    await repo.insertAbsences(trx, rows);
    for (const s of [absent, late]) {
      await repo.markTaken(trx, { courseId: s.course.id, date: s.date, structureId: student.structure_id, by: null, at: new Date(platform.now()) });
    }
  });
  return rows.length;
}
