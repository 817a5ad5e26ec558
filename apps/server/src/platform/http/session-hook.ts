import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../authorization.ts';
import { AppError } from '../errors.ts';
import type { Platform } from '../platform.ts';
import type { Session } from '../sessions/session-store.ts';
import { hashToken } from '../tokens.ts';

export const SESSION_COOKIE = 'preau_session';
export const CSRF_HEADER = 'x-csrf-token';
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** The idle expiry is pushed forward at most once a minute, not on every request. */
const TOUCH_INTERVAL_MS = 60_000;

declare module 'fastify' {
  interface FastifyRequest {
    session: { idHash: string; data: Session } | undefined;
    actor: Actor | undefined;
  }
  interface FastifyContextConfig {
    /** Routes reachable without a session (login, activation, health). */
    public?: boolean;
  }
}

/** The actor of an authenticated route; the session hook guarantees it is there. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED');
  return request.actor;
}

export function setSessionCookie(platform: Platform, reply: FastifyReply, sessionId: string): void {
  void reply.setCookie(SESSION_COOKIE, sessionId, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: platform.config.secureCookies,
    maxAge: Math.floor(platform.config.sessionAbsoluteMs / 1000),
  });
}

export function clearSessionCookie(platform: Platform, reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: platform.config.secureCookies });
}

/**
 * Loads the session of every /api request (one read), enforces login on
 * non-public routes, and CSRF on every state-changing request:
 * - with a session, the X-CSRF-Token header must equal the session's token;
 * - without one (login, activation), the body must be JSON — which a
 *   cross-site form cannot send without a CORS preflight — and Origin, when
 *   sent, must be our own.
 */
export function registerSessionHook(app: FastifyInstance, platform: Platform): void {
  app.decorateRequest('session', undefined);
  app.decorateRequest('actor', undefined);

  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const cookie = request.cookies[SESSION_COOKIE];
    const now = platform.now();
    if (cookie) {
      const idHash = hashToken(cookie);
      const data = await platform.sessions.get(idHash, now);
      if (data) {
        request.session = { idHash, data };
        request.actor = data.actor;
        if (data.idleExpiresAt - now < platform.config.sessionIdleMs - TOUCH_INTERVAL_MS) {
          data.idleExpiresAt = Math.min(now + platform.config.sessionIdleMs, data.absoluteExpiresAt);
          await platform.sessions.touch(idHash, data);
        }
      }
    }

    const isPublic = request.routeOptions.config?.public === true || request.url.startsWith('/api/docs');
    if (STATE_CHANGING.has(request.method)) {
      if (request.session) {
        const header = request.headers[CSRF_HEADER];
        if (header !== request.session.data.csrfToken) throw new AppError('CSRF_INVALID');
      } else if (!isOwnOrigin(request, platform)) {
        throw new AppError('CSRF_INVALID');
      }
    }
    if (!isPublic && !request.session && request.routeOptions.url) throw new AppError('UNAUTHENTICATED');
  });
}

function isOwnOrigin(request: FastifyRequest, platform: Platform): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  try {
    const host = new URL(origin).host;
    return host === request.headers.host || host === new URL(platform.config.publicUrl).host;
  } catch {
    return false;
  }
}
