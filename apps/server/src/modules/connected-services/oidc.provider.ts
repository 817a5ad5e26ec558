import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import Provider, { type Adapter, type AdapterPayload, type ClientMetadata, type Configuration, interactionPolicy, type KoaContextWithOIDC } from 'oidc-provider';
import type { Locale } from '@preau/contracts';
import type { Platform } from '../../platform/platform.ts';
import { sessionCookieName } from '../../platform/http/session-hook.ts';
import { hashToken } from '../../platform/tokens.ts';
import { endCasSession, escapeXml, readSignedIn } from './cas.service.ts';
import { OIDC_SCOPE_CLAIMS } from './oidc-claims.ts';
import { findOidcKeys, type OidcKeys, oidcStore } from './oidc.repository.ts';
import { decideInteraction, findOidcClaims, findOidcClient, recordOidcValidation } from './oidc.service.ts';
import { matchesPattern } from './service-url.ts';

/** Where the provider's endpoints live under the public URL; discovery stays at the issuer's /.well-known. */
export const OIDC_PREFIX = '/oidc';

/** An ID token's life (s): a replaced signing key stays published this long after its replacement (rotateOidcKeys). */
export const ID_TOKEN_TTL = 3600;

/** The language of each request, set by the Fastify route before the provider takes it (pages it renders). */
export const requestLocales = new WeakMap<IncomingMessage, Locale>();

const text = {
  title: { fr: 'Connexion aux services', en: 'Sign-in to services' },
  error: { fr: 'Ce service n’a pas pu vous connecter. Revenez à l’ENT et rouvrez-le depuis « Mes applis ».', en: 'This service could not sign you in. Go back to the ENT and open it again from “My apps”.' },
  logout: { fr: 'Voulez-vous aussi vous déconnecter de l’ENT ?', en: 'Do you also want to sign out of the ENT?' },
  yes: { fr: 'Oui, me déconnecter de l’ENT', en: 'Yes, sign me out of the ENT' },
  no: { fr: 'Non, rester connecté à l’ENT', en: 'No, stay signed in to the ENT' },
  loggedOut: { fr: 'Vous êtes déconnecté.', en: 'You are signed out.' },
  back: { fr: 'Retour à l’ENT', en: 'Back to the ENT' },
};

function page(ctx: KoaContextWithOIDC, body: string): void {
  const locale = requestLocales.get(ctx.req) ?? 'fr';
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('cache-control', 'no-store');
  ctx.body =
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${text.title[locale]} — Préau</title></head><body><main><h1>${text.title[locale]}</h1>${body}</main></body></html>`;
}

const say = (ctx: KoaContextWithOIDC, key: keyof typeof text) => escapeXml(text[key][requestLocales.get(ctx.req) ?? 'fr']);

/** A connected service's client metadata, from its declaration (oidc-provider asks it by client id). */
async function clientMetadata(platform: Platform, clientId: string): Promise<ClientMetadata | undefined> {
  const client = await findOidcClient(platform, clientId);
  if (!client) return undefined;
  const { service, secretHash } = client;
  return {
    client_id: clientId,
    // The hash: compareClientSecret below hashes what the client sends. The clear secret exists nowhere.
    client_secret: secretHash,
    client_name: service.name,
    // The service's patterns; redirectUriAllowed below matches them (a final `*` allows a path below).
    redirect_uris: service.allowed_patterns,
    post_logout_redirect_uris: service.allowed_patterns,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    scope: Object.keys(OIDC_SCOPE_CLAIMS).concat('offline_access').join(' '),
  };
}


/** The `Client` model: the declared connected services, read only (no dynamic registration). */
class DeclaredClients implements Adapter {
  constructor(private readonly platform: Platform) {}
  find(id: string): Promise<AdapterPayload | undefined> {
    return clientMetadata(this.platform, id);
  }
  async upsert(): Promise<void> {}
  async findByUid(): Promise<undefined> {}
  async findByUserCode(): Promise<undefined> {}
  async consume(): Promise<void> {}
  async destroy(): Promise<void> {}
  async revokeByGrantId(): Promise<void> {}
}

/**
 * Préau's OpenID Connect provider (oidc-provider, docs/decisions/oidc-provider.md): the issuer is the
 * public URL, the clients are the declared `oidc` connected services, the accounts are the directory's,
 * and the user's authentication is his Préau session. Built once per platform, on keys stored in the
 * database so every process signs and verifies alike.
 */
export async function createOidcProvider(platform: Platform, keysInForce?: OidcKeys): Promise<Provider> {
  const { config } = platform;
  const keys = keysInForce ?? (await findOidcKeys(platform.database.db, new Date(platform.now())));
  const cookieName = sessionCookieName(config);
  const store = oidcStore(platform.database.db, platform.redis);
  const secure = config.publicUrl.startsWith('https:');

  const preauSession = (ctx: KoaContextWithOIDC) => readSignedIn(platform, ctx.cookies.get(cookieName, { signed: false }));

  const policy = interactionPolicy.base();
  // Each authorization follows the Préau session: signed out of the ENT, or now someone else, or no longer
  // offered the service, and the provider's own session no longer counts.
  policy.get('login')?.checks.add(
    new interactionPolicy.Check('preau_session', 'The ENT session has ended or changed', async (ctx) => {
      const outcome = await decideInteraction(platform, await preauSession(ctx), ctx.oidc.client?.clientId ?? '');
      return outcome.kind === 'granted' && outcome.accountId === ctx.oidc.session?.accountId
        ? interactionPolicy.Check.NO_NEED_TO_PROMPT
        : interactionPolicy.Check.REQUEST_PROMPT;
    }),
  );

  const configuration: Configuration = {
    adapter: (model: string): Adapter => (model === 'Client' ? new DeclaredClients(platform) : store(model)),
    async findAccount(ctx, sub) {
      const claims = await findOidcClaims(platform, ctx.oidc.client?.clientId, sub);
      if (!claims) return undefined;
      return { accountId: sub, claims: () => ({ ...claims, sub }) };
    },
    claims: Object.fromEntries(Object.entries(OIDC_SCOPE_CLAIMS).map(([scope, claims]) => [scope, [...claims]])),
    scopes: ['openid', 'offline_access', ...Object.keys(OIDC_SCOPE_CLAIMS).filter((s) => s !== 'openid')],
    jwks: { keys: keys.signing as NonNullable<Configuration['jwks']>['keys'] },
    cookies: {
      keys: keys.cookies,
      names: { session: 'preau_oidc_session', interaction: 'preau_oidc_interaction', resume: 'preau_oidc_resume' },
      long: { httpOnly: true, sameSite: 'lax', secure },
      short: { httpOnly: true, sameSite: 'lax', secure },
    },
    routes: {
      authorization: `${OIDC_PREFIX}/auth`,
      token: `${OIDC_PREFIX}/token`,
      userinfo: `${OIDC_PREFIX}/me`,
      jwks: `${OIDC_PREFIX}/jwks`,
      end_session: `${OIDC_PREFIX}/session/end`,
      revocation: `${OIDC_PREFIX}/token/revocation`,
      introspection: `${OIDC_PREFIX}/token/introspection`,
      pushed_authorization_request: `${OIDC_PREFIX}/request`,
      code_verification: `${OIDC_PREFIX}/device`,
      device_authorization: `${OIDC_PREFIX}/device/auth`,
      backchannel_authentication: `${OIDC_PREFIX}/backchannel`,
      challenge: `${OIDC_PREFIX}/challenge`,
      credential: `${OIDC_PREFIX}/credential`,
    },
    interactions: {
      url: (_ctx, interaction) => `${OIDC_PREFIX}/interaction/${interaction.uid}`,
      policy,
    },
    responseTypes: ['code'],
    // Every client uses PKCE (S256), confidential ones too (OAuth 2.0 Security BCP).
    pkce: { required: () => true },
    clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
    // Only asymmetric signatures: a client secret is kept hashed, so it can key no HMAC.
    enabledJWA: {
      idTokenSigningAlgValues: ['RS256'],
      userinfoSigningAlgValues: ['RS256'],
      introspectionSigningAlgValues: ['RS256'],
      authorizationSigningAlgValues: ['RS256'],
      requestObjectSigningAlgValues: ['RS256'],
      clientAuthSigningAlgValues: ['RS256'],
    },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource(ctx, form) {
          page(
            ctx,
            `<p>${say(ctx, 'logout')}</p>${form}<p><button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">${say(ctx, 'yes')}</button></p>` +
              `<p><button type="submit" form="op.logoutForm">${say(ctx, 'no')}</button></p>`,
          );
        },
        postLogoutSuccessSource(ctx) {
          page(ctx, `<p>${say(ctx, 'loggedOut')}</p><p><a href="/">${say(ctx, 'back')}</a></p>`);
        },
      },
    },
    ttl: {
      AuthorizationCode: 60,
      AccessToken: 3600,
      IdToken: ID_TOKEN_TTL,
      Interaction: 3600,
      Grant: 14 * 24 * 3600,
      RefreshToken: 14 * 24 * 3600,
      Session: Math.floor(config.sessionAbsoluteMs / 1000),
    },
    renderError(ctx, out) {
      // The protocol's error code for whoever reads it, no detail about the request (never a stack).
      page(ctx, `<p>${say(ctx, 'error')}</p><p><code>${escapeXml(String(out.error))}</code></p><p><a href="/">${say(ctx, 'back')}</a></p>`);
    },
  };

  const provider = new Provider(config.publicUrl, configuration);
  provider.proxy = config.trustProxy;

  // The secret is stored hashed (SHA-256 of 256 random bits): the client's secret is hashed and compared.
  provider.Client.prototype.compareClientSecret = function compareClientSecret(this: { clientSecret?: string }, actual: string) {
    const expected = Buffer.from(this.clientSecret ?? '');
    const given = Buffer.from(hashToken(actual));
    return expected.length > 0 && expected.length === given.length && timingSafeEqual(expected, given);
  };
  // Redirects go only where the service's patterns allow, the same rule as CAS service URLs.
  provider.Client.prototype.redirectUriAllowed = function redirectUriAllowed(this: { redirectUris?: string[] }, uri: string) {
    return (this.redirectUris ?? []).some((pattern) => matchesPattern(uri, pattern));
  };
  provider.Client.prototype.postLogoutRedirectUriAllowed = function postLogoutRedirectUriAllowed(this: { postLogoutRedirectUris?: string[] }, uri: string) {
    return (this.postLogoutRedirectUris ?? []).some((pattern) => matchesPattern(uri, pattern));
  };

  provider.use(async (koa, next) => {
    await next();
    // The provider's own middleware has run: the context carries its `oidc` part when it handled a route.
    const ctx = koa as unknown as KoaContextWithOIDC;
    const route = ctx.oidc?.route;
    if (route === 'token' && ctx.status === 200) {
      const code = ctx.oidc.entities.AuthorizationCode;
      if (code?.accountId && code.clientId) await recordOidcValidation(platform, code.clientId, code.accountId);
    }
    // "Sign me out" at a service's logout is the single logout of the ENT too, as /cas/logout is.
    if (route === 'end_session_confirm' && ctx.oidc.params?.logout && ctx.status < 400) {
      const signedIn = await preauSession(ctx);
      if (signedIn) {
        await endCasSession(platform, signedIn.idHash);
        await platform.sessions.delete(signedIn.idHash);
      }
    }
  });
  return provider;
}
