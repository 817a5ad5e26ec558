import type { OrientationProject } from '@preau/contracts';
import { DEMO, DEMO_PASSWORD, apiLogin, horizontalOverflow, loginViaUi } from '../lib/app.ts';
import { checkA11y } from '../lib/axe.ts';
import { assert, assertEqual, expectAbsent, expectPath, expectText, expectVisible } from '../lib/expect.ts';
import { test } from '../lib/harness.ts';

/**
 * Orientation (issue 17), on the sample Onisep catalogue the demo server loads:
 * a student searches, opens a formation, keeps it as a favourite and writes his
 * wishes; his professeur principal sees them in the class table; his parent
 * reads the project. Axe at desktop and phone sizes.
 */

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

test('orientation: the student searches, keeps a favourite and writes his wishes; his PP and his parent see them', async (t) => {
  const context = await t.newContext();
  const student = (await apiLogin(context, DEMO.eleve)).me;
  await context.close();
  // Whatever happens, demo.eleve's project is left empty for the next run on the same server.
  t.defer(async () => {
    const cleanup = await t.newContext();
    const session = await apiLogin(cleanup, DEMO.eleve);
    for (const step of ['TERMINALE', 'FIN_SECONDE']) {
      await cleanup.request.put(`/api/v1/orientation/students/${student.id}/wishes/${step}`, { headers: { 'x-csrf-token': session.csrfToken }, data: { wishes: [] } });
    }
    await cleanup.request.delete(`/api/v1/orientation/students/${student.id}/favorites/FORMATION/FOR.1002`, { headers: { 'x-csrf-token': session.csrfToken } });
    await cleanup.close();
  });

  const page = await t.newPage();
  await loginViaUi(page, DEMO.eleve, DEMO_PASSWORD, student.firstName);
  t.step('open Orientation from its tile');
  await page.getByRole('region', { name: 'Mes applications' }).getByRole('link', { name: /^Orientation/ }).click();
  await expectPath(page, '/orientation');
  await expectVisible(page.getByRole('heading', { level: 1, name: 'Orientation' }), 'the orientation heading');
  await checkA11y(t, page, 'orientation home');

  t.step('search "bts sio" in the informal spelling');
  await page.getByRole('searchbox', { name: 'Formation, diplôme ou domaine' }).fill('bts sio');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expectPath(page, /[?&]q=bts\+sio/);
  const result = page.getByRole('link', { name: /solutions logicielles et applications métiers/ });
  await expectVisible(result, 'BTS SIO option SLAM in the results');
  await checkA11y(t, page, 'orientation: formation results');

  t.step('open the formation and keep it');
  await result.click();
  await expectPath(page, '/orientation/formations/FOR.1002');
  await expectVisible(page.getByRole('heading', { level: 2, name: /Où se former/ }), 'where it is taught');
  await expectVisible(page.getByRole('link', { name: 'développeur / développeuse informatique' }), 'the métier it leads to');
  await page.getByRole('button', { name: 'Ajouter à mes favoris' }).click();
  await expectText(page.getByRole('status').or(page.locator('[aria-live]')).filter({ hasText: 'favoris' }).first(), /est dans vos favoris/);
  await checkA11y(t, page, 'orientation: formation page');

  t.step('write two terminale wishes in the project');
  await page.goto('/orientation');
  await page.getByRole('link', { name: 'Mon projet d’orientation' }).click();
  await expectPath(page, `/orientation/projet/${student.id}`);
  const terminale = page.getByRole('region', { name: 'Vœux de terminale (après le bac)' });
  await terminale.getByRole('button', { name: 'Ajouter un vœu' }).click();
  await terminale.getByRole('textbox', { name: 'Formation ou voie souhaitée' }).first().fill('BUT informatique');
  await terminale.getByRole('button', { name: 'Ajouter un vœu' }).click();
  await terminale.getByRole('textbox', { name: 'Formation ou voie souhaitée' }).nth(1).fill('BTS SIO option SLAM');
  await terminale.getByRole('textbox', { name: 'Ma motivation (facultatif)' }).nth(1).fill('J’aime programmer.');
  // The BTS first: moved up with the keyboard-reachable button.
  await terminale.getByRole('button', { name: 'Monter — Vœu n° 2' }).click();
  await terminale.getByRole('button', { name: 'Enregistrer mes vœux' }).click();
  await expectVisible(terminale.getByText('Vos vœux sont enregistrés.'), 'the saved notice');
  await checkA11y(t, page, 'orientation: project (student)');
  const saved = await page.evaluate(async (id) => (await (await fetch(`/api/v1/orientation/students/${id}/project`)).json()) as OrientationProject, student.id);
  assertEqual(saved.wishes.TERMINALE.map((w) => w.label).join(' | '), 'BTS SIO option SLAM | BUT informatique', 'the wishes in order');
  assert(saved.favorites.some((f) => f.id === 'FOR.1002'), 'the favourite is kept');

  t.step('phone size: search and project');
  const phone = await t.newPage(PHONE);
  await loginViaUi(phone, DEMO.eleve, DEMO_PASSWORD, student.firstName);
  await phone.goto('/orientation?q=boulanjer');
  await expectVisible(phone.getByRole('link', { name: 'CAP boulanger' }), 'a misspelt search finds the CAP boulanger');
  await checkA11y(t, phone, 'orientation: results (phone)');
  const overflow = await horizontalOverflow(phone);
  assert(overflow.scrollWidth <= overflow.innerWidth + 1, `no horizontal scroll on a phone (${overflow.widest})`);
  await phone.goto(`/orientation/projet/${student.id}`);
  await expectVisible(phone.getByRole('heading', { level: 1, name: 'Mon projet d’orientation' }), 'the project on a phone');
  await checkA11y(t, phone, 'orientation: project (phone)');

  t.step('the professeur principal reads the class table');
  const teacherContext = await t.newContext();
  const teacher = (await apiLogin(teacherContext, DEMO.enseignant)).me;
  await teacherContext.close();
  const teacherPage = await t.newPage();
  await loginViaUi(teacherPage, DEMO.enseignant, DEMO_PASSWORD, teacher.firstName);
  await teacherPage.goto('/orientation');
  assert(saved.student.className, 'demo.eleve has a class');
  await teacherPage.getByRole('link', { name: new RegExp(`^${saved.student.className} : les vœux`) }).click();
  await expectPath(teacherPage, /^\/orientation\/classes\/[0-9a-f-]{36}$/);
  const row = teacherPage.getByRole('row').filter({ hasText: `${student.lastName} ${student.firstName}` });
  await expectText(row, /BTS SIO option SLAM/);
  await checkA11y(t, teacherPage, 'orientation: class wishes (PP)');
  await row.getByRole('link').click();
  await expectVisible(teacherPage.getByRole('button', { name: 'Ajouter le commentaire' }), 'the comment form for the PP');
  await teacherPage.getByRole('textbox', { name: 'Nouveau commentaire' }).fill('Projet cohérent, à confirmer aux portes ouvertes.');
  await teacherPage.getByRole('button', { name: 'Ajouter le commentaire' }).click();
  await expectVisible(teacherPage.getByText('Projet cohérent, à confirmer aux portes ouvertes.'), 'the comment');
  await checkA11y(t, teacherPage, 'orientation: project (PP)');

  t.step('the parent reads the project, read only');
  const parentContext = await t.newContext();
  const parent = (await apiLogin(parentContext, DEMO.parent)).me;
  await parentContext.close();
  const parentPage = await t.newPage(PHONE);
  await loginViaUi(parentPage, DEMO.parent, DEMO_PASSWORD, parent.firstName);
  await parentPage.goto(`/orientation/projet/${student.id}`);
  await expectVisible(parentPage.getByText('Vous consultez ce projet sans pouvoir le modifier.'), 'the read-only notice');
  await expectVisible(parentPage.getByText('BTS SIO option SLAM'), 'the wish');
  assertEqual(await parentPage.getByRole('button', { name: 'Enregistrer mes vœux' }).count(), 0, 'no save button for a parent');
  await checkA11y(t, parentPage, 'orientation: project (parent, phone)');
});

test('orientation: the head announces an open day on a phone; a student sees it on the orientation page', async (t) => {
  const headContext = await t.newContext();
  const head = await apiLogin(headContext, DEMO.adml);
  await headContext.close();
  const label = `Portes ouvertes ${Date.now()}`;
  // Left as found: the announced date is taken down whatever happens.
  t.defer(async () => {
    const cleanup = await t.newContext();
    const session = await apiLogin(cleanup, DEMO.adml);
    const list = (await (await cleanup.request.get('/api/v1/orientation/events')).json()) as { items: { id: string; label: string }[] };
    for (const event of list.items.filter((e) => e.label === label)) {
      await cleanup.request.delete(`/api/v1/orientation/events/${event.id}`, { headers: { 'x-csrf-token': session.csrfToken } });
    }
    await cleanup.close();
  });
  const day = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

  const phone = await t.newPage(PHONE);
  await loginViaUi(phone, DEMO.adml, DEMO_PASSWORD, head.me.firstName);
  await phone.goto('/orientation');
  t.step('announce a date of a catalogue place');
  const card = phone.getByRole('region', { name: 'Portes ouvertes et salons' });
  await card.getByText('Annoncer une date').click();
  await card.getByRole('textbox', { name: /^Lieu/ }).fill('ENS.9999999');
  await card.getByRole('textbox', { name: 'Intitulé' }).fill(label);
  await card.getByLabel('Date', { exact: true }).fill(day);
  await card.getByRole('button', { name: 'Annoncer' }).click();
  await expectVisible(card.getByText('Ce lieu n’est pas dans le catalogue Onisep.'), 'an unknown place is named as such');
  await card.getByRole('textbox', { name: /^Lieu/ }).fill('https://www.onisep.fr/http/redirection/etablissement/slug/ENS.2004');
  await card.getByRole('button', { name: 'Annoncer' }).click();
  await expectVisible(card.getByText(`« ${label} » est annoncé aux élèves et aux familles de la collectivité.`), 'the announcement is confirmed');
  await expectVisible(card.getByText(label, { exact: true }), 'the date in the list');
  await checkA11y(t, phone, 'orientation: open days with the form (phone)');
  const overflow = await horizontalOverflow(phone);
  assert(overflow.scrollWidth <= overflow.innerWidth + 1, `no horizontal scroll on a phone (${overflow.widest})`);

  t.step('a student of the collectivité sees it, without the form');
  const studentContext = await t.newContext();
  const student = (await apiLogin(studentContext, DEMO.eleve)).me;
  await studentContext.close();
  const page = await t.newPage();
  await loginViaUi(page, DEMO.eleve, DEMO_PASSWORD, student.firstName);
  await page.goto('/orientation');
  const seen = page.getByRole('region', { name: 'Portes ouvertes et salons' });
  await expectVisible(seen.getByText(label, { exact: true }), 'the open day for the student');
  await expectText(seen.getByRole('listitem').filter({ hasText: label }), /Journée portes ouvertes/);
  assertEqual(await seen.getByText('Annoncer une date').count(), 0, 'no form for a student');
  assertEqual(await seen.getByRole('button', { name: 'Retirer cette date' }).count(), 0, 'no removal for a student');
  await checkA11y(t, page, 'orientation: open days (student)');

  t.step('the head takes it down after confirming');
  await card.getByRole('listitem').filter({ hasText: label }).getByRole('button', { name: 'Retirer cette date' }).click();
  const dialog = phone.getByRole('alertdialog', { name: 'Retirer la date ?' });
  await checkA11y(t, phone, 'orientation: remove confirmation (phone)');
  await dialog.getByRole('button', { name: 'Retirer cette date' }).click();
  await expectAbsent(card.getByText(label, { exact: true }), 'the date, gone from the list');
});
