import { timingSafeEqual } from 'node:crypto';
import type { LoginBody, LoginResponse } from '@preau/contracts';
import type { FastifyReply } from 'fastify';
import { AppError } from '../../platform/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { hashToken, newToken } from '../../platform/tokens.ts';
import { findAccountByLogin, insertAuthToken } from './identity.repository.ts';
import { LoginThrottle } from './login-throttle.ts';
import { openSession, presentMe } from './session.service.ts';

const ACTIVATION_TICKET_MS = 15 * 60_000;

/** Codes are typed from paper: case and spaces do not matter. */
function sameActivationCode(expected: string, given: string): boolean {
  const a = Buffer.from(expected.toUpperCase());
  const b = Buffer.from(given.replace(/[\s-]/g, '').toUpperCase());
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Login with a password, or — for an account not yet activated — with its
 * activation code, which answers an activation ticket instead of a session.
 */
export async function login(platform: Platform, reply: FastifyReply, body: LoginBody, ip: string): Promise<LoginResponse> {
  const loginName = body.login.trim().toLowerCase();
  const throttle = new LoginThrottle(platform);
  // Counted before the password is checked, so concurrent guesses share one allowance.
  await throttle.admit(ip, loginName);

  const account = await findAccountByLogin(platform.database.db, loginName);
  let outcome: 'password' | 'activation' | 'fail' = 'fail';
  const passwords = platform.passwords;
  if (!account) {
    await passwords.verifyAgainstDummy(body.password);
  } else if (account.password_hash) {
    if (await passwords.verify(account.password_hash, body.password)) outcome = 'password';
  } else {
    await passwords.verifyAgainstDummy(body.password);
    if (account.activation_code && sameActivationCode(account.activation_code, body.password)) outcome = 'activation';
  }

  if (!account || outcome === 'fail') throw new AppError('INVALID_CREDENTIALS');
  await throttle.recordSuccess(ip, loginName);
  // Only someone who knows the secret learns that the account is blocked.
  if (account.status === 'BLOCKED') throw new AppError('ACCOUNT_BLOCKED');

  if (outcome === 'activation') {
    const activationToken = newToken();
    await insertAuthToken(platform.database.db, {
      tokenHash: hashToken(activationToken),
      accountId: account.id,
      purpose: 'ACTIVATION',
      expiresAt: new Date(platform.now() + ACTIVATION_TICKET_MS),
    });
    return { kind: 'activation', activationToken, login: account.login, firstName: account.first_name };
  }

  const { actor, csrfToken } = await openSession(platform, reply, account);
  return { kind: 'session', me: await presentMe(platform, account, actor), csrfToken };
}
