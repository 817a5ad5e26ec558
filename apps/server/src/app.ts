import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { adminRoutes } from './modules/admin/admin.routes.ts';
import { directoryRoutes } from './modules/directory/directory.routes.ts';
import { identityRoutes } from './modules/identity/identity.routes.ts';
import { messagingRoutes } from './modules/messaging/messaging.routes.ts';
import { timelineRoutes } from './modules/timeline/timeline.routes.ts';
import { homeworkRoutes } from './modules/homework/homework.routes.ts';
import { provisioningRoutes } from './modules/provisioning/provisioning.routes.ts';
import { orientationRoutes } from './modules/orientation/orientation.routes.ts';
import { evaluationsRoutes } from './modules/evaluations/evaluations.routes.ts';
import { workspaceRoutes } from './modules/workspace/workspace.routes.ts';
import { newsRoutes } from './modules/news/news.routes.ts';
import { agendaFeedRoute, agendaRoutes } from './modules/agenda/agenda.routes.ts';
import { casRoutes } from './modules/connected-services/cas.routes.ts';
import { oidcRoutes } from './modules/connected-services/oidc.routes.ts';
import { connectedServicesRoutes } from './modules/connected-services/connected-services.routes.ts';
import { presencesRoutes } from './modules/presences/presences.routes.ts';
import { inventoryAgentRoute } from './modules/inventory/agent.routes.ts';
import { inventoryRoutes } from './modules/inventory/inventory.routes.ts';
import { supportRoutes } from './modules/support/support.routes.ts';
import { portalRoutes } from './modules/portal/portal.routes.ts';
import { garRoutes } from './modules/gar/gar.routes.ts';
import { icalFeedRoute, timetableRoutes } from './modules/timetable/timetable.routes.ts';
import { educonnectRoutes, loginProvidersRoute } from './modules/identity/educonnect/educonnect.routes.ts';
import { AppError } from './platform/errors.ts';
import { registerHealthRoutes } from './platform/health/health.ts';
import { registerErrorHandler, sendError } from './platform/http/error-handler.ts';
import { registerMetrics } from './platform/http/metrics.ts';
import { transformWithErrors } from './platform/http/openapi-errors.ts';
import { registerSessionHook } from './platform/http/session-hook.ts';
import { loggerOptions } from './platform/logger.ts';
import { requestIdOf, runWithLogContext } from './platform/log-context.ts';
import type { Platform } from './platform/platform.ts';

export type App = FastifyInstance;

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Builds the HTTP application on a platform. Tests call it and use
 * `app.inject`; `preau serve` calls it and listens.
 */
export async function buildApp(platform: Platform): Promise<App> {
  const { config } = platform;
  const app = Fastify({
    logger: loggerOptions(config.logLevel),
    genReqId: requestIdOf,
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    disableRequestLogging: config.nodeEnv === 'test',
    // A request that reaches a closing process on a kept-alive connection is served (the database stays
    // open until the last answer), not refused: see serve.ts.
    return503OnClosing: false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(fastifyCookie);
  await app.register(fastifyWebsocket, { options: { maxPayload: 4096 } });
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        ...(config.secureCookies ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    hsts: config.secureCookies,
    crossOriginEmbedderPolicy: false,
  });
  registerErrorHandler(app);

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Préau API',
        version: '1',
        description:
          'API de l’ENT Préau. Authentification par cookie de session (POST /api/v1/auth/login) ; ' +
          'chaque requête qui modifie doit porter l’en-tête X-CSRF-Token reçu à la connexion.',
      },
      servers: [{ url: '/' }],
    },
    transform: transformWithErrors,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { docExpansion: 'list' },
    staticCSP: true,
  });

  // Everything a request runs, services and the jobs it starts included, logs under its id (log-context.ts).
  // Entered again after the body is read: the body's stream events do not continue the onRequest context.
  const underRequestId = (request: { id: string }, _reply: unknown, done: () => void) => runWithLogContext({ reqId: request.id }, done);
  app.addHook('onRequest', underRequestId);
  app.addHook('preValidation', underRequestId);
  // Before the session hook: the shutdown's count of handlers in flight must include its database reads.
  registerHealthRoutes(app, platform);
  registerMetrics(app, config, platform.database);
  registerSessionHook(app, platform);

  await app.register(
    async (api) => {
      await api.register(identityRoutes(platform));
      await api.register(directoryRoutes(platform));
      await api.register(adminRoutes(platform));
      await api.register(messagingRoutes(platform));
      await api.register(timelineRoutes(platform));
      await api.register(timetableRoutes(platform));
      await api.register(homeworkRoutes(platform));
      await api.register(provisioningRoutes(platform));
      await api.register(orientationRoutes(platform));
      await api.register(evaluationsRoutes(platform));
      await api.register(workspaceRoutes(platform));
      await api.register(newsRoutes(platform));
      await api.register(agendaRoutes(platform));
      await api.register(connectedServicesRoutes(platform));
      await api.register(presencesRoutes(platform));
      await api.register(inventoryRoutes(platform));
      await api.register(supportRoutes(platform));
      await api.register(loginProvidersRoute(platform));
      await api.register(portalRoutes(platform));
      await api.register(garRoutes(platform));
    },
    { prefix: '/api/v1' },
  );
  await app.register(icalFeedRoute(platform));
  await app.register(casRoutes(platform), { prefix: '/cas' });
  await app.register(inventoryAgentRoute(platform));
  await app.register(agendaFeedRoute(platform));
  await app.register(oidcRoutes(platform));
  await app.register(educonnectRoutes(platform));

  await serveWebApp(app, config.webDist);

  app.setNotFoundHandler((request, reply) => {
    // HEAD too: monitoring probes and link checkers ask for a page without its body.
    if (request.url.startsWith('/api/') || (request.method !== 'GET' && request.method !== 'HEAD')) {
      return sendError(request, reply, new AppError('ROUTE_NOT_FOUND'));
    }
    if (indexHtml) return reply.type('text/html; charset=utf-8').send(indexHtml);
    return sendError(request, reply, new AppError('ROUTE_NOT_FOUND'));
  });

  let indexHtml: string | undefined;
  const webDist = resolveWebDist(config.webDist);
  if (webDist) indexHtml = readFileSync(join(webDist, 'index.html'), 'utf8');

  return app;
}

function resolveWebDist(configured: string | undefined): string | undefined {
  const candidate = configured ? resolve(configured) : resolve(here, '../../web/dist');
  return existsSync(join(candidate, 'index.html')) ? candidate : undefined;
}

/** Serves the built single-page app; every unknown GET outside /api falls back to index.html. */
async function serveWebApp(app: App, configured: string | undefined): Promise<void> {
  const root = resolveWebDist(configured);
  if (!root) return;
  await app.register(fastifyStatic, { root, prefix: '/', wildcard: false, index: false, maxAge: '1h' });
}
