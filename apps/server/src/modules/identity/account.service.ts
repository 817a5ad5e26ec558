import type { SessionResponse, UpdateMeBody } from '@preau/contracts';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../../platform/authorization.ts';
import { AppError } from '../../platform/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import type { Session } from '../../platform/sessions/session-store.ts';
import { getAccount, getAccountWithStructures, updateAccount } from './identity.repository.ts';
import { assertCurrentPassword } from './password.service.ts';
import { assembleMe, scopeNamesOf } from './session.service.ts';

type SessionRef = { idHash: string; data: Session };

/** Who is logged in, with the rights read for this request. */
export async function getMe(platform: Platform, session: SessionRef, actor: Actor): Promise<SessionResponse> {
  // The account row with the actor's structures in one statement; an admin's scopes (rare) after it.
  const row = await getAccountWithStructures(platform.database.db, session.data.accountId, actor.structureIds);
  if (!row) throw new AppError('UNAUTHENTICATED');
  return { me: assembleMe(row.account, actor, await scopeNamesOf(platform, actor, row.structures)), csrfToken: session.data.csrfToken };
}

/**
 * Changes my language, or my e-mail. The e-mail receives the reset links, so
 * changing it asks for the current password: a session left open on a
 * shared computer must not be enough to take the account over.
 */
export async function updateMe(
  platform: Platform,
  reply: FastifyReply,
  request: { session: SessionRef; actor: Actor; ip: string; body: UpdateMeBody },
): Promise<SessionResponse> {
  const db = platform.database.db;
  const { email, locale, currentPassword } = request.body;
  const account = await getAccount(db, request.session.data.accountId);
  if (!account) throw new AppError('UNAUTHENTICATED');
  const emailChanges = email !== undefined && email !== account.email;
  if (emailChanges) await assertCurrentPassword(platform, account, currentPassword, { ip: request.ip, field: 'currentPassword' });
  await updateAccount(db, account.id, {
    ...(emailChanges ? { email } : {}),
    ...(locale ? { locale } : {}),
  });
  if (locale) void reply.setCookie('preau_lang', locale, { path: '/', sameSite: 'lax', secure: platform.config.secureCookies });
  return getMe(platform, request.session, request.actor);
}
