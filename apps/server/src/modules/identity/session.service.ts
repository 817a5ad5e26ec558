import { appPaths, type Me } from '@preau/contracts';
import type { FastifyReply } from 'fastify';
import { usableApps, type Actor } from '../../platform/authorization.ts';
import type { AccountRow } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { setSessionCookie } from '../../platform/http/session-hook.ts';
import type { Platform } from '../../platform/platform.ts';
import { loadActor } from '../../platform/sessions/actor-loader.ts';
import { hashToken, newToken } from '../../platform/tokens.ts';
import { findCollectiviteNames, findStructureRefs } from './identity.repository.ts';

/**
 * Opens a new session for an account (a fresh id at every login, so a
 * planted cookie is worthless) and sets its cookie. The session names the
 * account only; its rights are read again on every request.
 */
export async function openSession(platform: Platform, reply: FastifyReply, account: AccountRow): Promise<{ actor: Actor; csrfToken: string }> {
  const actor = await loadActor(platform.database.db, account.id, platform.schoolYear());
  if (!actor) throw new AppError('INVALID_CREDENTIALS');
  const sessionId = newToken();
  const csrfToken = newToken();
  const now = platform.now();
  await platform.sessions.create(hashToken(sessionId), {
    accountId: account.id,
    csrfToken,
    createdAt: now,
    idleExpiresAt: now + platform.config.sessionIdleMs,
    absoluteExpiresAt: now + platform.config.sessionAbsoluteMs,
  });
  setSessionCookie(platform, reply, sessionId);
  void reply.setCookie('preau_lang', account.locale, { path: '/', sameSite: 'lax', secure: platform.config.secureCookies });
  return { actor, csrfToken };
}

/** What the web app needs to know about who is logged in. */
export async function presentMe(platform: Platform, account: AccountRow, actor: Actor): Promise<Me> {
  return assembleMe(account, actor, await scopeNamesOf(platform, actor));
}

type ScopeNames = Awaited<ReturnType<typeof scopeNamesOf>>;

/**
 * Names of the actor's structures, ADML structures and ADMC collectivités
 * (they depend on the actor only, not on the account row). `structures` when
 * the caller already read them with the account.
 */
export async function scopeNamesOf(platform: Platform, actor: Actor, structuresRead?: Array<{ id: string; uai: string; name: string }>) {
  const db = platform.database.db;
  const [structures, adminStructures, collectivites] = await Promise.all([
    structuresRead ?? findStructureRefs(db, actor.structureIds),
    findStructureRefs(db, actor.admlStructureIds),
    findCollectiviteNames(db, actor.admcCollectiviteIds),
  ]);
  return { structures, adminStructures, collectivites };
}

export function assembleMe(account: AccountRow, actor: Actor, { structures, adminStructures, collectivites }: ScopeNames): Me {
  return {
    id: account.id,
    login: account.login,
    firstName: account.first_name,
    lastName: account.last_name,
    displayName: `${account.first_name} ${account.last_name}`,
    profile: account.profile,
    staffFunction: account.staff_function,
    email: account.email,
    locale: account.locale,
    structures: structures.map((s) => ({ id: s.id, uai: s.uai.trim(), name: s.name })),
    adminRoles: [
      ...collectivites.map((c) => ({ role: 'ADMC' as const, scopeId: c.id, scopeName: c.name })),
      ...adminStructures.map((s) => ({ role: 'ADML' as const, scopeId: s.id, scopeName: s.name })),
    ],
    apps: usableApps(actor).map((id) => ({ id, path: appPaths[id] })),
  };
}
