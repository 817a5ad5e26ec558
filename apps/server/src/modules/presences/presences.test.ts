import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTeaching, createAccount, createClass, createSchool, ensureSubject, grantAdmin, linkParent, uniqueSuffix } from '../../../test/factories.ts';
import { type AuthHeaders, loginAs, sessionsOn } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';

/**
 * Roll call, the day of vie scolaire, parents' justifications, counting and
 * exemptions. The clock is Monday 7 December 2026, 10:00 in Paris; the course
 * is the class's Monday 08:00–09:00 maths.
 */

const MONDAY = '2026-12-07';
const TEN_AM = Date.parse('2026-12-07T09:00:00Z');

let ctx: TestContext;
let a: Awaited<ReturnType<typeof createSchool>>;
let b: Awaited<ReturnType<typeof createSchool>>;
let people: Record<string, { id: string; login: string }>;
let courseId: string;
let afternoonCourseId: string;
/** The access table's own session (its marks would take the roll call of the others). */
let tableCourseId: string;
const as = sessionsOn(() => ctx.app);

async function insertCourse(structureId: string, classId: string, teacherId: string, start: number, end: number, subject = '061300') {
  const db = ctx.platform.database.db;
  const course = await db
    .insertInto('courses')
    .values({ structure_id: structureId, school_year: 2026, subject_code: subject, class_id: classId, weekday: 1, start_minute: start, end_minute: end })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('course_teachers').values({ course_id: course.id, teacher_id: teacherId }).execute();
  return course.id;
}

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.now = TEN_AM;
  const db = ctx.platform.database.db;
  await ensureSubject(db);
  await ensureSubject(db, '100100', 'EPS', 'Éducation physique et sportive');
  a = await createSchool(db);
  b = await createSchool(db);
  const sid = [a.structure.id];
  const neighbour = await createAccount(db, { profile: 'ELEVE', firstName: 'Hugo', structureIds: sid, classId: a.schoolClass.id });
  const otherParent = await createAccount(db, { profile: 'PARENT', firstName: 'Marie', structureIds: sid });
  await linkParent(db, otherParent.id, neighbour.id);
  const otherTeacher = await createAccount(db, { profile: 'ENSEIGNANT', firstName: 'Zoé', structureIds: sid });
  await addTeaching(db, otherTeacher.id, { classId: a.schoolClass.id });
  const adml = await createAccount(db, { profile: 'PERSONNEL', staffFunction: 'ETA', firstName: 'Luc', structureIds: sid });
  await grantAdmin(db, adml.id, { adml: a.structure.id });
  courseId = await insertCourse(a.structure.id, a.schoolClass.id, a.teacher.id, 480, 540);
  afternoonCourseId = await insertCourse(a.structure.id, a.schoolClass.id, otherTeacher.id, 840, 900, '100100');
  tableCourseId = await insertCourse(a.structure.id, a.schoolClass.id, a.teacher.id, 540, 600);
  people = {
    teacher: a.teacher,
    otherTeacher,
    vieScolaire: a.staff,
    direction: a.adml,
    otherStructureVieScolaire: b.staff,
    parent: a.parent,
    otherParent,
    student: a.student,
    neighbour,
    adml,
    admc: a.admc,
    otherCollectivite: b.admc,
  };
});
afterAll(async () => {
  await ctx?.close();
});

function call(method: 'GET' | 'PUT' | 'POST', url: string, auth: AuthHeaders, payload?: object) {
  return ctx.app.inject({ method, url: `/api/v1${url}`, headers: { ...auth }, ...(payload ? { payload } : {}) });
}
const session = (id = courseId, date = MONDAY) => `/presences/courses/${id}/sessions/${date}`;

async function notificationsOf(accountId: string, kind: string) {
  return ctx.platform.database.db.selectFrom('timeline_events').selectAll().where('account_id', '=', accountId).where('kind', '=', kind).execute();
}

describe('access (table of actors)', () => {
  // [who, read roll call, mark a student, day view, a student's absences]
  const table: [string, number, number, number, number][] = [
    ['teacher', 200, 200, 403, 404],
    ['otherTeacher', 403, 403, 403, 404],
    ['vieScolaire', 200, 200, 200, 200],
    ['direction', 200, 200, 200, 200],
    ['otherStructureVieScolaire', 404, 404, 404, 404],
    ['parent', 403, 403, 403, 200],
    // The parent of a classmate: a parent of the course's class (he sees it exists), not of this student.
    ['otherParent', 403, 403, 403, 404],
    ['student', 403, 403, 403, 200],
    ['neighbour', 403, 403, 403, 404],
    ['adml', 403, 403, 403, 404],
    ['admc', 403, 403, 403, 404],
    ['otherCollectivite', 404, 404, 404, 404],
  ];
  it.each(table)('%s: roll call %i, mark %i, day %i, student %i', async (who, read, mark, day, student) => {
    const auth = await as(people[who]!);
    expect((await call('GET', session(tableCourseId), auth)).statusCode).toBe(read);
    expect((await call('PUT', `${session(tableCourseId)}/students/${people.neighbour!.id}`, auth, { status: 'PRESENT' })).statusCode).toBe(mark);
    expect((await call('GET', `/presences/structures/${a.structure.id}/day?date=${MONDAY}`, auth)).statusCode).toBe(day);
    expect((await call('GET', `/presences/students/${a.student.id}/attendance?from=2026-12-01&to=2026-12-31`, auth)).statusCode).toBe(student);
  });
});

describe('roll call', () => {
  it('lists the class, everyone present by default; vie scolaire sees the session untaken once it has begun', async () => {
    const teacher = await as(a.teacher);
    const roll = (await call('GET', session(), teacher)).json();
    expect(roll).toMatchObject({ editable: true, startMinute: 480, endMinute: 540, subjectName: 'Mathématiques' });
    expect(roll.students.map((s: { id: string; status: string }) => [s.id, s.status])).toEqual(
      expect.arrayContaining([[a.student.id, 'PRESENT'], [people.neighbour!.id, 'PRESENT']]),
    );
    const day = (await call('GET', `/presences/structures/${a.structure.id}/day?date=${MONDAY}`, await as(a.staff))).json();
    // The 08:00 session has begun (it is 10:00) and nobody took it; the 14:00 one has not begun.
    expect(day.untaken.map((u: { courseId: string }) => u.courseId)).toContain(courseId);
    expect(day.untaken.map((u: { courseId: string }) => u.courseId)).not.toContain(afternoonCourseId);
    const mine = (await call('GET', `/presences/my-sessions?date=${MONDAY}`, teacher)).json();
    expect(mine.items).toEqual([
      expect.objectContaining({ courseId, date: MONDAY, takenAt: null }),
      expect.objectContaining({ courseId: tableCourseId, date: MONDAY, takenAt: expect.any(String) }),
    ]);
  });

  it('an absence is saved at once and tells the parents the same day, once, whoever taps twice', async () => {
    const teacher = await as(a.teacher);
    const mark = `${session()}/students/${a.student.id}`;
    const first = await call('PUT', mark, teacher, { status: 'ABSENT' });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ id: a.student.id, status: 'ABSENT' });
    expect((await call('PUT', mark, teacher, { status: 'ABSENT' })).statusCode).toBe(200);
    const told = await notificationsOf(a.parent.id, 'presences.absent');
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ actor_id: a.teacher.id, object_type: 'absence' });
    expect(told[0]!.data).toMatchObject({ studentName: `${a.student.first_name} ${a.student.last_name}`, subjectName: 'Mathématiques', date: MONDAY, start: '08:00' });
    // The other parent, of another child, hears nothing.
    expect(await notificationsOf(people.otherParent!.id, 'presences.absent')).toHaveLength(0);

    const roll = (await call('GET', session(), teacher)).json();
    expect(roll.takenAt).not.toBeNull();
    expect(roll.students.find((s: { id: string }) => s.id === a.student.id).status).toBe('ABSENT');
    const day = (await call('GET', `/presences/structures/${a.structure.id}/day?date=${MONDAY}`, await as(a.staff))).json();
    expect(day.untaken.map((u: { courseId: string }) => u.courseId)).not.toContain(courseId);
    expect(day.absences).toEqual([expect.objectContaining({ studentId: a.student.id, kind: 'ABSENCE', subjectName: 'Mathématiques', className: a.schoolClass.name, justified: false })]);
  });

  it('late needs its minutes; back to present removes the mark', async () => {
    const teacher = await as(a.teacher);
    const mark = `${session()}/students/${people.neighbour!.id}`;
    const noMinutes = await call('PUT', mark, teacher, { status: 'LATE' });
    expect(noMinutes.statusCode).toBe(400);
    expect(noMinutes.json().error.code).toBe('VALIDATION_FAILED');
    expect((await call('PUT', mark, teacher, { status: 'LATE', minutes: 12 })).json()).toMatchObject({ status: 'LATE', minutes: 12 });
    let roll = (await call('GET', session(), teacher)).json();
    expect(roll.students.find((s: { id: string }) => s.id === people.neighbour!.id)).toMatchObject({ status: 'LATE', minutes: 12 });
    await call('PUT', mark, teacher, { status: 'PRESENT' });
    roll = (await call('GET', session(), teacher)).json();
    expect(roll.students.find((s: { id: string }) => s.id === people.neighbour!.id)).toMatchObject({ status: 'PRESENT', minutes: null });
    expect(await notificationsOf(people.otherParent!.id, 'presences.absent')).toHaveLength(0);
  });

  it('refuses a student not of the class, a day without the course, another day than today — nothing written', async () => {
    const teacher = await as(a.teacher);
    const stranger = await call('PUT', `${session()}/students/${b.student.id}`, teacher, { status: 'ABSENT' });
    expect([stranger.statusCode, stranger.json().error.code]).toEqual([422, 'ROLL_CALL_NOT_A_STUDENT']);
    const tuesday = await call('GET', session(courseId, '2026-12-08'), teacher);
    expect([tuesday.statusCode, tuesday.json().error.code]).toEqual([404, 'ROLL_CALL_NO_SESSION']);
    const nextWeek = await call('PUT', `${session(courseId, '2026-12-14')}/students/${a.student.id}`, teacher, { status: 'ABSENT' });
    expect([nextWeek.statusCode, nextWeek.json().error.code]).toEqual([403, 'ROLL_CALL_NOT_YET']);
    const lastWeek = await call('PUT', `${session(courseId, '2026-11-30')}/students/${a.student.id}`, teacher, { status: 'ABSENT' });
    expect([lastWeek.statusCode, lastWeek.json().error.code]).toEqual([403, 'ROLL_CALL_CLOSED']);
    expect((await call('GET', session(courseId, '2026-11-30'), teacher)).json()).toMatchObject({ editable: false, takenAt: null });
    const rows = await ctx.platform.database.db.selectFrom('absences').select('id').where('student_id', '=', b.student.id).execute();
    expect(rows).toHaveLength(0);
  });

  it('closes at midnight: the next day the mark is refused with a clear code', async () => {
    ctx.clock.now = Date.parse('2026-12-07T23:30:00Z'); // 00:30 on Tuesday in Paris
    const teacher = await loginAs(ctx.app, a.teacher.login);
    try {
      const late = await call('PUT', `${session()}/students/${a.student.id}`, teacher, { status: 'PRESENT' });
      expect([late.statusCode, late.json().error.code]).toEqual([403, 'ROLL_CALL_CLOSED']);
    } finally {
      ctx.clock.now = TEN_AM;
    }
    expect((await call('GET', session(), await as(a.teacher))).json().students.find((s: { id: string }) => s.id === a.student.id).status).toBe('ABSENT');
  });

  it('a student exempted from the subject is not called', async () => {
    const db = ctx.platform.database.db;
    const exempted = await createAccount(db, { profile: 'ELEVE', firstName: 'Inès', structureIds: [a.structure.id], classId: a.schoolClass.id });
    const staff = await as(a.staff);
    const created = await call('POST', `/presences/structures/${a.structure.id}/exemptions`, staff, {
      studentId: exempted.id,
      subjectCode: '100100',
      fromDate: '2026-12-01',
      toDate: '2027-02-28',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().items).toEqual([expect.objectContaining({ studentId: exempted.id, subjectName: 'Éducation physique et sportive' })]);
    ctx.clock.now = Date.parse('2026-12-07T13:30:00Z');
    try {
      const sportTeacher = await loginAs(ctx.app, people.otherTeacher!.login);
      const sport = (await call('GET', session(afternoonCourseId), sportTeacher)).json();
      expect(sport.students.map((s: { id: string }) => s.id)).not.toContain(exempted.id);
      expect(sport.exemptedCount).toBe(1);
      const mark = await call('PUT', `${session(afternoonCourseId)}/students/${exempted.id}`, sportTeacher, { status: 'ABSENT' });
      expect(mark.json().error.code).toBe('ROLL_CALL_NOT_A_STUDENT');
      // Maths is another subject: there he is called.
      const maths = (await call('GET', session(), await loginAs(ctx.app, a.teacher.login))).json();
      expect(maths.students.map((s: { id: string }) => s.id)).toContain(exempted.id);
    } finally {
      ctx.clock.now = TEN_AM;
    }
  });
});

describe('justification by the parents', () => {
  it('the parent gives a reason with a document; vie scolaire accepts; the absence is justified and the parent told', async () => {
    const parent = await as(a.parent);
    const mine = (await call('GET', '/presences/family', parent)).json();
    const child = mine.items.find((i: { studentId: string }) => i.studentId === a.student.id);
    const absence = child.absences.find((x: { courseId: string | null }) => x.courseId === courseId);
    expect(child.summary).toMatchObject({ unjustifiedHalfDays: 1 });
    const illness = child.parentReasons.find((r: { label: string }) => r.label === 'Maladie');
    expect(child.parentReasons.map((r: { label: string }) => r.label)).not.toContain('Sans motif');

    const other = await call('POST', `/presences/absences/${absence.id}/justifications`, await as(people.otherParent!), { reasonId: illness.id });
    expect(other.statusCode).toBe(404);
    const staffOnly = child.parentReasons.length ? (await call('GET', `/presences/structures/${a.structure.id}/reasons`, await as(a.staff))).json().items.find((r: { label: string }) => r.label === 'Sans motif') : null;
    const refused = await call('POST', `/presences/absences/${absence.id}/justifications`, parent, { reasonId: staffOnly.id });
    expect([refused.statusCode, refused.json().error.code]).toEqual([422, 'ABSENCE_UNKNOWN_REASON']);

    const given = await call('POST', `/presences/absences/${absence.id}/justifications`, parent, { reasonId: illness.id, comment: 'Fièvre' });
    expect(given.statusCode).toBe(201);
    const justification = given.json();
    expect(justification).toMatchObject({ status: 'PENDING', reason: 'Maladie', comment: 'Fièvre', document: null });
    const again = await call('POST', `/presences/absences/${absence.id}/justifications`, parent, { reasonId: illness.id });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'JUSTIFICATION_NOT_NEEDED']);

    const boundary = `----preau-${uniqueSuffix()}`;
    const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="certificat.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 certificat\r\n--${boundary}--\r\n`;
    const upload = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/presences/justifications/${justification.id}/document`,
      headers: { ...parent, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    expect(upload.statusCode).toBe(201);
    expect(upload.json().document).toMatchObject({ fileName: 'certificat.pdf' });

    const staff = await as(a.staff);
    const pending = (await call('GET', `/presences/structures/${a.structure.id}/justifications`, staff)).json();
    expect(pending.items).toEqual([expect.objectContaining({ id: justification.id, parentName: expect.stringContaining('Claire') })]);
    const document = await call('GET', `/presences/justifications/${justification.id}/document`, staff);
    expect([document.statusCode, document.body]).toEqual([200, '%PDF-1.4 certificat']);
    expect((await call('GET', `/presences/justifications/${justification.id}/document`, await as(people.otherParent!))).statusCode).toBe(404);

    expect((await call('POST', `/presences/justifications/${justification.id}/decision`, parent, { accept: true })).statusCode).toBe(403);
    const accepted = await call('POST', `/presences/justifications/${justification.id}/decision`, staff, { accept: true });
    expect(accepted.json()).toMatchObject({ status: 'ACCEPTED', absence: { justified: true, reason: 'Maladie' } });
    const twice = await call('POST', `/presences/justifications/${justification.id}/decision`, staff, { accept: false });
    expect([twice.statusCode, twice.json().error.code]).toEqual([409, 'JUSTIFICATION_ALREADY_DECIDED']);
    expect(await notificationsOf(a.parent.id, 'presences.justification-accepted')).toHaveLength(1);
    const after = (await call('GET', '/presences/family', parent)).json().items.find((i: { studentId: string }) => i.studentId === a.student.id);
    expect(after.summary).toMatchObject({ justifiedHalfDays: 1, unjustifiedHalfDays: 0 });
  });
});

describe('period absences, counting, thresholds and the letter', () => {
  it('records a week of illness for one student and a trip for a class, with reasons from the list', async () => {
    const staff = await as(a.staff);
    const db = ctx.platform.database.db;
    const studentClass = await createClass(db, a.structure.id, { name: `2nde ${uniqueSuffix()}` });
    const pupil = await createAccount(db, { profile: 'ELEVE', firstName: 'Jade', structureIds: [a.structure.id], classId: studentClass.id });
    const pupilParent = await createAccount(db, { profile: 'PARENT', firstName: 'Rose', structureIds: [a.structure.id] });
    await linkParent(db, pupilParent.id, pupil.id);
    const reasons = (await call('GET', `/presences/structures/${a.structure.id}/reasons`, staff)).json().items as { id: string; label: string }[];
    const noReason = reasons.find((r) => r.label === 'Sans motif')!;
    const trip = reasons.find((r) => r.label === 'Sortie scolaire')!;

    const unknown = await call('POST', `/presences/structures/${a.structure.id}/absences`, staff, { studentIds: [pupil.id], fromDate: '2026-12-01', toDate: '2026-12-02', reasonId: '00000000-0000-4000-8000-000000000000' });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([422, 'ABSENCE_UNKNOWN_REASON']);
    const foreign = await call('POST', `/presences/structures/${a.structure.id}/absences`, staff, { studentIds: [pupil.id, b.student.id], fromDate: '2026-12-01', toDate: '2026-12-02', reasonId: noReason.id });
    expect([foreign.statusCode, foreign.json().error.code]).toEqual([422, 'ABSENCE_NOT_IN_STRUCTURE']);
    const backwards = await call('POST', `/presences/structures/${a.structure.id}/absences`, staff, { studentIds: [pupil.id], fromDate: '2026-12-02', toDate: '2026-12-01', reasonId: noReason.id });
    expect(backwards.statusCode).toBe(400);
    expect(await db.selectFrom('absences').select('id').where('student_id', '=', pupil.id).execute()).toHaveLength(0);

    // Tuesday 1 and Wednesday 2 December unjustified: 4 half-days; a trip on Thursday 3 counts nothing.
    expect((await call('POST', `/presences/structures/${a.structure.id}/absences`, staff, { studentIds: [pupil.id], fromDate: '2026-12-01', toDate: '2026-12-02', reasonId: noReason.id })).statusCode).toBe(201);
    expect((await call('POST', `/presences/structures/${a.structure.id}/absences`, staff, { studentIds: [pupil.id], fromDate: '2026-12-03', toDate: '2026-12-03', reasonId: trip.id })).statusCode).toBe(201);
    expect(await notificationsOf(pupilParent.id, 'presences.absent')).toHaveLength(1);

    const summary = (await call('GET', `/presences/students/${pupil.id}/attendance?from=2026-12-01&to=2026-12-31`, staff)).json().summary;
    expect(summary).toEqual({ halfDays: 4, justifiedHalfDays: 0, unjustifiedHalfDays: 4, lateness: 0, latenessMinutes: 0 });

    const alerts = (await call('GET', `/presences/structures/${a.structure.id}/alerts?month=2026-12`, staff)).json();
    expect(alerts.items).toEqual([expect.objectContaining({ studentId: pupil.id, unjustifiedHalfDays: 4, threshold: 4, className: studentClass.name })]);
    expect((await call('GET', `/presences/structures/${a.structure.id}/alerts?month=2026-12`, await as(a.teacher))).statusCode).toBe(403);

    const letter = await call('GET', `/presences/students/${pupil.id}/letter.pdf?month=2026-12`, staff);
    expect(letter.statusCode).toBe(200);
    expect(letter.headers['content-type']).toBe('application/pdf');
    expect(letter.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await call('GET', `/presences/students/${pupil.id}/letter.pdf?month=2026-12`, await as(pupilParent))).statusCode).toBe(403);
  });

  it('the structure sets its midday boundary', async () => {
    const staff = await as(a.staff);
    expect((await call('GET', `/presences/structures/${a.structure.id}/settings`, staff)).json()).toEqual({ middayMinute: 750 });
    expect((await call('PUT', `/presences/structures/${a.structure.id}/settings`, staff, { middayMinute: 300 })).statusCode).toBe(400);
    expect((await call('PUT', `/presences/structures/${a.structure.id}/settings`, staff, { middayMinute: 780 })).json()).toEqual({ middayMinute: 780 });
    expect((await call('PUT', `/presences/structures/${a.structure.id}/settings`, await as(a.admc), { middayMinute: 720 })).statusCode).toBe(403);
  });

  it('vie scolaire and the direction keep the structure’s reasons; bad input writes nothing', async () => {
    const url = `/presences/structures/${a.structure.id}/reasons`;
    const body = (label: string) => ({ label, justified: false, counted: false, parentsMayUse: true });
    const table: [string, { id: string; login: string }, number][] = [
      ['vie scolaire', a.staff, 201],
      ['direction', a.adml, 201],
      ['teacher', a.teacher, 403],
      ['parent', a.parent, 403],
      ['student', a.student, 403],
      ['ADML without vie scolaire', people.adml!, 403],
      ['ADMC', a.admc, 403],
      ['vie scolaire of another structure', b.staff, 404],
    ];
    for (const [who, account, status] of table) {
      const response = await call('POST', url, await as(account), body(`Convocation ${who}`));
      expect(response.statusCode, `${who}: ${response.body}`).toBe(status);
    }
    const labels = async () => ((await call('GET', url, await as(a.staff))).json().items as { label: string }[]).map((r) => r.label);
    expect(await labels()).toEqual(expect.arrayContaining(['Convocation vie scolaire', 'Convocation direction']));
    expect((await labels()).filter((l) => l.startsWith('Convocation'))).toHaveLength(2);
    const created = (await call('GET', url, await as(a.staff))).json().items.find((r: { label: string }) => r.label === 'Convocation direction');
    expect(created).toMatchObject({ justified: false, counted: false, parentsMayUse: true });

    const before = (await labels()).length;
    const bad: [object, number, string][] = [
      [body('\u202e\u200b'), 400, 'VALIDATION_FAILED'],
      [body('x'.repeat(81)), 400, 'VALIDATION_FAILED'],
      [{ ...body('Sans drapeaux'), justified: 'oui' }, 400, 'VALIDATION_FAILED'],
      [{ ...body('En trop'), color: 'red' }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [payload, status, code] of bad) {
      const response = await call('POST', url, await as(a.staff), payload);
      expect([response.statusCode, response.json().error.code], JSON.stringify(payload)).toEqual([status, code]);
    }
    expect(await labels()).toHaveLength(before);
  });
});

