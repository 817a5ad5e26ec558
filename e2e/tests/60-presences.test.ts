import type { Course, CourseList, RollCall } from '@preau/contracts';
import { DEMO, DEMO_PASSWORD, type ApiSession, apiLogin, horizontalOverflow, loginViaUi } from '../lib/app.ts';
import { checkA11y } from '../lib/axe.ts';
import { inTerm } from '../lib/clock.ts';
import { assert, assertEqual, expectPath, expectText, expectVisible } from '../lib/expect.ts';
import { test } from '../lib/harness.ts';

/**
 * Presences (issue 15): demo.enseignant takes the roll call of today's lesson on
 * a phone (demo.eleve absent, a classmate late); demo.parent is told, gives the
 * reason with a document; demo.personnel (vie scolaire) accepts it. Axe at
 * desktop and phone sizes. A roll call opens on the day of its lesson only:
 * the journey runs on a school day (`inTerm`, whatever the real date), with a
 * lesson created for that weekday, then removed.
 */

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

async function api<T>(session: ApiSession, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, data?: unknown): Promise<T> {
  const response = await session.request.fetch(`/api/v1${path}`, {
    method,
    headers: method === 'GET' ? {} : { 'X-CSRF-Token': session.csrfToken },
    ...(data === undefined ? {} : { data }),
  });
  assert(response.ok(), `${method} ${path} failed: ${response.status()} ${await response.text()}`);
  return (response.status() === 204 ? undefined : await response.json()) as T;
}

test('presences: the teacher takes the roll call on a phone, the parent gives the reason, vie scolaire accepts it', async (t) => {
  const setup = await t.newContext();
  const staff = await apiLogin(setup, DEMO.personnel);
  const setupTeacher = await t.newContext();
  const teacherSession = await apiLogin(setupTeacher, DEMO.enseignant);
  const teacher = teacherSession.me;
  const eleveContext = await t.newContext();
  const eleve = (await apiLogin(eleveContext, DEMO.eleve)).me;
  await eleveContext.close();
  const structureId = staff.me.structures[0]!.id;

  t.step('vie scolaire puts a lesson of demo.enseignant with demo.eleve’s class today');
  const courses = await api<CourseList>(staff, 'GET', `/timetable/structures/${structureId}/courses?teacherId=${teacher.id}&limit=100`);
  const template = courses.items.find((c) => c.target.kind === 'CLASS');
  assert(template, 'demo.enseignant teaches a class');
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(t.now());
  const weekday = ((new Date(`${today}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
  const course = await api<Course>(staff, 'POST', `/timetable/structures/${structureId}/courses`, {
    subjectCode: template.subjectCode,
    teacherIds: [teacher.id],
    classId: template.target.id,
    weekday,
    start: '07:00',
    end: '07:55',
    room: 'E2E',
  });
  t.defer(async () => {
    const cleanup = await t.newContext();
    const session = await apiLogin(cleanup, DEMO.personnel);
    await session.request.delete(`/api/v1/timetable/courses/${course.id}`, { headers: { 'x-csrf-token': session.csrfToken } });
    await cleanup.close();
  });
  const roll = await api<RollCall>(teacherSession, 'GET', `/presences/courses/${course.id}/sessions/${today}`);
  await setupTeacher.close();
  const student = roll.students.find((s) => s.id === eleve.id);
  assert(student, 'demo.eleve is called in his class’s lesson');
  const classmate = roll.students.find((s) => s.id !== eleve.id);
  assert(classmate, 'demo.eleve has a classmate');

  t.step('the teacher opens the roll call from Vie scolaire, on a phone');
  const phone = await t.newPage(PHONE);
  await loginViaUi(phone, DEMO.enseignant, DEMO_PASSWORD, teacher.firstName);
  await phone.getByRole('region', { name: 'Mes applications' }).getByRole('link', { name: /^Vie scolaire/ }).click();
  await expectPath(phone, '/vie-scolaire');
  await checkA11y(t, phone, 'vie scolaire: teacher’s sessions (phone)');
  await expectVisible(phone.getByRole('link', { name: new RegExp(`07:00–07:55.*Appel : ${template.subjectName}, ${template.target.name}`) }), 'today’s lesson to call');
  t.step('… or from his timetable, in one click');
  await phone.goto('/emploi-du-temps');
  await phone.getByRole('link', { name: new RegExp(`^Faire l’appel — ${template.subjectName}, .* à 07:00$`) }).click();
  await expectPath(phone, `/vie-scolaire/appel/${course.id}/${today}`);
  await expectVisible(phone.getByRole('heading', { level: 1, name: `Appel : ${template.subjectName}, ${template.target.name}` }), 'the roll call heading');

  t.step('one tap: demo.eleve absent, a classmate late 10 minutes');
  const row = phone.getByRole('group', { name: `${student.lastName.toUpperCase()} ${student.firstName}` });
  await row.getByRole('radio', { name: 'Absent' }).check();
  await expectText(phone.locator('[aria-live]').filter({ hasText: 'Enregistré' }).first(), new RegExp(`Enregistré : ${student.firstName} ${student.lastName}, Absent`));
  const late = phone.getByRole('group', { name: `${classmate.lastName.toUpperCase()} ${classmate.firstName}` });
  await late.getByRole('radio', { name: 'En retard' }).check();
  const minutes = late.getByRole('spinbutton', { name: 'Minutes de retard' });
  await expectVisible(minutes, 'the minutes of lateness');
  await minutes.fill('10');
  await minutes.blur();
  await expectText(phone.locator('[aria-live]').filter({ hasText: 'Enregistré' }).first(), /En retard/);
  await phone.getByRole('button', { name: /^Appel terminé/ }).click();
  await expectText(phone.locator('[aria-live]').filter({ hasText: 'Appel enregistré' }).first(), /Appel enregistré/);
  await checkA11y(t, phone, 'vie scolaire: roll call (phone)');
  const overflow = await horizontalOverflow(phone);
  assert(overflow.scrollWidth <= overflow.innerWidth + 1, `no horizontal scroll on a phone (${overflow.widest})`);
  const saved = await phone.evaluate(async (url) => (await (await fetch(url)).json()) as RollCall, `/api/v1/presences/courses/${course.id}/sessions/${today}`);
  assertEqual(saved.students.find((s) => s.id === eleve.id)?.status, 'ABSENT', 'the absence is saved');
  assertEqual(saved.students.find((s) => s.id === classmate.id)?.minutes, 10, 'the lateness is saved with its minutes');

  t.step('the parent is told on the portal and gives the reason with a document');
  const parentContext = await t.newContext();
  const parent = (await apiLogin(parentContext, DEMO.parent)).me;
  await parentContext.close();
  const parentPage = await t.newPage();
  await loginViaUi(parentPage, DEMO.parent, DEMO_PASSWORD, parent.firstName);
  const notice = parentPage.getByRole('link', { name: new RegExp(`${student.firstName} ${student.lastName} est absent\\(e\\) : ${template.subjectName}`) }).first();
  await expectVisible(notice, 'the absence in the parent’s notifications');
  await notice.click();
  await expectPath(parentPage, '/vie-scolaire');
  const card = parentPage.getByRole('region', { name: `Absences de ${student.firstName} ${student.lastName}` });
  const item = card.getByRole('listitem').filter({ hasText: template.subjectName }).filter({ hasText: '07:00–07:55' });
  await expectText(item, /Non justifiée/);
  await checkA11y(t, parentPage, 'vie scolaire: family (parent)');
  await item.getByRole('button', { name: 'Donner le motif' }).click();
  await item.getByRole('combobox', { name: 'Motif' }).selectOption({ label: 'Maladie' });
  await item.getByRole('textbox', { name: 'Précision (facultatif)' }).fill('Fièvre depuis la nuit.');
  await item.getByLabel('Justificatif (facultatif)').setInputFiles({ name: 'certificat.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 certificat médical\n') });
  await checkA11y(t, parentPage, 'vie scolaire: reason form (parent)');
  await item.getByRole('button', { name: 'Envoyer le motif' }).click();
  await expectText(card.getByRole('listitem').filter({ hasText: '07:00–07:55' }), /Motif envoyé \(Maladie\)/);

  const parentPhone = await t.newPage(PHONE);
  await loginViaUi(parentPhone, DEMO.parent, DEMO_PASSWORD, parent.firstName);
  await parentPhone.goto('/vie-scolaire');
  await expectVisible(parentPhone.getByRole('heading', { level: 2, name: `Absences de ${student.firstName} ${student.lastName}` }), 'the child’s absences on a phone');
  await checkA11y(t, parentPhone, 'vie scolaire: family (parent, phone)');
  const parentOverflow = await horizontalOverflow(parentPhone);
  assert(parentOverflow.scrollWidth <= parentOverflow.innerWidth + 1, `no horizontal scroll on a phone (${parentOverflow.widest})`);

  t.step('vie scolaire sees the absence and the reason, and accepts it');
  const staffPage = await t.newPage();
  await loginViaUi(staffPage, DEMO.personnel, DEMO_PASSWORD, staff.me.firstName);
  await setup.close();
  await staffPage.goto('/vie-scolaire');
  const day = staffPage.getByRole('region', { name: 'Absences et retards du jour' });
  await expectText(day, new RegExp(`${student.firstName} ${student.lastName}`));
  const pending = staffPage.getByRole('region', { name: 'Motifs donnés par les familles' }).getByRole('listitem').filter({ hasText: 'Fièvre depuis la nuit.' });
  await expectText(pending, /indique : Maladie/);
  await checkA11y(t, staffPage, 'vie scolaire: the day (staff)');
  await pending.getByRole('button', { name: 'Accepter' }).click();
  await expectText(staffPage.locator('[aria-live]').filter({ hasText: 'Motif accepté' }).first(), new RegExp(`l’absence de ${student.firstName} ${student.lastName} est justifiée`));
}, { clock: inTerm() });
