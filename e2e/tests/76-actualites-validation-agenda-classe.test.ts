import type { CalendarList, NewsItem, OccurrenceList } from '@preau/contracts';
import { DEMO, DEMO_PASSWORD, apiLogin, horizontalOverflow, loginViaUi, uniqueSuffix } from '../lib/app.ts';
import { checkA11y } from '../lib/axe.ts';
import { inTerm } from '../lib/clock.ts';
import { assert, expectPath, expectVisible } from '../lib/expect.ts';
import { type TestContext, test } from '../lib/harness.ts';

/**
 * Actualités and agenda (issue 16), the journeys 75 leaves out: a
 * contributor (demo.enseignant) writes a news item for his class with
 * comments open and sends it for validation; the head (demo.adml) validates
 * it; demo.eleve finds it on his portal on a phone and comments; the head
 * hides the comment. A teacher adds a monthly event ("le 3e mardi") to the
 * class agenda; the student sees it with the school calendar and subscribes
 * to the class agenda (day and month views). Axe at desktop and phone sizes.
 */

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

async function noSidewaysScroll(page: Parameters<typeof horizontalOverflow>[0], what: string) {
  const overflow = await horizontalOverflow(page);
  assert(overflow.scrollWidth <= overflow.innerWidth + 1, `no horizontal scroll on a phone: ${what} (${overflow.widest})`);
}

/** demo.eleve's class calendar (title, and the class's name). */
async function classCalendarOfStudent(t: TestContext) {
  const setup = await t.newContext();
  const student = await apiLogin(setup, DEMO.eleve);
  const calendars = (await (await setup.request.get('/api/v1/agenda/calendars')).json()) as CalendarList;
  await setup.close();
  const calendar = calendars.items.find((c) => c.kind === 'CLASS');
  assert(calendar?.ownerName, 'demo.eleve’s class has a calendar in the demo data (its name is the class’s)');
  return { student, calendar };
}

test('actualités: a teacher’s news goes through the head’s validation, reaches a student’s portal; the student comments, the head hides it', async (t) => {
  const { student, calendar } = await classCalendarOfStudent(t);
  const title = `Sortie au planétarium ${uniqueSuffix()}`;
  const remark = `Super, j’ai hâte ! ${uniqueSuffix()}`;
  t.defer(async () => {
    // Removed whatever happens, by a publisher, so that a next run on the same server starts clean.
    const cleanup = await t.newContext();
    const session = await apiLogin(cleanup, DEMO.adml);
    for (const box of ['published', 'pending']) {
      const list = (await (await cleanup.request.get(`/api/v1/news?box=${box}&limit=50`)).json()) as { items: NewsItem[] };
      for (const item of list.items.filter((i) => i.title === title)) await cleanup.request.delete(`/api/v1/news/${item.id}`, { headers: { 'x-csrf-token': session.csrfToken } });
    }
    await cleanup.close();
  });

  t.step('the teacher writes the item for his class, comments open, and sends it for validation');
  const teacherContext = await t.newContext();
  const teacher = await apiLogin(teacherContext, DEMO.enseignant);
  await teacherContext.close();
  const page = await t.newPage();
  await loginViaUi(page, DEMO.enseignant, DEMO_PASSWORD, teacher.me.firstName);
  await page.goto('/actualites/nouvelle');
  await page.getByRole('textbox', { name: 'Titre' }).fill(title);
  await page.getByRole('combobox', { name: 'Pour' }).selectOption({ label: `Classe ${calendar.ownerName}` });
  await page.getByRole('textbox', { name: 'Texte' }).fill('Départ vendredi à 9 h. Autorisation parentale à rendre avant mercredi.');
  await page.getByRole('checkbox', { name: /^Ouvrir les commentaires/ }).check();
  await checkA11y(t, page, 'actualités: editor with comments (teacher)');
  await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
  await expectPath(page, /^\/actualites\/[0-9a-f-]{36}$/);
  const itemPath = new URL(page.url()).pathname;
  await page.getByRole('button', { name: 'Envoyer pour validation' }).click();
  await expectVisible(page.getByText('En attente de validation'), 'the submitted state');
  assert((await page.getByRole('button', { name: 'Publier' }).count()) === 0, 'a contributor does not publish himself');
  await checkA11y(t, page, 'actualités: submitted (teacher)');

  t.step('the head finds it in « À valider » and publishes it');
  const headContext = await t.newContext();
  const head = await apiLogin(headContext, DEMO.adml);
  await headContext.close();
  const headPage = await t.newPage();
  await loginViaUi(headPage, DEMO.adml, DEMO_PASSWORD, head.me.firstName);
  await headPage.goto('/actualites?box=pending');
  await headPage.getByRole('link', { name: title }).click();
  await expectPath(headPage, itemPath);
  await checkA11y(t, headPage, 'actualités: to validate (head)');
  await headPage.getByRole('button', { name: 'Publier' }).click();
  await expectVisible(headPage.getByRole('button', { name: 'Retirer la publication' }), 'published: the unpublish button');

  t.step('the student reads it from his portal on a phone and comments');
  const phone = await t.newPage(PHONE);
  await loginViaUi(phone, DEMO.eleve, DEMO_PASSWORD, student.me.firstName);
  const widget = phone.getByRole('region', { name: 'Actualités' });
  await widget.getByRole('link', { name: title }).click();
  await expectPath(phone, itemPath);
  await expectVisible(phone.getByText('Pas encore de commentaire. Écrivez le premier ci-dessous.'), 'the empty comments, saying what to do');
  await phone.getByRole('textbox', { name: 'Votre commentaire' }).fill(remark);
  await phone.getByRole('button', { name: 'Publier le commentaire' }).click();
  await expectVisible(phone.getByText(remark), 'the comment under the item');
  await checkA11y(t, phone, 'actualités: item with a comment (student, phone)');
  await noSidewaysScroll(phone, 'news item with comments');

  t.step('the head hides the comment: marked for him, gone for the student');
  await headPage.reload();
  await headPage.getByRole('button', { name: 'Masquer' }).click();
  await expectVisible(headPage.getByText('Masqué', { exact: true }), 'the hidden mark');
  await checkA11y(t, headPage, 'actualités: moderated comment (head)');
  await phone.reload();
  await expectVisible(phone.getByText('Pas encore de commentaire. Écrivez le premier ci-dessous.'), 'the comment is gone for the student');
});

test('agenda: a teacher adds a monthly class event; the student sees it with the school calendar and subscribes to the class agenda', async (t) => {
  const { student, calendar } = await classCalendarOfStudent(t);
  const title = `Réunion du foyer ${uniqueSuffix()}`;
  const teacherContext = await t.newContext();
  const teacher = await apiLogin(teacherContext, DEMO.enseignant);
  await teacherContext.close();
  t.defer(async () => {
    const cleanup = await t.newContext();
    const session = await apiLogin(cleanup, DEMO.enseignant);
    const day = new Date(inTerm().getTime());
    const from = new Date(day.getTime() - 40 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(day.getTime() + 40 * 86_400_000).toISOString().slice(0, 10);
    const list = (await (await cleanup.request.get(`/api/v1/agenda/occurrences?from=${from}&to=${to}`)).json()) as OccurrenceList;
    for (const id of new Set(list.items.filter((i) => i.title === title).map((i) => i.eventId))) {
      await cleanup.request.delete(`/api/v1/agenda/events/${id}`, { headers: { 'x-csrf-token': session.csrfToken } });
    }
    await cleanup.close();
  });

  t.step('the teacher adds it to the class agenda, every month on the same rank of weekday');
  const page = await t.newPage();
  await loginViaUi(page, DEMO.enseignant, DEMO_PASSWORD, teacher.me.firstName);
  await page.goto('/agenda');
  await page.getByRole('button', { name: 'Ajouter un événement' }).click();
  const dialog = page.getByRole('dialog', { name: 'Ajouter un événement' });
  await dialog.getByRole('combobox', { name: 'Agenda' }).selectOption({ label: `${calendar.title} (${calendar.ownerName})` });
  await dialog.getByRole('textbox', { name: 'Titre' }).fill(title);
  const repeat = dialog.getByRole('combobox', { name: 'Répéter' });
  await repeat.selectOption('MONTHLY_WEEKDAY');
  // The clock is the 3rd Tuesday of November: the option says so.
  assert((await repeat.locator('option:checked').textContent()) === 'Tous les mois, le 3e mardi', 'the monthly option names the weekday and its rank');
  await checkA11y(t, page, 'agenda: monthly event dialog (teacher)');
  await dialog.getByRole('button', { name: 'Enregistrer' }).click();
  await expectVisible(page.getByText(title), 'the event in the week view');

  t.step('the student sees it and the school calendar, on a phone, and subscribes to the class agenda');
  const phone = await t.newPage(PHONE);
  await loginViaUi(phone, DEMO.eleve, DEMO_PASSWORD, student.me.firstName);
  await phone.goto('/agenda');
  await expectVisible(phone.getByText(title), 'the class event in the student’s week');
  await phone.getByRole('button', { name: 'Jour', exact: true }).click();
  await expectVisible(phone.getByText(title), 'the class event in the day view (today is its day)');
  await checkA11y(t, phone, 'agenda: day view (student, phone)');
  await noSidewaysScroll(phone, 'agenda day view');
  await phone.getByRole('button', { name: 'Mois' }).click();
  await expectVisible(phone.getByRole('heading', { name: 'Calendrier scolaire' }), 'the school calendar of the month');
  await expectVisible(phone.getByText(/^Armistice 1918 :/), 'a public holiday of the month');
  await checkA11y(t, phone, 'agenda: month with the school calendar (student, phone)');
  await noSidewaysScroll(phone, 'agenda month with the school calendar');
  await phone.getByRole('button', { name: 'Suivant' }).click();
  await expectVisible(phone.getByText(title).first(), 'the next month’s occurrence');
  await expectVisible(phone.getByText(/^Vacances de Noël :/), 'the Christmas holidays in December');

  await phone.getByRole('button', { name: `S’abonner à « ${calendar.title} »` }).click();
  const feedDialog = phone.getByRole('dialog', { name: `S’abonner à « ${calendar.title} »` });
  await feedDialog.getByRole('button', { name: /Créer (une|une nouvelle) adresse/ }).click();
  const address = feedDialog.getByRole('textbox', { name: 'Adresse de l’abonnement' });
  await expectVisible(address, 'the subscription address, shown once');
  await checkA11y(t, phone, 'agenda: class agenda subscription (student, phone)');
  // A calendar app fetches it without any cookie, with the teacher's event repeated by its rule.
  const anonymous = await t.newContext();
  const feed = await anonymous.request.get(new URL(await address.inputValue()).pathname);
  const ics = await feed.text();
  await anonymous.close();
  assert(feed.status() === 200 && ics.includes(title), `the feed holds the class event (${feed.status()})`);
  assert(/RRULE:FREQ=MONTHLY;BYDAY=3TU/.test(ics), 'the event repeats on the 3rd Tuesday in the feed');
}, { clock: inTerm() });
