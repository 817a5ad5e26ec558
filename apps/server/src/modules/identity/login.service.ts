import { timingSafeEqual } from 'node:crypto';
import type { LoginBody, LoginResponse } from '@preau/contracts';
import type { FastifyReply } from 'fastify';
import { AppError } from '../../platform/errors.ts';
import { verifyAgainstDummy, verifyPassword } from '../../platform/passwords.ts';
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
  await throttle.check(ip, loginName);

  const account = await findAccountByLogin(platform.database.db, loginName);
  let outcome: 'password' | 'activation' | 'fail' = 'fail';
  if (!account) {
    await verifyAgainstDummy(body.password);
  } else if (account.password_hash) {
    if (await verifyPassword(account.password_hash, body.password)) outcome = 'password';
  } else {
    await verifyAgainstDummy(body.password);
    if (account.activation_code && sameActivationCode(account.activation_code, body.password)) outcome = 'activation';
  }

  if (!account || outcome === 'fail') {
    await throttle.recordFailure(ip, loginName);
    throw new AppError('INVALID_CREDENTIALS');
  }
  await throttle.recordSuccess(loginName);
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
