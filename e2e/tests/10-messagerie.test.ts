import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { DEMO, DEMO_PASSWORD, horizontalOverflow, submitLoginForm, uniqueSuffix } from '../lib/app.ts';
import { checkA11y } from '../lib/axe.ts';
import { assert, assertEqual, eventually, expectPath, expectVisible } from '../lib/expect.ts';
import { test } from '../lib/harness.ts';

/** The number the Messagerie link of the main navigation shows (0 without a badge). */
async function navUnread(page: Page): Promise<number> {
  const badge = page.getByRole('navigation', { name: 'Navigation principale' }).locator('[data-testid="unread-badge"]');
  if ((await badge.count()) === 0) return 0;
  // The badge may go between count() and innerText() (the count reached 0): read it briefly, else 0.
  const text = await badge.first().innerText({ timeout: 1000 }).catch(() => '0');
  return Number(text.replace(/\D+/g, '')) || 0;
}

/** Logs in through the login page and waits for the portal. */
async function logIn(page: Page, login: string): Promise<void> {
  await page.goto('/connexion');
  await submitLoginForm(page, login, DEMO_PASSWORD);
  await expectVisible(page.getByRole('heading', { level: 1, name: /^Bonjour / }), `the portal of ${login}`, 20_000);
}

test('messagerie: a teacher writes to a class with an attachment; a student sees it live, opens it, downloads it, replies', async (t) => {
  const subject = `Sortie au musée ${uniqueSuffix()}`;
  const fileText = `Autorisation de sortie — ${subject}\n`;

  // demo.eleve waits on the portal, in her own browser context.
  const student = await t.newPage();
  await logIn(student, DEMO.eleve);
  await expectVisible(student.getByRole('link', { name: /^Messagerie/ }).first(), 'the Messagerie link of the student');
  // The live connection is open before anything is sent.
  await student.waitForTimeout(500);
  const before = await navUnread(student);
  t.step(`student unread before: ${before}`);

  // demo.enseignant writes to the class "Seconde 1".
  const teacher = await t.newPage();
  await logIn(teacher, DEMO.enseignant);
  await teacher.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: /^Messagerie/ }).click();
  await expectPath(teacher, '/messagerie');
  await expectVisible(teacher.getByRole('heading', { level: 1, name: 'Messagerie' }), 'the messagerie heading');
  await expectVisible(teacher.getByRole('heading', { level: 2, name: 'Boîte de réception' }), 'the inbox');
  await checkA11y(t, teacher, 'messagerie inbox (teacher)');
  await teacher.getByRole('link', { name: 'Nouveau message' }).click();
  await expectPath(teacher, '/messagerie/nouveau');
  const to = teacher.getByRole('combobox', { name: 'À' });
  await to.fill('Seconde 1');
  const option = teacher.getByRole('option', { name: /^Élèves de Seconde 1\b/ }).first();
  await expectVisible(option, 'the class in the recipient picker');
  await to.press('ArrowDown');
  await to.press('ArrowUp');
  await to.press('Enter');
  await expectVisible(teacher.getByRole('button', { name: /^Retirer Élèves de Seconde 1/ }), 'the chosen class');
  await teacher.getByRole('textbox', { name: 'Objet' }).fill(subject);
  const body = teacher.getByRole('textbox', { name: 'Message' });
  await body.click();
  await teacher.keyboard.type('Bonjour à tous, voici l’autorisation de sortie.');
  await teacher.locator('input[type="file"]').setInputFiles({ name: 'autorisation.txt', mimeType: 'text/plain', buffer: Buffer.from(fileText) });
  await expectVisible(teacher.getByRole('button', { name: 'Retirer la pièce jointe autorisation.txt' }), 'the uploaded attachment', 15_000);
  await checkA11y(t, teacher, 'compose (teacher)');
  await teacher.getByRole('button', { name: 'Envoyer', exact: true }).click();
  await expectPath(teacher, /\/messagerie\?dossier=SENT/);
  await expectVisible(teacher.getByRole('link', { name: new RegExp(subject) }), 'the message in the sent folder');
  await checkA11y(t, teacher, 'sent folder (teacher)');

  // Without any reload, the student's badge counts it, and her timeline shows it.
  t.step('the student sees the unread count change live');
  await eventually('the student unread badge to grow', () => navUnread(student), (n) => n === before + 1, 15_000);
  const timeline = student.getByRole('region', { name: /^Notifications/ });
  await expectVisible(timeline.getByRole('link', { name: new RegExp(subject) }), 'the new message in the portal timeline');
  await checkA11y(t, student, 'portal with timeline (student)');

  // She opens it from the messagerie.
  await student.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: /^Messagerie/ }).click();
  await expectPath(student, '/messagerie');
  const row = student.getByRole('link', { name: new RegExp(`Non lu, ${subject}`) });
  await expectVisible(row, 'the unread message in the inbox');
  await checkA11y(t, student, 'inbox (student)');
  await row.click();
  await expectVisible(student.getByRole('heading', { level: 2, name: subject }), 'the opened message');
  await eventually('the student unread badge to go back', () => navUnread(student), (n) => n === before, 10_000);
  await checkA11y(t, student, 'message (student)');

  // She downloads the attachment.
  const [download] = await Promise.all([
    student.waitForEvent('download'),
    student.getByRole('link', { name: 'Télécharger autorisation.txt' }).click(),
  ]);
  assertEqual(download.suggestedFilename(), 'autorisation.txt', 'the downloaded file name');
  const path = await download.path();
  assert(path, 'the download was saved');
  assertEqual(readFileSync(path, 'utf8'), fileText, 'the downloaded content');

  // She replies to the teacher.
  await student.getByRole('link', { name: 'Répondre', exact: true }).click();
  await expectPath(student, /\/messagerie\/nouveau\?reponse=/);
  await expectVisible(student.getByRole('button', { name: /^Retirer / }), 'the teacher as recipient');
  const replyBody = student.getByRole('textbox', { name: 'Message' });
  await replyBody.click();
  await student.keyboard.press('Control+Home');
  await student.keyboard.type('Merci, je la rapporte signée lundi.');
  await checkA11y(t, student, 'reply (student)');
  await student.getByRole('button', { name: 'Envoyer', exact: true }).click();
  await expectPath(student, /\/messagerie\?dossier=SENT/);
  await expectVisible(student.getByRole('link', { name: new RegExp(`RE : ${subject}`) }), 'the reply in the sent folder');

  // On a phone, the messagerie fits the screen.
  await student.setViewportSize({ width: 360, height: 740 });
  for (const path of ['/messagerie', '/messagerie/nouveau']) {
    await student.goto(path);
    await expectVisible(student.getByRole('heading', { level: 1, name: 'Messagerie' }), `the messagerie heading on a phone (${path})`);
    const overflow = await horizontalOverflow(student);
    assert(overflow.scrollWidth <= overflow.innerWidth, `no horizontal scroll on ${path} at 360 px (${overflow.widest})`);
  }
  await checkA11y(t, student, 'compose on a phone (student)');

  // The teacher gets the reply in his inbox, live.
  await teacher.getByRole('link', { name: /^Boîte de réception/ }).click();
  await expectVisible(teacher.getByRole('link', { name: new RegExp(`RE : ${subject}`) }), 'the reply in the teacher inbox', 15_000);
});

test('messagerie: a structure admin changes a communication rule, keyboard and screen-reader labels included', async (t) => {
  const page = await t.newPage();
  await logIn(page, DEMO.adml);
  await page.goto('/messagerie');
  await page.getByRole('link', { name: 'Règles de communication' }).click();
  await expectPath(page, '/messagerie/regles');
  const student = page.getByRole('group', { name: 'Un Élève peut écrire…' });
  const toParents = student.getByLabel('aux comptes Parent');
  await expectVisible(toParents, 'the rule student → parent');
  assertEqual(await toParents.inputValue(), 'NONE', 'the default rule student → parent');
  assertEqual(await student.getByLabel('aux comptes Enseignant').inputValue(), 'LINKED', 'the default rule student → teacher');
  await checkA11y(t, page, 'communication rules (ADML)');

  // Restore the default whatever happens: other tests rely on it.
  t.defer(async () => {
    const context = await t.newContext();
    const login = await context.request.post('/api/v1/auth/login', { data: { login: DEMO.adml, password: DEMO_PASSWORD } });
    const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
    const structures = (await (await context.request.get('/api/v1/admin/structures')).json()) as { items: Array<{ id: string }> };
    for (const s of structures.items) {
      await context.request.put(`/api/v1/messaging/structures/${s.id}/rules`, {
        headers: { 'X-CSRF-Token': csrf },
        data: { rules: [{ from: 'ELEVE', to: 'PARENT', scope: 'NONE' }] },
      });
    }
    await context.close();
  });
  await toParents.selectOption('LINKED');
  await page.getByRole('button', { name: 'Enregistrer les règles' }).click();
  await expectVisible(page.getByText('Règles enregistrées.'), 'the saved confirmation');
  await page.reload();
  await expectVisible(page.getByRole('group', { name: 'Un Élève peut écrire…' }).getByLabel('aux comptes Parent'), 'the rules after reload');
  assertEqual(await page.getByRole('group', { name: 'Un Élève peut écrire…' }).getByLabel('aux comptes Parent').inputValue(), 'LINKED', 'the saved rule');

  // A student has no such page.
  const studentPage = await t.newPage();
  await logIn(studentPage, DEMO.eleve);
  await studentPage.goto('/messagerie');
  await expectVisible(studentPage.getByRole('heading', { level: 1, name: 'Messagerie' }), 'the student messagerie');
  assertEqual(await studentPage.getByRole('link', { name: 'Règles de communication' }).count(), 0, 'the rules link for a student');
});
