import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import type { InteractionResults } from 'oidc-provider';
import { sessionCookieName } from '../../platform/http/session-hook.ts';
import { requestLocale } from '../../platform/i18n.ts';
import type { Platform } from '../../platform/platform.ts';
import { escapeXml, readSignedIn } from './cas.service.ts';
import { createOidcProvider, OIDC_PREFIX, requestLocales } from './oidc.provider.ts';
import { findOidcKeys, findOidcKeysFingerprint, type OidcKeys } from './oidc.repository.ts';
import { decideInteraction } from './oidc.service.ts';

interface BuiltProvider {
  keys: Promise<OidcKeys>;
  provider: Promise<Provider>;
  checkedAt: number;
}

const providers = new WeakMap<Platform, BuiltProvider>();

/**
 * How often a process looks whether the keys changed (another process, or `preau oidc rotate-keys`, rotated
 * them): a new key signs in every process within this delay, with no restart.
 */
export const OIDC_KEYS_CHECK_MS = 30_000;

function build(platform: Platform): BuiltProvider {
  const keys = findOidcKeys(platform.database.db, new Date(platform.now()));
  const built: BuiltProvider = { keys, provider: keys.then((k) => createOidcProvider(platform, k)), checkedAt: platform.now() };
  built.provider.catch(() => providers.delete(platform));
  providers.set(platform, built);
  return built;
}

/**
 * The platform's provider, built on first use (its keys are read, or created, in the database then) and
 * rebuilt when the keys in force changed. What it issued is in the shared store, so a rebuild loses nothing.
 */
export async function oidcProviderOf(platform: Platform): Promise<Provider> {
  const current = providers.get(platform) ?? build(platform);
  if (platform.now() - current.checkedAt < OIDC_KEYS_CHECK_MS) return current.provider;
  current.checkedAt = platform.now();
  const { fingerprint } = await current.keys;
  if ((await findOidcKeysFingerprint(platform.database.db)) === fingerprint) return current.provider;
  const latest = providers.get(platform);
  return (latest && latest !== current ? latest : build(platform)).provider;
}

function expiredPage(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const fr = requestLocale(request) === 'fr';
  const title = fr ? 'Connexion aux services' : 'Sign-in to services';
  const message = fr
    ? 'Cette demande de connexion a expiré. Revenez au service et recommencez, ou ouvrez-le depuis « Mes applis ».'
    : 'This sign-in request has expired. Go back to the service and try again, or open it from “My apps”.';
  return reply
    .status(400)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(
      `<!doctype html><html lang="${fr ? 'fr' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>${title} — Préau</title></head><body><main><h1>${title}</h1><p>${escapeXml(message)}</p><p><a href="/">${fr ? 'Retour à l’ENT' : 'Back to the ENT'}</a></p></main></body></html>`,
    );
}

/**
 * The OpenID Connect provider: oidc-provider answers under /oidc and at /.well-known/openid-configuration
 * (the issuer is the public URL); the interaction page, where the Préau session becomes the user's
 * authentication, is ours. These are the protocol's endpoints, not Préau's API: kept out of the OpenAPI
 * document (docs/connected-services.md describes them).
 */
export function oidcRoutes(platform: Platform): FastifyPluginAsync {
  const cookieName = sessionCookieName(platform.config);
  return async (app) => {
    app.addHook('onRoute', (route) => {
      route.schema = { ...route.schema, hide: true };
    });
    // The provider reads the bodies itself (form-encoded, JSON): Fastify leaves the stream untouched.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));

    const forward = async (request: FastifyRequest, reply: FastifyReply) => {
      const provider = await oidcProviderOf(platform);
      requestLocales.set(request.raw, requestLocale(request));
      // The logout page's form posts here and is redirected to the service's post_logout_redirect_uri: browsers
      // apply form-action to that redirect too, so the page keeps every directive of the policy but that one.
      const policy = reply.raw.getHeader('content-security-policy');
      if (typeof policy === 'string' && request.url.startsWith(`${OIDC_PREFIX}/session/end`)) {
        reply.raw.setHeader('content-security-policy', policy.split(';').filter((directive) => !directive.trim().startsWith('form-action')).join(';'));
      }
      reply.hijack();
      await provider.callback()(request.raw, reply.raw);
    };
    app.all(`${OIDC_PREFIX}/*`, forward);
    app.get('/.well-known/openid-configuration', forward);

    app.get(`${OIDC_PREFIX}/interaction/:uid`, async (request, reply) => {
      const provider = await oidcProviderOf(platform);
      let details: Awaited<ReturnType<Provider['interactionDetails']>>;
      try {
        details = await provider.interactionDetails(request.raw, reply.raw);
      } catch {
        return expiredPage(request, reply);
      }
      if (details.uid !== (request.params as { uid: string }).uid) return expiredPage(request, reply);
      const signedIn = await readSignedIn(platform, request.cookies[cookieName]);
      const outcome = await decideInteraction(platform, signedIn, String(details.params.client_id ?? ''));
      if (outcome.kind === 'login') {
        const back = `${OIDC_PREFIX}/interaction/${details.uid}`;
        return reply.header('cache-control', 'no-store').redirect(`/connexion?retour=${encodeURIComponent(back)}`, 302);
      }
      let result: InteractionResults;
      if (outcome.kind === 'refused') {
        result = { error: 'access_denied', error_description: 'The service is not offered to this user' };
      } else if (details.prompt.name === 'login' || details.session?.accountId !== outcome.accountId) {
        result = { login: { accountId: outcome.accountId } };
      } else {
        // No consent screen: the collectivité vetted the service and chose what it receives.
        const grant = (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ?? new provider.Grant({ accountId: outcome.accountId, clientId: String(details.params.client_id) });
        const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
        if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
        if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
        for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
        result = { consent: { grantId: await grant.save() } };
      }
      reply.hijack();
      await provider.interactionFinished(request.raw, reply.raw, result, { mergeWithLastSubmission: false });
    });
  };
}
