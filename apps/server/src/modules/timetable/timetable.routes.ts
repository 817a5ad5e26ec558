import {
  Course,
  CourseFormOptions,
  CourseImportBody,
  CourseImportReport,
  CourseInput,
  CourseList,
  CourseListQuery,
  IcalFeed,
  IdParams,
  NextCourses,
  Occurrence,
  OccurrenceChangeInput,
  OccurrenceParams,
  Schedule,
  ScheduleChoices,
  ScheduleQuery,
  StructureParams,
  TimetableSettings,
  UpdateTimetableSettings,
} from '@preau/contracts';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorMessage, requestLocale } from '../../platform/i18n.ts';
import { actorOf } from '../../platform/http/session-hook.ts';
import type { Platform } from '../../platform/platform.ts';
import { createFeed, getFeed, renderFeed, revokeFeed } from './ical.service.ts';
import { importCourses } from './import.service.ts';
import * as service from './timetable.service.ts';

const tags = ['timetable'];
const RoomQuery = ScheduleQuery.extend({ room: z.string().trim().min(1).max(50) });
const ImportRejected = CourseImportReport.extend({ error: z.object({ code: z.string(), message: z.string() }) });

/** Routes of the emploi du temps, under /api/v1. */
export function timetableRoutes(platform: Platform): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const schedule = { tags, querystring: ScheduleQuery, response: { 200: Schedule } };

    app.get('/timetable/me', { schema: schedule }, async (request) =>
      service.mySchedule(platform, actorOf(request), request.query.from, request.query.to),
    );
    app.get('/timetable/choices', { schema: { tags, response: { 200: ScheduleChoices } } }, async (request) =>
      service.scheduleChoices(platform, actorOf(request)),
    );
    app.get('/timetable/next', { schema: { tags, response: { 200: NextCourses } } }, async (request) =>
      service.nextCourses(platform, actorOf(request)),
    );
    app.get('/timetable/students/:id', { schema: { ...schedule, params: IdParams } }, async (request) =>
      service.studentSchedule(platform, actorOf(request), request.params.id, request.query.from, request.query.to),
    );
    app.get('/timetable/teachers/:id', { schema: { ...schedule, params: IdParams } }, async (request) =>
      service.teacherSchedule(platform, actorOf(request), request.params.id, request.query.from, request.query.to),
    );
    app.get('/timetable/classes/:id', { schema: { ...schedule, params: IdParams } }, async (request) =>
      service.targetSchedule(platform, actorOf(request), 'CLASS', request.params.id, request.query.from, request.query.to),
    );
    app.get('/timetable/groups/:id', { schema: { ...schedule, params: IdParams } }, async (request) =>
      service.targetSchedule(platform, actorOf(request), 'GROUP', request.params.id, request.query.from, request.query.to),
    );
    app.get(
      '/timetable/structures/:structureId/room',
      { schema: { tags, params: StructureParams, querystring: RoomQuery, response: { 200: Schedule } } },
      async (request) =>
        service.roomSchedule(platform, actorOf(request), request.params.structureId, request.query.room, request.query.from, request.query.to),
    );

    app.put(
      '/timetable/courses/:courseId/occurrences/:date',
      { schema: { tags, params: OccurrenceParams, body: OccurrenceChangeInput, response: { 200: Occurrence } } },
      async (request) => service.changeOccurrence(platform, actorOf(request), request.params.courseId, request.params.date, request.body),
    );

    app.get(
      '/timetable/structures/:structureId/courses',
      { schema: { tags, params: StructureParams, querystring: CourseListQuery, response: { 200: CourseList } } },
      async (request) => service.listCourses(platform, actorOf(request), request.params.structureId, request.query),
    );
    app.post(
      '/timetable/structures/:structureId/courses',
      { schema: { tags, params: StructureParams, body: CourseInput, response: { 201: Course } } },
      async (request, reply) => reply.status(201).send(await service.createCourse(platform, actorOf(request), request.params.structureId, request.body)),
    );
    app.get('/timetable/courses/:id', { schema: { tags, params: IdParams, response: { 200: Course } } }, async (request) =>
      service.getCourseForStaff(platform, actorOf(request), request.params.id),
    );
    app.put('/timetable/courses/:id', { schema: { tags, params: IdParams, body: CourseInput, response: { 200: Course } } }, async (request) =>
      service.updateCourse(platform, actorOf(request), request.params.id, request.body),
    );
    app.delete('/timetable/courses/:id', { schema: { tags, params: IdParams } }, async (request, reply) => {
      await service.deleteCourse(platform, actorOf(request), request.params.id);
      return reply.status(204).send();
    });
    app.get(
      '/timetable/structures/:structureId/options',
      { schema: { tags, params: StructureParams, response: { 200: CourseFormOptions } } },
      async (request) => service.courseFormOptions(platform, actorOf(request), request.params.structureId),
    );
    app.get(
      '/timetable/structures/:structureId/settings',
      { schema: { tags, params: StructureParams, response: { 200: TimetableSettings } } },
      async (request) => service.getTimetableSettings(platform, actorOf(request), request.params.structureId),
    );
    app.put(
      '/timetable/structures/:structureId/settings',
      { schema: { tags, params: StructureParams, body: UpdateTimetableSettings, response: { 200: TimetableSettings } } },
      async (request) => service.updateTimetableSettings(platform, actorOf(request), request.params.structureId, request.body),
    );
    app.post(
      '/timetable/structures/:structureId/import',
      { bodyLimit: 3 * 1024 * 1024, schema: { tags, params: StructureParams, body: CourseImportBody, response: { 200: CourseImportReport, 422: ImportRejected } } },
      async (request, reply) => {
        const report = await importCourses(platform, actorOf(request), request.params.structureId, request.body);
        if (report.applied) return report;
        return reply.status(422).send({ ...report, error: { code: 'IMPORT_REJECTED', message: errorMessage('IMPORT_REJECTED', requestLocale(request)) } });
      },
    );

    app.get('/timetable/ical', { schema: { tags, response: { 200: IcalFeed } } }, async (request) => getFeed(platform, actorOf(request)));
    app.post('/timetable/ical', { schema: { tags, response: { 201: IcalFeed } } }, async (request, reply) =>
      reply.status(201).header('cache-control', 'no-store').send(await createFeed(platform, actorOf(request))),
    );
    app.delete('/timetable/ical', { schema: { tags } }, async (request, reply) => {
      await revokeFeed(platform, actorOf(request));
      return reply.status(204).send();
    });
  };
}

/** The public iCalendar feed, GET /ical/<token>.ics (outside /api: calendar apps send no cookie). */
export function icalFeedRoute(platform: Platform): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/ical/:file',
      { config: { public: true }, schema: { hide: true, params: z.object({ file: z.string().regex(/^[A-Za-z0-9_-]{20,100}\.ics$/) }) } },
      async (request, reply) => {
        const body = await renderFeed(platform, request.params.file.slice(0, -'.ics'.length));
        return reply
          .type('text/calendar; charset=utf-8')
          .header('cache-control', 'private, max-age=300')
          .header('content-disposition', 'inline; filename="emploi-du-temps.ics"')
          .send(body);
      },
    );
  };
}
