import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueSuffix } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import { createAdmc } from './create-admc.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx?.close();
});

describe('createAdmc (preau create-admin)', () => {
  it('creates the collectivité, a COLLECTIVITE account awaiting activation and its ADMC role', async () => {
    const db = ctx.platform.database.db;
    const login = `admc.${uniqueSuffix()}`;
    const name = `Région ${uniqueSuffix()}`;
    const result = await createAdmc(db, { login, firstName: 'Marc', lastName: 'Lefèvre', collectiviteName: name, collectiviteKind: 'REGION', email: 'marc@example.org' });
    expect(result.login).toBe(login);
    expect(result.activationCode).toHaveLength(8);

    const account = await db.selectFrom('accounts').selectAll().where('login', '=', login).executeTakeFirstOrThrow();
    expect(account).toMatchObject({
      profile: 'COLLECTIVITE',
      status: 'PROVISIONED',
      activation_code: result.activationCode,
      password_hash: null,
      search_key: 'lefevre marc',
      email: 'marc@example.org',
    });
    const collectivite = await db.selectFrom('collectivites').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
    expect(collectivite.kind).toBe('REGION');
    const roles = await db.selectFrom('admin_roles').selectAll().where('account_id', '=', account.id).execute();
    expect(roles).toEqual([{ account_id: account.id, role: 'ADMC', collectivite_id: collectivite.id, structure_id: null }]);
    const [entry] = await db.selectFrom('audit_log').selectAll().where('target_id', '=', account.id).execute();
    expect(entry).toMatchObject({ action: 'account.create', actor_id: null });

    // The new admin can start the activation at the real login.
    const response = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login, password: result.activationCode } });
    expect(response.json().kind).toBe('activation');
  });

  it('reuses a collectivité of the same name', async () => {
    const db = ctx.platform.database.db;
    const name = `Département ${uniqueSuffix()}`;
    await createAdmc(db, { login: `a.${uniqueSuffix()}`, firstName: 'A', lastName: 'A', collectiviteName: name, collectiviteKind: 'DEPARTEMENT' });
    await createAdmc(db, { login: `b.${uniqueSuffix()}`, firstName: 'B', lastName: 'B', collectiviteName: name, collectiviteKind: 'DEPARTEMENT' });
    const rows = await db.selectFrom('collectivites').select('id').where('name', '=', name).execute();
    expect(rows).toHaveLength(1);
    const roles = await db.selectFrom('admin_roles').select('account_id').where('collectivite_id', '=', rows[0]!.id).execute();
    expect(roles).toHaveLength(2);
  });

  it('refuses a login already taken, with a clear message, and writes nothing', async () => {
    const db = ctx.platform.database.db;
    const login = `taken.${uniqueSuffix()}`;
    await createAdmc(db, { login, firstName: 'A', lastName: 'A', collectiviteName: 'Commune X', collectiviteKind: 'COMMUNE' });
    const name = `Commune ${uniqueSuffix()}`;
    await expect(createAdmc(db, { login, firstName: 'B', lastName: 'B', collectiviteName: name, collectiviteKind: 'COMMUNE' })).rejects.toThrow(
      `The login "${login}" is already taken`,
    );
    expect(await db.selectFrom('collectivites').select('id').where('name', '=', name).execute()).toEqual([]);
  });

  it('refuses malformed inputs', async () => {
    const db = ctx.platform.database.db;
    const base = { login: 'ok.login', firstName: 'A', lastName: 'B', collectiviteName: 'Région Y', collectiviteKind: 'REGION' as const };
    await expect(createAdmc(db, { ...base, login: 'Bad Login!' })).rejects.toThrow(/Invalid login/);
    await expect(createAdmc(db, { ...base, firstName: '  ' })).rejects.toThrow(/names/);
    await expect(createAdmc(db, { ...base, collectiviteKind: 'PLANET' as 'REGION' })).rejects.toThrow(/kind/);
    await expect(createAdmc(db, { ...base, email: 'not-an-email' })).rejects.toThrow(/e-mail/);
  });
});
