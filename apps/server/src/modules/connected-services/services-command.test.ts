import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchool } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import { hashToken } from '../../platform/tokens.ts';
import { runServices } from './services-command.ts';

/** `preau services add|list|remove`: the catalogue from the command line. */

let ctx: TestContext;
let a: Awaited<ReturnType<typeof createSchool>>;

beforeAll(async () => {
  ctx = await createTestContext();
  a = await createSchool(ctx.platform.database.db);
});
afterAll(async () => {
  await ctx?.close();
});

const collectivite = () => ['--collectivite', a.structure.collectivite_id];

describe('preau services', () => {
  it('adds a CAS service for a structure, lists it, removes it', async () => {
    const added = await runServices(ctx.platform, [
      'add', '--protocol', 'cas', '--name', 'Vie scolaire', '--url', 'https://vs.example.fr/', '--allow', 'https://vs.example.fr/*',
      '--allow', 'https://vs2.example.fr/cas', '--profiles', 'ELEVE,PARENT', '--structure', a.structure.uai,
    ]);
    expect(added.err).toEqual([]);
    expect(added.code).toBe(0);
    const id = /: ([0-9a-f-]{36})$/.exec(added.out[0] ?? '')?.[1] ?? '';
    const row = await ctx.platform.database.db.selectFrom('connected_services').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ protocol: 'cas', collectivite_id: a.structure.collectivite_id, name: 'Vie scolaire' });

    const listed = await runServices(ctx.platform, ['list', ...collectivite()]);
    expect(listed.out.join('\n')).toContain(`${id}  cas   Vie scolaire  https://vs.example.fr/  [ELEVE,PARENT]  https://vs.example.fr/* https://vs2.example.fr/cas`);

    expect((await runServices(ctx.platform, ['remove', id])).out).toEqual([`Removed Vie scolaire (${id}).`]);
    expect((await runServices(ctx.platform, ['list', ...collectivite()])).out.join('\n')).not.toContain(id);
    expect((await runServices(ctx.platform, ['remove', id])).code).toBe(1);
  });

  it('prints an OIDC client’s id and secret once; only the hash is stored', async () => {
    const added = await runServices(ctx.platform, [
      'add', '--protocol', 'oidc', '--name', 'Moodle', '--url', 'https://moodle.example.fr/', '--allow', 'https://moodle.example.fr/auth/oidc/', ...collectivite(),
    ]);
    expect(added.code).toBe(0);
    const secret = /OIDC client secret: (\S+)/.exec(added.out.join('\n'))?.[1] ?? '';
    const clientId = /OIDC client id: +(\S+)/.exec(added.out.join('\n'))?.[1] ?? '';
    const row = await ctx.platform.database.db.selectFrom('connected_services').selectAll().where('oidc_client_id', '=', clientId).executeTakeFirstOrThrow();
    expect(row.oidc_secret_hash).toBe(hashToken(secret));
    expect((await runServices(ctx.platform, ['list', ...collectivite()])).out.join('\n')).not.toContain(secret);
  });

  it.each([
    ['a missing --allow for CAS', ['--protocol', 'cas', '--name', 'X', '--url', 'https://x.example.fr/'], 1, 'SERVICE_PATTERNS_REQUIRED'],
    ['a bad pattern', ['--protocol', 'cas', '--name', 'X', '--url', 'https://x.example.fr/', '--allow', 'ftp://x/'], 2, '--allow'],
    ['an unknown profile', ['--protocol', 'link', '--name', 'X', '--url', 'https://x.example.fr/', '--profiles', 'PROF'], 2, '--profiles'],
    ['an unknown protocol', ['--protocol', 'saml', '--name', 'X', '--url', 'https://x.example.fr/'], 2, '--protocol'],
    ['an unknown UAI', ['--protocol', 'link', '--name', 'X', '--url', 'https://x.example.fr/', '--structure', '0000000X'], 2, 'No structure'],
  ])('refuses %s, adding nothing', async (_what, options, code, message) => {
    const count = async () => (await ctx.platform.database.db.selectFrom('connected_services').select('id').execute()).length;
    const before = await count();
    const result = await runServices(ctx.platform, ['add', ...options, ...(options.includes('--structure') ? [] : collectivite())]);
    expect(result.code).toBe(code);
    expect(result.err.join('\n')).toContain(message);
    expect(await count()).toBe(before);
  });

  it('an unknown sub-command prints the usage', async () => {
    const result = await runServices(ctx.platform, ['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.err.join('\n')).toContain('preau services add');
  });
});
