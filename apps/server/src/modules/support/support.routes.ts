import { CreateTicketBody, IdParams, TicketCommentBody, TicketDetail, TicketListQuery, TicketPage, TicketStatusBody } from '@preau/contracts';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/http/session-hook.ts';
import type { Platform } from '../../platform/platform.ts';
import { changeTicketStatus, commentTicket, getTicketDetail, listCollectiviteTickets, listMyTickets, listStructureTickets, openTicket } from './support.service.ts';

const tags = ['support'];

/** Support tickets ("Signaler une panne"), under /api/v1. */
export function supportRoutes(platform: Platform): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/support/structures/:id/tickets',
      { schema: { tags, summary: 'Report a fault in the structure (its teachers and staff)', params: IdParams, body: CreateTicketBody, response: { 201: TicketDetail } } },
      async (request, reply) => reply.status(201).send(await openTicket(platform, actorOf(request), request.params.id, request.body)),
    );
    app.get(
      '/support/tickets/mine',
      { schema: { tags, summary: 'The tickets the caller reported, newest first', querystring: TicketListQuery, response: { 200: TicketPage } } },
      async (request) => listMyTickets(platform, actorOf(request), request.query),
    );
    app.get(
      '/support/structures/:id/tickets',
      { schema: { tags, summary: 'The structure’s tickets, for its handlers (ADML, ADMC)', params: IdParams, querystring: TicketListQuery, response: { 200: TicketPage } } },
      async (request) => listStructureTickets(platform, actorOf(request), request.params.id, request.query),
    );
    app.get(
      '/support/collectivites/:id/tickets',
      { schema: { tags, summary: 'Tickets of every structure of the collectivité (ADMC)', params: IdParams, querystring: TicketListQuery, response: { 200: TicketPage } } },
      async (request) => listCollectiviteTickets(platform, actorOf(request), request.params.id, request.query),
    );
    app.get('/support/tickets/:id', { schema: { tags, summary: 'A ticket and its comments (its author, its handlers)', params: IdParams, response: { 200: TicketDetail } } }, async (request) =>
      getTicketDetail(platform, actorOf(request), request.params.id),
    );
    app.put(
      '/support/tickets/:id/status',
      { schema: { tags, summary: 'Move the ticket on (handlers); the author is notified', params: IdParams, body: TicketStatusBody, response: { 200: TicketDetail } } },
      async (request) => changeTicketStatus(platform, actorOf(request), request.params.id, request.body.status),
    );
    app.post(
      '/support/tickets/:id/comments',
      { schema: { tags, summary: 'Comment on the ticket (author, handlers); a handler’s comment notifies the author', params: IdParams, body: TicketCommentBody, response: { 201: TicketDetail } } },
      async (request, reply) => reply.status(201).send(await commentTicket(platform, actorOf(request), request.params.id, request.body.body)),
    );
  };
}
