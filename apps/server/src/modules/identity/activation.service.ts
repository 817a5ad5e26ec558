import type { ActivateBody, SessionResponse } from '@preau/contracts';
import type { FastifyReply } from 'fastify';
import { AppError } from '../../platform/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { hashToken } from '../../platform/tokens.ts';
import { activateAccount, consumeAuthToken, getAccount, peekAuthToken } from './identity.repository.ts';
import { assertStrongPassword } from './password-policy.ts';
import { openSession, presentMe } from './session.service.ts';

/**
 * First login, second step: the owner of an activation ticket chooses a
 * password, accepts the charter and may give an e-mail. The account becomes
 * ACTIVE and its activation code stops working.
 */
export async function activate(platform: Platform, reply: FastifyReply, body: ActivateBody): Promise<SessionResponse> {
  const db = platform.database.db;
  const tokenHash = hashToken(body.activationToken);
  const now = new Date(platform.now());
  const ticket = await peekAuthToken(db, tokenHash, 'ACTIVATION', now);
  const account = ticket ? await getAccount(db, ticket.account_id) : undefined;
  if (!account || account.status !== 'PROVISIONED') throw new AppError('ACTIVATION_TOKEN_INVALID');
  if (!body.acceptCharter) throw new AppError('CHARTER_NOT_ACCEPTED', { fields: { acceptCharter: 'REQUIRED' } });
  assertStrongPassword(body.password, account);

  // Hash outside the transaction: argon2 takes tens of milliseconds on the
  // thread pool and the embedded database must not wait for it.
  const passwordHash = await platform.passwords.hash(body.password);
  const activated = await db.transaction().execute(async (trx) => {
    const accountId = await consumeAuthToken(trx, tokenHash, 'ACTIVATION', now);
    if (accountId !== account.id) return undefined;
    return activateAccount(trx, account.id, { passwordHash, email: body.email ?? account.email, now });
  });
  if (!activated) throw new AppError('ACTIVATION_TOKEN_INVALID');

  const { actor, csrfToken } = await openSession(platform, reply, activated);
  return { me: await presentMe(platform, activated, actor), csrfToken };
}
