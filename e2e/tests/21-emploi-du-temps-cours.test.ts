import type { CourseFormOptions, CourseList, Schedule } from '@preau/contracts';
import type { Page } from 'playwright-core';
import { DEMO, apiLogin, horizontalOverflow, uniqueSuffix, type ApiSession } from '../lib/app.ts';
import { checkA11y } from '../lib/axe.ts';
import { assert, assertEqual, expectPath, expectVisible } from '../lib/expect.ts';
import { test } from '../lib/harness.ts';

/** Calendar days as YYYY-MM-DD, computed in UTC like the web app does. */
function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
function mondayOf(iso: string): string {
  const day = new Date(Date.parse(`${iso}T00:00:00Z`)).getUTCDay();
  return addDays(iso, 1 - (day === 0 ? 7 : day));
}
const todayInParis = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

/** The first week, from this one on, where the class has a session of this course; its date. */
async function sessionDate(session: ApiSession, classId: string, courseRoom: string): Promise<string> {
  for (let week = 0; week < 12; week++) {
    const from = addDays(mondayOf(todayInParis()), 7 * week);
    const response = await session.request.get(`/api/v1/timetable/classes/${classId}?from=${from}&to=${addDays(from, 6)}`);
    assert(response.ok(), `GET class timetable: ${response.status()}`);
    const found = ((await response.json()) as Schedule).items.find((o) => o.room === courseRoom);
    if (found) return found.date;
  }
  throw new Error(`no session in room ${courseRoom} in the next twelve weeks`);
}

/** Opens the week of `date` of the class and waits for a session in `room`. */
async function expectInWeekView(page: Page, classId: string, date: string, room: string): Promise<void> {
  await page.goto(`/emploi-du-temps?voir=class:${classId}&date=${date}`);
  await expectVisible(page.getByText(`Salle ${room}`, { exact: true }), `the session in room ${room} in the class week view`);
}

test('emploi du temps: vie scolaire creates a course for a class, sees it in the class week, edits its room, and deletes it; an invalid course is refused with a clear error', async (t) => {
  const context = await t.newContext();
  const staff = await apiLogin(context, DEMO.personnel);
  const structureId = staff.me.structures[0]?.id;
  assert(structureId, 'demo.personnel belongs to a structure');
  const optionsResponse = await staff.request.get(`/api/v1/timetable/structures/${structureId}/options`);
  assert(optionsResponse.ok(), `GET options: ${optionsResponse.status()}`);
  const options = (await optionsResponse.json()) as CourseFormOptions;
  // The class of the demo's seeded courses (demo.eleve's), so the new course joins a real week.
  const listResponse = await staff.request.get(`/api/v1/timetable/structures/${structureId}/courses?limit=100`);
  assert(listResponse.ok(), `GET courses: ${listResponse.status()}`);
  const seeded = ((await listResponse.json()) as CourseList).items.find((c) => c.target.kind === 'CLASS');
  const schoolClass = options.classes.find((c) => c.id === seeded?.target.id);
  const subject = options.subjects.find((s) => /math/i.test(s.name)) ?? options.subjects[0];
  const teacher = options.teachers[0];
  assert(schoolClass && subject && teacher, 'the structure has a class with courses, subjects and teachers');
  const room = `E2E-${uniqueSuffix(4)}`;
  const newRoom = `${room}-B`;

  t.step('demo.personnel goes from the week view to the course screen');
  const page = await context.newPage();
  await page.goto('/emploi-du-temps');
  await expectVisible(page.getByRole('heading', { level: 1, name: 'Emploi du temps' }), 'the timetable heading');
  await page.getByRole('link', { name: 'Gérer les cours' }).click();
  await expectPath(page, '/emploi-du-temps/cours');
  await expectVisible(page.getByRole('heading', { level: 1, name: 'Cours de l’emploi du temps' }), 'the course list heading');
  await page.getByLabel('Classe ou groupe', { exact: true }).selectOption({ label: `Classe ${schoolClass.name}` });
  await expectVisible(page.getByRole('table'), 'the courses of the class');
  await checkA11y(t, page, 'course list filtered by class');

  t.step('opens the form and submits a course that ends before it starts');
  await page.getByRole('link', { name: 'Nouveau cours' }).click();
  await expectPath(page, '/emploi-du-temps/cours/nouveau');
  await expectVisible(page.getByRole('heading', { level: 1, name: 'Nouveau cours' }), 'the new course form');
  assertEqual(await page.getByLabel('Classe ou groupe', { exact: true }).inputValue(), `class:${schoolClass.id}`, 'the class chosen in the list is preselected');
  await checkA11y(t, page, 'new course form');
  await page.getByRole('button', { name: 'Créer le cours' }).click();
  await expectVisible(page.getByText('Choisissez une matière de la liste.'), 'the missing subject error');
  await page.getByLabel('Matière', { exact: true }).selectOption(subject.code);
  await page.getByLabel('Enseignant·e 1', { exact: true }).selectOption(teacher.id);
  await page.getByLabel('Salle (facultatif)').fill(room);
  await page.getByLabel('Jour', { exact: true }).selectOption({ label: 'Samedi' });
  await page.getByLabel('Début', { exact: true }).fill('11:00');
  await page.getByLabel('Fin', { exact: true }).fill('10:00');
  await page.getByRole('button', { name: 'Créer le cours' }).click();
  // The contract's rule (start before end) is checked in the page before anything is sent.
  await expectVisible(page.getByText('1 champ à corriger.'), 'the summary of the errors');
  await expectVisible(page.getByText('La fin doit suivre le début.'), 'the error under the end time');
  assertEqual(await page.getByLabel('Fin', { exact: true }).getAttribute('aria-invalid'), 'true', 'the end field is marked invalid');
  await checkA11y(t, page, 'course form with errors');

  t.step('corrects the end time and creates the course');
  await page.getByLabel('Fin', { exact: true }).fill('12:00');
  await page.getByRole('button', { name: 'Créer le cours' }).click();
  await expectPath(page, '/emploi-du-temps/cours');
  await expectVisible(page.getByText(`Cours de ${subject.name} créé (Classe ${schoolClass.name}, Samedi 11:00–12:00).`), 'the confirmation');
  const row = page.getByRole('row').filter({ hasText: room });
  await expectVisible(row, 'the new course in the list of the class');

  t.step('sees the course in the class week view');
  const date = await sessionDate(staff, schoolClass.id, room);
  await expectInWeekView(page, schoolClass.id, date, room);

  t.step('edits the room of the course');
  await page.goto(`/emploi-du-temps/cours?classe=class:${schoolClass.id}`);
  await page.getByRole('row').filter({ hasText: room }).getByRole('link', { name: /^Modifier/ }).click();
  await expectPath(page, /^\/emploi-du-temps\/cours\/[0-9a-f-]{36}$/);
  await expectVisible(page.getByRole('heading', { level: 1, name: 'Modifier le cours' }), 'the edit form');
  assertEqual(await page.getByLabel('Salle (facultatif)').inputValue(), room, 'the form holds the course’s room');
  await checkA11y(t, page, 'edit course form');
  const overflow = await horizontalOverflow(page);
  assert(overflow.scrollWidth <= overflow.innerWidth, `the form fits the window (widest: ${overflow.widest})`);
  await page.getByLabel('Salle (facultatif)').fill(newRoom);
  await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
  await expectPath(page, '/emploi-du-temps/cours');
  await expectVisible(page.getByText(`Cours de ${subject.name} enregistré`, { exact: false }), 'the confirmation of the edit');
  await expectVisible(page.getByRole('row').filter({ hasText: newRoom }), 'the new room in the list');
  await expectInWeekView(page, schoolClass.id, date, newRoom);

  t.step('deletes the course after confirming');
  await page.goto(`/emploi-du-temps/cours?classe=class:${schoolClass.id}`);
  await page.getByRole('row').filter({ hasText: newRoom }).getByRole('link', { name: /^Modifier/ }).click();
  await page.getByRole('button', { name: 'Supprimer le cours' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Supprimer ce cours ?' });
  await expectVisible(dialog, 'the confirmation dialog');
  await checkA11y(t, page, 'delete course confirmation');
  await dialog.getByRole('button', { name: 'Supprimer', exact: true }).click();
  await expectPath(page, '/emploi-du-temps/cours');
  await expectVisible(page.getByText(`Cours de ${subject.name} supprimé.`), 'the confirmation of the deletion');
  assertEqual(await page.getByRole('row').filter({ hasText: newRoom }).count(), 0, 'the course is gone from the list');
});

test('emploi du temps: a teacher has no course screen and the API refuses him', async (t) => {
  const context = await t.newContext();
  const teacher = await apiLogin(context, DEMO.enseignant);
  const structureId = teacher.me.structures[0]?.id;
  assert(structureId, 'demo.enseignant belongs to a structure');
  const page = await context.newPage();
  await page.goto('/emploi-du-temps');
  await expectVisible(page.getByRole('heading', { level: 1, name: 'Emploi du temps' }), 'the timetable heading');
  assertEqual(await page.getByRole('link', { name: 'Gérer les cours' }).count(), 0, 'no link to the course screen');
  await page.goto('/emploi-du-temps/cours');
  await expectVisible(page.getByText('Vous ne gérez l’emploi du temps d’aucun établissement.'), 'the explanation');
  const response = await teacher.request.get(`/api/v1/timetable/structures/${structureId}/courses`);
  assertEqual(response.status(), 403, 'GET courses as a teacher');
});
