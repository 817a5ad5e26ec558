import { expect } from 'vitest';
import { addTeaching, createAccount, createSchool, createStructure, ensureSubject, grantAdmin, linkParent, makePrincipal } from '../../../test/factories.ts';
import { type AuthHeaders, sessionsOn } from '../../../test/http.ts';
import type { TestContext } from '../../../test/test-platform.ts';

/**
 * A collège with one finished trimestre, for the export tests: two students
 * of a class marked in maths and French, appreciations, two unjustified
 * half-days, and every actor of the access table.
 *
 *   student   maths 15/20 (coef 1), 12/20 (coef 2) → 13; French 14 → general 13.5
 *   classmate maths 10, ABS → 10; French NN → non noté; general 10
 */
export const MATHS = '061300';
export const FRANCAIS = '020700';

export async function setUpCollegePeriod(ctx: TestContext) {
  const db = ctx.platform.database.db;
  const as = sessionsOn(() => ctx.app);
  const call = (method: 'GET' | 'PUT' | 'POST', url: string, auth: AuthHeaders, payload?: object) =>
    ctx.app.inject({ method, url: `/api/v1${url}`, headers: { ...auth }, ...(payload ? { payload } : {}) });
  const ok = async (response: Promise<{ statusCode: number; body: string; json(): { id: string } }>, status = 200) => {
    const r = await response;
    expect(r.statusCode, r.body).toBe(status);
    return r.json();
  };

  ctx.clock.now = Date.parse('2026-10-05T10:00:00Z');
  await ensureSubject(db, MATHS);
  await ensureSubject(db, FRANCAIS, 'FRANC', 'Français');
  const a = await createSchool(db);
  await db.updateTable('structures').set({ type: 'COLLEGE' }).where('id', '=', a.structure.id).execute();
  const sid = [a.structure.id];
  const classmate = await createAccount(db, { profile: 'ELEVE', firstName: 'Hugo', lastName: 'Zola', structureIds: sid, classId: a.schoolClass.id });
  const frenchTeacher = await createAccount(db, { profile: 'ENSEIGNANT', firstName: 'Julie', structureIds: sid });
  await addTeaching(db, frenchTeacher.id, { classId: a.schoolClass.id }, FRANCAIS);
  const principal = await createAccount(db, { profile: 'ENSEIGNANT', firstName: 'Anne', structureIds: sid });
  await makePrincipal(db, principal.id, a.schoolClass.id);
  const head = await createAccount(db, { profile: 'PERSONNEL', staffFunction: 'DIR', firstName: 'Agnès', lastName: 'Martin', structureIds: sid });
  const adml = await createAccount(db, { profile: 'PERSONNEL', staffFunction: 'ETA', firstName: 'Luc', structureIds: sid });
  await grantAdmin(db, adml.id, { adml: a.structure.id });
  const otherParent = await createAccount(db, { profile: 'PARENT', firstName: 'Marie', structureIds: sid });
  await linkParent(db, otherParent.id, classmate.id);
  const s2 = await createStructure(db, { collectiviteId: a.structure.collectivite_id });
  const headS2 = await createAccount(db, { profile: 'PERSONNEL', staffFunction: 'DIR', firstName: 'Zoé', structureIds: [s2.id] });
  await grantAdmin(db, headS2.id, { adml: s2.id });
  // A lycée (no LSU there), with its own head.
  const lycee = await createSchool(db);

  const periodsBody = {
    kind: 'TRIMESTRE',
    periods: [
      { startsOn: '2026-09-01', endsOn: '2026-11-29', entryClosesOn: '2026-12-04', councilOn: '2026-12-08' },
      { startsOn: '2026-11-30', endsOn: '2027-03-07', entryClosesOn: '2027-03-12', councilOn: '2027-03-16' },
      { startsOn: '2027-03-08', endsOn: '2027-07-04', entryClosesOn: '2027-06-06', councilOn: '2027-06-10' },
    ],
  };
  const periodIds = (await ok(call('PUT', `/evaluations/structures/${a.structure.id}/periods`, await as(head), periodsBody))) as unknown as { items: { id: string }[] };
  const periodId = periodIds.items[0]!.id;
  const lyceePeriods = (await ok(call('PUT', `/evaluations/structures/${lycee.structure.id}/periods`, await as(lycee.adml), periodsBody))) as unknown as { items: { id: string }[] };

  const evaluation = async (teacher: { login: string }, subjectCode: string, coefficient: number, marks: object[]) => {
    const auth = await as(teacher);
    const body = { periodId, classId: a.schoolClass.id, subjectCode, title: `Contrôle ${subjectCode} ${coefficient}`, givenOn: '2026-10-02', outOf: 20, rescale: true, coefficient, competences: [] };
    const { id } = await ok(call('POST', '/evaluations', auth, body), 201);
    await ok(call('PUT', `/evaluations/${id}/marks`, auth, { marks }));
  };
  await evaluation(a.teacher, MATHS, 1, [{ studentId: a.student.id, value: 15 }, { studentId: classmate.id, value: 10 }]);
  await evaluation(a.teacher, MATHS, 2, [{ studentId: a.student.id, value: 12 }, { studentId: classmate.id, special: 'ABS' }]);
  await evaluation(frenchTeacher, FRANCAIS, 1, [{ studentId: a.student.id, value: 14 }, { studentId: classmate.id, special: 'NN' }]);

  const appreciate = async (author: { login: string }, studentId: string, body: string, subjectCode?: string) =>
    ok(call('PUT', `/evaluations/periods/${periodId}/students/${studentId}/appreciation`, await as(author), { body, ...(subjectCode ? { subjectCode } : {}) }));
  await appreciate(a.teacher, a.student.id, 'Travail régulier & sérieux ; "bravo".', MATHS);
  // Written as a spreadsheet formula would be: the CSV must not let it run.
  await appreciate(a.teacher, classmate.id, '=1+1 : revoyez les fractions.', MATHS);
  await appreciate(principal, a.student.id, 'Un bon trimestre, à poursuivre.');
  await appreciate(principal, classmate.id, 'Des efforts à fournir en français : rendez vos devoirs.');

  // Thursday 1 October, absent all day without a reason: 2 unjustified half-days.
  const reasons = (await ok(call('GET', `/presences/structures/${a.structure.id}/reasons`, await as(a.staff)))) as unknown as { items: { id: string; label: string }[] };
  const noReason = reasons.items.find((r) => r.label === 'Sans motif')!;
  await ok(call('POST', `/presences/structures/${a.structure.id}/absences`, await as(a.staff), { studentIds: [a.student.id], fromDate: '2026-10-01', toDate: '2026-10-01', reasonId: noReason.id }), 201);

  const people = {
    head,
    adml,
    admc: a.admc,
    teacher: a.teacher,
    frenchTeacher,
    principal,
    staff: a.staff,
    student: a.student,
    classmate,
    parent: a.parent,
    otherParent,
    headS2,
    lyceeHead: lycee.adml,
    otherCollectiviteAdmc: lycee.admc,
  };
  return { a, people, periodId, lyceePeriodId: lyceePeriods.items[0]!.id, call, as };
}
