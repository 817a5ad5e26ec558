import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.ts';
import { isServiceUnavailable } from '../../platform/health/outage.ts';
import { Semaphore } from '../../platform/passwords.ts';
import type { Platform } from '../../platform/platform.ts';
import { AgentProtocolError, type AgentEncoding, MAX_AGENT_BODY_BYTES, decodeBody, encodeReply, encodingOf, parseMessage } from './agent-protocol.ts';
import { type AgentReply, errorReply, handleAgentMessage } from './agent.service.ts';
import { AGENT_PATH, authenticateAgent } from './enrolment.service.ts';

/** The GLPI agent's id: a UUID it makes once and refuses to send without (STANDARDS.md §10.2). */
const GLPI_AGENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The realm the agent answers a 401 for (ASCII: LWP matches it byte for byte). */
const REALM = 'Preau inventory';

/**
 * Seconds an agent refused for a burst is told to wait. FusionInventory 2.6 ignores Retry-After: a failed PROLOG is
 * a "network error" it retries 60 s later, doubling up to --delaytime (Daemon.pm, Target.pm); the GLPI agent and
 * proxies read it. Sent anyway, with the same 60 s, so every client backs off alike (docs/decisions/inventory-agent-burst.md).
 */
export const AGENT_RETRY_AFTER_SECONDS = 60;

const busy = new AgentProtocolError(503, 'Server busy, retry later');

/**
 * `<public URL>/inventory/agent`: where FusionInventory and GLPI agents post
 * their PROLOG/CONTACT and INVENTORY (STANDARDS.md §10). Outside /api: agents
 * have no session and no CSRF token; they present an enrolment's HTTP Basic
 * credentials after a 401, as they do for GLPI. Every answer, refusals
 * included, is in the protocol's format, compressed as the request was.
 */
export function inventoryAgentRoute(platform: Platform): FastifyPluginAsync {
  return async (app) => {
    // A burst of agents (the whole region at 8 a.m.) waits here for a slot instead of taking every database connection
    // (then users' requests and the agents' own timed out with 500s); past the queue, a 503 the agents retry later.
    const slots = new Semaphore(platform.config.inventoryAgents.concurrency, platform.config.inventoryAgents.queue);

    // Any Content-Type, as raw bytes: the agent's announced compression is checked by decoding it.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_AGENT_BODY_BYTES }, (_request, body, done) => done(null, body));

    const send = (reply: FastifyReply, answer: AgentReply, encoding: AgentEncoding) => {
      const { body, contentType } = encodeReply(answer.text, encoding);
      return reply.status(answer.status).header('cache-control', 'no-store').type(contentType).send(body);
    };
    const formatOf = (request: FastifyRequest) => (request.headers['glpi-agent-id'] || /json/i.test(request.headers['content-type'] ?? '') ? 'json' : 'xml');

    app.setErrorHandler((error: { statusCode?: number; code?: string }, request, reply) => {
      // The database out of reach (restarting, its pool exhausted by others): the agent's to retry, not a bug.
      if (isServiceUnavailable(error)) {
        request.log.warn({ err: error }, 'inventory agent request: database unavailable');
        return send(reply.header('retry-after', String(AGENT_RETRY_AFTER_SECONDS)), errorReply(formatOf(request), busy), 'none');
      }
      const tooLarge = error.statusCode === 413 || error.code === 'FST_ERR_CTP_BODY_TOO_LARGE';
      if (!tooLarge) request.log.error({ err: error }, 'inventory agent request failed');
      const refusal = tooLarge ? new AgentProtocolError(413, 'Inventory too large') : new AgentProtocolError(400, 'Request refused');
      const answer = tooLarge || (error.statusCode ?? 500) < 500 ? errorReply(formatOf(request), refusal) : { status: 500, text: '<?xml version="1.0" encoding="UTF-8"?>\n<REPLY><ERROR>Internal error</ERROR></REPLY>\n' };
      return send(reply, answer, 'none');
    });

    app.get(AGENT_PATH, { config: { public: true }, schema: { hide: true } }, async (request, reply) =>
      send(reply.header('allow', 'POST'), { ...errorReply(formatOf(request), new AgentProtocolError(400, 'Method not allowed')), status: 405 }, 'none'),
    );

    app.post(AGENT_PATH, { config: { public: true }, bodyLimit: MAX_AGENT_BODY_BYTES, schema: { hide: true } }, async (request, reply) => {
      const encoding = encodingOf(request.headers['content-type']);
      const format = formatOf(request);
      try {
        return await slots.run(() => receive(request, reply, encoding, format));
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'SERVICE_UNAVAILABLE')) throw error;
        request.log.warn('inventory agent request refused: too many at once');
        return send(reply.header('retry-after', String(AGENT_RETRY_AFTER_SECONDS)), errorReply(format, busy), encoding);
      }
    });

    /** One agent message, holding a slot: authenticated, decoded, handled. */
    async function receive(request: FastifyRequest, reply: FastifyReply, encoding: AgentEncoding, format: 'xml' | 'json') {
      const now = new Date(platform.now());
      const db = platform.database.db;
      const agent = await authenticateAgent(db, request.headers.authorization, now);
      if (!agent) {
        // The agent retries with its --user/--password for this realm; a wrong or revoked secret gets the same.
        void reply.header('www-authenticate', `Basic realm="${REALM}"`);
        return send(reply, { ...errorReply(format, new AgentProtocolError(400, 'Authentication required')), status: 401 }, encoding);
      }
      if (format === 'json' && !GLPI_AGENT_ID.test(String(request.headers['glpi-agent-id'] ?? ''))) {
        return send(reply, errorReply('json', new AgentProtocolError(400, 'GLPI-Agent-ID header is required (the agent’s UUID)')), encoding);
      }
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      try {
        const message = parseMessage(decodeBody(body, encoding));
        const answer = await handleAgentMessage(db, agent.structureId, message, now);
        if (message.query === 'inventory') request.log.info({ structureId: agent.structureId, deviceId: message.deviceId }, 'inventory received');
        return send(reply, answer, encoding);
      } catch (error) {
        if (!(error instanceof AgentProtocolError)) throw error;
        request.log.warn({ structureId: agent.structureId, reason: error.message }, 'inventory refused');
        return send(reply, errorReply(format, error), encoding);
      }
    }
  };
}
