import { DEMO, DEMO_PASSWORD, adminStructure, apiLogin, horizontalOverflow, loginViaUi, uniqueSuffix } from '../lib/app.ts';
import { checkA11y } from '../lib/axe.ts';
import { assert, assertEqual, expectVisible } from '../lib/expect.ts';
import { test } from '../lib/harness.ts';

/**
 * Support (issue 18): a teacher reports that the projector of room B102 no
 * longer turns on, picking it from the school's register; the school's ADML
 * takes the report, answers and resolves it; the teacher sees each step on the
 * report and in his notifications. Axe at desktop and phone sizes.
 */

const PHONE = { viewport: { width: 390, height: 800 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

test('support: a teacher reports a broken projector in B102, the ADML takes it, answers and resolves it', async (t) => {
  const suffix = uniqueSuffix();
  const projector = `Vidéoprojecteur B102 ${suffix}`;
  const title = `Le vidéoprojecteur ne s’allume plus ${suffix}`;

  // The projector is in the lycée's register (entered by its ADML, as in 80-inventory).
  const context = await t.newContext();
  const admin = await apiLogin(context, DEMO.adml);
  const structure = await adminStructure(admin);
  const created = await admin.request.post(`/api/v1/inventory/structures/${structure.id}/equipment`, {
    data: { kind: 'PROJECTOR', name: projector, room: 'B102' },
    headers: { 'x-csrf-token': admin.csrfToken },
  });
  assertEqual(created.status(), 201, 'the projector entered');
  await context.close();

  t.step('the teacher opens “Signaler une panne” from its tile and reports the fault');
  const teacherContext = await t.newContext();
  const teacherSession = await apiLogin(teacherContext, DEMO.enseignant);
  await teacherContext.close();
  const teacher = await t.newPage();
  await loginViaUi(teacher, DEMO.enseignant, DEMO_PASSWORD, teacherSession.me.firstName);
  await teacher.getByRole('link', { name: /^Signaler une panne/ }).first().click();
  await expectVisible(teacher.getByRole('heading', { level: 1, name: 'Pannes et assistance' }), 'the support page');
  await expectVisible(teacher.getByText('Vous n’avez signalé aucune panne'), 'the empty state of my reports');
  await checkA11y(t, teacher, 'support page (teacher, empty)');

  const form = teacher.locator('form').filter({ has: teacher.getByRole('button', { name: 'Envoyer le signalement' }) });
  await form.getByRole('button', { name: 'Envoyer le signalement' }).click();
  await expectVisible(form.locator('.field__error').first(), 'the missing fields are said');
  await form.getByLabel('Qu’est-ce qui ne marche pas ?').fill(title);
  await form.getByLabel('Salle', { exact: true }).fill('B102');
  await form.getByLabel('Matériel concerné').selectOption({ label: `${projector} (B102)` });
  await form.getByLabel('Urgence').selectOption({ label: 'Urgent (cours empêché)' });
  await form.getByLabel('Décrivez la panne').fill('Voyant rouge qui clignote, rien ne s’affiche.');
  await form.getByRole('button', { name: 'Envoyer le signalement' }).click();
  await expectVisible(teacher.getByText('Votre signalement est envoyé.'), 'the confirmation');
  const mine = teacher.getByRole('region', { name: 'Mes signalements' }).or(teacher.locator('.card').filter({ has: teacher.getByRole('heading', { name: 'Mes signalements' }) }));
  await expectVisible(mine.getByRole('link', { name: title }), 'the report in my reports');
  await checkA11y(t, teacher, 'support page (teacher, report sent)');

  t.step('the ADML finds it among the reports to handle, takes it, answers and resolves it');
  const adml = await t.newPage();
  await loginViaUi(adml, DEMO.adml, DEMO_PASSWORD, admin.me.firstName);
  await adml.goto('/support');
  await adml.getByRole('link', { name: title }).click();
  await expectVisible(adml.getByRole('heading', { level: 1, name: title }), 'the report page');
  await expectVisible(adml.getByText(projector), 'the projector named on the report');
  await checkA11y(t, adml, 'ticket page (ADML, new)');
  await adml.getByRole('button', { name: 'Prendre en charge' }).click();
  await expectVisible(adml.getByText('En cours', { exact: true }), 'the status in progress');
  await adml.getByLabel('Votre message').fill('Lampe à changer, je passe demain à 8 h.');
  await adml.getByRole('button', { name: 'Envoyer le message' }).click();
  await expectVisible(adml.getByText('Lampe à changer, je passe demain à 8 h.'), 'the answer');
  await adml.getByRole('button', { name: 'Marquer comme résolu' }).click();
  await expectVisible(adml.getByText('Résolu', { exact: true }), 'the status resolved');
  await adml.getByRole('button', { name: 'Clore le signalement' }).click();
  const dialog = adml.getByRole('alertdialog');
  await expectVisible(dialog.getByText('ne peut plus changer de statut'), 'the closing warning');
  await checkA11y(t, adml, 'ticket page (close confirmation)');
  await dialog.getByRole('button', { name: 'Annuler' }).click();
  assertEqual(await adml.getByRole('alertdialog').count(), 0, 'the dialog closed, the report not closed');

  t.step('the teacher sees each step: on the report and in his notifications');
  await teacher.goto('/');
  await expectVisible(teacher.getByText(new RegExp(`a passé votre signalement « ${title} » à : Résolu`)), 'the notification of the resolution');
  await expectVisible(teacher.getByText(new RegExp(`a répondu à votre signalement « ${title} »`)), 'the notification of the answer');
  await teacher.getByRole('link', { name: new RegExp(`a passé votre signalement « ${title} » à : Résolu`) }).click();
  await expectVisible(teacher.getByRole('heading', { level: 1, name: title }), 'the report from the notification');
  await expectVisible(teacher.getByText('Résolu', { exact: true }), 'resolved, for the teacher');
  await expectVisible(teacher.getByText('Lampe à changer, je passe demain à 8 h.'), 'the answer, for the teacher');
  assertEqual(await teacher.getByRole('button', { name: 'Clore le signalement' }).count(), 0, 'no status button for the teacher');
  await checkA11y(t, teacher, 'ticket page (teacher, resolved)');

  t.step('phone size');
  const phone = await t.newPage(PHONE);
  await loginViaUi(phone, DEMO.enseignant, DEMO_PASSWORD, teacherSession.me.firstName);
  await phone.goto('/support');
  await expectVisible(phone.getByRole('link', { name: title }), 'my report on a phone');
  await checkA11y(t, phone, 'support page (phone)');
  const overflow = await horizontalOverflow(phone);
  assert(overflow.scrollWidth <= overflow.innerWidth + 1, `no horizontal scroll on a phone (${overflow.widest})`);
  await phone.getByRole('link', { name: title }).click();
  await expectVisible(phone.getByRole('heading', { level: 1, name: title }), 'the report on a phone');
  await checkA11y(t, phone, 'ticket page (phone)');
  const overflowTicket = await horizontalOverflow(phone);
  assert(overflowTicket.scrollWidth <= overflowTicket.innerWidth + 1, `no horizontal scroll on the report page (${overflowTicket.widest})`);
});
