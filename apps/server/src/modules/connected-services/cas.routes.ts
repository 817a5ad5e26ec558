import { errorMessages } from '@preau/contracts';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { clearSessionCookie, sessionCookieName } from '../../platform/http/session-hook.ts';
import { requestLocale } from '../../platform/i18n.ts';
import type { Platform } from '../../platform/platform.ts';
import {
  CasFailure,
  casLogin,
  casLogout,
  escapeXml,
  issueProxyTicket,
  readSignedIn,
  type ValidationSuccess,
  validateTicket,
} from './cas.service.ts';
import { readAssertionArtifact, samlFailure, samlSuccess } from './cas-saml.ts';

const CAS_NS = 'http://www.yale.edu/tp/cas';

/** A query parameter as one string (CAS clients send each once; anything else counts as missing). */
function param(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, unknown>)[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function flag(request: FastifyRequest, name: string): boolean {
  const value = param(request, name);
  return value !== undefined && value !== 'false' && value !== '0';
}

function wantsJson(request: FastifyRequest): boolean {
  return param(request, 'format')?.toUpperCase() === 'JSON';
}

/** A small page of our own (error, signed out), in the request's language; no script, no style needed. */
function page(request: FastifyRequest, reply: FastifyReply, status: number, text: { fr: string; en: string }, link = true): FastifyReply {
  const locale = requestLocale(request);
  const message = escapeXml(text[locale]);
  const back = link ? `<p><a href="/">${locale === 'fr' ? 'Retour à l’ENT' : 'Back to the ENT'}</a></p>` : '';
  const title = locale === 'fr' ? 'Connexion aux services' : 'Sign-in to services';
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(
      `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>${title} — Préau</title></head><body><main><h1>${title}</h1><p>${message}</p>${back}</main></body></html>`,
    );
}

function attributesXml(attributes: Record<string, string[]>): string {
  let xml = '';
  for (const [name, values] of Object.entries(attributes)) {
    for (const value of values) xml += `<cas:${name}>${escapeXml(value)}</cas:${name}>`;
  }
  return xml;
}

function sendSuccess(request: FastifyRequest, reply: FastifyReply, result: ValidationSuccess, withAttributes: boolean): FastifyReply {
  void reply.header('cache-control', 'no-store');
  if (wantsJson(request)) {
    return reply.type('application/json; charset=utf-8').send({
      serviceResponse: {
        authenticationSuccess: {
          user: result.user,
          ...(withAttributes ? { attributes: result.attributes } : {}),
          ...(result.pgtIou ? { proxyGrantingTicket: result.pgtIou } : {}),
          ...(result.proxies.length > 0 ? { proxies: result.proxies } : {}),
        },
      },
    });
  }
  const proxies = result.proxies.length > 0 ? `<cas:proxies>${result.proxies.map((p) => `<cas:proxy>${escapeXml(p)}</cas:proxy>`).join('')}</cas:proxies>` : '';
  return reply
    .type('text/xml; charset=utf-8')
    .send(
      `<cas:serviceResponse xmlns:cas="${CAS_NS}"><cas:authenticationSuccess><cas:user>${escapeXml(result.user)}</cas:user>` +
        (withAttributes ? `<cas:attributes>${attributesXml(result.attributes)}</cas:attributes>` : '') +
        (result.pgtIou ? `<cas:proxyGrantingTicket>${result.pgtIou}</cas:proxyGrantingTicket>` : '') +
        `${proxies}</cas:authenticationSuccess></cas:serviceResponse>\n`,
    );
}

function sendFailure(request: FastifyRequest, reply: FastifyReply, failure: CasFailure, element: 'authenticationFailure' | 'proxyFailure'): FastifyReply {
  void reply.header('cache-control', 'no-store');
  if (wantsJson(request)) {
    return reply.type('application/json; charset=utf-8').send({ serviceResponse: { [element]: { code: failure.code, description: failure.message } } });
  }
  return reply
    .type('text/xml; charset=utf-8')
    .send(`<cas:serviceResponse xmlns:cas="${CAS_NS}"><cas:${element} code="${failure.code}">${escapeXml(failure.message)}</cas:${element}></cas:serviceResponse>\n`);
}

/**
 * The CAS server (protocol 1, 2 and 3) under /cas: Préau is the identity provider of the declared
 * connected services. The Préau session cookie is the ticket-granting cookie.
 */
export function casRoutes(platform: Platform): FastifyPluginAsync {
  const cookieName = sessionCookieName(platform.config);
  return async (app) => {
    // The CAS protocol, not Préau's API: kept out of the OpenAPI document (docs/connected-services.md describes it).
    app.addHook('onRoute', (route) => {
      route.schema = { ...route.schema, hide: true };
    });
    app.get('/login', async (request, reply) => {
      const signedIn = await readSignedIn(platform, request.cookies[cookieName]);
      const outcome = await casLogin(platform, signedIn, {
        service: param(request, 'service'),
        renew: flag(request, 'renew'),
        gateway: flag(request, 'gateway'),
      });
      if (outcome.kind === 'error') return page(request, reply, outcome.code === 'CAS_INVALID_SERVICE' ? 400 : 403, errorMessages[outcome.code]);
      if (outcome.endSession) clearSessionCookie(platform, reply);
      return reply.header('cache-control', 'no-store').redirect(outcome.location, 302);
    });

    app.get('/logout', async (request, reply) => {
      const signedIn = await readSignedIn(platform, request.cookies[cookieName]);
      const next = await casLogout(platform, signedIn, param(request, 'service'));
      clearSessionCookie(platform, reply);
      if (next) return reply.header('cache-control', 'no-store').redirect(next, 302);
      return page(request, reply, 200, { fr: 'Vous êtes déconnecté de l’ENT et des services ouverts avec lui.', en: 'You are signed out of the ENT and of the services opened with it.' });
    });

    // CAS 1.0: "yes\n<user>\n" or "no\n\n".
    app.get('/validate', async (request, reply) => {
      void reply.type('text/plain; charset=utf-8').header('cache-control', 'no-store');
      try {
        const result = await validateTicket(
          platform,
          { service: param(request, 'service'), ticket: param(request, 'ticket'), renew: flag(request, 'renew') },
          { allowProxyTickets: false },
        );
        return reply.send(`yes\n${result.user}\n`);
      } catch (error) {
        if (error instanceof CasFailure) return reply.send('no\n\n');
        throw error;
      }
    });

    const validation = (allowProxyTickets: boolean, withAttributes: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        const result = await validateTicket(
          platform,
          { service: param(request, 'service'), ticket: param(request, 'ticket'), renew: flag(request, 'renew'), pgtUrl: param(request, 'pgtUrl') },
          { allowProxyTickets },
        );
        return sendSuccess(request, reply, result, withAttributes);
      } catch (error) {
        if (error instanceof CasFailure) return sendFailure(request, reply, error, 'authenticationFailure');
        throw error;
      }
    };
    app.get('/serviceValidate', validation(false, false));
    app.get('/proxyValidate', validation(true, false));
    app.get('/p3/serviceValidate', validation(false, true));
    app.get('/p3/proxyValidate', validation(true, true));

    // SAML 1.1 over SOAP (CAS 3.0 §4.2): the ticket in a POSTed samlp:Request, the service in TARGET.
    app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_request, body, done) => done(null, body));
    app.post('/samlValidate', async (request, reply) => {
      void reply.type('text/xml; charset=utf-8').header('cache-control', 'no-store');
      const now = platform.now();
      const service = param(request, 'TARGET');
      const ticket = typeof request.body === 'string' ? readAssertionArtifact(request.body) : undefined;
      if (!service || !ticket) {
        return reply.send(samlFailure('Requester', 'INVALID_REQUEST', 'TARGET and one samlp:AssertionArtifact are required', service ?? '', now));
      }
      try {
        const result = await validateTicket(platform, { service, ticket, renew: flag(request, 'renew') }, { allowProxyTickets: false });
        return reply.send(samlSuccess(result, service, platform.config.publicUrl, now));
      } catch (error) {
        if (error instanceof CasFailure) return reply.send(samlFailure('RequestDenied', error.code, error.message, service, now));
        throw error;
      }
    });

    app.get('/proxy', async (request, reply) => {
      try {
        const ticket = await issueProxyTicket(platform, { pgt: param(request, 'pgt'), targetService: param(request, 'targetService') });
        void reply.header('cache-control', 'no-store');
        if (wantsJson(request)) return reply.type('application/json; charset=utf-8').send({ serviceResponse: { proxySuccess: { proxyTicket: ticket } } });
        return reply
          .type('text/xml; charset=utf-8')
          .send(`<cas:serviceResponse xmlns:cas="${CAS_NS}"><cas:proxySuccess><cas:proxyTicket>${ticket}</cas:proxyTicket></cas:proxySuccess></cas:serviceResponse>\n`);
      } catch (error) {
        if (error instanceof CasFailure) return sendFailure(request, reply, error, 'proxyFailure');
        throw error;
      }
    });
  };
}
