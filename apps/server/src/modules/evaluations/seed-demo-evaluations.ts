import { sql } from 'kysely';
import type { Platform } from '../../platform/platform.ts';
import { createRng } from '../demo/demo-names.ts';

/**
 * Demo marks, so the demo shows something: the structure of demo.eleve gets
 * its three trimestres; every teacher of demo.eleve's class gives two
 * published evaluations in the first trimestre, marked for the whole class
 * (a few absences among them). Fixed-seed marks: every run looks the same.
 * Runs once, after the demo's people and timetable; does nothing if the
 * structure already has periods.
 */
export async function seedDemoEvaluations(platform: Platform): Promise<number> {
  const db = platform.database.db;
  const year = platform.schoolYear();
  const student = await db.selectFrom('accounts').select('id').where('login', '=', 'demo.eleve').executeTakeFirst();
  if (!student) return 0;
  const klass = await db
    .selectFrom('class_members as cm')
    .innerJoin('classes as c', 'c.id', 'cm.class_id')
    .select(['c.id', 'c.structure_id'])
    .where('cm.account_id', '=', student.id)
    .where('c.school_year', '=', year)
    .executeTakeFirst();
  if (!klass) return 0;
  const existing = await db.selectFrom('evaluation_periods').select('id').where('structure_id', '=', klass.structure_id).where('school_year', '=', year).executeTakeFirst();
  if (existing) return 0;
  const next = year + 1;
  const periods = [
    { rank: 1, starts_on: `${year}-09-01`, ends_on: `${year}-11-29`, entry_closes_on: `${year}-12-04`, council_on: `${year}-12-08` },
    { rank: 2, starts_on: `${year}-11-30`, ends_on: `${next}-03-07`, entry_closes_on: `${next}-03-12`, council_on: `${next}-03-16` },
    { rank: 3, starts_on: `${next}-03-08`, ends_on: `${next}-07-04`, entry_closes_on: `${next}-06-06`, council_on: `${next}-06-10` },
  ];
  const teachings = await sql<{ teacher_id: string; subject_code: string; teacher_name: string }>`
    SELECT DISTINCT t.teacher_id, t.subject_code, a.first_name || ' ' || a.last_name AS teacher_name
    FROM teachings t JOIN accounts a ON a.id = t.teacher_id
    WHERE t.class_id = ${klass.id} ORDER BY t.subject_code, t.teacher_id`.execute(db);
  const students = await db
    .selectFrom('class_members as cm')
    .innerJoin('accounts as a', 'a.id', 'cm.account_id')
    .select('a.id')
    .where('cm.class_id', '=', klass.id)
    .where('a.profile', '=', 'ELEVE')
    .orderBy('a.id')
    .execute();
  const rng = createRng(20_261_208);
  const titles = [
    ['Devoir surveillé n° 1', `${year}-10-02`, 20, 2],
    ['Interrogation écrite', `${year}-11-06`, 10, 1],
  ] as const;
  let created = 0;
  await db.transaction().execute(async (trx) => {
    const ids = [];
    for (const p of periods) {
      const row = await trx
        .insertInto('evaluation_periods')
        .values({ structure_id: klass.structure_id, school_year: year, kind: 'TRIMESTRE', ...p })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(row.id);
    }
    for (const teaching of teachings.rows) {
      for (const [title, givenOn, outOf, coefficient] of titles) {
        const evaluation = await trx
          .insertInto('evaluations')
          .values({
            structure_id: klass.structure_id,
            school_year: year,
            period_id: ids[0]!,
            teacher_id: teaching.teacher_id,
            teacher_name: teaching.teacher_name,
            class_id: klass.id,
            subject_code: teaching.subject_code,
            title,
            given_on: givenOn,
            out_of: outOf,
            rescale: true,
            coefficient,
            competences: '[]',
            published_at: new Date(`${givenOn}T17:00:00Z`),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const marks = students.map((s) => {
          const absent = rng.next() < 0.05;
          // Between 35 % and 100 % of the total, by halves.
          const value = absent ? null : Math.round((0.35 + rng.next() * 0.65) * outOf * 2) / 2;
          return { evaluation_id: evaluation.id, student_id: s.id, value, special: absent ? ('ABS' as const) : null, levels: '[]' };
        });
        if (marks.length > 0) await trx.insertInto('evaluation_marks').values(marks).execute();
        created += 1;
      }
    }
  });
  return created;
}
