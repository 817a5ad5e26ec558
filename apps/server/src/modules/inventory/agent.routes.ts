import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Platform } from '../../platform/platform.ts';
import { AgentProtocolError, type AgentEncoding, MAX_AGENT_BODY_BYTES, decodeBody, encodeReply, encodingOf, parseMessage } from './agent-protocol.ts';
import { type AgentReply, errorReply, handleAgentMessage } from './agent.service.ts';
import { AGENT_PATH, authenticateAgent } from './enrolment.service.ts';

/** The GLPI agent's id: a UUID it makes once and refuses to send without (STANDARDS.md §10.2). */
const GLPI_AGENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The realm the agent answers a 401 for (ASCII: LWP matches it byte for byte). */
const REALM = 'Preau inventory';

/**
 * `<public URL>/inventory/agent`: where FusionInventory and GLPI agents post
 * their PROLOG/CONTACT and INVENTORY (STANDARDS.md §10). Outside /api: agents
 * have no session and no CSRF token; they present an enrolment's HTTP Basic
 * credentials after a 401, as they do for GLPI. Every answer, refusals
 * included, is in the protocol's format, compressed as the request was.
 */
export function inventoryAgentRoute(platform: Platform): FastifyPluginAsync {
  return async (app) => {
    // Any Content-Type, as raw bytes: the agent's announced compression is checked by decoding it.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_AGENT_BODY_BYTES }, (_request, body, done) => done(null, body));

    const send = (reply: FastifyReply, answer: AgentReply, encoding: AgentEncoding) => {
      const { body, contentType } = encodeReply(answer.text, encoding);
      return reply.status(answer.status).header('cache-control', 'no-store').type(contentType).send(body);
    };
    const formatOf = (request: FastifyRequest) => (request.headers['glpi-agent-id'] || /json/i.test(request.headers['content-type'] ?? '') ? 'json' : 'xml');

    app.setErrorHandler((error: { statusCode?: number; code?: string }, request, reply) => {
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
    });
  };
}
