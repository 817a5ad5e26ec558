import type { MyChildren } from '@preau/contracts';
import { DEMO, apiLogin, horizontalOverflow } from '../lib/app.ts';
import { checkA11y } from '../lib/axe.ts';
import { assert, assertEqual, eventually, expectVisible } from '../lib/expect.ts';
import { test } from '../lib/harness.ts';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

test('notes of a parent of two children: the page follows the child chosen in the header, its own picker moves the header, a link naming a child chooses him (desktop and phone)', async (t) => {
  for (const size of ['1366 px', '390 px'] as const) {
    const context = await t.newContext(size === '390 px' ? PHONE : { viewport: { width: 1366, height: 900 } });
    const session = await apiLogin(context, DEMO.parent);
    const children = (await (await session.request.get('/api/v1/directory/children')).json()) as MyChildren;
    assertEqual(children.items.length, 2, 'demo.parent has two children');
    const [first, second] = children.items as [MyChildren['items'][number], MyChildren['items'][number]];
    const page = await context.newPage();
    await page.goto('/notes');
    const strip = page.getByRole('region', { name: 'Enfant suivi' });
    const picker = page.getByLabel('Élève', { exact: true });
    await expectVisible(picker, `the notes page's child picker (${size})`, 20_000);

    t.step(`${size}: the header's choice leads the page`);
    for (const child of [first, second, first]) {
      await strip.getByRole('button', { name: new RegExp(`^${child.firstName}`) }).click();
      await eventually(`the notes page on ${child.firstName}`, () => picker.inputValue(), (value) => value === child.id);
    }
    await checkA11y(t, page, `notes of a parent with two children (${size})`);

    t.step(`${size}: the page's picker moves the header`);
    await picker.selectOption(second.id);
    await eventually(
      `the header on ${second.firstName}`,
      () => strip.getByRole('button', { name: new RegExp(`^${second.firstName}`) }).getAttribute('aria-pressed'),
      (pressed) => pressed === 'true',
    );

    t.step(`${size}: a link naming a child chooses him, then the address forgets it`);
    await page.goto(`/notes?eleve=${first.id}`);
    await eventually(`the notes page on ${first.firstName}`, () => picker.inputValue(), (value) => value === first.id);
    assertEqual(await strip.getByRole('button', { name: new RegExp(`^${first.firstName}`) }).getAttribute('aria-pressed'), 'true', 'the header follows the link');
    await eventually('the address without the child', async () => new URL(page.url()).searchParams.get('eleve'), (value) => value === null);
    await page.goto('/emploi-du-temps');
    await expectVisible(strip.getByRole('button', { name: new RegExp(`^${first.firstName}`), pressed: true }), 'the next page on the same child');
    const overflow = await horizontalOverflow(page);
    assert(overflow.scrollWidth <= overflow.innerWidth, `no sideways scroll (${size}): ${overflow.widest}`);
    await context.close();
  }
});
