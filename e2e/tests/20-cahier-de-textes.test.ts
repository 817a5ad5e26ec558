import type { Occurrence, Schedule } from '@preau/contracts';
import { DEMO, apiLogin, horizontalOverflow, type ApiSession } from '../lib/app.ts';
import { checkA11y } from '../lib/axe.ts';
import { assert, assertEqual, expectPath, expectVisible } from '../lib/expect.ts';
import { test } from '../lib/harness.ts';

/** Calendar days as YYYY-MM-DD, computed in UTC like the web app does. */
function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
function weekday(iso: string): number {
  const day = new Date(Date.parse(`${iso}T00:00:00Z`)).getUTCDay();
  return day === 0 ? 7 : day;
}
const mondayOf = (iso: string) => addDays(iso, 1 - weekday(iso));
/** Today in Paris (the server's and the web app's day). */
const todayInParis = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
/** What the portal calls "demain": tomorrow, or Monday when tomorrow is a Sunday. */
function nextSchoolDay(iso: string): string {
  const next = addDays(iso, 1);
  return weekday(next) === 7 ? addDays(next, 1) : next;
}

/** The most recent session of the teacher's own timetable, today or before, still without an entry. */
async function pastSession(teacher: ApiSession, today: string): Promise<Occurrence> {
  for (let week = 0; week < 10; week++) {
    const from = addDays(mondayOf(today), -7 * week);
    const response = await teacher.request.get(`/api/v1/timetable/me?from=${from}&to=${addDays(from, 6)}`);
    assert(response.ok(), `GET /timetable/me: ${response.status()}`);
    const schedule = (await response.json()) as Schedule;
    const candidates = schedule.items.filter((o) => o.canWriteLesson && !o.hasLesson && o.status === 'SCHEDULED' && o.date <= today);
    const last = candidates.at(-1);
    if (last) return last;
  }
  throw new Error('demo.enseignant has no session in the last ten weeks');
}

test('cahier de textes: the teacher sets homework with online hand-in, the student ticks it and hands in, the parent reads it, the teacher returns it', async (t) => {
  const today = todayInParis();
  const due = nextSchoolDay(today);
  const instructions = `Exercices 12 et 13 page 84 (${Math.random().toString(36).slice(2, 7)})`;
  const comment = 'Bon travail : attention aux unités dans l’exercice 13.';

  // ---------------------------------------------------------------- teacher writes the entry
  t.step('demo.enseignant opens his timetable and the session');
  const teacherContext = await t.newContext();
  const teacher = await apiLogin(teacherContext, DEMO.enseignant);
  const session = await pastSession(teacher, today);
  const teacherPage = await teacherContext.newPage();
  await teacherPage.goto('/');
  await teacherPage.getByRole('region', { name: 'Mes applications' }).getByRole('link', { name: /^Emploi du temps/ }).click();
  await expectPath(teacherPage, '/emploi-du-temps');
  await expectVisible(teacherPage.getByRole('heading', { level: 1, name: 'Emploi du temps' }), 'the timetable heading');
  const weeksBack = Math.round((Date.parse(mondayOf(today)) - Date.parse(mondayOf(session.date))) / (7 * 86_400_000));
  for (let i = 0; i < weeksBack; i++) await teacherPage.getByRole('button', { name: 'Semaine précédente' }).click();
  const sessionLink = teacherPage.locator(`a[href="/cahier-de-textes/seance/${session.courseId}/${session.originalDate}"]`);
  await expectVisible(sessionLink, `the link to the entry of ${session.subjectName} on ${session.date}`);
  await checkA11y(t, teacherPage, 'teacher timetable week');
  await teacherPage.getByRole('button', { name: 'Jour', exact: true }).click();
  await expectVisible(teacherPage.getByRole('button', { name: 'Jour suivant' }), 'the day view');
  await checkA11y(t, teacherPage, 'teacher timetable day');
  await teacherPage.getByRole('button', { name: 'Semaine', exact: true }).click();
  await sessionLink.first().click();
  await expectPath(teacherPage, `/cahier-de-textes/seance/${session.courseId}/${session.originalDate}`);
  await expectVisible(teacherPage.getByRole('heading', { level: 1, name: new RegExp(`^${session.subjectName}`) }), 'the entry page');
  await checkA11y(t, teacherPage, 'empty entry form');

  t.step('fills the content and sets homework to hand in online');
  const content = teacherPage.getByRole('textbox', { name: 'Contenu de la séance' });
  await content.click();
  await teacherPage.getByRole('button', { name: 'Gras' }).click();
  await teacherPage.keyboard.type('Les fonctions affines');
  await teacherPage.getByRole('button', { name: 'Gras' }).click();
  await teacherPage.keyboard.type(' : définition, représentation graphique, exemples.');
  await teacherPage.getByRole('checkbox', { name: 'Donner du travail à faire' }).check();
  await teacherPage.getByRole('textbox', { name: 'Consigne' }).click();
  await teacherPage.keyboard.type(instructions);
  await teacherPage.getByLabel('Pour le', { exact: true }).fill(due);
  await teacherPage.getByLabel('Durée estimée (minutes)').fill('30');
  await teacherPage.getByRole('checkbox', { name: 'À rendre en ligne' }).check();
  await checkA11y(t, teacherPage, 'filled entry form');
  await teacherPage.getByRole('button', { name: 'Enregistrer la séance' }).click();
  await expectVisible(teacherPage.getByText('Séance enregistrée.'), 'the saved notice');
  await expectVisible(teacherPage.getByRole('link', { name: 'Voir les rendus' }), 'the link to the hand-ins');
  await checkA11y(t, teacherPage, 'saved entry');
  const entry = await (await teacher.request.get(`/api/v1/lessons/${session.courseId}/${session.originalDate}`)).json();
  assert(/<(b|strong)>Les fonctions affines<\/(b|strong)>/.test(entry.contentHtml), `the bold content was saved: ${entry.contentHtml}`);
  assertEqual(entry.homework?.dueOn, due, 'the due date of the homework');
  assertEqual(entry.homework?.handInOnline, true, 'online hand-in');

  // ---------------------------------------------------------------- student
  t.step('demo.eleve sees it on the portal, ticks it and hands in a file');
  const studentContext = await t.newContext();
  const student = await apiLogin(studentContext, DEMO.eleve);
  const studentPage = await studentContext.newPage();
  await studentPage.goto('/');
  const dueTomorrow = studentPage.getByRole('region', { name: 'À faire pour demain' });
  await expectVisible(dueTomorrow.getByText(instructions), 'the homework in "À faire pour demain"');
  await expectVisible(studentPage.getByRole('region', { name: 'Prochains cours' }), 'the "Prochains cours" widget');
  await checkA11y(t, studentPage, 'student portal with widgets');
  await studentPage.getByRole('region', { name: 'Mes applications' }).getByRole('link', { name: /^Cahier de textes/ }).click();
  await expectPath(studentPage, '/cahier-de-textes');
  const card = studentPage.getByRole('article').filter({ hasText: instructions });
  await expectVisible(card, 'the homework in the travail à faire');
  await card.getByRole('checkbox', { name: /^Fait/ }).check();
  await expectVisible(card.getByText(`${session.subjectName} : marqué fait.`), 'the "done" announcement');
  await card.getByLabel('Fichier à rendre').setInputFiles({ name: 'devoir-maths.txt', mimeType: 'text/plain', buffer: Buffer.from('Exercice 12 : y = 2x + 3\n') });
  await card.getByRole('button', { name: 'Déposer le fichier' }).click();
  await expectVisible(card.getByText('Fichier devoir-maths.txt déposé.'), 'the hand-in notice');
  await expectVisible(card.getByRole('link', { name: 'devoir-maths.txt' }), 'the handed-in file');
  await expectVisible(card.getByText(/^Rendu le /), 'the hand-in date');
  await checkA11y(t, studentPage, 'student travail à faire after hand-in');
  await studentPage.reload();
  assert(await studentPage.getByRole('article').filter({ hasText: instructions }).getByRole('checkbox', { name: /^Fait/ }).isChecked(), 'the tick is kept');

  t.step('on a phone, the student reads his week without sideways scroll');
  const phone = await t.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  await apiLogin(phone, DEMO.eleve);
  const phonePage = await phone.newPage();
  await phonePage.goto(`/emploi-du-temps?date=${session.date}`);
  await expectVisible(phonePage.getByRole('heading', { level: 3, name: /./ }).first(), 'the days of the week');
  await expectVisible(phonePage.getByText(session.subjectName).first(), 'a session of the week');
  const overflow = await horizontalOverflow(phonePage);
  assert(overflow.scrollWidth <= overflow.innerWidth, `no horizontal scroll on the phone timetable (${JSON.stringify(overflow)})`);
  await checkA11y(t, phonePage, 'student timetable on a phone');
  await phonePage.goto('/cahier-de-textes');
  await expectVisible(phonePage.getByText(instructions), 'the homework on a phone');
  const overflow2 = await horizontalOverflow(phonePage);
  assert(overflow2.scrollWidth <= overflow2.innerWidth, `no horizontal scroll on the phone cahier de textes (${JSON.stringify(overflow2)})`);

  // ---------------------------------------------------------------- parent
  t.step('demo.parent sees the homework of his child, read-only');
  const parentContext = await t.newContext();
  await apiLogin(parentContext, DEMO.parent);
  const parentPage = await parentContext.newPage();
  await parentPage.goto('/');
  await expectVisible(parentPage.getByRole('region', { name: 'À faire pour demain' }).getByText(instructions), 'the child’s homework on the parent portal');
  await checkA11y(t, parentPage, 'parent portal with widgets');
  await parentPage.getByRole('region', { name: 'Mes applications' }).getByRole('link', { name: /^Cahier de textes/ }).click();
  // demo.parent has two children: choose demo.eleve in the strip under the header.
  const childButton = parentPage.getByRole('region', { name: 'Enfant suivi' }).getByRole('button', { name: new RegExp(`^${student.me.firstName}`) });
  await expectVisible(childButton, 'the child switcher');
  await childButton.click();
  await expectVisible(parentPage.getByRole('heading', { level: 2, name: `Travail à faire de ${student.me.displayName}` }), 'the child’s travail à faire');
  const parentCard = parentPage.getByRole('article').filter({ hasText: instructions });
  await expectVisible(parentCard.getByText('Fait', { exact: true }), 'the child’s tick, read-only');
  await expectVisible(parentCard.getByText(/^Rendu le /), 'the child’s hand-in');
  assertEqual(await parentCard.getByRole('checkbox').count(), 0, 'checkboxes for the parent');
  assertEqual(await parentCard.getByRole('button', { name: 'Déposer le fichier' }).count(), 0, 'hand-in buttons for the parent');
  await checkA11y(t, parentPage, 'parent travail à faire');

  // ---------------------------------------------------------------- teacher returns
  t.step('demo.enseignant downloads all hand-ins and returns the work with a comment');
  await teacherPage.goto('/cahier-de-textes');
  await expectVisible(teacherPage.getByRole('heading', { name: 'Mes séances récentes' }), 'the teacher’s recent sessions');
  await checkA11y(t, teacherPage, 'teacher cahier de textes home');
  await teacherPage.getByRole('link', { name: new RegExp(`^Voir les rendus.*${session.subjectName}`) }).first().click();
  await expectVisible(teacherPage.getByRole('heading', { level: 1, name: new RegExp(`^Rendus — ${session.subjectName}`) }), 'the hand-in board');
  const row = teacherPage.getByRole('row').filter({ has: teacherPage.getByRole('rowheader', { name: student.me.displayName }) });
  await expectVisible(row.getByRole('link', { name: 'devoir-maths.txt' }), 'the student’s file on the board');
  await checkA11y(t, teacherPage, 'hand-in board');
  const [download] = await Promise.all([teacherPage.waitForEvent('download'), teacherPage.getByRole('button', { name: 'Tout télécharger (zip)' }).click()]);
  assert(download.suggestedFilename().endsWith('.zip'), `a zip file: ${download.suggestedFilename()}`);
  const { readFile } = await import('node:fs/promises');
  assertEqual((await readFile(await download.path())).subarray(0, 2).toString(), 'PK', 'the start of the zip');
  await row.getByRole('button', { name: /^Rendre avec un commentaire/ }).click();
  const dialog = teacherPage.getByRole('dialog', { name: `Rendre le travail de ${student.me.displayName}` });
  await expectVisible(dialog, 'the return dialog');
  await dialog.getByLabel('Commentaire').fill(comment);
  await checkA11y(t, teacherPage, 'return dialog');
  await dialog.getByRole('button', { name: 'Rendre le travail' }).click();
  await expectVisible(teacherPage.getByText(`Travail rendu à ${student.me.displayName}.`), 'the returned notice');
  await expectVisible(row.getByText('Corrigé', { exact: true }), 'the returned badge');
  await checkA11y(t, teacherPage, 'hand-in board after return');

  t.step('the entry’s history');
  await teacherPage.goto(`/cahier-de-textes/seance/${session.courseId}/${session.originalDate}`);
  await teacherPage.getByRole('link', { name: 'Voir l’historique' }).click();
  await expectVisible(teacherPage.getByRole('heading', { level: 2, name: /^Version 1 — / }), 'version 1 in the history');
  await checkA11y(t, teacherPage, 'entry history');

  // ---------------------------------------------------------------- student sees the return
  t.step('demo.eleve sees the return and the comment');
  await studentPage.goto('/cahier-de-textes');
  const returned = studentPage.getByRole('article').filter({ hasText: instructions });
  await expectVisible(returned.getByText(/^Corrigé rendu le /), 'the return');
  await expectVisible(returned.getByText(comment), 'the teacher’s comment');
  assertEqual(await returned.getByRole('button', { name: 'Déposer le fichier' }).count(), 0, 'hand-in buttons after the return');
  await checkA11y(t, studentPage, 'student sees the return');
  // Four people, sixteen page states checked by axe: longer than the default two minutes on a busy machine.
}, { timeoutMs: 300_000 });
