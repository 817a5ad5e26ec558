import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createSchool, linkParent, makePrincipal } from '../../../test/factories.ts';
import { type AuthHeaders, sessionsOn } from '../../../test/http.ts';
import { pdfPagesText } from '../../../test/pdf-text.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import { renderClassWishesPdf } from './class-wishes.pdf.ts';
import { importOnisepFiles } from './onisep-import.service.ts';
import { SAMPLE_CATALOGUE_DIR } from './sample-catalogue.ts';

/** The student's project: who sees it, who writes it, who comments; the class's table and its export. */

const SAMPLES = SAMPLE_CATALOGUE_DIR;

let ctx: TestContext;
let a: Awaited<ReturnType<typeof createSchool>>;
let b: Awaited<ReturnType<typeof createSchool>>;
let people: Record<string, { id: string; login: string }>;
const as = sessionsOn(() => ctx.app);

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.platform.database.db;
  await importOnisepFiles(db, [SAMPLES]);
  a = await createSchool(db);
  b = await createSchool(db);
  const sid = [a.structure.id];
  const classmate = await createAccount(db, { profile: 'ELEVE', firstName: 'Hugo', structureIds: sid, classId: a.schoolClass.id });
  const otherParent = await createAccount(db, { profile: 'PARENT', firstName: 'Marie', structureIds: sid });
  await linkParent(db, otherParent.id, classmate.id);
  const principal = await createAccount(db, { profile: 'ENSEIGNANT', firstName: 'Anne', lastName: 'Principale', structureIds: sid });
  await makePrincipal(db, principal.id, a.schoolClass.id);
  // A professeur principal, but of another structure's class.
  const otherPrincipal = await createAccount(db, { profile: 'ENSEIGNANT', firstName: 'Yves', structureIds: [b.structure.id] });
  await makePrincipal(db, otherPrincipal.id, b.schoolClass.id);
  // The psychologue de l'Éducation nationale of the school, and the one of the other school.
  const psychologist = await createAccount(db, { profile: 'PERSONNEL', staffFunction: 'PSY', firstName: 'Paule', lastName: 'Psy', structureIds: sid });
  const otherPsychologist = await createAccount(db, { profile: 'PERSONNEL', staffFunction: 'PSY', firstName: 'Odile', structureIds: [b.structure.id] });
  people = {
    student: a.student,
    classmate,
    principal,
    teacher: a.teacher,
    parent: a.parent,
    otherParent,
    staff: a.staff,
    adml: a.adml,
    admc: a.admc,
    otherStructureStudent: b.student,
    otherPrincipal,
    psychologist,
    otherPsychologist,
  };
});
afterAll(async () => {
  await ctx?.close();
});

function call(method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, auth: AuthHeaders, payload?: object) {
  return ctx.app.inject({ method, url: `/api/v1${url}`, headers: { ...auth }, ...(payload ? { payload } : {}) });
}

const wishes = { wishes: [{ label: 'BTS SIO option B', formationId: 'FOR.1002', motivation: 'J’aime programmer.' }, { label: 'BUT informatique', formationId: 'FOR.1003' }] };

describe('access to a student’s project (table of actors)', () => {
  // [who, read, write wishes, comment]
  const table: [string, number, number, number][] = [
    ['student', 200, 200, 403],
    ['classmate', 404, 404, 404],
    ['principal', 200, 403, 201],
    ['teacher', 404, 404, 404],
    ['parent', 200, 403, 403],
    ['otherParent', 404, 404, 404],
    ['staff', 404, 404, 404],
    ['adml', 404, 404, 404],
    ['admc', 404, 404, 404],
    ['otherStructureStudent', 404, 404, 404],
    ['otherPrincipal', 404, 404, 404],
    ['psychologist', 200, 403, 201],
    ['otherPsychologist', 404, 404, 404],
  ];
  it.each(table)('%s: read %i, write %i, comment %i', async (who, read, write, comment) => {
    const auth = await as(people[who]!);
    const id = a.student.id;
    expect((await call('GET', `/orientation/students/${id}/project`, auth)).statusCode).toBe(read);
    expect((await call('PUT', `/orientation/students/${id}/wishes/TERMINALE`, auth, wishes)).statusCode).toBe(write);
    expect((await call('PUT', `/orientation/students/${id}/favorites/METIER/MET.109`, auth, { note: 'x' })).statusCode).toBe(write);
    expect((await call('POST', `/orientation/students/${id}/comments`, auth, { body: `Avis de ${who}` })).statusCode).toBe(comment);
  });

  it('the project shows what each may do, and the comments signed by the professeur principal', async () => {
    const mine = (await call('GET', `/orientation/students/${a.student.id}/project`, await as(a.student))).json();
    expect(mine).toMatchObject({ canEdit: true, canComment: false, student: { id: a.student.id, className: a.schoolClass.name } });
    expect(mine.wishes.TERMINALE).toEqual([
      { rank: 1, label: 'BTS SIO option B', formationId: 'FOR.1002', motivation: 'J’aime programmer.' },
      { rank: 2, label: 'BUT informatique', formationId: 'FOR.1003', motivation: '' },
    ]);
    expect(mine.comments.map((c: { authorName: string; body: string }) => [c.authorName, c.body])).toEqual([
      ['Anne Principale', 'Avis de principal'],
      ['Paule Psy', 'Avis de psychologist'],
    ]);
    expect(mine.favorites).toEqual([{ kind: 'METIER', id: 'MET.109', label: 'développeur / développeuse informatique', url: expect.stringContaining('MET.109'), note: 'x' }]);
    const pp = (await call('GET', `/orientation/students/${a.student.id}/project`, await as(people.principal!))).json();
    expect(pp).toMatchObject({ canEdit: false, canComment: true });
    const parent = (await call('GET', `/orientation/students/${a.student.id}/project`, await as(a.parent))).json();
    expect(parent).toMatchObject({ canEdit: false, canComment: false });
  });

  it('a student and a parent find the projects they may open', async () => {
    expect((await call('GET', '/orientation/students', await as(a.student))).json().items.map((s: { id: string }) => s.id)).toEqual([a.student.id]);
    expect((await call('GET', '/orientation/students', await as(a.parent))).json().items.map((s: { id: string }) => s.id)).toEqual([a.student.id]);
    expect((await call('GET', '/orientation/students', await as(a.teacher))).json().items).toEqual([]);
  });
});

describe('wishes and favourites', () => {
  it('refuses more than ten wishes, and an unknown formation without touching the saved list', async () => {
    const auth = await as(people.classmate!);
    const url = `/orientation/students/${people.classmate!.id}/wishes/FIN_SECONDE`;
    expect((await call('PUT', url, auth, { wishes: [{ label: 'Voie générale : maths, SES, HGGSP' }] })).statusCode).toBe(200);
    const tooMany = await call('PUT', url, auth, { wishes: Array.from({ length: 11 }, (_, i) => ({ label: `Vœu ${i}` })) });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.code).toBe('VALIDATION_FAILED');
    const unknown = await call('PUT', url, auth, { wishes: [{ label: 'X' }, { label: 'Y', formationId: 'FOR.999999' }] });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error.code).toBe('ORIENTATION_UNKNOWN_FORMATION');
    const project = (await call('GET', `/orientation/students/${people.classmate!.id}/project`, auth)).json();
    expect(project.wishes.FIN_SECONDE.map((w: { label: string }) => w.label)).toEqual(['Voie générale : maths, SES, HGGSP']);
    const empty = await call('PUT', url, auth, { wishes: [] });
    expect(empty.json().wishes.FIN_SECONDE).toEqual([]);
  });

  it('a favourite must exist in the catalogue, of its kind; removing it works', async () => {
    const auth = await as(people.classmate!);
    const base = `/orientation/students/${people.classmate!.id}/favorites`;
    expect((await call('PUT', `${base}/FORMATION/FOR.999999`, auth, { note: '' })).json().error.code).toBe('ORIENTATION_UNKNOWN_ITEM');
    expect((await call('PUT', `${base}/FORMATION/MET.101`, auth, { note: '' })).statusCode).toBe(422);
    expect((await call('PUT', `${base}/STRUCTURE/ENS.2004`, auth, { note: 'Portes ouvertes en février' })).json().favorites).toHaveLength(1);
    expect((await call('DELETE', `${base}/STRUCTURE/ENS.2004`, auth)).json().favorites).toEqual([]);
  });
});

describe('limits under concurrency', () => {
  it('saves of the wish list at the same time all succeed, and one whole list wins', async () => {
    // Not in the class: the class table below counts its students.
    const student = await createAccount(ctx.platform.database.db, { profile: 'ELEVE', structureIds: [a.structure.id] });
    const auth = await as(student);
    const lists = Array.from({ length: 6 }, (_, n) => ({ wishes: Array.from({ length: 3 }, (_, i) => ({ label: `Liste ${n} vœu ${i + 1}` })) }));
    const responses = await Promise.all(lists.map((list) => call('PUT', `/orientation/students/${student.id}/wishes/TERMINALE`, auth, list)));
    expect(responses.map((r) => r.statusCode)).toEqual(lists.map(() => 200));
    const saved = (await call('GET', `/orientation/students/${student.id}/project`, auth)).json().wishes.TERMINALE as { label: string }[];
    expect(saved).toHaveLength(3);
    expect(new Set(saved.map((w) => w.label.split(' vœu')[0])).size).toBe(1);
  });

  it('keeps at most 200 favourites, even when two are added at once', async () => {
    const db = ctx.platform.database.db;
    const student = await createAccount(db, { profile: 'ELEVE', structureIds: [a.structure.id] });
    await db
      .insertInto('orientation_favorites')
      .values(Array.from({ length: 199 }, (_, i) => ({ account_id: student.id, kind: 'FORMATION' as const, onisep_id: `FOR.${800000 + i}` })))
      .execute();
    const auth = await as(student);
    const base = `/orientation/students/${student.id}/favorites`;
    const [first, second] = await Promise.all([call('PUT', `${base}/METIER/MET.101`, auth, { note: '' }), call('PUT', `${base}/METIER/MET.102`, auth, { note: '' })]);
    expect([first.statusCode, second.statusCode].sort()).toEqual([200, 409]);
    expect([first, second].find((r) => r.statusCode === 409)!.json().error.code).toBe('ORIENTATION_TOO_MANY_FAVORITES');
    const count = await db.selectFrom('orientation_favorites').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', student.id).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(200);
    // Changing the note of a kept favourite is not an addition.
    expect((await call('PUT', `${base}/FORMATION/FOR.1001`, auth, { note: '' })).statusCode).toBe(409);
    const kept = [first, second].find((r) => r.statusCode === 200)!.json().favorites.find((f: { kind: string }) => f.kind === 'METIER');
    expect((await call('PUT', `${base}/METIER/${kept.id}`, auth, { note: 'toujours là' })).statusCode).toBe(200);
  });
});

describe('the professeur principal’s class table', () => {
  it('is open to the class’s professeurs principaux only', async () => {
    const url = `/orientation/classes/${a.schoolClass.id}/wishes?step=TERMINALE`;
    for (const who of ['student', 'teacher', 'parent', 'staff', 'adml', 'admc', 'otherPrincipal', 'otherPsychologist']) {
      const response = await call('GET', url, await as(people[who]!));
      expect(response.statusCode, who).toBe(404);
    }
    const response = await call('GET', url, await as(people.principal!));
    expect(response.statusCode).toBe(200);
    const row = response.json().students.find((s: { id: string }) => s.id === a.student.id);
    expect(row.wishes.map((w: { label: string }) => w.label)).toEqual(['BTS SIO option B', 'BUT informatique']);
    expect(row.commentCount).toBe(2);
    const psychologist = await call('GET', url, await as(people.psychologist!));
    expect(psychologist.statusCode).toBe(200);
    expect(psychologist.json().students.map((s: { id: string }) => s.id)).toEqual(response.json().students.map((s: { id: string }) => s.id));
  });

  it('lists the followed classes', async () => {
    const response = await call('GET', '/orientation/classes', await as(people.principal!));
    expect(response.json().items).toEqual([{ id: a.schoolClass.id, name: a.schoolClass.name, studentCount: 2 }]);
    expect((await call('GET', '/orientation/classes', await as(a.teacher))).json().items).toEqual([]);
    // The psychologue follows every class of his school of this year, and none of another school.
    expect((await call('GET', '/orientation/classes', await as(people.psychologist!))).json().items).toEqual([{ id: a.schoolClass.id, name: a.schoolClass.name, studentCount: 2 }]);
    expect((await call('GET', '/orientation/classes', await as(people.otherPsychologist!))).json().items).toEqual([{ id: b.schoolClass.id, name: b.schoolClass.name, studentCount: 1 }]);
    expect((await call('GET', '/orientation/classes', await as(a.staff))).json().items).toEqual([]);
  });

  it('exports the wishes as CSV, formulas neutralised', async () => {
    const student = people.student!;
    await call('PUT', `/orientation/students/${student.id}/wishes/TERMINALE`, await as(student), { wishes: [{ label: '=HYPERLINK("http://x")', motivation: 'ok' }] });
    const response = await call('GET', `/orientation/classes/${a.schoolClass.id}/wishes.csv?step=TERMINALE`, await as(people.principal!));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toMatch(/attachment; filename="voeux-.*-terminale\.csv"/);
    expect(response.body).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(response.body.split('\r\n')[0]).toBe('\uFEFF"Nom";"Prénom";"Rang";"Vœu";"Formation Onisep";"Motivation"');
    const denied = await call('GET', `/orientation/classes/${a.schoolClass.id}/wishes.csv`, await as(a.teacher));
    expect(denied.statusCode).toBe(404);
  });

  it('exports the wishes as PDF for the conseil de classe, to the class’s followers only', async () => {
    const url = `/orientation/classes/${a.schoolClass.id}/wishes.pdf?step=TERMINALE`;
    const response = await call('GET', url, await as(people.psychologist!));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toMatch(/attachment; filename="voeux-.*-terminale\.pdf"/);
    expect(response.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    for (const who of ['teacher', 'parent', 'student', 'otherPsychologist', 'adml']) expect((await call('GET', url, await as(people[who]!))).statusCode, who).toBe(404);
  });

  it('lays out each student with his ranked wishes and motivations, and says when a student has none, in French and English', async () => {
    const table = {
      classId: a.schoolClass.id,
      className: 'TG2',
      step: 'TERMINALE' as const,
      students: [
        { id: '1', firstName: 'Léa', lastName: 'Martin', className: 'TG2', commentCount: 0, wishes: [{ rank: 1, label: 'BTS SIO', formationId: 'FOR.1002', motivation: 'J’aime programmer.' }] },
        { id: '2', firstName: 'Hugo', lastName: 'Bernard', className: 'TG2', commentCount: 0, wishes: [] },
      ],
    };
    const fr = pdfPagesText(await renderClassWishesPdf(table, { locale: 'fr', createdAt: new Date('2027-03-10T09:00:00Z'), compress: false })).join('\n');
    expect(fr).toContain('Vœux d’orientation — Classe TG2');
    expect(fr).toContain('le 10 mars 2027 · 2 élèves, 1 avec au moins un vœu');
    expect(fr).toContain('MARTIN Léa');
    expect(fr).toContain('1. BTS SIO (Formation Onisep FOR.1002)');
    expect(fr).toContain('J’aime programmer.');
    expect(fr).toContain('BERNARD Hugo\nAucun vœu saisi.');
    const en = pdfPagesText(await renderClassWishesPdf(table, { locale: 'en', createdAt: new Date('2027-03-10T09:00:00Z'), compress: false })).join('\n');
    expect(en).toContain('Orientation wishes — Class TG2');
    expect(en).toContain('No wish entered.');
  });
});
