import type { CalendarList, NewsItem, OccurrenceList } from '@preau/contracts';
import { DEMO, DEMO_PASSWORD, apiLogin, horizontalOverflow, loginViaUi, uniqueSuffix } from '../lib/app.ts';
import { checkA11y } from '../lib/axe.ts';
import { assert, expectPath, expectVisible } from '../lib/expect.ts';
import { test } from '../lib/harness.ts';

/**
 * Actualités and agenda (issue 16), on the demo data: the head of the lycée
 * (demo.adml, a publisher) writes a news item for demo.eleve's class and
 * publishes it; the student finds it on his portal on a phone. The student
 * adds an event to his agenda and sees it in the week view. Axe at desktop
 * and phone sizes.
 */

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

async function noSidewaysScroll(page: Parameters<typeof horizontalOverflow>[0], what: string) {
  const overflow = await horizontalOverflow(page);
  assert(overflow.scrollWidth <= overflow.innerWidth + 1, `no horizontal scroll on a phone: ${what} (${overflow.widest})`);
}

test('actualités: a publisher publishes a news item to a class; a student of the class reads it on the portal on a phone', async (t) => {
  const setup = await t.newContext();
  const student = await apiLogin(setup, DEMO.eleve);
  const calendars = (await (await setup.request.get('/api/v1/agenda/calendars')).json()) as CalendarList;
  const className = calendars.items.find((c) => c.kind === 'CLASS')?.ownerName;
  assert(className, 'demo.eleve’s class has a calendar in the demo data (its name is the class’s)');
  await setup.close();
  const title = `Sortie au musée des Beaux-Arts ${uniqueSuffix()}`;

  const headContext = await t.newContext();
  const head = await apiLogin(headContext, DEMO.adml);
  await headContext.close();
  t.defer(async () => {
    // The item is removed whatever happens, so that a next run on the same server starts clean.
    const cleanup = await t.newContext();
    const session = await apiLogin(cleanup, DEMO.adml);
    const list = (await (await cleanup.request.get('/api/v1/news?box=mine&limit=50')).json()) as { items: NewsItem[] };
    for (const item of list.items.filter((i) => i.title === title)) {
      await cleanup.request.delete(`/api/v1/news/${item.id}`, { headers: { 'x-csrf-token': session.csrfToken } });
    }
    await cleanup.close();
  });
  const page = await t.newPage();
  await loginViaUi(page, DEMO.adml, DEMO_PASSWORD, head.me.firstName);

  t.step('the head writes the item for the class');
  await page.goto('/actualites');
  await expectVisible(page.getByRole('heading', { level: 1, name: 'Actualités' }), 'the actualités heading');
  await checkA11y(t, page, 'actualités: list (publisher)');
  await page.getByRole('link', { name: 'Écrire une actualité' }).click();
  await expectPath(page, '/actualites/nouvelle');
  await page.getByRole('textbox', { name: 'Titre' }).fill(title);
  await page.getByRole('combobox', { name: 'Pour' }).selectOption({ label: `Classe ${className}` });
  await page.getByRole('textbox', { name: 'Texte' }).fill('Rendez-vous jeudi à 8 h devant le lycée. Prévoir un pique-nique.');
  await checkA11y(t, page, 'actualités: editor');
  await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
  await expectPath(page, /^\/actualites\/[0-9a-f-]{36}$/);
  await expectVisible(page.getByText('Brouillon'), 'the draft state');
  await checkA11y(t, page, 'actualités: draft');

  t.step('and publishes it');
  await page.getByRole('button', { name: 'Publier' }).click();
  await expectVisible(page.getByRole('button', { name: 'Retirer la publication' }), 'published: the unpublish button');
  await checkA11y(t, page, 'actualités: published');

  t.step('the student finds it on his portal, on a phone');
  const phone = await t.newPage(PHONE);
  await loginViaUi(phone, DEMO.eleve, DEMO_PASSWORD, student.me.firstName);
  const widget = phone.getByRole('region', { name: 'Actualités' });
  await expectVisible(widget.getByRole('link', { name: title }), 'the news item in the portal widget');
  await expectVisible(phone.getByRole('link', { name: new RegExp(`a publié « ${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} »`) }), 'the timeline notification');
  await checkA11y(t, phone, 'portal with the news widget (phone)');
  await noSidewaysScroll(phone, 'portal');
  await widget.getByRole('link', { name: title }).click();
  await expectPath(phone, /^\/actualites\/[0-9a-f-]{36}$/);
  await expectVisible(phone.getByText('Prévoir un pique-nique.'), 'the text of the item');
  await checkA11y(t, phone, 'actualités: item (student, phone)');
  await noSidewaysScroll(phone, 'news item');
});

test('agenda: a student adds an event and sees it in the week view, at desktop and phone sizes', async (t) => {
  const title = `Révisions bac blanc ${uniqueSuffix()}`;
  const studentContext = await t.newContext();
  const student = await apiLogin(studentContext, DEMO.eleve);
  await studentContext.close();
  t.defer(async () => {
    const cleanup = await t.newContext();
    const session = await apiLogin(cleanup, DEMO.eleve);
    const day = Date.now();
    const from = new Date(day - 86_400_000).toISOString().slice(0, 10);
    const to = new Date(day + 86_400_000).toISOString().slice(0, 10);
    const list = (await (await cleanup.request.get(`/api/v1/agenda/occurrences?from=${from}&to=${to}`)).json()) as OccurrenceList;
    for (const o of list.items.filter((i) => i.title === title)) {
      await cleanup.request.delete(`/api/v1/agenda/events/${o.eventId}`, { headers: { 'x-csrf-token': session.csrfToken } });
    }
    await cleanup.close();
  });
  const page = await t.newPage();
  await loginViaUi(page, DEMO.eleve, DEMO_PASSWORD, student.me.firstName);
  await page.goto('/agenda');
  await expectVisible(page.getByRole('heading', { level: 1, name: 'Agenda' }), 'the agenda heading');
  await expectVisible(page.getByText('Club théâtre').first(), 'the class’s weekly club from the demo data');
  await checkA11y(t, page, 'agenda: week');

  t.step('add an event to my agenda');
  await page.getByRole('button', { name: 'Ajouter un événement' }).click();
  const dialog = page.getByRole('dialog', { name: 'Ajouter un événement' });
  await dialog.getByRole('textbox', { name: 'Titre' }).fill(title);
  await dialog.getByRole('textbox', { name: 'Lieu' }).fill('CDI');
  await checkA11y(t, page, 'agenda: new event dialog');
  await dialog.getByRole('button', { name: 'Enregistrer' }).click();
  await expectVisible(page.getByText(title), 'the event in the week view');
  await checkA11y(t, page, 'agenda: week with the new event');

  t.step('month view');
  await page.getByRole('button', { name: 'Mois' }).click();
  await expectVisible(page.getByText(title), 'the event in the month view');
  await checkA11y(t, page, 'agenda: month');

  t.step('subscribe to a calendar by its secret address, then revoke it');
  await page.getByRole('button', { name: /^S’abonner à/ }).first().click();
  const feedDialog = page.getByRole('dialog', { name: /^S’abonner à/ });
  await feedDialog.getByRole('button', { name: /Créer (une|une nouvelle) adresse/ }).click();
  const address = feedDialog.getByRole('textbox', { name: 'Adresse de l’abonnement' });
  await expectVisible(address, 'the subscription address, shown once');
  const feedUrl = await address.inputValue();
  await checkA11y(t, page, 'agenda: subscription dialog');
  // A calendar app fetches it without any cookie.
  const anonymous = await t.newContext();
  const fetched = await anonymous.request.get(new URL(feedUrl).pathname);
  if (fetched.status() !== 200 || !(await fetched.text()).includes('BEGIN:VCALENDAR')) throw new Error(`the feed answered ${fetched.status()}`);
  await feedDialog.getByRole('button', { name: 'Révoquer l’adresse' }).click();
  await checkA11y(t, page, 'agenda: revoke confirmation');
  await feedDialog.getByRole('button', { name: 'Révoquer l’adresse' }).click();
  await expectVisible(feedDialog.getByText('Adresse révoquée : elle ne fonctionne plus.'), 'the revoke notice');
  if ((await anonymous.request.get(new URL(feedUrl).pathname)).status() !== 404) throw new Error('the revoked feed still answers');
  await anonymous.close();
  await feedDialog.getByRole('button', { name: 'Fermer' }).click();

  t.step('on a phone');
  const phone = await t.newPage(PHONE);
  await loginViaUi(phone, DEMO.eleve, DEMO_PASSWORD, student.me.firstName);
  await phone.goto('/agenda');
  await expectVisible(phone.getByText(title), 'the event in the week view (phone)');
  await checkA11y(t, phone, 'agenda: week (phone)');
  await noSidewaysScroll(phone, 'agenda week');
  await phone.getByRole('button', { name: 'Mois' }).click();
  await expectVisible(phone.getByText(title), 'the event in the month view (phone)');
  await noSidewaysScroll(phone, 'agenda month');
  await phone.getByRole('button', { name: /^S’abonner à/ }).first().click();
  await expectVisible(phone.getByRole('dialog', { name: /^S’abonner à/ }), 'the subscription dialog (phone)');
  await checkA11y(t, phone, 'agenda: subscription dialog (phone)');
  await noSidewaysScroll(phone, 'agenda subscription dialog');
});
