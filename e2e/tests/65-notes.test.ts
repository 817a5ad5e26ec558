import type { StudentResults, TeachingList } from '@preau/contracts';
import { DEMO, DEMO_PASSWORD, apiLogin, horizontalOverflow, loginViaUi, uniqueSuffix } from '../lib/app.ts';
import { checkA11y } from '../lib/axe.ts';
import { inTerm } from '../lib/clock.ts';
import { assert, expectPath, expectText, expectVisible } from '../lib/expect.ts';
import { test } from '../lib/harness.ts';

/**
 * Grades (issue 15): demo.enseignant creates an evaluation of demo.eleve's
 * class in the period in progress, types a column of marks with the keyboard
 * (a number, then "abs"), watches the class average, publishes; demo.parent
 * sees the mark on a phone among the demo's published marks. Axe at desktop
 * and phone sizes; nothing scrolls sideways on the phone. Marks are typed
 * while a period is open for entry: the journey runs in term (`inTerm`),
 * whatever the real date (no period is open in summer).
 */

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

test('notes: the teacher enters marks with the keyboard and publishes; the parent sees them on a phone', async (t) => {
  const setup = await t.newContext();
  const student = await apiLogin(setup, DEMO.eleve);
  const results = (await (await setup.request.get(`/api/v1/evaluations/students/${student.me.id}/results`)).json()) as StudentResults;
  await setup.close();
  const className = results.student.className;
  assert(className, 'demo.eleve has a class');
  assert(results.period?.isEntryOpen, 'the demo period in progress is open for entry');

  const teacherContext = await t.newContext();
  const teacher = await apiLogin(teacherContext, DEMO.enseignant);
  const teachings = (await (await teacherContext.request.get('/api/v1/evaluations/teachings')).json()) as TeachingList;
  await teacherContext.close();
  const teaching = teachings.items.find((i) => i.target.name === className);
  assert(teaching, `demo.enseignant teaches ${className}`);

  t.step('the teacher opens Notes and his class');
  const page = await t.newPage();
  await loginViaUi(page, DEMO.enseignant, DEMO_PASSWORD, teacher.me.firstName);
  await page.getByRole('region', { name: 'Mes applications' }).getByRole('link', { name: /^Notes/ }).click();
  await expectPath(page, '/notes');
  await checkA11y(t, page, 'notes: teacher’s classes');
  await page.getByRole('link', { name: `${className} · ${teaching.subjectName}` }).click();
  await expectPath(page, /^\/notes\/classe\/[0-9a-f-]{36}\//);

  t.step('create an evaluation');
  const title = `Contrôle e2e ${uniqueSuffix()}`;
  await page.getByRole('textbox', { name: 'Intitulé' }).fill(title);
  await page.getByRole('textbox', { name: 'Coefficient' }).fill('2');
  await checkA11y(t, page, 'notes: gradebook');
  await page.getByRole('button', { name: 'Créer l’évaluation' }).click();
  const link = page.getByRole('link', { name: new RegExp(`^${title}`) });
  await expectVisible(link, 'the new evaluation in the list');
  await link.click();
  await expectPath(page, /^\/notes\/evaluations\/[0-9a-f-]{36}$/);

  t.step('type marks with the keyboard');
  const own = page.getByRole('textbox', { name: `${student.me.lastName} ${student.me.firstName}` });
  await expectVisible(own, 'demo.eleve’s box in the grid');
  const boxes = page.locator('input.notes-grid__input');
  const count = await boxes.count();
  assert(count >= 3, 'a class of at least three students');
  const ownIndex = await own.evaluate((el) => [...document.querySelectorAll('input.notes-grid__input')].indexOf(el));
  const neighbour = ownIndex + 1 < count ? ownIndex + 1 : ownIndex - 1;
  await own.focus();
  await page.keyboard.type('15,5');
  // Enter saves and goes to the next student (the arrow up to the previous one): an absence there.
  await page.keyboard.press(neighbour > ownIndex ? 'Enter' : 'ArrowUp');
  await page.keyboard.type('abs');
  await page.keyboard.press('Tab');
  // A mark above the total is refused in words, and not saved.
  const third = [...Array(count).keys()].find((i) => i !== ownIndex && i !== neighbour)!;
  await boxes.nth(third).fill('25');
  await boxes.nth(third).press('Enter');
  await expectVisible(page.getByText('« 25 » n’est pas une note', { exact: false }), 'the refusal of a mark above 20');
  await expectVisible(page.getByText('Moyenne 15,5 · plus basse 15,5 · plus haute 15,5 · 1 notes'), 'the class figures, the absence left out');
  await checkA11y(t, page, 'notes: grid (desktop)');

  t.step('publish');
  await page.getByRole('button', { name: 'Publier aux élèves et aux parents' }).click();
  await expectVisible(page.getByText('Publiée : les élèves et les parents la voient.'), 'the published notice');

  t.step('the parent sees the mark on a phone');
  const parentContext = await t.newContext();
  const parent = await apiLogin(parentContext, DEMO.parent);
  await parentContext.close();
  const phone = await t.newPage(PHONE);
  await loginViaUi(phone, DEMO.parent, DEMO_PASSWORD, parent.me.firstName);
  await phone.goto(`/notes?eleve=${student.me.id}`);
  await expectVisible(phone.getByRole('heading', { level: 1, name: 'Notes' }), 'the Notes heading');
  const item = phone.getByRole('listitem').filter({ hasText: title });
  await expectText(item, /15,5 \/ 20/);
  await expectVisible(phone.getByText(/Absent, dispensé et non noté ne comptent pas/), 'what special marks do to the average');
  await checkA11y(t, phone, 'notes: marks (parent, phone)');
  const overflow = await horizontalOverflow(phone);
  assert(overflow.scrollWidth <= overflow.innerWidth + 1, `no horizontal scroll on a phone (${overflow.widest})`);

  t.step('the first trimestre shows the demo’s marks');
  const first = results.periods[0];
  assert(first, 'the demo has periods');
  await phone.goto(`/notes?eleve=${student.me.id}&periode=${first.id}`);
  await expectVisible(phone.getByText('Devoir surveillé n° 1', { exact: false }).first(), 'a demo evaluation');
  await expectVisible(phone.getByText(/^Moyenne générale/), 'the general average');
  await checkA11y(t, phone, 'notes: first trimestre (parent, phone)');
}, { clock: inTerm() });
