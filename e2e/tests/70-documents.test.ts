import type { OrientationProject, WorkspacePage } from '@preau/contracts';
import { DEMO, DEMO_PASSWORD, apiLogin, horizontalOverflow, loginViaUi } from '../lib/app.ts';
import { checkA11y } from '../lib/axe.ts';
import { assert, eventually, expectPath, expectVisible } from '../lib/expect.ts';
import { test } from '../lib/harness.ts';

/**
 * Espace documentaire (issue 16): a teacher creates a folder, uploads two
 * files at once (an image and a PDF), shares the folder with demo.eleve's
 * class; the student finds it in "Partagés avec moi" on his phone and opens
 * the image in the page. Axe at desktop and phone sizes.
 */

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
// A 1×1 PNG: what the preview shows.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

test('documents: a teacher shares a folder with a class, a student opens a file of it', async (t) => {
  const folderName = `Sortie au musée ${Date.now().toString(36)}`;
  const setup = await t.newContext();
  const studentSession = await apiLogin(setup, DEMO.eleve);
  const student = studentSession.me;
  const project = (await (await setup.request.get(`/api/v1/orientation/students/${student.id}/project`)).json()) as OrientationProject;
  await setup.close();
  const className = project.student.className;
  assert(className, 'demo.eleve has a class');

  const teacherContext = await t.newContext();
  const teacher = (await apiLogin(teacherContext, DEMO.enseignant)).me;
  await teacherContext.close();
  // Whatever happens, the folder goes for good, so a rerun on the same server starts clean.
  t.defer(async () => {
    const cleanup = await t.newContext();
    const session = await apiLogin(cleanup, DEMO.enseignant);
    const headers = { 'x-csrf-token': session.csrfToken };
    const page = (await (await cleanup.request.get('/api/v1/workspace/items')).json()) as WorkspacePage;
    for (const item of page.items.filter((i) => i.name === folderName)) {
      await cleanup.request.post(`/api/v1/workspace/items/${item.id}/trash`, { headers, data: {} });
      await cleanup.request.delete(`/api/v1/workspace/items/${item.id}`, { headers });
    }
    await cleanup.close();
  });

  const page = await t.newPage();
  await loginViaUi(page, DEMO.enseignant, DEMO_PASSWORD, teacher.firstName);
  t.step('open Mes documents from its tile');
  await page.getByRole('region', { name: 'Mes applications' }).getByRole('link', { name: /^Mes documents/ }).click();
  await expectPath(page, '/documents');
  await expectVisible(page.getByRole('heading', { level: 1, name: 'Mes documents' }), 'the documents heading');
  await expectVisible(page.getByText(/utilisés sur/), 'the quota bar');
  await expectVisible(page.getByRole('heading', { level: 2, name: 'Dossiers de classe' }), 'the teacher’s class folders');
  await checkA11y(t, page, 'documents: mine');

  t.step('create a folder and open it');
  await page.getByRole('button', { name: 'Nouveau dossier' }).click();
  await page.getByRole('textbox', { name: 'Nom du dossier' }).fill(folderName);
  await checkA11y(t, page, 'documents: new folder dialog');
  await page.getByRole('dialog').getByRole('button', { name: 'Créer', exact: true }).click();
  await page.getByRole('link', { name: folderName }).click();
  await expectVisible(page.getByRole('heading', { level: 1, name: folderName }), 'the folder heading');
  await expectVisible(page.getByText('Ce dossier est vide'), 'the empty folder says what to do');

  t.step('upload two files at once');
  await page.getByLabel('Déposer des fichiers').setInputFiles([
    { name: 'tableau.png', mimeType: 'image/png', buffer: PNG },
    { name: 'programme.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') },
  ]);
  const list = page.getByRole('list', { name: folderName });
  await expectVisible(list.getByText('tableau.png'), 'the image in the folder');
  await expectVisible(list.getByText('programme.pdf'), 'the PDF in the folder');
  await expectVisible(page.getByRole('list', { name: 'Fichiers en cours d’envoi' }).locator('progress').first(), 'a progress bar per file');
  await checkA11y(t, page, 'documents: folder with files');
  // The image's thumbnail in the list, made once the upload was stored.
  const thumbnail = list.locator('img.documents-list__thumbnail');
  await eventually('the thumbnail to load', () => thumbnail.first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), (loaded) => loaded);

  t.step('open the PDF in the page');
  await list.getByRole('button', { name: 'Actions sur programme.pdf' }).click();
  await page.getByRole('button', { name: 'Ouvrir' }).click();
  await expectVisible(page.locator('iframe[title="programme.pdf"]'), 'the PDF in the page');
  await page.getByRole('button', { name: 'Retour' }).click();
  await page.keyboard.press('Escape');

  t.step('share the folder with the class');
  await page.getByRole('link', { name: 'Mes documents' }).first().click();
  await page.getByRole('button', { name: `Actions sur ${folderName}` }).click();
  await page.getByRole('button', { name: 'Partager' }).click();
  await page.getByRole('textbox', { name: 'Avec qui ?' }).fill(className);
  const shareButton = page.getByRole('button', { name: new RegExp(`^Partager avec ${className} \\(`) });
  await expectVisible(shareButton, 'the class in the annuaire results');
  await checkA11y(t, page, 'documents: share dialog');
  await shareButton.click();
  await expectVisible(page.getByText(`Partagé avec ${className}`, { exact: false }).first(), 'the share is confirmed');
  await expectVisible(page.getByRole('button', { name: new RegExp(`^Retirer le partage avec ${className}`) }), 'the class in the list of shares');
  await page.keyboard.press('Escape');

  t.step('the student opens the image on his phone');
  const phone = await t.newPage(PHONE);
  await loginViaUi(phone, DEMO.eleve, DEMO_PASSWORD, student.firstName);
  await phone.goto('/documents?vue=partages');
  await expectVisible(phone.getByRole('heading', { level: 1, name: 'Partagés avec moi' }), 'shared with me');
  await phone.getByRole('link', { name: folderName }).click();
  await expectVisible(phone.getByRole('heading', { level: 1, name: folderName }), 'the shared folder');
  await checkA11y(t, phone, 'documents: shared folder (phone)');
  const overflow = await horizontalOverflow(phone);
  assert(overflow.scrollWidth <= overflow.innerWidth + 1, `no horizontal scroll on a phone (${overflow.widest})`);
  // Read only: no upload zone for him.
  assert((await phone.getByLabel('Déposer des fichiers').count()) === 0, 'a reader cannot upload into the folder');
  await phone.getByRole('button', { name: 'Actions sur tableau.png' }).click();
  await phone.getByRole('button', { name: 'Ouvrir' }).click();
  const image = phone.getByRole('img', { name: 'tableau.png' });
  await expectVisible(image, 'the image in the page');
  await eventually('the image to load', () => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth === 1), (loaded) => loaded);
  await checkA11y(t, phone, 'documents: image preview (phone)');
  await phone.keyboard.press('Escape');

  t.step('the student copies the shared folder into his own documents');
  await phone.goto('/documents?vue=partages');
  await phone.getByRole('button', { name: `Actions sur ${folderName}` }).click();
  await phone.getByRole('button', { name: 'Copier dans Mes documents' }).click();
  await phone.goto('/documents');
  await expectVisible(phone.getByRole('link', { name: folderName }), 'the copy in his documents');
  await checkA11y(t, phone, 'documents: mine with the copy (phone)');
});
