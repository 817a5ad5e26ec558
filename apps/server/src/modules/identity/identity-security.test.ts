import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createSchool, TEST_PASSWORD } from '../../../test/factories.ts';
import { loginAs } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import { Semaphore } from '../../platform/passwords.ts';

// The identity findings of the security review (issue 11); each test failed before its fix.

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx?.close();
});

const NEW_PASSWORD = 'Un-Nouveau-Secret-42';
const attempt = (app: TestContext['app'], login: string, password: string, remoteAddress = '198.51.100.1') =>
  app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login, password }, remoteAddress });
const statuses = (responses: Array<{ statusCode: number }>) =>
  responses.reduce<Record<number, number>>((counts, r) => ({ ...counts, [r.statusCode]: (counts[r.statusCode] ?? 0) + 1 }), {});

describe('rights follow the account, not the login', () => {
  it('takes away an ADML’s rights at his next request, in the same session', async () => {
    const db = ctx.platform.database.db;
    const school = await createSchool(db);
    const auth = await loginAs(ctx.app, school.adml.login);
    const structure = () => ctx.app.inject({ method: 'GET', url: `/api/v1/admin/structures/${school.structure.id}`, headers: auth });
    expect((await structure()).statusCode).toBe(200);

    // Demoted by an admin or an import: director to agent, no longer ADML, moved out of the structure.
    await db.deleteFrom('admin_roles').where('account_id', '=', school.adml.id).execute();
    await db.updateTable('accounts').set({ staff_function: 'ETA' }).where('id', '=', school.adml.id).execute();
    await db.deleteFrom('structure_members').where('account_id', '=', school.adml.id).execute();

    expect([403, 404]).toContain((await structure()).statusCode);
    const me = (await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: auth })).json();
    expect(me.me.adminRoles).toEqual([]);
    expect(me.me.structures).toEqual([]);
    expect(me.me.apps.map((a: { id: string }) => a.id)).not.toContain('admin');
  });

  it('ends the session of an account blocked or deleted behind its back', async () => {
    const db = ctx.platform.database.db;
    const blocked = await createAccount(db);
    const deleted = await createAccount(db);
    const a = await loginAs(ctx.app, blocked.login);
    const b = await loginAs(ctx.app, deleted.login);
    await db.updateTable('accounts').set({ status: 'BLOCKED', blocked_at: new Date() }).where('id', '=', blocked.id).execute();
    await db.updateTable('accounts').set({ deleted_at: new Date() }).where('id', '=', deleted.id).execute();
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: a })).statusCode).toBe(401);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: b })).statusCode).toBe(401);
  });
});

describe('throttles hold under concurrency', () => {
  it('checks at most the free attempts of a login when 40 guesses arrive at once', async () => {
    const account = await createAccount(ctx.platform.database.db);
    const guesses = Array.from({ length: 39 }, (_, i) => `wrong-guess-${i}`);
    // The right password comes last in the burst: it must not be found inside it.
    const responses = await Promise.all([...guesses, TEST_PASSWORD].map((password) => attempt(ctx.app, account.login, password)));
    const counts = statuses(responses);
    expect(counts[200]).toBeUndefined();
    expect(counts[401]).toBeLessThanOrEqual(ctx.platform.config.loginFreeFailures);
    expect(counts[429]).toBeGreaterThanOrEqual(40 - ctx.platform.config.loginFreeFailures);
  });

  it('checks at most LOGIN_MAX_PER_IP passwords from one address, however concurrent', async () => {
    const local = await createTestContext({ LOGIN_MAX_PER_IP: '10' });
    try {
      const responses = await Promise.all(Array.from({ length: 40 }, (_, i) => attempt(local.app, `nobody-${i}-${Date.now()}`, 'x', '198.51.100.77')));
      const counts = statuses(responses);
      expect(counts[401]).toBe(10);
      expect(counts[429]).toBe(30);
    } finally {
      await local.close();
    }
  });

  it('keeps only a short queue of password hashings and answers 503 past it', async () => {
    const local = await createTestContext({ PASSWORD_HASH_CONCURRENCY: '1', PASSWORD_HASH_QUEUE: '2' });
    try {
      const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => attempt(local.app, `burst-${i}-${Date.now()}`, 'x', `198.51.100.${100 + i}`)));
      const counts = statuses(responses);
      expect(counts[401]).toBeLessThanOrEqual(3);
      expect(counts[503]).toBeGreaterThanOrEqual(7);
      const refused = responses.find((r) => r.statusCode === 503)!;
      expect(refused.json().error.code).toBe('SERVICE_UNAVAILABLE');
      expect(refused.headers['retry-after']).toBe('1');
      // Once the burst is over, a real login goes through.
      const account = await createAccount(local.platform.database.db);
      expect((await attempt(local.app, account.login, TEST_PASSWORD)).statusCode).toBe(200);
    } finally {
      await local.close();
    }
  });

  it('a semaphore never runs more tasks than its size, and hands slots over in order', async () => {
    const semaphore = new Semaphore(2, 10);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        semaphore.run(async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          order.push(i);
          running--;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(order).toHaveLength(8);
  });
});

describe('password reset links', () => {
  const resetLinks = async (email: string) => {
    await expect.poll(() => ctx.mailer.sent.filter((m) => m.to === email).length).toBeGreaterThan(0);
    return ctx.mailer.sent.filter((m) => m.to === email).map((m) => decodeURIComponent(/token=([^\s]+)/.exec(m.text)![1]!));
  };
  const reset = (token: string, password = NEW_PASSWORD) =>
    ctx.app.inject({ method: 'POST', url: '/api/v1/auth/password/reset', payload: { token, password } });

  it('spends every earlier link of the account when one is used', async () => {
    const email = `reset-${Date.now()}@example.org`;
    const account = await createAccount(ctx.platform.database.db, { email });
    await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/password/forgot', payload: { login: account.login } });
    await expect.poll(() => ctx.mailer.sent.filter((m) => m.to === email).length).toBe(1);
    await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/password/forgot', payload: { login: account.login } });
    await expect.poll(() => ctx.mailer.sent.filter((m) => m.to === email).length).toBe(2);
    const [first, second] = await resetLinks(email);
    expect((await reset(second!)).statusCode).toBe(204);
    const old = await reset(first!, 'Encore-Un-Autre-Secret-7');
    expect(old.statusCode).toBe(400);
    expect(old.json().error.code).toBe('RESET_TOKEN_INVALID');
    expect((await attempt(ctx.app, account.login, NEW_PASSWORD)).statusCode).toBe(200);
  });

  it('spends outstanding links when the password is changed from the account page', async () => {
    const email = `change-${Date.now()}@example.org`;
    const account = await createAccount(ctx.platform.database.db, { email });
    await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/password/forgot', payload: { login: account.login } });
    const [link] = await resetLinks(email);
    const auth = await loginAs(ctx.app, account.login);
    const changed = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: auth,
      payload: { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(changed.statusCode).toBe(204);
    expect((await reset(link!, 'Encore-Un-Autre-Secret-7')).json().error.code).toBe('RESET_TOKEN_INVALID');
  });
});

describe('password policy (NIST SP 800-63B, ANSSI)', () => {
  it.each([
    ['Aaaaaaaaaaa1!', 'PASSWORD_TOO_WEAK', 'PATTERN'],
    ['Motdepasse2024!', 'PASSWORD_TOO_WEAK', 'COMMON'],
    ['Azerty123456789', 'PASSWORD_TOO_WEAK', 'PATTERN'],
    ['Jeanne-Dupont-2026', 'PASSWORD_SAME_AS_LOGIN', 'PERSONAL'],
  ])('refuses %s', async (password, code, problem) => {
    const account = await createAccount(ctx.platform.database.db, { activated: false, firstName: 'Jeanne', lastName: 'Dupont' });
    const { activationToken } = (await attempt(ctx.app, account.login, account.activation_code!)).json();
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/activate',
      payload: { activationToken, password, acceptCharter: true },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe(code);
    expect(response.json().error.fields.password).toContain(problem);
  });

  it('accepts a long passphrase without capitals, digits or symbols', async () => {
    const account = await createAccount(ctx.platform.database.db, { activated: false });
    const { activationToken } = (await attempt(ctx.app, account.login, account.activation_code!)).json();
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/activate',
      payload: { activationToken, password: 'la marmotte emballe le chocolat', acceptCharter: true },
    });
    expect(response.statusCode).toBe(200);
  });
});

describe('account settings', () => {
  it('asks for the current password to change the e-mail, not the language', async () => {
    const account = await createAccount(ctx.platform.database.db, { email: 'before@example.org' });
    const auth = await loginAs(ctx.app, account.login);
    const patch = (payload: object) => ctx.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: auth, payload });

    const without = await patch({ email: 'thief@example.org' });
    expect(without.statusCode).toBe(400);
    expect(without.json().error.code).toBe('WRONG_PASSWORD');
    const wrong = await patch({ email: 'thief@example.org', currentPassword: 'not-it' });
    expect(wrong.json().error).toMatchObject({ code: 'WRONG_PASSWORD', fields: { currentPassword: 'WRONG_PASSWORD' } });
    const removed = await patch({ email: null });
    expect(removed.json().error.code).toBe('WRONG_PASSWORD');
    const row = await ctx.platform.database.db.selectFrom('accounts').select('email').where('id', '=', account.id).executeTakeFirstOrThrow();
    expect(row.email).toBe('before@example.org');

    expect((await patch({ locale: 'en' })).statusCode).toBe(200);
    const right = await patch({ email: 'after@example.org', currentPassword: TEST_PASSWORD });
    expect(right.statusCode).toBe(200);
    expect(right.json().me.email).toBe('after@example.org');
  });
});

describe('HTTP edges', () => {
  it('names the session cookie __Host-… over https: Secure, Path=/, no Domain', async () => {
    const local = await createTestContext({ PUBLIC_URL: 'https://ent.example.org' });
    try {
      const account = await createAccount(local.platform.database.db);
      const response = await attempt(local.app, account.login, TEST_PASSWORD);
      expect(response.statusCode).toBe(200);
      const cookie = response.cookies.find((c) => c.name === '__Host-preau_session');
      expect(cookie).toMatchObject({ secure: true, path: '/', httpOnly: true });
      expect(cookie?.domain).toBeUndefined();
      expect(response.cookies.find((c) => c.name === 'preau_session')).toBeUndefined();
      const me = await local.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `__Host-preau_session=${cookie!.value}` } });
      expect(me.statusCode).toBe(200);
      // The plain name means nothing over https: a cookie planted by a sibling host is ignored.
      const planted = await local.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `preau_session=${cookie!.value}` } });
      expect(planted.statusCode).toBe(401);
    } finally {
      await local.close();
    }
  });

  it('serves /metrics only to loopback callers that no proxy relayed, or with the token', async () => {
    const local = await createTestContext({ METRICS_TOKEN: 'a-long-enough-metrics-token' });
    try {
      const get = (headers: Record<string, string>, remoteAddress = '127.0.0.1') =>
        local.app.inject({ method: 'GET', url: '/metrics', headers, remoteAddress });
      expect((await get({})).statusCode).toBe(200);
      expect((await get({}, '203.0.113.9')).statusCode).toBe(403);
      expect((await get({ 'x-forwarded-for': '203.0.113.9' })).statusCode).toBe(403);
      expect((await get({ authorization: 'Bearer a-long-enough-metrics-token' }, '203.0.113.9')).statusCode).toBe(200);
      expect((await get({ authorization: 'Bearer wrong-token-of-some-length' }, '203.0.113.9')).statusCode).toBe(403);
      expect((await get({ authorization: 'Bearer wrong-token-of-some-length' })).statusCode).toBe(403);
    } finally {
      await local.close();
    }
  });

  it('applies CSRF to a percent-encoded API path', async () => {
    const account = await createAccount(ctx.platform.database.db);
    const auth = await loginAs(ctx.app, account.login);
    for (const url of ['/%61pi/v1/me', '/ap%69/v1/me', '/%61%70%69/v1/me']) {
      const response = await ctx.app.inject({ method: 'PATCH', url, headers: { cookie: auth.cookie }, payload: { locale: 'en' } });
      expect(response.statusCode, url).toBe(403);
      expect(response.json().error.code).toBe('CSRF_INVALID');
    }
    const row = await ctx.platform.database.db.selectFrom('accounts').select('locale').where('id', '=', account.id).executeTakeFirstOrThrow();
    expect(row.locale).toBe('fr');
  });

  it('answers every API call with Cache-Control: no-store, errors included', async () => {
    const account = await createAccount(ctx.platform.database.db);
    const auth = await loginAs(ctx.app, account.login);
    const responses = [
      await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: auth }),
      await ctx.app.inject({ method: 'GET', url: '/api/v1/me' }),
      await ctx.app.inject({ method: 'GET', url: '/api/v1/nothing-here' }),
      await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: 'nobody', password: 'x' } }),
      await ctx.app.inject({ method: 'GET', url: '/%61pi/v1/me', headers: auth }),
    ];
    expect(responses.map((r) => r.statusCode)).toEqual([200, 401, 404, 401, 200]);
    for (const response of responses) expect(response.headers['cache-control']).toBe('no-store');
  });
});
