import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createSchool, TEST_PASSWORD } from '../../../test/factories.ts';
import { loginAs } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx?.close();
});

const NEW_PASSWORD = 'Un-Nouveau-Secret-42';
const login = (payload: unknown, headers: Record<string, string> = {}) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: payload as object, headers });

describe('login', () => {
  it('opens a session and GET /me says who is logged in', async () => {
    const school = await createSchool(ctx.platform.database.db);
    const response = await login({ login: school.student.login, password: TEST_PASSWORD });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.kind).toBe('session');
    expect(body.me.profile).toBe('ELEVE');
    expect(body.me.structures).toEqual([{ id: school.structure.id, uai: school.structure.uai, name: school.structure.name }]);
    const appIds = body.me.apps.map((a: { id: string }) => a.id);
    expect(appIds).toEqual(expect.arrayContaining(['annuaire', 'account']));
    expect(appIds).not.toContain('admin');
    const cookie = response.cookies.find((c) => c.name === 'preau_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect(cookie?.secure).toBeFalsy();

    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `preau_session=${cookie!.value}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json().me.login).toBe(school.student.login);
    expect(me.json().csrfToken).toBe(body.csrfToken);
  });

  it('gives admins the admin tile and their scopes', async () => {
    const school = await createSchool(ctx.platform.database.db);
    const body = (await login({ login: school.adml.login, password: TEST_PASSWORD })).json();
    expect(body.me.apps.map((a: { id: string }) => a.id)).toContain('admin');
    expect(body.me.adminRoles).toEqual([{ role: 'ADML', scopeId: school.structure.id, scopeName: school.structure.name }]);
  });

  it('answers the same for a wrong password and an unknown login, in French or English', async () => {
    const account = await createAccount(ctx.platform.database.db);
    const wrong = await login({ login: account.login, password: 'not-the-password' });
    const unknown = await login({ login: 'nobody.here', password: 'not-the-password' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error).toEqual({ code: 'INVALID_CREDENTIALS', message: 'Identifiant ou mot de passe incorrect.' });
    const english = await login({ login: 'nobody.here', password: 'x' }, { 'accept-language': 'en-GB,en;q=0.9' });
    expect(english.json().error.message).toBe('Incorrect login or password.');
  });

  it('accepts the login whatever its case and surrounding spaces', async () => {
    const account = await createAccount(ctx.platform.database.db);
    const response = await login({ login: `  ${account.login.toUpperCase()} `, password: TEST_PASSWORD });
    expect(response.statusCode).toBe(200);
  });

  it('tells a blocked account apart only after a correct password', async () => {
    const db = ctx.platform.database.db;
    const account = await createAccount(db);
    await db.updateTable('accounts').set({ status: 'BLOCKED', blocked_at: new Date() }).where('id', '=', account.id).execute();
    expect((await login({ login: account.login, password: 'wrong' })).json().error.code).toBe('INVALID_CREDENTIALS');
    const right = await login({ login: account.login, password: TEST_PASSWORD });
    expect(right.statusCode).toBe(403);
    expect(right.json().error.code).toBe('ACCOUNT_BLOCKED');
  });

  it('makes a login wait longer after each failure past the free ones, then lets it in', async () => {
    const account = await createAccount(ctx.platform.database.db);
    const ip = { 'x-forwarded-for': '203.0.113.7' };
    for (let i = 0; i < 5; i++) expect((await login({ login: account.login, password: `bad-${i}` }, ip)).statusCode).toBe(401);
    // The sixth attempt, even with the right password, must wait.
    const limited = await login({ login: account.login, password: TEST_PASSWORD });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect(limited.json().error.retryAfter).toBeGreaterThanOrEqual(1);
    expect(limited.headers['retry-after']).toBeDefined();
    ctx.clock.advance(1_100);
    expect((await login({ login: account.login, password: 'bad-again' })).statusCode).toBe(401);
    const second = await login({ login: account.login, password: TEST_PASSWORD });
    expect(second.statusCode).toBe(429);
    expect(second.json().error.retryAfter).toBe(2);
    ctx.clock.advance(2_100);
    expect((await login({ login: account.login, password: TEST_PASSWORD })).statusCode).toBe(200);
    // Success resets the counter.
    expect((await login({ login: account.login, password: 'bad' })).statusCode).toBe(401);
  });

  it('limits failed attempts per IP address', async () => {
    const local = await createTestContext({ LOGIN_MAX_PER_IP: '3' });
    try {
      const account = await createAccount(local.platform.database.db);
      for (let i = 0; i < 3; i++) {
        await local.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: `nobody-${i}-${account.id}`, password: 'x' } });
      }
      const response = await local.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: account.login, password: TEST_PASSWORD } });
      expect(response.statusCode).toBe(429);
    } finally {
      await local.close();
    }
  });

  it('tells a blocked address how long is left of its 15-minute window, then lets it in', async () => {
    const local = await createTestContext({ LOGIN_MAX_PER_IP: '2' });
    const remoteAddress = `203.0.113.${1 + Math.floor(Math.random() * 250)}`;
    const attempt = (login: string, password: string) =>
      local.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login, password }, remoteAddress });
    try {
      const account = await createAccount(local.platform.database.db);
      await attempt(`nobody-a-${account.id}`, 'x');
      local.clock.advance(5 * 60_000);
      await attempt(`nobody-b-${account.id}`, 'x');
      local.clock.advance(4 * 60_000);
      const limited = await attempt(account.login, TEST_PASSWORD);
      expect(limited.statusCode).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBe(6 * 60);
      local.clock.advance(6 * 60_000 + 1000);
      expect((await attempt(account.login, TEST_PASSWORD)).statusCode).toBe(200);
    } finally {
      await local.close();
    }
  });
});

describe('activation', () => {
  it('turns login + activation code into a chosen password, once', async () => {
    const db = ctx.platform.database.db;
    const account = await createAccount(db, { activated: false });
    const code = account.activation_code!;
    const first = await login({ login: account.login, password: code.toLowerCase() });
    expect(first.statusCode).toBe(200);
    const ticket = first.json();
    expect(ticket).toMatchObject({ kind: 'activation', login: account.login, firstName: account.first_name });
    expect(first.cookies.find((c) => c.name === 'preau_session')).toBeUndefined();

    const weak = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/activate',
      payload: { activationToken: ticket.activationToken, password: 'short', acceptCharter: true },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.code).toBe('PASSWORD_TOO_WEAK');
    expect(weak.json().error.fields.password).toContain('TOO_SHORT');

    const noCharter = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/activate',
      payload: { activationToken: ticket.activationToken, password: NEW_PASSWORD, acceptCharter: false },
    });
    expect(noCharter.json().error.code).toBe('CHARTER_NOT_ACCEPTED');

    const done = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/activate',
      payload: { activationToken: ticket.activationToken, password: NEW_PASSWORD, acceptCharter: true, email: 'lea@example.org' },
    });
    expect(done.statusCode).toBe(200);
    expect(done.json().me.email).toBe('lea@example.org');
    const row = await db.selectFrom('accounts').selectAll().where('id', '=', account.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('ACTIVE');
    expect(row.activation_code).toBeNull();
    expect(row.charter_accepted_at).not.toBeNull();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);

    // The ticket and the code are spent; the new password works.
    const again = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/activate',
      payload: { activationToken: ticket.activationToken, password: NEW_PASSWORD, acceptCharter: true },
    });
    expect(again.json().error.code).toBe('ACTIVATION_TOKEN_INVALID');
    expect((await login({ login: account.login, password: code })).statusCode).toBe(401);
    expect((await login({ login: account.login, password: NEW_PASSWORD })).json().kind).toBe('session');
  });

  it('refuses a password containing the login, and an expired ticket', async () => {
    const account = await createAccount(ctx.platform.database.db, { activated: false, firstName: 'Jeanne', lastName: 'Dupont' });
    const { activationToken } = (await login({ login: account.login, password: account.activation_code! })).json();
    const withLogin = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/activate',
      payload: { activationToken, password: `Xx1!${account.login}`, acceptCharter: true },
    });
    expect(withLogin.json().error.code).toBe('PASSWORD_SAME_AS_LOGIN');
    ctx.clock.advance(16 * 60_000);
    const late = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/activate',
      payload: { activationToken, password: NEW_PASSWORD, acceptCharter: true },
    });
    expect(late.json().error.code).toBe('ACTIVATION_TOKEN_INVALID');
  });
});

describe('sessions and CSRF', () => {
  it('refuses a state-changing request without the CSRF token', async () => {
    const account = await createAccount(ctx.platform.database.db);
    const auth = await loginAs(ctx.app, account.login);
    const without = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie: auth.cookie }, payload: { locale: 'en' } });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('CSRF_INVALID');
    const wrong = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: { cookie: auth.cookie, 'x-csrf-token': 'forged' },
      payload: { locale: 'en' },
    });
    expect(wrong.statusCode).toBe(403);
    const right = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: auth, payload: { locale: 'en' } });
    expect(right.statusCode).toBe(200);
    expect(right.json().me.locale).toBe('en');
  });

  it('refuses a session-less POST from another origin', async () => {
    const response = await login({ login: 'x', password: 'y' }, { origin: 'https://evil.example' });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('CSRF_INVALID');
  });

  it('expires a session after the idle time, and after the absolute time despite activity', async () => {
    const account = await createAccount(ctx.platform.database.db);
    const auth = await loginAs(ctx.app, account.login);
    const me = () => ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: auth.cookie } });
    ctx.clock.advance(59 * 60_000);
    expect((await me()).statusCode).toBe(200);
    ctx.clock.advance(59 * 60_000);
    expect((await me()).statusCode).toBe(200);
    ctx.clock.advance(61 * 60_000);
    const expired = await me();
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.code).toBe('UNAUTHENTICATED');

    const other = await loginAs(ctx.app, account.login);
    for (let step = 0; step < 15; step++) {
      ctx.clock.advance(50 * 60_000);
      await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: other.cookie } });
    }
    const late = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: other.cookie } });
    expect(late.statusCode).toBe(401);
  });

  it('logs out one session, or all of them', async () => {
    const account = await createAccount(ctx.platform.database.db);
    const a = await loginAs(ctx.app, account.login);
    const b = await loginAs(ctx.app, account.login);
    const c = await loginAs(ctx.app, account.login);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: a })).statusCode).toBe(204);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: a.cookie } })).statusCode).toBe(401);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: b.cookie } })).statusCode).toBe(200);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/logout-all', headers: b })).statusCode).toBe(204);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: c.cookie } })).statusCode).toBe(401);
  });
});

describe('passwords', () => {
  it('sends a single-use 30-minute reset link when an e-mail is known', async () => {
    const account = await createAccount(ctx.platform.database.db, { email: 'parent@example.org', profile: 'PARENT' });
    const session = await loginAs(ctx.app, account.login);
    const before = ctx.mailer.sent.length;
    const asked = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/password/forgot', payload: { login: account.login } });
    expect(asked.statusCode).toBe(202);
    const unknown = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/password/forgot', payload: { login: 'nobody.at.all' } });
    expect(unknown.json()).toEqual(asked.json());
    await expect.poll(() => ctx.mailer.sent.length).toBe(before + 1);
    const mail = ctx.mailer.sent.at(-1)!;
    expect(mail.to).toBe('parent@example.org');
    const token = decodeURIComponent(/token=([^\s]+)/.exec(mail.text)![1]!);

    const weak = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/password/reset', payload: { token, password: 'abc' } });
    expect(weak.json().error.code).toBe('PASSWORD_TOO_WEAK');
    const reset = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/password/reset', payload: { token, password: NEW_PASSWORD } });
    expect(reset.statusCode).toBe(204);
    const reused = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/password/reset', payload: { token, password: NEW_PASSWORD } });
    expect(reused.json().error.code).toBe('RESET_TOKEN_INVALID');
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: session.cookie } })).statusCode).toBe(401);
    expect((await login({ login: account.login, password: NEW_PASSWORD })).statusCode).toBe(200);
  });

  it('lets a reset link expire after 30 minutes', async () => {
    const account = await createAccount(ctx.platform.database.db, { email: 'late@example.org' });
    await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/password/forgot', payload: { login: account.login } });
    await expect.poll(() => ctx.mailer.sent.some((m) => m.to === 'late@example.org')).toBe(true);
    const mail = ctx.mailer.sent.filter((m) => m.to === 'late@example.org').at(-1)!;
    const token = decodeURIComponent(/token=([^\s]+)/.exec(mail.text)![1]!);
    ctx.clock.advance(31 * 60_000);
    const response = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/password/reset', payload: { token, password: NEW_PASSWORD } });
    expect(response.json().error.code).toBe('RESET_TOKEN_INVALID');
  });

  it('changes one’s own password after checking the current one', async () => {
    const account = await createAccount(ctx.platform.database.db);
    const auth = await loginAs(ctx.app, account.login);
    const other = await loginAs(ctx.app, account.login);
    const wrong = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: auth,
      payload: { currentPassword: 'nope', newPassword: NEW_PASSWORD },
    });
    expect(wrong.json().error.code).toBe('WRONG_PASSWORD');
    const ok = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: auth,
      payload: { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(ok.statusCode).toBe(204);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: auth.cookie } })).statusCode).toBe(200);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: other.cookie } })).statusCode).toBe(401);
  });
});
