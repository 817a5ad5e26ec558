import fastifyMultipart from '@fastify/multipart';
import { Calendar, CalendarEvent, CalendarInput, CalendarList, EventInput, IcalFeed, IcsImportResult, IdParams, OccurrenceList, OccurrenceQuery } from '@preau/contracts';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { actorOf } from '../../platform/http/session-hook.ts';
import type { Platform } from '../../platform/platform.ts';
import { contentDisposition } from '../../platform/storage/uploads.ts';
import * as agenda from './agenda.service.ts';

const tags = ['agenda'];

/** Routes of the agenda, under /api/v1. */
export function agendaRoutes(platform: Platform): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    await app.register(fastifyMultipart, { limits: { fileSize: agenda.MAX_ICS_BYTES, files: 1, fields: 0, parts: 1 } });

    app.get('/agenda/calendars', { schema: { tags, summary: 'The caller’s calendars (personal, structure, classes, groups) and his right on each', response: { 200: CalendarList } } }, async (request) =>
      agenda.listCalendars(platform, actorOf(request)),
    );
    app.post('/agenda/calendars', { schema: { tags, body: CalendarInput, response: { 201: Calendar } } }, async (request, reply) =>
      reply.status(201).send(await agenda.createCalendar(platform, actorOf(request), request.body)),
    );
    app.get('/agenda/occurrences', { schema: { tags, summary: 'Occurrences of the caller’s calendars between two Paris days (100 days at most)', querystring: OccurrenceQuery, response: { 200: OccurrenceList } } }, async (request) =>
      agenda.listOccurrences(platform, actorOf(request), request.query),
    );
    app.post('/agenda/calendars/:id/events', { schema: { tags, params: IdParams, body: EventInput, response: { 201: CalendarEvent } } }, async (request, reply) =>
      reply.status(201).send(await agenda.createEvent(platform, actorOf(request), request.params.id, request.body)),
    );
    app.get('/agenda/events/:id', { schema: { tags, params: IdParams, response: { 200: CalendarEvent } } }, async (request) =>
      agenda.getEvent(platform, actorOf(request), request.params.id),
    );
    app.put('/agenda/events/:id', { schema: { tags, params: IdParams, body: EventInput, response: { 200: CalendarEvent } } }, async (request) =>
      agenda.updateEvent(platform, actorOf(request), request.params.id, request.body),
    );
    app.delete('/agenda/events/:id', { schema: { tags, params: IdParams } }, async (request, reply) => {
      await agenda.deleteEvent(platform, actorOf(request), request.params.id);
      return reply.status(204).send();
    });
    app.get('/agenda/calendars/:id/export.ics', { schema: { tags, summary: 'The calendar as an iCalendar file', params: IdParams, produces: ['text/calendar'] } }, async (request, reply) => {
      const file = await agenda.exportCalendar(platform, actorOf(request), request.params.id);
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('content-disposition', contentDisposition(file.fileName))
        .header('cache-control', 'private, no-store')
        .send(file.ics);
    });
    app.post(
      '/agenda/calendars/:id/import',
      { schema: { tags, summary: 'Import an .ics file (multipart/form-data, one file, 2 MB at most): all its events or none', params: IdParams, response: { 200: IcsImportResult } } },
      async (request) => {
        if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
        const file = await request.file();
        if (!file) throw new AppError('VALIDATION_FAILED', { fields: { file: 'required' } });
        return agenda.importCalendar(platform, actorOf(request), request.params.id, file);
      },
    );

    app.get('/agenda/calendars/:id/feed', { schema: { tags, summary: 'Whether the caller subscribed to the calendar (the URL is shown only when made)', params: IdParams, response: { 200: IcalFeed } } }, async (request) =>
      agenda.getCalendarFeed(platform, actorOf(request), request.params.id),
    );
    app.post('/agenda/calendars/:id/feed', { schema: { tags, summary: 'Make (or replace) the caller’s secret iCalendar URL of the calendar', params: IdParams, response: { 201: IcalFeed } } }, async (request, reply) =>
      reply.status(201).send(await agenda.createCalendarFeed(platform, actorOf(request), request.params.id)),
    );
    app.delete('/agenda/calendars/:id/feed', { schema: { tags, summary: 'Revoke the caller’s iCalendar URL of the calendar', params: IdParams, response: { 204: z.null() } } }, async (request, reply) => {
      await agenda.revokeCalendarFeed(platform, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    });
  };
}

/** The agenda's public iCalendar feeds, GET /agenda-ical/<token>.ics (outside /api: calendar apps send no cookie). */
export function agendaFeedRoute(platform: Platform): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/agenda-ical/:file',
      { config: { public: true }, schema: { hide: true, params: z.object({ file: z.string().regex(/^[A-Za-z0-9_-]{20,100}\.ics$/) }) } },
      async (request, reply) => {
        const file = await agenda.renderCalendarFeed(platform, request.params.file.slice(0, -'.ics'.length));
        return reply
          .type('text/calendar; charset=utf-8')
          .header('cache-control', 'private, max-age=300')
          .header('content-disposition', contentDisposition(file.fileName).replace(/^attachment/, 'inline'))
          .send(file.ics);
      },
    );
  };
}
