import type { App } from '../src/app.ts';
import { TEST_PASSWORD } from './factories.ts';

export type AuthHeaders = Record<'cookie' | 'x-csrf-token', string> & Record<string, string>;

/** Logs in through the real API and returns the headers a browser would send next. */
export async function loginAs(app: App, login: string, password = TEST_PASSWORD): Promise<AuthHeaders> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login, password } });
  if (response.statusCode !== 200) throw new Error(`login ${login} failed: ${response.statusCode} ${response.body}`);
  const body = response.json() as { kind: string; csrfToken: string };
  if (body.kind !== 'session') throw new Error(`login ${login} did not open a session`);
  const cookie = response.cookies.find((c) => c.name === 'preau_session');
  if (!cookie) throw new Error('no session cookie');
  return { cookie: `preau_session=${cookie.value}`, 'x-csrf-token': body.csrfToken };
}

/**
 * One session per login for a whole test file, opened through the real login
 * route the first time an account is used: `const as = sessionsOn(() => ctx.app)`.
 */
export function sessionsOn(app: () => App): (account: { login: string }) => Promise<AuthHeaders> {
  const sessions = new Map<string, AuthHeaders>();
  return async (account) => {
    let headers = sessions.get(account.login);
    if (!headers) {
      headers = await loginAs(app(), account.login);
      sessions.set(account.login, headers);
    }
    return headers;
  };
}
