import { LoginProvidersResponse } from '@preau/contracts';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../../platform/errors.ts';
import { errorMessage, requestLocale } from '../../../platform/i18n.ts';
import type { Platform } from '../../../platform/platform.ts';
import { EDUCONNECT_PATHS } from './educonnect-sp.ts';
import { educonnectMetadata, finishEduConnectLogin, isEduConnectEnabled, startEduConnectLogin } from './educonnect.service.ts';

/** An HTTP-POST binding form holds one base64 response (ÉduConnect's are a few KiB). */
const ACS_BODY_LIMIT = 256 * 1024;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The page a browser lands on when an ÉduConnect login fails: what happened in the reader's language,
 * the stable code (what a helpdesk asks for), and the way back to the login page. No script.
 */
function refusalPage(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  const locale = requestLocale(request);
  const title = locale === 'fr' ? 'Connexion avec ÉduConnect' : 'Logging in with ÉduConnect';
  const back = locale === 'fr' ? 'Revenir à la page de connexion' : 'Back to the login page';
  const codeLabel = locale === 'fr' ? 'Code à donner à l’assistance' : 'Code to give the helpdesk';
  return reply
    .status(error.status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(
      `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>${title} — Préau</title></head><body><main><h1>${title}</h1><p>${escapeHtml(errorMessage(error.code, locale))}</p>` +
        `<p>${codeLabel} : <code data-error-code>${error.code}</code></p><p><a href="/connexion">${back}</a></p></main></body></html>`,
    );
}

async function orRefusalPage(request: FastifyRequest, reply: FastifyReply, run: () => Promise<FastifyReply>): Promise<FastifyReply> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AppError) return refusalPage(request, reply, error);
    throw error;
  }
}

/** `/saml/educonnect/*`: Préau as a SAML 2.0 service provider of ÉduConnect (pages, not API). */
export function educonnectRoutes(platform: Platform): FastifyPluginAsync {
  return async (app) => {
    // The HTTP-POST binding is a plain HTML form; the parser lives in this plugin only.
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: ACS_BODY_LIMIT }, (_request, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );

    app.get(EDUCONNECT_PATHS.metadata, { schema: { hide: true } }, async (request, reply) =>
      orRefusalPage(request, reply, async () => reply.type('application/samlmetadata+xml; charset=utf-8').send(await educonnectMetadata(platform))),
    );

    app.get(EDUCONNECT_PATHS.login, { schema: { hide: true } }, async (request, reply) =>
      orRefusalPage(request, reply, async () => {
        const returnTo = (request.query as Record<string, unknown>).returnTo;
        return reply.header('cache-control', 'no-store').redirect(await startEduConnectLogin(platform, reply, returnTo), 302);
      }),
    );

    app.post(EDUCONNECT_PATHS.acs, { schema: { hide: true } }, async (request, reply) =>
      orRefusalPage(request, reply, async () => reply.header('cache-control', 'no-store').redirect(await finishEduConnectLogin(platform, reply, request.body, request.cookies), 303)),
    );
  };
}

/** `GET /api/v1/auth/providers`: which login buttons the login page shows, before anyone is logged in. */
export function loginProvidersRoute(platform: Platform): FastifyPluginAsync {
  return async (instance) => {
    const app = instance.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/auth/providers',
      { config: { public: true }, schema: { tags: ['identity'], summary: 'Login methods offered besides the password', response: { 200: LoginProvidersResponse } } },
      async () => ({ educonnect: isEduConnectEnabled(platform) }),
    );
  };
}
