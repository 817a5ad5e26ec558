import {
  Article,
  ArticleBody,
  ArticleList,
  ArticleSearchQuery,
  CreateInterventionBody,
  CreateTicketBody,
  IdParams,
  InterventionList,
  InterventionListQuery,
  InterventionPartsBody,
  SupportMe,
  SupportSettings,
  SupportSettingsBody,
  SupportTargets,
  SupportTargetsBody,
  TeamBody,
  TeamList,
  TechnicianBody,
  TechnicianList,
  TechnicianParams,
  TicketCommentBody,
  TicketDetail,
  TicketListQuery,
  TicketPage,
  TicketStatusBody,
} from '@preau/contracts';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/http/session-hook.ts';
import { AppError } from '../../platform/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { downloadHeaders } from '../../platform/storage/uploads.ts';
import { addTicketPhoto, openTicketPhoto, SUPPORT_PHOTO_MAX_BYTES } from './support-photos.service.ts';
import {
  createTeam,
  editArticle,
  getSupportMe,
  listArticles,
  publishArticle,
  searchArticles,
  getSupportSettings,
  getTargets,
  grantTechnician,
  listTeams,
  listTechnicians,
  revokeTechnician,
  setSupportSettings,
  setTargets,
  updateTeam,
} from './support-teams.service.ts';
import {
  changeTicketStatus,
  commentTicket,
  getTicketDetail,
  listCollectiviteTickets,
  listMyInterventions,
  listMyTickets,
  listStructureTickets,
  listTeamTickets,
  openTicket,
  recordReplacedParts,
  scheduleIntervention,
} from './support.service.ts';

const tags = ['support'];

/** Support tickets ("Signaler une panne"), the technicians' queue and agenda, and the collectivité's support set-up, under /api/v1. */
export function supportRoutes(platform: Platform): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    if (!app.hasContentTypeParser('multipart/form-data')) {
      await app.register(fastifyMultipart, { limits: { fileSize: SUPPORT_PHOTO_MAX_BYTES, files: 1, fields: 2, parts: 3 } });
    }

    app.post(
      '/support/structures/:id/tickets',
      { schema: { tags, summary: 'Report a fault in the structure (its teachers and staff; its students if its ADML allows it)', params: IdParams, body: CreateTicketBody, response: { 201: TicketDetail } } },
      async (request, reply) => reply.status(201).send(await openTicket(platform, actorOf(request), request.params.id, request.body)),
    );
    app.get(
      '/support/me',
      { schema: { tags, summary: 'Where the caller may report faults, and whether he is a technician (the page shows what he may do)', response: { 200: SupportMe } } },
      async (request) => getSupportMe(platform, actorOf(request)),
    );
    app.get(
      '/support/tickets/mine',
      { schema: { tags, summary: 'The tickets the caller reported, newest first', querystring: TicketListQuery, response: { 200: TicketPage } } },
      async (request) => listMyTickets(platform, actorOf(request), request.query),
    );
    app.get(
      '/support/tickets/team',
      { schema: { tags, summary: 'The tickets of the caller’s technician teams (empty for others); overdue=true for those past a deadline', querystring: TicketListQuery, response: { 200: TicketPage } } },
      async (request) => listTeamTickets(platform, actorOf(request), request.query),
    );
    app.get(
      '/support/structures/:id/tickets',
      { schema: { tags, summary: 'The structure’s tickets, for its admins (ADML, ADMC)', params: IdParams, querystring: TicketListQuery, response: { 200: TicketPage } } },
      async (request) => listStructureTickets(platform, actorOf(request), request.params.id, request.query),
    );
    app.get(
      '/support/collectivites/:id/tickets',
      { schema: { tags, summary: 'Tickets of every structure of the collectivité (ADMC)', params: IdParams, querystring: TicketListQuery, response: { 200: TicketPage } } },
      async (request) => listCollectiviteTickets(platform, actorOf(request), request.params.id, request.query),
    );
    app.get(
      '/support/tickets/:id',
      { schema: { tags, summary: 'A ticket, its follow-ups (and internal notes for its handlers) and its visits', params: IdParams, response: { 200: TicketDetail } } },
      async (request) => getTicketDetail(platform, actorOf(request), request.params.id),
    );
    app.put(
      '/support/tickets/:id/status',
      { schema: { tags, summary: 'Move the ticket on (handlers: take, hold, resolve; requester: close with satisfaction, reopen)', params: IdParams, body: TicketStatusBody, response: { 200: TicketDetail } } },
      async (request) => changeTicketStatus(platform, actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/support/tickets/:id/comments',
      { schema: { tags, summary: 'A follow-up (requester, handlers) or an internal note (handlers only)', params: IdParams, body: TicketCommentBody, response: { 201: TicketDetail } } },
      async (request, reply) => reply.status(201).send(await commentTicket(platform, actorOf(request), request.params.id, request.body)),
    );
    app.post(
      '/support/tickets/:id/photos',
      { schema: { tags, summary: 'Add a photo of the fault (multipart/form-data, one JPEG, PNG, GIF or WebP of 10 MB at most; requester, handlers)', params: IdParams, response: { 201: TicketDetail } } },
      async (request, reply) => {
        const actor = actorOf(request);
        if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
        const file = await request.file();
        if (!file) throw new AppError('VALIDATION_FAILED', { fields: { file: 'required' } });
        return reply.status(201).send(await addTicketPhoto(platform, actor, request.params.id, file));
      },
    );
    app.get(
      '/support/photos/:id',
      { schema: { tags, summary: 'A photo of a ticket (those who may read the ticket)', params: IdParams } },
      async (request, reply) => {
        const photo = await openTicketPhoto(platform, actorOf(request), request.params.id, false);
        return reply.headers(downloadHeaders(photo)).send(photo.stream);
      },
    );
    app.get(
      '/support/photos/:id/thumbnail',
      { schema: { tags, summary: 'A photo’s thumbnail, WebP of 256 px at most (those who may read the ticket)', params: IdParams } },
      async (request, reply) => {
        const photo = await openTicketPhoto(platform, actorOf(request), request.params.id, true);
        return reply.headers(downloadHeaders(photo)).send(photo.stream);
      },
    );
    app.post(
      '/support/tickets/:id/interventions',
      { schema: { tags, summary: 'Schedule a visit (handlers); the ticket becomes planifié', params: IdParams, body: CreateInterventionBody, response: { 201: TicketDetail } } },
      async (request, reply) => reply.status(201).send(await scheduleIntervention(platform, actorOf(request), request.params.id, request.body)),
    );
    app.post(
      '/support/interventions/:id/parts',
      { schema: { tags, summary: 'Record the parts replaced during a visit, also on the equipment’s history (handlers)', params: IdParams, body: InterventionPartsBody, response: { 201: TicketDetail } } },
      async (request, reply) => reply.status(201).send(await recordReplacedParts(platform, actorOf(request), request.params.id, request.body)),
    );
    app.get(
      '/support/interventions/mine',
      { schema: { tags, summary: 'The caller’s visits to come (technicians), soonest first', querystring: InterventionListQuery, response: { 200: InterventionList } } },
      async (request) => listMyInterventions(platform, actorOf(request), request.query),
    );

    // The collectivité's set-up (ADMC) and the structure's (ADML).
    app.get(
      '/support/collectivites/:id/technicians',
      { schema: { tags, summary: 'The collectivité’s technicians (ADMC)', params: IdParams, response: { 200: TechnicianList } } },
      async (request) => listTechnicians(platform, actorOf(request), request.params.id),
    );
    app.post(
      '/support/collectivites/:id/technicians',
      { schema: { tags, summary: 'Make an agent of the collectivité a technician (ADMC)', params: IdParams, body: TechnicianBody, response: { 200: TechnicianList } } },
      async (request) => grantTechnician(platform, actorOf(request), request.params.id, request.body.accountId),
    );
    app.delete(
      '/support/collectivites/:id/technicians/:accountId',
      { schema: { tags, summary: 'Take the technician role back (ADMC)', params: TechnicianParams, response: { 200: TechnicianList } } },
      async (request) => revokeTechnician(platform, actorOf(request), request.params.id, request.params.accountId),
    );
    app.get(
      '/support/collectivites/:id/teams',
      { schema: { tags, summary: 'The collectivité’s teams per area (ADMC)', params: IdParams, response: { 200: TeamList } } },
      async (request) => listTeams(platform, actorOf(request), request.params.id),
    );
    app.post(
      '/support/collectivites/:id/teams',
      { schema: { tags, summary: 'A new team: its structures and technicians (ADMC)', params: IdParams, body: TeamBody, response: { 201: TeamList } } },
      async (request, reply) => reply.status(201).send(await createTeam(platform, actorOf(request), request.params.id, request.body)),
    );
    app.put(
      '/support/teams/:id',
      { schema: { tags, summary: 'Replace a team’s name, structures and technicians (ADMC)', params: IdParams, body: TeamBody, response: { 200: TeamList } } },
      async (request) => updateTeam(platform, actorOf(request), request.params.id, request.body),
    );
    app.get(
      '/support/collectivites/:id/targets',
      { schema: { tags, summary: 'Targets per priority: time to take into account, time to resolve (ADMC)', params: IdParams, response: { 200: SupportTargets } } },
      async (request) => getTargets(platform, actorOf(request), request.params.id),
    );
    app.put(
      '/support/collectivites/:id/targets',
      { schema: { tags, summary: 'Set targets per priority, for the tickets opened from now on (ADMC)', params: IdParams, body: SupportTargetsBody, response: { 200: SupportTargets } } },
      async (request) => setTargets(platform, actorOf(request), request.params.id, request.body.targets),
    );
    app.post(
      '/support/collectivites/:id/answers',
      { schema: { tags, summary: 'Publish an answer to a frequent problem in the knowledge base (technicians, ADMC)', params: IdParams, body: ArticleBody, response: { 201: Article } } },
      async (request, reply) => reply.status(201).send(await publishArticle(platform, actorOf(request), request.params.id, request.body)),
    );
    app.put(
      '/support/answers/:id',
      { schema: { tags, summary: 'Rewrite an answer of the knowledge base (technicians of its collectivité, its ADMC)', params: IdParams, body: ArticleBody, response: { 200: Article } } },
      async (request) => editArticle(platform, actorOf(request), request.params.id, request.body),
    );
    app.get(
      '/support/collectivites/:id/answers',
      { schema: { tags, summary: 'The knowledge base’s latest answers (technicians, ADMC)', params: IdParams, response: { 200: ArticleList } } },
      async (request) => listArticles(platform, actorOf(request), request.params.id),
    );
    app.get(
      '/support/structures/:id/answers',
      { schema: { tags, summary: 'Answers matching what a requester types as his title (those who may report there)', params: IdParams, querystring: ArticleSearchQuery, response: { 200: ArticleList } } },
      async (request) => searchArticles(platform, actorOf(request), request.params.id, request.query.q),
    );
    app.get(
      '/support/structures/:id/settings',
      { schema: { tags, summary: 'Whether the structure’s students may report faults (its members)', params: IdParams, response: { 200: SupportSettings } } },
      async (request) => getSupportSettings(platform, actorOf(request), request.params.id),
    );
    app.put(
      '/support/structures/:id/settings',
      { schema: { tags, summary: 'Let the structure’s students report faults or not (its ADML, the ADMC)', params: IdParams, body: SupportSettingsBody, response: { 200: SupportSettings } } },
      async (request) => setSupportSettings(platform, actorOf(request), request.params.id, request.body),
    );
  };
}
