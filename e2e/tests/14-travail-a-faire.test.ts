import { readFileSync } from 'node:fs';
import type { BrowserContextOptions } from 'playwright-core';
import { DEMO, apiLogin, horizontalOverflow, uniqueSuffix } from '../lib/app.ts';
import { checkA11y } from '../lib/axe.ts';
import { assert, assertEqual, expectVisible } from '../lib/expect.ts';
import { test, type TestContext } from '../lib/harness.ts';
import { nextSchoolDay, sessionWithoutEntry, todayInParis } from '../lib/school-days.ts';

const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const DESKTOP: BrowserContextOptions = { viewport: { width: 1366, height: 900 } };
const WORKSHEET = '%PDF-1.4\n% Fiche d’exercices : fonctions affines\n';

/**
 * A pupil's travail à faire: the worksheet the teacher attached to the lesson
 * is on the card and downloads; she hands in her answer with the keyboard
 * only, and the card ticks "Fait" by itself; once a file is in, the form says
 * that the next one is added (not swapped), and the text that it replaces.
 */
async function journey(t: TestContext, size: string, options: BrowserContextOptions): Promise<void> {
  const instructions = `Exercices de la fiche ${uniqueSuffix()} (${size})`;
  const teacherContext = await t.newContext();
  const teacher = await apiLogin(teacherContext, DEMO.enseignant);
  // Weeks back: test 20 writes in the most recent session and opens the first of the teacher's recent ones.
  const session = await sessionWithoutEntry(teacher, todayInParis(), { oldest: true, weeks: 6 });
  const saved = await teacher.request.put(`/api/v1/lessons/${session.courseId}/${session.originalDate}`, {
    headers: { 'X-CSRF-Token': teacher.csrfToken },
    data: {
      title: 'Fonctions affines',
      contentHtml: '<p>Cours</p>',
      links: [],
      homework: { descriptionHtml: `<p>${instructions}</p>`, dueOn: nextSchoolDay(todayInParis()), estimatedMinutes: 30, handInOnline: true },
    },
  });
  assert(saved.ok(), `the lesson is saved (${saved.status()} ${await saved.text()})`);
  const entryId = ((await saved.json()) as { id: string }).id;
  const attached = await teacher.request.post(`/api/v1/lessons/entries/${entryId}/attachments`, {
    headers: { 'X-CSRF-Token': teacher.csrfToken },
    multipart: { file: { name: 'fiche-exercices.pdf', mimeType: 'application/pdf', buffer: Buffer.from(WORKSHEET) } },
  });
  assert(attached.ok(), `the worksheet is attached (${attached.status()} ${await attached.text()})`);
  await teacherContext.close();

  const context = await t.newContext(options);
  await apiLogin(context, DEMO.eleve);
  const page = await context.newPage();
  await page.goto('/cahier-de-textes');
  const card = page.getByRole('article').filter({ hasText: instructions });
  await expectVisible(card, `the homework card (${size})`);

  t.step(`${size}: the worksheet is on the card and downloads`);
  await expectVisible(card.getByRole('heading', { name: 'Document du professeur' }), 'the worksheet heading');
  const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('link', { name: 'fiche-exercices.pdf' }).click()]);
  assertEqual(readFileSync((await download.path())!, 'utf8'), WORKSHEET, 'the worksheet downloaded is the teacher’s file');
  const done = card.getByRole('checkbox', { name: /^Fait/ });
  assertEqual(await done.isChecked(), false, 'not done yet');
  await checkA11y(t, page, `travail à faire with a worksheet (${size})`);

  t.step(`${size}: the answer typed and sent with the keyboard ticks "Fait"`);
  await card.getByLabel('Ou votre réponse en texte').focus();
  await page.keyboard.type('f(x) = 2x + 3, donc f(0) = 3.');
  await page.keyboard.press('Tab');
  assert(await card.getByRole('button', { name: 'Envoyer le texte' }).evaluate((el) => el === document.activeElement), 'Tab leads to "Envoyer le texte"');
  await page.keyboard.press('Enter');
  await expectVisible(card.getByText('Texte envoyé. Le travail est coché « Fait ».'), `the hand-in notice (${size})`);
  assertEqual(await done.isChecked(), true, 'handing in ticked "Fait"');
  await expectVisible(card.getByText('Le texte envoyé remplace celui que vous avez déjà rendu.'), 'the text says it replaces');
  await expectVisible(card.getByRole('button', { name: 'Remplacer le texte rendu' }), 'the text button says it replaces');

  t.step(`${size}: a first file, then the form says the next one is added`);
  await card.getByLabel('Fichier à rendre').setInputFiles({ name: 'brouillon.txt', mimeType: 'text/plain', buffer: Buffer.from('Exercice 1\n') });
  await card.getByRole('button', { name: 'Déposer le fichier' }).click();
  await expectVisible(card.getByText('1 fichier rendu :'), 'one file handed in');
  const another = card.getByLabel('Ajouter un autre fichier');
  await expectVisible(another, 'the file field now says "another"');
  const help = await another.getAttribute('aria-describedby');
  assert(help, 'the file field is described');
  assertEqual(
    await page.locator(`[id="${help}"]`).innerText(),
    'Il s’ajoute aux fichiers déjà rendus, qui restent. Pour remplacer un fichier, retirez-le d’abord.',
    'the description of the file field',
  );
  await another.setInputFiles({ name: 'propre.txt', mimeType: 'text/plain', buffer: Buffer.from('Exercices 1 à 3\n') });
  await card.getByRole('button', { name: 'Ajouter ce fichier' }).click();
  await expectVisible(card.getByText('Fichier propre.txt ajouté : 2 fichiers rendus. Le travail est coché « Fait ».'), 'the second file is added');
  for (const name of ['brouillon.txt', 'propre.txt']) await expectVisible(card.getByRole('link', { name }), `${name} is listed`);
  const overflow = await horizontalOverflow(page);
  assert(overflow.scrollWidth <= overflow.innerWidth, `no sideways scroll (${size}): ${overflow.widest}`);
  await checkA11y(t, page, `travail à faire handed in, two files (${size})`);

  await page.reload();
  const after = page.getByRole('article').filter({ hasText: instructions });
  assertEqual(await after.getByRole('checkbox', { name: /^Fait/ }).isChecked(), true, '"Fait" is kept on the server');
  await context.close();
}

test('travail à faire: the worksheet on the card, a keyboard-only hand-in ticks "Fait", a new file adds to the others (desktop)', (t) => journey(t, '1366 px', DESKTOP));

test('travail à faire: the worksheet on the card, a keyboard-only hand-in ticks "Fait", a new file adds to the others (390 px phone)', (t) => journey(t, '390 px', PHONE));
