import {
  ClassWishes,
  ClassWishesQuery,
  CommentBody,
  FavoriteBody,
  FavoriteParams,
  FollowedClassList,
  FormationDetail,
  FormationIdParams,
  FormationPage,
  FormationSearchQuery,
  IdParams,
  MetierDetail,
  MetierIdParams,
  MetierPage,
  MetierSearchQuery,
  CreateDeadlineBody,
  CreateOrientationEventBody,
  OrientationEvent,
  OrientationEventList,
  OrientationEventQuery,
  OrientationDeadline,
  OrientationDeadlineList,
  OnisepImportJob,
  OnisepImportList,
  OrientationCalendarList,
  OrientationProject,
  OrientationStudentList,
  PutWishesBody,
  StudentStepParams,
} from '@preau/contracts';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { requestLocale } from '../../platform/i18n.ts';
import { actorOf } from '../../platform/http/session-hook.ts';
import type { Platform } from '../../platform/platform.ts';
import { createDeadline, listCalendars, listDeadlines, removeDeadline } from './calendar.service.ts';
import { createEvent, listEvents, removeEvent } from './events.service.ts';
import { getOnisepImportJob, listOnisepImports, requireCatalogueImporter, uploadOnisepImport } from './onisep-upload.service.ts';
import { getFormationPage, getMetierPage, searchFormationCatalogue, searchMetierCatalogue } from './catalogue.service.ts';
import {
  addComment,
  exportClassWishesCsv,
  exportClassWishesPdf,
  getClassWishes,
  getProject,
  listFollowedClasses,
  listProjectStudents,
  putFavorite,
  putWishes,
  removeFavorite,
} from './project.service.ts';

const tags = ['orientation'];

/** Routes of the orientation app (Onisep catalogue, students' projects), under /api/v1. */
export function orientationRoutes(platform: Platform): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    await app.register(fastifyMultipart, { limits: { fileSize: platform.config.provisioning.uploadMaxBytes, files: 8, fields: 0, parts: 8 } });

    app.post(
      '/orientation/imports',
      {
        schema: {
          tags,
          summary: 'Upload Onisep files (.csv, .json, .xml; multipart/form-data, 1 to 8 files) and start the catalogue import (ADMC); answers the job id',
          response: { 202: z.object({ id: z.uuid() }) },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        requireCatalogueImporter(actor);
        if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
        const id = await uploadOnisepImport(platform, actor, request.files());
        return reply.status(202).send({ id });
      },
    );
    app.get(
      '/orientation/imports',
      { schema: { tags, summary: 'The last catalogue imports uploaded by ADMCs, newest first (ADMC)', response: { 200: OnisepImportList } } },
      async (request) => ({ items: await listOnisepImports(platform, actorOf(request)) }),
    );
    app.get('/orientation/imports/:id', { schema: { tags, params: IdParams, response: { 200: OnisepImportJob } } }, async (request) =>
      getOnisepImportJob(platform, actorOf(request), request.params.id),
    );

    app.get('/orientation/formations', { schema: { tags, querystring: FormationSearchQuery, response: { 200: FormationPage } } }, async (request) =>
      searchFormationCatalogue(platform, actorOf(request), request.query),
    );
    app.get('/orientation/formations/:id', { schema: { tags, params: FormationIdParams, response: { 200: FormationDetail } } }, async (request) =>
      getFormationPage(platform, actorOf(request), request.params.id),
    );
    app.get('/orientation/metiers', { schema: { tags, querystring: MetierSearchQuery, response: { 200: MetierPage } } }, async (request) =>
      searchMetierCatalogue(platform, actorOf(request), request.query),
    );
    app.get('/orientation/metiers/:id', { schema: { tags, params: MetierIdParams, response: { 200: MetierDetail } } }, async (request) =>
      getMetierPage(platform, actorOf(request), request.params.id),
    );

    app.get('/orientation/students', { schema: { tags, response: { 200: OrientationStudentList } } }, async (request) =>
      listProjectStudents(platform, actorOf(request)),
    );
    app.get('/orientation/students/:id/project', { schema: { tags, params: IdParams, response: { 200: OrientationProject } } }, async (request, reply) =>
      reply.header('cache-control', 'private, no-store').send(await getProject(platform, actorOf(request), request.params.id)),
    );
    app.put(
      '/orientation/students/:id/wishes/:step',
      { schema: { tags, params: StudentStepParams, body: PutWishesBody, response: { 200: OrientationProject } } },
      async (request) => putWishes(platform, actorOf(request), request.params.id, request.params.step, request.body),
    );
    app.put(
      '/orientation/students/:id/favorites/:kind/:onisepId',
      { schema: { tags, params: FavoriteParams, body: FavoriteBody, response: { 200: OrientationProject } } },
      async (request) =>
        putFavorite(platform, actorOf(request), request.params.id, request.params.kind, request.params.onisepId, request.body),
    );
    app.delete(
      '/orientation/students/:id/favorites/:kind/:onisepId',
      { schema: { tags, params: FavoriteParams, response: { 200: OrientationProject } } },
      async (request) => removeFavorite(platform, actorOf(request), request.params.id, request.params.kind, request.params.onisepId),
    );
    app.post(
      '/orientation/students/:id/comments',
      { schema: { tags, params: IdParams, body: CommentBody, response: { 201: OrientationProject } } },
      async (request, reply) => reply.status(201).send(await addComment(platform, actorOf(request), request.params.id, request.body)),
    );

    app.get('/orientation/structures/:id/deadlines', { schema: { tags, params: IdParams, response: { 200: OrientationDeadlineList } } }, async (request) =>
      listDeadlines(platform, actorOf(request), request.params.id),
    );
    app.post(
      '/orientation/structures/:id/deadlines',
      { schema: { tags, params: IdParams, body: CreateDeadlineBody, response: { 201: OrientationDeadline } } },
      async (request, reply) => reply.status(201).send(await createDeadline(platform, actorOf(request), request.params.id, request.body)),
    );

    app.get(
      '/orientation/calendars',
      { schema: { tags, summary: 'The orientation calendars of the reader’s structures, and whether he may set each', response: { 200: OrientationCalendarList } } },
      async (request) => listCalendars(platform, actorOf(request)),
    );
    app.delete('/orientation/deadlines/:id', { schema: { tags, params: IdParams, response: { 204: z.null() } } }, async (request, reply) => {
      await removeDeadline(platform, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    });

    app.get(
      '/orientation/events',
      { schema: { tags, summary: 'Open days and fairs to come in the reader’s collectivité', querystring: OrientationEventQuery, response: { 200: OrientationEventList } } },
      async (request) => listEvents(platform, actorOf(request), request.query),
    );
    app.post(
      '/orientation/structures/:id/events',
      { schema: { tags, summary: 'Announce an open day or fair of a catalogue place', params: IdParams, body: CreateOrientationEventBody, response: { 201: OrientationEvent } } },
      async (request, reply) => reply.status(201).send(await createEvent(platform, actorOf(request), request.params.id, request.body)),
    );
    app.delete('/orientation/events/:id', { schema: { tags, params: IdParams, response: { 204: z.null() } } }, async (request, reply) => {
      await removeEvent(platform, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    });

    app.get('/orientation/classes', { schema: { tags, response: { 200: FollowedClassList } } }, async (request) =>
      listFollowedClasses(platform, actorOf(request)),
    );
    app.get(
      '/orientation/classes/:id/wishes',
      { schema: { tags, params: IdParams, querystring: ClassWishesQuery, response: { 200: ClassWishes } } },
      async (request, reply) =>
        reply.header('cache-control', 'private, no-store').send(await getClassWishes(platform, actorOf(request), request.params.id, request.query.step)),
    );
    app.get(
      '/orientation/classes/:id/wishes.csv',
      { schema: { tags, summary: 'The class’s wishes as CSV, for the conseil de classe', params: IdParams, querystring: ClassWishesQuery, produces: ['text/csv'] } },
      async (request, reply) => {
        const file = await exportClassWishesCsv(platform, actorOf(request), request.params.id, request.query.step);
        return reply
          .header('cache-control', 'private, no-store')
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${file.fileName}"`)
          .send(file.csv);
      },
    );
    app.get(
      '/orientation/classes/:id/wishes.pdf',
      { schema: { tags, summary: 'The class’s wishes as PDF, for the conseil de classe', params: IdParams, querystring: ClassWishesQuery, produces: ['application/pdf'] } },
      async (request, reply) => {
        const file = await exportClassWishesPdf(platform, actorOf(request), request.params.id, request.query.step, requestLocale(request));
        return reply
          .header('cache-control', 'private, no-store')
          .header('content-type', 'application/pdf')
          .header('content-disposition', `attachment; filename="${file.fileName}"`)
          .send(file.pdf);
      },
    );
  };
}
