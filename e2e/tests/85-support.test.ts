import { DEMO, DEMO_PASSWORD, adminStructure, apiLogin, horizontalOverflow, loginViaUi, uniqueSuffix } from '../lib/app.ts';
import { checkA11y } from '../lib/axe.ts';
import { assert, assertEqual, eventually, expectVisible } from '../lib/expect.ts';
import { test } from '../lib/harness.ts';

/**
 * Support (issue 18): a teacher reports that the projector of room B102 no
 * longer turns on, picking it from the school's register; the region's
 * technician (demo.technicien, in the team covering the lycée) finds it in his
 * team's queue, takes it, schedules a visit and resolves it; the teacher sees
 * each step in his notifications and on the report, and closes it with his
 * opinion. Axe at desktop and phone sizes.
 */

const PHONE = { viewport: { width: 390, height: 800 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

/** Tomorrow at 08:00 in the browser's local time, as a datetime-local input takes it. */
function tomorrowAtEight(): string {
  const day = new Date(Date.now() + 24 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}T08:00`;
}

/** A 1×1 PNG: the photo the teacher takes of the fault. */
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('support: a teacher reports a broken projector in B102; the technician takes it, schedules a visit, resolves it; the teacher sees each step', async (t) => {
  const suffix = uniqueSuffix();
  const projector = `Vidéoprojecteur B102 ${suffix}`;
  const title = `Le vidéoprojecteur ne s’allume plus ${suffix}`;
  const quoted = escape(`« ${title} »`);

  // The projector is in the lycée's register (entered by its ADML, as in 80-inventory).
  const context = await t.newContext();
  const admin = await apiLogin(context, DEMO.adml);
  const structure = await adminStructure(admin);
  const created = await admin.request.post(`/api/v1/inventory/structures/${structure.id}/equipment`, {
    data: { kind: 'PROJECTOR', name: projector, room: 'B102' },
    headers: { 'x-csrf-token': admin.csrfToken },
  });
  assertEqual(created.status(), 201, 'the projector entered');
  const projectorId = ((await created.json()) as { id: string }).id;
  await context.close();
  const technicianContext = await t.newContext();
  const technicianSession = await apiLogin(technicianContext, DEMO.technicien);
  // The technician's knowledge base already answers this fault; the teacher will be offered it as he types.
  const answerTitle = `Vidéoprojecteur qui ne s’allume pas ${suffix}`;
  const answer = await technicianSession.request.post(`/api/v1/support/collectivites/${structure.collectiviteId}/answers`, {
    data: { title: answerTitle, body: 'Vérifiez que la multiprise est allumée, puis appuyez 3 secondes sur Power.' },
    headers: { 'x-csrf-token': technicianSession.csrfToken },
  });
  assertEqual(answer.status(), 201, 'the answer published');
  await technicianContext.close();

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
  await expectVisible(form.getByText('Ces réponses peuvent vous aider'), 'answers offered as he types');
  await form.getByText(answerTitle).click();
  await expectVisible(form.getByText('Vérifiez que la multiprise est allumée'), 'the answer unfolded');
  await form.getByLabel('Salle', { exact: true }).fill('B102');
  await form.getByLabel('Matériel concerné').selectOption({ label: `${projector} (B102)` });
  await form.getByLabel('Urgence').selectOption({ label: 'Urgent (cours empêché)' });
  await form.getByLabel('Qui est gêné ?').selectOption({ label: 'Une salle ou une classe' });
  await form.getByLabel('Décrivez la panne').fill('Voyant rouge qui clignote, rien ne s’affiche.');
  await form.getByLabel('Ajouter des photos').setInputFiles({ name: 'voyant.png', mimeType: 'image/png', buffer: PHOTO });
  await form.getByRole('button', { name: 'Envoyer le signalement' }).click();
  await expectVisible(teacher.getByText('Votre signalement est envoyé.'), 'the confirmation');
  const mine = teacher.locator('.card').filter({ has: teacher.getByRole('heading', { name: 'Mes signalements' }) });
  await expectVisible(mine.getByRole('link', { name: title }), 'the report in my reports');
  await checkA11y(t, teacher, 'support page (teacher, report sent)');

  t.step('the QR code of a label opens the form with its equipment and room already chosen');
  await teacher.goto(`/support?equipment=${projectorId}`);
  const scannedForm = teacher.locator('form').filter({ has: teacher.getByRole('button', { name: 'Envoyer le signalement' }) });
  const picker = scannedForm.getByLabel('Matériel concerné');
  await eventually('the scanned projector chosen', () => picker.inputValue(), (value) => value === projectorId);
  assertEqual(await scannedForm.getByLabel('Salle', { exact: true }).inputValue(), 'B102', 'the room of the scanned projector');

  t.step('the technician finds it in his team’s queue, takes it, schedules a visit, answers and resolves it');
  const tech = await t.newPage();
  await loginViaUi(tech, DEMO.technicien, DEMO_PASSWORD, technicianSession.me.firstName);
  await tech.goto('/support');
  const queue = tech.locator('.card').filter({ has: tech.getByRole('heading', { name: 'Signalements de mon équipe' }) });
  await expectVisible(queue.getByRole('link', { name: title }), 'the report in the team’s queue');
  await expectVisible(tech.getByText('Aucune intervention prévue'), 'the empty agenda says what to do');
  await expectVisible(tech.getByRole('heading', { name: 'Base de connaissances' }), 'his knowledge base');
  await expectVisible(tech.getByText(answerTitle), 'the answer he published');
  await tech.locator('summary', { hasText: answerTitle }).click();
  await tech.locator('details', { hasText: answerTitle }).getByRole('button', { name: 'Modifier cette réponse' }).click();
  await tech.getByLabel('Réponse', { exact: true }).fill('Vérifiez que la multiprise est allumée, puis appuyez 5 secondes sur Power.');
  await tech.getByRole('button', { name: 'Enregistrer la réponse' }).click();
  await expectVisible(tech.getByText('Réponse enregistrée.'), 'his answer rewritten');
  await checkA11y(t, tech, 'support page (technician)');
  await queue.getByRole('link', { name: title }).click();
  await expectVisible(tech.getByRole('heading', { level: 1, name: title }), 'the report page');
  await expectVisible(tech.getByText(projector), 'the projector named on the report');
  await expectVisible(tech.getByText('Priorité haute'), 'urgent × a room: high priority');
  const photo = tech.getByRole('img', { name: /^Photo ajoutée par / });
  await expectVisible(photo, 'the teacher’s photo on the report');
  await eventually('the photo’s thumbnail loaded', () => photo.evaluate((img: HTMLImageElement) => img.naturalWidth), (width) => width > 0);
  await checkA11y(t, tech, 'ticket page (technician, new)');
  await tech.getByRole('button', { name: 'Prendre en charge' }).click();
  await expectVisible(tech.getByText('Attribué', { exact: true }), 'the status attribué');

  const schedule = tech.getByRole('form', { name: 'Planifier une intervention' });
  await schedule.getByLabel('Date et heure de la visite').fill(tomorrowAtEight());
  await schedule.getByLabel('À préparer (facultatif)').fill('Lampe de rechange');
  await schedule.getByRole('button', { name: 'Planifier la visite' }).click();
  await expectVisible(tech.getByText('Planifié', { exact: true }), 'the status planifié');
  await expectVisible(tech.getByText('Lampe de rechange'), 'the visit on the report');
  await tech.getByLabel('Pièces remplacées (séparées par des virgules)').fill('Lampe ELPLP96');
  await tech.getByRole('button', { name: 'Noter les pièces' }).click();
  await expectVisible(tech.getByText('Pièces remplacées : Lampe ELPLP96'), 'the replaced lamp on the visit');

  await tech.getByLabel('Votre message').fill('Commande passée chez le fournisseur.');
  await tech.getByLabel(/^Note interne/).check();
  await tech.getByRole('button', { name: 'Envoyer le message' }).click();
  await expectVisible(tech.getByText('Commande passée chez le fournisseur.'), 'the internal note');
  // The form empties itself once the note is saved: write the answer only then, so it is not wiped.
  await tech.waitForFunction(() => document.querySelector<HTMLTextAreaElement>('textarea')?.value === '' && !document.querySelector<HTMLInputElement>('input[type=checkbox]:checked'));
  await tech.getByLabel('Votre message').fill('Lampe à changer, je passe demain à 8 h.');
  await tech.waitForFunction(() => document.querySelector<HTMLTextAreaElement>('textarea')?.value.startsWith('Lampe à changer'));
  await tech.getByRole('button', { name: 'Envoyer le message' }).click();
  await expectVisible(tech.getByText('Lampe à changer, je passe demain à 8 h.'), 'the answer');
  await checkA11y(t, tech, 'ticket page (technician, planned)');
  await tech.getByRole('button', { name: 'Marquer comme résolu' }).click();
  await expectVisible(tech.getByText('Résolu', { exact: true }), 'the status résolu');
  assertEqual(await tech.getByRole('button', { name: 'Clore le signalement' }).count(), 0, 'the technician does not close it: the teacher does');
  await tech.goto('/support');
  await expectVisible(tech.getByText('Lampe de rechange'), 'the visit on his agenda');

  t.step('the teacher sees each step: in his notifications and on the report; he closes it with his opinion');
  await teacher.goto('/');
  await expectVisible(teacher.getByText(new RegExp(`a passé le signalement ${quoted} à : Attribué`)), 'the notification of the taking');
  await expectVisible(teacher.getByText(new RegExp(`a prévu une intervention le .+ pour le signalement ${quoted}`)), 'the notification of the visit');
  await expectVisible(teacher.getByText(new RegExp(`a répondu à votre signalement ${quoted}`)), 'the notification of the answer');
  await expectVisible(teacher.getByText(new RegExp(`a passé le signalement ${quoted} à : Résolu`)), 'the notification of the resolution');
  await teacher.getByRole('link', { name: new RegExp(`a passé le signalement ${quoted} à : Résolu`) }).click();
  await expectVisible(teacher.getByRole('heading', { level: 1, name: title }), 'the report from the notification');
  await expectVisible(teacher.getByText('Résolu', { exact: true }), 'resolved, for the teacher');
  await expectVisible(teacher.getByText('Lampe à changer, je passe demain à 8 h.'), 'the answer, for the teacher');
  await expectVisible(teacher.getByText('Lampe de rechange'), 'the visit, for the teacher');
  await expectVisible(teacher.getByText('Pièces remplacées : Lampe ELPLP96'), 'the replaced lamp, for the teacher');
  assertEqual(await teacher.getByText('Commande passée chez le fournisseur.').count(), 0, 'the internal note is not shown to the teacher');
  await checkA11y(t, teacher, 'ticket page (teacher, resolved)');
  await teacher.getByRole('button', { name: 'Clore le signalement' }).click();
  const dialog = teacher.getByRole('alertdialog');
  await expectVisible(dialog.getByText('ne peut plus changer de statut'), 'the closing warning');
  await dialog.getByLabel('Êtes-vous satisfait de la réparation ?').selectOption({ label: 'Satisfait' });
  await dialog.getByLabel('Un mot pour l’équipe (facultatif)').fill('Merci, rapide !');
  await checkA11y(t, teacher, 'ticket page (close with opinion)');
  await dialog.getByRole('button', { name: 'Clore le signalement' }).click();
  await expectVisible(teacher.getByText('Clos', { exact: true }), 'the report closed');
  await expectVisible(teacher.getByText(/Avis donné : Satisfait/), 'his opinion on the report');

  t.step('phone size');
  const phone = await t.newPage(PHONE);
  await loginViaUi(phone, DEMO.technicien, DEMO_PASSWORD, technicianSession.me.firstName);
  await phone.goto('/support');
  await expectVisible(phone.getByRole('link', { name: title }).first(), 'the report on a phone');
  await checkA11y(t, phone, 'support page (technician, phone)');
  const overflow = await horizontalOverflow(phone);
  assert(overflow.scrollWidth <= overflow.innerWidth + 1, `no horizontal scroll on a phone (${overflow.widest})`);
  await phone.getByRole('link', { name: title }).first().click();
  await expectVisible(phone.getByRole('heading', { level: 1, name: title }), 'the report on a phone');
  await checkA11y(t, phone, 'ticket page (phone)');
  const overflowTicket = await horizontalOverflow(phone);
  assert(overflowTicket.scrollWidth <= overflowTicket.innerWidth + 1, `no horizontal scroll on the report page (${overflowTicket.widest})`);
});
