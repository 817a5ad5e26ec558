import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../authorization.ts';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import type { Platform } from '../platform.ts';
import { loadActor } from '../sessions/actor-loader.ts';
import type { Session } from '../sessions/session-store.ts';
import { hashToken } from '../tokens.ts';

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

/**
 * The session cookie's name. Over https it takes the `__Host-` prefix, which
 * browsers accept only with Secure, Path=/ and no Domain: a sibling subdomain
 * or a plain-http page cannot plant or overwrite it. Over http (development,
 * tests) browsers refuse `__Host-` cookies, so the plain name is kept.
 */
export function sessionCookieName(config: Pick<Config, 'secureCookies'>): string {
  return config.secureCookies ? '__Host-preau_session' : 'preau_session';
}

/** The actor of an authenticated route; the session hook guarantees it is there. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED');
  return request.actor;
}

export function setSessionCookie(platform: Platform, reply: FastifyReply, sessionId: string): void {
  // No Domain attribute, ever: the cookie stays on the exact host (required by __Host-).
  void reply.setCookie(sessionCookieName(platform.config), sessionId, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: platform.config.secureCookies,
    maxAge: Math.floor(platform.config.sessionAbsoluteMs / 1000),
  });
}

export function clearSessionCookie(platform: Platform, reply: FastifyReply): void {
  void reply.clearCookie(sessionCookieName(platform.config), { path: '/', httpOnly: true, sameSite: 'lax', secure: platform.config.secureCookies });
}

/**
 * Whether a request is an API call. Decided on the route the router matched
 * (it decodes the path), else on the decoded path: a percent-encoded
 * `/%61pi/v1/…` reaches the same handler as `/api/v1/…` and must meet the
 * same checks.
 */
export function isApiRequest(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  if (route) return route.startsWith('/api/');
  return decodedPath(request.url).startsWith('/api/');
}

function decodedPath(url: string): string {
  const path = url.split('?')[0] ?? '';
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/**
 * Loads the session of every /api request (one read) and the actor's current
 * rights (one indexed query), enforces login on non-public routes, and CSRF
 * on every state-changing request:
 * - with a session, the X-CSRF-Token header must equal the session's token;
 * - without one (login, activation), the body must be JSON — which a
 *   cross-site form cannot send without a CORS preflight — and Origin, when
 *   sent, must be our own.
 * API answers are personal: none may be stored by a browser or a proxy.
 */
export function registerSessionHook(app: FastifyInstance, platform: Platform): void {
  app.decorateRequest('session', undefined);
  app.decorateRequest('actor', undefined);
  const cookieName = sessionCookieName(platform.config);

  app.addHook('onRequest', async (request, reply) => {
    if (!isApiRequest(request)) return;
    // Set first, so errors thrown below carry it too.
    void reply.header('cache-control', 'no-store');
    const cookie = request.cookies[cookieName];
    const now = platform.now();
    if (cookie) {
      const idHash = hashToken(cookie);
      const data = await platform.sessions.get(idHash, now);
      const actor = data ? await loadActor(platform.database.db, data.accountId, platform.schoolYear()) : undefined;
      if (data && !actor) {
        // Blocked or deleted since the login: the session is over.
        await platform.sessions.delete(idHash);
      } else if (data && actor) {
        request.session = { idHash, data };
        request.actor = actor;
        if (data.idleExpiresAt - now < platform.config.sessionIdleMs - TOUCH_INTERVAL_MS) {
          data.idleExpiresAt = Math.min(now + platform.config.sessionIdleMs, data.absoluteExpiresAt);
          await platform.sessions.touch(idHash, data);
        }
      }
    }

    const isPublic = request.routeOptions.config?.public === true || (request.routeOptions.url ?? decodedPath(request.url)).startsWith('/api/docs');
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
