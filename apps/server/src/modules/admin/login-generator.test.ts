import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, uniqueSuffix } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import { generateLogin, loginBaseOf, loginPart, nextLogin } from './login-generator.ts';

describe('loginPart', () => {
  const cases: [name: string, part: string][] = [
    ['Élodie', 'elodie'],
    ["D'Arc", 'darc'],
    ['D’Arc', 'darc'],
    ['Jean-Pierre', 'jean-pierre'],
    ['Le Gall', 'legall'],
    ['Œuvray', 'oeuvray'],
    ['Lætitia', 'laetitia'],
    ['Müller', 'muller'],
    ['Strauß', 'strauss'],
    ['Ngọc Ánh', 'ngocanh'],
    ['  -Anne--Marie- ', 'anne-marie'],
    ['李', ''],
  ];
  it.each(cases)('%j → %j', (name, part) => {
    expect(loginPart(name)).toBe(part);
  });

  it('builds prenom.nom, with a placeholder for a name in another script', () => {
    expect(loginBaseOf('Léa', 'MARTIN')).toBe('lea.martin');
    expect(loginBaseOf('李', '王')).toBe('x.x');
  });
});

describe('nextLogin', () => {
  const cases: [taken: string[], next: string][] = [
    [[], 'lea.martin'],
    [['lea.martin'], 'lea.martin2'],
    [['lea.martin', 'lea.martin2', 'lea.martinez'], 'lea.martin3'],
    [['lea.martinez', 'lea.martin-dupont', 'leaxmartin'], 'lea.martin'],
    [['lea.martin', 'lea.martin7'], 'lea.martin8'],
    // The base was given once (then purged): it never comes back.
    [['lea.martin2'], 'lea.martin3'],
  ];
  it.each(cases)('after %j comes %j', (taken, next) => {
    expect(nextLogin('lea.martin', taken)).toBe(next);
  });
});

describe('generateLogin', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('reads the logins already given in one query and numbers after them', async () => {
    const db = ctx.platform.database.db;
    const last = `Gen${uniqueSuffix()}`;
    const base = `lea.${last.toLowerCase()}`;
    expect(await generateLogin(db, 'Léa', last)).toBe(base);
    const first = await createAccount(db, { firstName: 'Léa', lastName: last });
    await db.updateTable('accounts').set({ login: base }).where('id', '=', first.id).execute();
    expect(await generateLogin(db, 'Léa', last)).toBe(`${base}2`);
    const longer = await createAccount(db, { firstName: 'Léa', lastName: `${last}ez` });
    await db.updateTable('accounts').set({ login: `${base}ez` }).where('id', '=', longer.id).execute();
    expect(await generateLogin(db, 'LÉA', last.toUpperCase())).toBe(`${base}2`);
  });
});
