import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTeaching, createAccount, createClass, createSchool, createStructure, ensureSubject, grantAdmin, linkParent, makePrincipal } from '../../../test/factories.ts';
import { type AuthHeaders, loginAs, sessionsOn } from '../../../test/http.ts';
import { pdfPagesText } from '../../../test/pdf-text.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import { renderBulletin } from './bulletin.pdf.ts';

/**
 * Grades (issue 15): periods, evaluations, the grid, publication, averages,
 * appreciations and bulletins; every rule as a table of actors.
 */

let ctx: TestContext;
let a: Awaited<ReturnType<typeof createSchool>>;
let b: Awaited<ReturnType<typeof createSchool>>;
let people: Record<string, { id: string; login: string }>;
let periodIds: string[];
const as = sessionsOn(() => ctx.app);
const MATHS = '061300';
const FRANCAIS = '020700';

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.now = Date.parse('2026-10-05T10:00:00Z');
  const db = ctx.platform.database.db;
  await ensureSubject(db, FRANCAIS, 'FRANC', 'Français');
  a = await createSchool(db); // a.teacher teaches a.schoolClass in maths
  b = await createSchool(db); // another collectivité
  const sid = [a.structure.id];
  const classmate = await createAccount(db, { profile: 'ELEVE', firstName: 'Hugo', structureIds: sid, classId: a.schoolClass.id });
  const otherParent = await createAccount(db, { profile: 'PARENT', firstName: 'Marie', structureIds: sid });
  await linkParent(db, otherParent.id, classmate.id);
  const otherClass = await createClass(db, a.structure.id);
  const otherClassStudent = await createAccount(db, { profile: 'ELEVE', firstName: 'Inès', structureIds: sid, classId: otherClass.id });
  const frenchTeacher = await createAccount(db, { profile: 'ENSEIGNANT', firstName: 'Julie', structureIds: sid });
  await addTeaching(db, frenchTeacher.id, { classId: a.schoolClass.id }, FRANCAIS);
  const outsideTeacher = await createAccount(db, { profile: 'ENSEIGNANT', firstName: 'Rémi', structureIds: sid });
  await addTeaching(db, outsideTeacher.id, { classId: otherClass.id });
  const principal = await createAccount(db, { profile: 'ENSEIGNANT', firstName: 'Anne', structureIds: sid });
  await makePrincipal(db, principal.id, a.schoolClass.id);
  const head = await createAccount(db, { profile: 'PERSONNEL', staffFunction: 'DIR', firstName: 'Agnès', structureIds: sid });
  // An ADML who is not the head (a technical admin: manages periods, does not read marks).
  const adml = await createAccount(db, { profile: 'PERSONNEL', staffFunction: 'ETA', firstName: 'Luc', structureIds: sid });
  await grantAdmin(db, adml.id, { adml: a.structure.id });
  // Another structure of the same collectivité.
  const s2 = await createStructure(db, { collectiviteId: a.structure.collectivite_id });
  const s2Class = await createClass(db, s2.id);
  const teacherS2 = await createAccount(db, { profile: 'ENSEIGNANT', firstName: 'Yves', structureIds: [s2.id] });
  await addTeaching(db, teacherS2.id, { classId: s2Class.id });
  const admlS2 = await createAccount(db, { profile: 'PERSONNEL', staffFunction: 'DIR', firstName: 'Zoé', structureIds: [s2.id] });
  await grantAdmin(db, admlS2.id, { adml: s2.id });
  people = {
    teacher: a.teacher,
    frenchTeacher,
    outsideTeacher,
    principal,
    student: a.student,
    classmate,
    otherClassStudent,
    parent: a.parent,
    otherParent,
    staff: a.staff,
    head,
    adml,
    admc: a.admc,
    teacherS2,
    admlS2,
    otherCollectiviteAdmc: b.admc,
    otherCollectiviteTeacher: b.teacher,
  };
  const set = await call('PUT', `/evaluations/structures/${a.structure.id}/periods`, await as(head), periodsBody);
  expect(set.statusCode, set.body).toBe(200);
  periodIds = set.json().items.map((p: { id: string }) => p.id);
}, 120_000);
afterAll(async () => {
  await ctx?.close();
});

function call(method: 'GET' | 'PUT' | 'POST', url: string, auth: AuthHeaders, payload?: object) {
  return ctx.app.inject({ method, url: `/api/v1${url}`, headers: { ...auth }, ...(payload ? { payload } : {}) });
}
const asWho = async (who: string) => as(people[who]!);

const periodsBody = {
  kind: 'TRIMESTRE',
  periods: [
    { startsOn: '2026-09-01', endsOn: '2026-11-29', entryClosesOn: '2026-12-04', councilOn: '2026-12-08' },
    { startsOn: '2026-11-30', endsOn: '2027-03-07', entryClosesOn: '2027-03-12', councilOn: '2027-03-16' },
    { startsOn: '2027-03-08', endsOn: '2027-07-04', entryClosesOn: '2027-06-06', councilOn: '2027-06-10' },
  ],
};

function evaluationBody(overrides: object = {}) {
  return {
    periodId: periodIds[0],
    classId: a.schoolClass.id,
    subjectCode: MATHS,
    title: 'Fonctions affines',
    givenOn: '2026-10-02',
    outOf: 20,
    rescale: true,
    coefficient: 1,
    competences: ['Calculer', 'Raisonner'],
    ...overrides,
  };
}

async function newEvaluation(overrides: object = {}): Promise<string> {
  const response = await call('POST', '/evaluations', await asWho('teacher'), evaluationBody(overrides));
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

describe('periods (set by the direction or an admin of the structure)', () => {
  it.each([
    ['head', 200],
    ['adml', 200],
    ['admc', 200],
    ['teacher', 403],
    ['staff', 403],
    ['student', 403],
    ['parent', 403],
    ['admlS2', 404],
    ['otherCollectiviteAdmc', 404],
  ] as const)('%s sets the periods: %i', async (who, status) => {
    const response = await call('PUT', `/evaluations/structures/${a.structure.id}/periods`, await asWho(who), periodsBody);
    expect(response.statusCode, response.body).toBe(status);
    if (status === 200) expect(response.json().items.map((p: { id: string }) => p.id)).toEqual(periodIds);
  });

  it('members of the structure read them; the first trimestre is open for entry on 5 October', async () => {
    const response = await call('GET', `/evaluations/structures/${a.structure.id}/periods`, await asWho('parent'));
    expect(response.json().items.map((p: { rank: number; isEntryOpen: boolean }) => [p.rank, p.isEntryOpen])).toEqual([[1, true], [2, true], [3, true]]);
    expect((await call('GET', `/evaluations/structures/${a.structure.id}/periods`, await asWho('teacherS2'))).statusCode).toBe(404);
  });

  it('refuses periods out of order or in the wrong number, and leaves them as they were', async () => {
    const head = await asWho('head');
    const swapped = { kind: 'TRIMESTRE', periods: [periodsBody.periods[1], periodsBody.periods[0], periodsBody.periods[2]] };
    expect((await call('PUT', `/evaluations/structures/${a.structure.id}/periods`, head, swapped)).json().error.code).toBe('GRADES_PERIOD_DATES');
    const two = { kind: 'TRIMESTRE', periods: periodsBody.periods.slice(0, 2) };
    expect((await call('PUT', `/evaluations/structures/${a.structure.id}/periods`, head, two)).json().error.code).toBe('GRADES_PERIOD_COUNT');
    const list = await call('GET', `/evaluations/structures/${a.structure.id}/periods`, head);
    expect(list.json().items.map((p: { id: string }) => p.id)).toEqual(periodIds);
  });
});

describe('evaluations and the grid (the teacher of the class in the subject only)', () => {
  // [who, create, read grid, enter a mark, publish]
  const table: [string, number][] = [
    ['teacher', 201],
    ['frenchTeacher', 404],
    ['outsideTeacher', 404],
    ['principal', 404],
    ['student', 404],
    ['classmate', 404],
    ['parent', 404],
    ['otherParent', 404],
    ['staff', 404],
    ['head', 404],
    ['adml', 404],
    ['admc', 404],
    ['teacherS2', 404],
    ['otherCollectiviteTeacher', 404],
  ];
  it.each(table)('%s: create, grid, marks and publish → %i', async (who, status) => {
    const auth = await asWho(who);
    const created = await call('POST', '/evaluations', auth, evaluationBody({ title: `Contrôle de ${who}` }));
    expect(created.statusCode, created.body).toBe(status);
    const id = status === 201 ? created.json().id : await newEvaluation();
    const ok = status === 201 ? 200 : status;
    expect((await call('GET', `/evaluations/${id}`, auth)).statusCode).toBe(ok);
    expect((await call('PUT', `/evaluations/${id}/marks`, auth, { marks: [{ studentId: a.student.id, value: 3 }] })).statusCode).toBe(ok);
    expect((await call('POST', `/evaluations/${id}/publish`, auth)).statusCode).toBe(ok);
    const list = await call('GET', `/evaluations?periodId=${periodIds[0]}&classId=${a.schoolClass.id}&subjectCode=${MATHS}`, auth);
    expect(list.statusCode).toBe(ok);
    if (status !== 201) {
      const grid = await call('GET', `/evaluations/${id}`, await asWho('teacher'));
      expect(grid.json().marks.find((m: { studentId: string }) => m.studentId === a.student.id).value).toBeNull();
      expect(grid.json().evaluation.publishedAt).toBeNull();
    }
  });

  it('the French teacher may create in French, not in maths; the teacher lists his classes and subjects', async () => {
    expect((await call('POST', '/evaluations', await asWho('frenchTeacher'), evaluationBody({ subjectCode: FRANCAIS }))).statusCode).toBe(201);
    const teachings = await call('GET', '/evaluations/teachings', await asWho('teacher'));
    expect(teachings.json().items).toEqual([
      { target: { id: a.schoolClass.id, kind: 'CLASS', name: a.schoolClass.name }, subjectCode: MATHS, subjectName: 'Mathématiques', structureId: a.structure.id },
    ]);
    expect((await call('GET', '/evaluations/teachings', await asWho('student'))).json().items).toEqual([]);
  });

  it('saves marks, special values and competence levels; class average, min and max follow', async () => {
    const id = await newEvaluation();
    const auth = await asWho('teacher');
    const response = await call('PUT', `/evaluations/${id}/marks`, auth, {
      marks: [
        { studentId: a.student.id, value: 15.5, levels: [4, 3] },
        { studentId: people.classmate!.id, special: 'ABS' },
      ],
    });
    expect(response.statusCode, response.body).toBe(200);
    const grid = response.json();
    expect(grid.evaluation.stats).toEqual({ average: 15.5, min: 15.5, max: 15.5, count: 1 });
    expect(grid.marks.find((m: { studentId: string }) => m.studentId === a.student.id)).toMatchObject({ value: 15.5, special: null, levels: [4, 3] });
    expect(grid.marks.find((m: { studentId: string }) => m.studentId === people.classmate!.id)).toMatchObject({ value: null, special: 'ABS', levels: [null, null] });
    // A number typed later keeps the levels; an empty cell clears the mark.
    const again = await call('PUT', `/evaluations/${id}/marks`, auth, { marks: [{ studentId: a.student.id, value: 9 }, { studentId: people.classmate!.id }] });
    expect(again.json().marks.find((m: { studentId: string }) => m.studentId === a.student.id)).toMatchObject({ value: 9, levels: [4, 3] });
    expect(again.json().marks.find((m: { studentId: string }) => m.studentId === people.classmate!.id)).toMatchObject({ value: null, special: null });
  });

  it('bad input: a stable error, and nothing of the batch written', async () => {
    const id = await newEvaluation({ outOf: 10 });
    const auth = await asWho('teacher');
    const cases: [object, number, string][] = [
      [{ marks: [{ studentId: a.student.id, value: 8 }, { studentId: people.classmate!.id, value: 12 }] }, 422, 'GRADES_MARK_ABOVE_MAXIMUM'],
      [{ marks: [{ studentId: a.student.id, value: 8 }, { studentId: people.otherClassStudent!.id, value: 5 }] }, 422, 'GRADES_NOT_IN_CLASS'],
      [{ marks: [{ studentId: a.student.id, value: 8 }, { studentId: b.student.id, value: 5 }] }, 422, 'GRADES_NOT_IN_CLASS'],
      [{ marks: [{ studentId: a.student.id, value: 8, levels: [4] }] }, 422, 'GRADES_COMPETENCE_LEVELS'],
      [{ marks: [{ studentId: a.student.id, value: 8, special: 'ABS' }] }, 400, 'VALIDATION_FAILED'],
      [{ marks: [{ studentId: a.student.id, value: -1 }] }, 400, 'VALIDATION_FAILED'],
      [{ marks: [{ studentId: a.student.id, value: 8.125 }] }, 400, 'VALIDATION_FAILED'],
      [{ marks: [{ studentId: a.student.id, special: 'MALADE' }] }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [body, status, code] of cases) {
      const response = await call('PUT', `/evaluations/${id}/marks`, auth, body);
      expect([response.statusCode, response.json().error?.code], JSON.stringify(body)).toEqual([status, code]);
    }
    const grid = await call('GET', `/evaluations/${id}`, auth);
    expect(grid.json().marks.every((m: { value: number | null }) => m.value === null)).toBe(true);

    for (const [overrides, status, code] of [
      [{ coefficient: -1 }, 400, 'VALIDATION_FAILED'],
      [{ outOf: 0 }, 400, 'VALIDATION_FAILED'],
      [{ givenOn: '2027-01-10' }, 422, 'GRADES_DATE_OUTSIDE_PERIOD'],
      [{ classId: undefined, groupId: a.group.id }, 404, 'NOT_FOUND'],
      [{ periodId: periodIds[0], classId: b.schoolClass.id }, 404, 'NOT_FOUND'],
    ] as const) {
      const response = await call('POST', '/evaluations', auth, evaluationBody(overrides));
      expect([response.statusCode, response.json().error?.code], JSON.stringify(overrides)).toEqual([status, code]);
    }
  });
});

// Trimestre 2, apart from the evaluations the access tables leave in trimestre 1.
describe('what students and parents see, averages, publication', () => {
  const t2 = { periodId: '', givenOn: '2026-12-01' };
  let first: string;
  let second: string;

  beforeAll(async () => {
    t2.periodId = periodIds[1]!;
    const auth = await asWho('teacher');
    // 12/20 (c1) and 8/10 rescaled (16, c2), an absence (c1): (12 + 32) / 3 = 14.67 → 14.7.
    first = await newEvaluation({ ...t2, title: 'DS 1', competences: [] });
    second = await newEvaluation({ ...t2, title: 'Interro', outOf: 10, coefficient: 2, competences: [] });
    const third = await newEvaluation({ ...t2, title: 'DM', competences: [] });
    await call('PUT', `/evaluations/${first}/marks`, auth, { marks: [{ studentId: a.student.id, value: 12 }, { studentId: people.classmate!.id, value: 6 }] });
    await call('PUT', `/evaluations/${second}/marks`, auth, { marks: [{ studentId: a.student.id, value: 8 }, { studentId: people.classmate!.id, value: 10 }] });
    await call('PUT', `/evaluations/${third}/marks`, auth, { marks: [{ studentId: a.student.id, special: 'ABS' }, { studentId: people.classmate!.id, value: 20 }] });
  });

  async function results(who: string, studentId = a.student.id) {
    return call('GET', `/evaluations/students/${studentId}/results?periodId=${periodIds[1]}`, await asWho(who));
  }
  function subject(body: { subjects: { subjectCode: string }[] }, code = MATHS) {
    return body.subjects.find((s) => s.subjectCode === code) as { average: number | null; classStats: object; marks: { evaluation: { id: string; title: string }; value: number | null }[] } | undefined;
  }

  it.each([
    ['student', 200],
    ['parent', 200],
    ['teacher', 200],
    ['frenchTeacher', 200],
    ['principal', 200],
    ['head', 200],
    ['staff', 200],
    ['classmate', 404],
    ['otherParent', 404],
    ['outsideTeacher', 404],
    ['adml', 404],
    ['admc', 404],
    ['teacherS2', 404],
    ['admlS2', 404],
    ['otherCollectiviteAdmc', 404],
  ] as const)('%s reads the student’s results: %i', async (who, status) => {
    expect((await results(who)).statusCode).toBe(status);
  });

  it('nothing unpublished reaches the family; the teaching team sees it all', async () => {
    expect(subject((await results('student')).json())).toBeUndefined();
    expect(subject((await results('parent')).json())).toBeUndefined();
    expect(subject((await results('head')).json())!.average).toBe(14.7);
  });

  it('publishing tells the students and parents once; they see their own mark, the class figures, no one else’s', async () => {
    const before = await timeline('parent');
    const response = await call('POST', `/evaluations/${first}/publish`, await asWho('teacher'));
    expect(response.statusCode).toBe(200);
    await call('POST', `/evaluations/${first}/publish`, await asWho('teacher'));
    const events = (await timeline('parent')).slice(0, (await timeline('parent')).length - before.length);
    expect(events).toEqual([
      expect.objectContaining({ kind: 'evaluations.published', objectType: 'evaluation', objectId: first, data: expect.objectContaining({ title: 'DS 1', subjectName: 'Mathématiques' }) }),
    ]);
    expect((await timeline('student')).filter((e) => e.objectId === first)).toHaveLength(1);
    expect((await timeline('otherClassStudent')).filter((e) => e.objectId === first)).toHaveLength(0);

    const body = (await results('student')).json();
    const maths = subject(body)!;
    expect(maths.marks.map((m) => [m.evaluation.title, m.value])).toEqual([['DS 1', 12]]);
    expect(maths.average).toBe(12);
    expect(maths.classStats).toEqual({ average: 9, min: 6, max: 12, count: 2 });
    expect(JSON.stringify(body)).not.toContain(people.classmate!.id);
    expect(body.generalAverage).toBe(12);
  });

  it('the average counts every published mark the same way in every view', async () => {
    await call('POST', `/evaluations/${second}/publish`, await asWho('teacher'));
    expect(subject((await results('student')).json())!.average).toBe(14.7);
    expect(subject((await results('teacher')).json())!.average).toBe(14.7);
  });

  async function timeline(who: string) {
    const page = (await call('GET', '/timeline', await asWho(who))).json() as { items: { kind: string; objectType: string; objectId: string; data: Record<string, unknown> }[] };
    return page.items.filter((i) => i.kind.startsWith('evaluations.'));
  }
});

describe('appreciations and bulletins', () => {
  const url = (who = a.student.id) => `/evaluations/periods/${periodIds[1]}/students/${who}`;

  it.each([
    ['teacher', { subjectCode: MATHS, body: 'Travail sérieux, continuez ainsi.' }, 200],
    ['frenchTeacher', { subjectCode: MATHS, body: 'Pas ma matière' }, 422],
    ['frenchTeacher', { subjectCode: FRANCAIS, body: 'Bonne expression écrite.' }, 200],
    ['principal', { body: 'Bon trimestre : des efforts réguliers.' }, 200],
    ['teacher', { body: 'Pas PP' }, 403],
    ['student', { subjectCode: MATHS, body: 'Je me note moi-même' }, 403],
    ['parent', { body: 'x' }, 403],
    ['head', { body: 'x' }, 403],
    ['outsideTeacher', { subjectCode: MATHS, body: 'x' }, 404],
    ['teacherS2', { subjectCode: MATHS, body: 'x' }, 404],
  ] as const)('%s writes %j: %i', async (who, body, status) => {
    const response = await call('PUT', `${url()}/appreciation`, await asWho(who), body);
    expect(response.statusCode, response.body).toBe(status);
  });

  it('the teacher’s sheet lists the class with each average and what he wrote; others get 404', async () => {
    const query = `/evaluations/appreciations?periodId=${periodIds[1]}&classId=${a.schoolClass.id}&subjectCode=${MATHS}`;
    const sheet = await call('GET', query, await asWho('teacher'));
    expect(sheet.statusCode, sheet.body).toBe(200);
    expect(sheet.json().isOpen).toBe(true);
    expect(sheet.json().items.find((i: { studentId: string }) => i.studentId === a.student.id)).toMatchObject({ average: 14.7, body: 'Travail sérieux, continuez ainsi.' });
    expect(sheet.json().items.find((i: { studentId: string }) => i.studentId === people.classmate!.id)).toMatchObject({ body: '' });
    for (const who of ['frenchTeacher', 'principal', 'head', 'student', 'teacherS2']) {
      expect((await call('GET', query, await asWho(who))).statusCode, who).toBe(404);
    }
  });

  it('the family waits for the direction to publish; then reads the bulletin and its PDF; appreciations close', async () => {
    expect((await call('GET', `${url()}/bulletin`, await asWho('parent'))).statusCode).toBe(403);
    expect((await call('GET', `${url()}/bulletin.pdf`, await asWho('student'))).statusCode).toBe(403);
    const team = await call('GET', `${url()}/bulletin`, await asWho('principal'));
    expect(team.statusCode).toBe(200);
    expect(team.json().appreciations).toEqual([
      { subjectCode: null, authorName: expect.stringContaining('Anne'), body: 'Bon trimestre : des efforts réguliers.' },
      { subjectCode: FRANCAIS, authorName: expect.stringContaining('Julie'), body: 'Bonne expression écrite.' },
      { subjectCode: MATHS, authorName: expect.stringContaining('Paul'), body: 'Travail sérieux, continuez ainsi.' },
    ]);

    for (const who of ['teacher', 'adml', 'staff', 'admlS2'] as const) {
      expect((await call('POST', `/evaluations/periods/${periodIds[1]}/bulletins/publish`, await asWho(who))).statusCode, who).toBe(who === 'adml' ? 200 : who === 'admlS2' ? 404 : 403);
    }
    const again = await call('POST', `/evaluations/periods/${periodIds[1]}/bulletins/publish`, await asWho('head'));
    expect(again.json().bulletinsPublishedAt).not.toBeNull();

    const bulletin = await call('GET', `${url()}/bulletin`, await asWho('parent'));
    expect(bulletin.statusCode).toBe(200);
    expect(bulletin.json().isPublished).toBe(true);
    const pdf = await call('GET', `${url()}/bulletin.pdf`, await asWho('student'));
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await call('GET', `${url()}/bulletin.pdf`, await asWho('otherParent'))).statusCode).toBe(404);
    expect((await call('PUT', `${url()}/appreciation`, await asWho('teacher'), { subjectCode: MATHS, body: 'Trop tard' })).json().error.code).toBe('GRADES_ENTRY_CLOSED');
  });
});

describe('absences on the bulletin', () => {
  it('counts the period’s half-days (justified, unjustified) and lateness as vie scolaire recorded them, in the JSON and the PDF', async () => {
    const db = ctx.platform.database.db;
    const staff = await asWho('staff');
    const reasons = (await call('GET', `/presences/structures/${a.structure.id}/reasons`, staff)).json().items as { id: string; label: string }[];
    const reason = (label: string) => reasons.find((r) => r.label === label)!.id;
    // The second trimestre runs from 30 November: Friday 27 November is the first one's.
    for (const [fromDate, toDate, label] of [
      ['2026-11-27', '2026-11-27', 'Sans motif'],
      ['2026-12-01', '2026-12-02', 'Sans motif'],
      ['2026-12-03', '2026-12-03', 'Maladie'],
      ['2026-12-04', '2026-12-04', 'Sortie scolaire'],
    ] as const) {
      const response = await call('POST', `/presences/structures/${a.structure.id}/absences`, staff, { studentIds: [a.student.id], fromDate, toDate, reasonId: reason(label) });
      expect(response.statusCode, response.body).toBe(201);
    }
    const late = { structure_id: a.structure.id, school_year: 2026, student_id: a.student.id, kind: 'LATE' as const, from_minute: 480, to_minute: 490, minutes: 10, recorded_by: null };
    await db
      .insertInto('absences')
      .values([
        { ...late, from_date: '2026-12-07', to_date: '2026-12-07' },
        { ...late, from_date: '2027-01-12', to_date: '2027-01-12' },
        { ...late, from_date: '2027-03-09', to_date: '2027-03-09' },
      ])
      .execute();

    const bulletin = await call('GET', `/evaluations/periods/${periodIds[1]}/students/${a.student.id}/bulletin`, await asWho('head'));
    expect(bulletin.statusCode, bulletin.body).toBe(200);
    expect(bulletin.json().attendance).toEqual({ halfDays: 6, justifiedHalfDays: 2, unjustifiedHalfDays: 4, lateness: 2, latenessMinutes: 20 });
    const first = await call('GET', `/evaluations/periods/${periodIds[0]}/students/${a.student.id}/bulletin`, await asWho('head'));
    expect(first.json().attendance).toEqual({ halfDays: 2, justifiedHalfDays: 0, unjustifiedHalfDays: 2, lateness: 0, latenessMinutes: 0 });
    const classmate = await call('GET', `/evaluations/periods/${periodIds[1]}/students/${people.classmate!.id}/bulletin`, await asWho('head'));
    expect(classmate.json().attendance).toEqual({ halfDays: 0, justifiedHalfDays: 0, unjustifiedHalfDays: 0, lateness: 0, latenessMinutes: 0 });

    const render = (locale: 'fr' | 'en') => renderBulletin({ ...bulletin.json(), structureName: 'Collège test', locale, createdAt: new Date(ctx.clock.now), compress: false });
    const fr = pdfPagesText(await render('fr')).join('\n');
    expect(fr).toContain('Vie scolaire');
    expect(fr).toContain('Absences : 6 demi-journées (2 justifiées, 4 non justifiées)');
    expect(fr).toContain('Retards : 2');
    const en = pdfPagesText(await render('en')).join('\n');
    expect(en).toContain('Absences: 6 half-days (2 justified, 4 unjustified)');
    expect(en).toContain('Late arrivals: 2');
    // The downloaded PDF is the same document, compressed.
    const pdf = await call('GET', `/evaluations/periods/${periodIds[1]}/students/${a.student.id}/bulletin.pdf`, await asWho('head'));
    expect([pdf.statusCode, pdf.headers['content-type']]).toEqual([200, 'application/pdf']);
  });
});

describe('after the period’s entry closes', () => {
  it('no new evaluation and no mark: GRADES_ENTRY_CLOSED, nothing written', async () => {
    const id = await newEvaluation();
    ctx.clock.now = Date.parse('2026-12-05T08:00:00Z');
    const auth = await loginAs(ctx.app, people.teacher!.login);
    const marks = await call('PUT', `/evaluations/${id}/marks`, auth, { marks: [{ studentId: a.student.id, value: 10 }] });
    expect([marks.statusCode, marks.json().error.code]).toEqual([409, 'GRADES_ENTRY_CLOSED']);
    const created = await call('POST', '/evaluations', auth, evaluationBody());
    expect([created.statusCode, created.json().error.code]).toEqual([409, 'GRADES_ENTRY_CLOSED']);
    const grid = (await call('GET', `/evaluations/${id}`, auth)).json();
    expect(grid.isEntryOpen).toBe(false);
    expect(grid.marks.every((m: { value: number | null }) => m.value === null)).toBe(true);
    // The next trimestre is open.
    expect((await call('POST', '/evaluations', auth, evaluationBody({ periodId: periodIds[1], givenOn: '2026-12-07' }))).statusCode).toBe(201);
  });
});
