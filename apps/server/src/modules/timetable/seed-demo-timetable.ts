import { sql } from 'kysely';
import type { Platform } from '../../platform/platform.ts';

/**
 * The demo's timetable: a full week of courses for demo.eleve's class and
 * groups, from the teachings the demo seed made (so demo.enseignant gives the
 * mathematics courses). Runs once: a structure that has courses is left alone.
 */
const SLOTS: ReadonlyArray<readonly [number, number, number]> = [
  // weekday, start, end (minutes)
  [1, 8 * 60, 9 * 60], [1, 9 * 60, 10 * 60], [1, 10 * 60 + 15, 11 * 60 + 15], [1, 11 * 60 + 15, 12 * 60 + 15], [1, 13 * 60 + 30, 14 * 60 + 30], [1, 14 * 60 + 30, 15 * 60 + 30],
  [2, 8 * 60, 9 * 60], [2, 9 * 60, 10 * 60], [2, 10 * 60 + 15, 11 * 60 + 15], [2, 11 * 60 + 15, 12 * 60 + 15], [2, 13 * 60 + 30, 14 * 60 + 30], [2, 14 * 60 + 30, 15 * 60 + 30],
  [3, 8 * 60, 9 * 60], [3, 9 * 60, 10 * 60], [3, 10 * 60 + 15, 11 * 60 + 15], [3, 11 * 60 + 15, 12 * 60 + 15],
  [4, 8 * 60, 9 * 60], [4, 9 * 60, 10 * 60], [4, 10 * 60 + 15, 11 * 60 + 15], [4, 11 * 60 + 15, 12 * 60 + 15], [4, 13 * 60 + 30, 14 * 60 + 30], [4, 14 * 60 + 30, 15 * 60 + 30],
  [5, 8 * 60, 9 * 60], [5, 9 * 60, 10 * 60], [5, 10 * 60 + 15, 11 * 60 + 15], [5, 11 * 60 + 15, 12 * 60 + 15], [5, 13 * 60 + 30, 14 * 60 + 30], [5, 14 * 60 + 30, 16 * 60 + 30],
];

export async function seedDemoTimetable(platform: Platform): Promise<number> {
  const db = platform.database.db;
  const year = platform.schoolYear();
  const student = await db.selectFrom('accounts').select('id').where('login', '=', 'demo.eleve').executeTakeFirst();
  if (!student) return 0;
  const teachings = await sql<{ teacher_id: string; subject_code: string; class_id: string | null; group_id: string | null; structure_id: string; is_demo: boolean }>`
    SELECT t.teacher_id, t.subject_code, t.class_id, t.group_id, coalesce(c.structure_id, g.structure_id) AS structure_id,
      a.login = 'demo.enseignant' AS is_demo
    FROM teachings t
    JOIN accounts a ON a.id = t.teacher_id
    LEFT JOIN classes c ON c.id = t.class_id AND c.school_year = ${year}
    LEFT JOIN groups g ON g.id = t.group_id AND g.school_year = ${year}
    WHERE t.class_id IN (SELECT class_id FROM class_members WHERE account_id = ${student.id})
       OR t.group_id IN (SELECT group_id FROM group_members WHERE account_id = ${student.id})
    ORDER BY is_demo DESC, t.subject_code, t.teacher_id`.execute(db);
  const rows = teachings.rows.filter((t) => t.structure_id);
  if (rows.length === 0) return 0;
  const structureId = rows[0]!.structure_id;
  const existing = await db.selectFrom('courses').select('id').where('structure_id', '=', structureId).where('school_year', '=', year).limit(1).executeTakeFirst();
  if (existing) return 0;
  // demo.enseignant gets four hours (one of them week A only), others two, groups one.
  const plan: Array<{ teaching: (typeof rows)[number]; weeks: 'ALL' | 'A' | 'B' }> = [];
  for (const teaching of rows) {
    const hours = teaching.is_demo ? 4 : teaching.group_id ? 1 : 2;
    for (let i = 0; i < hours; i++) plan.push({ teaching, weeks: teaching.is_demo && i === 3 ? 'A' : 'ALL' });
  }
  let created = 0;
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < plan.length && i < SLOTS.length; i++) {
      // Spread each subject over the week: take slots in a stride, not in a row. The stride is prime to
      // the number of slots, so the first SLOTS.length courses land on as many different slots.
      const slot = SLOTS[(i * 5) % SLOTS.length]!;
      const { teaching, weeks } = plan[i]!;
      const course = await trx
        .insertInto('courses')
        .values({
          structure_id: structureId, school_year: year, subject_code: teaching.subject_code, class_id: teaching.class_id, group_id: teaching.group_id,
          room: `${String.fromCharCode(65 + (i % 4))}${101 + (i % 12)}`, weekday: slot[0], start_minute: slot[1], end_minute: slot[2], weeks, periods: '[]',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('course_teachers').values({ course_id: course.id, teacher_id: teaching.teacher_id }).execute();
      created++;
    }
  });
  return created;
}
