import fastifyMultipart from '@fastify/multipart';
import {
  AbsenceReason,
  AbsenceReasonInput,
  AbsenceReasonList,
  AttendanceAlertList,
  DayQuery,
  DayView,
  ExemptionInput,
  ExemptionList,
  FamilyAttendance,
  FamilyQuery,
  IdParams,
  Justification,
  JustificationDecision,
  JustificationInput,
  JustificationList,
  MonthQuery,
  MySessions,
  MySessionsQuery,
  PeriodAbsenceInput,
  PeriodAbsenceResult,
  PresenceSettings,
  PresenceSettingsInput,
  RangeQuery,
  RollCall,
  RollCallMark,
  RollCallParams,
  RollCallStudent,
  RollCallStudentParams,
  StructureParams,
  StudentAttendance,
  StudentParams,
} from '@preau/contracts';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../platform/errors.ts';
import { actorOf } from '../../platform/http/session-hook.ts';
import type { Platform } from '../../platform/platform.ts';
import { downloadHeaders, type IncomingFile } from '../../platform/storage/uploads.ts';
import { renderAttendanceLetter } from './attendance-letter.pdf.ts';
import * as attendance from './attendance.service.ts';
import * as justifications from './justification.service.ts';
import * as rollCall from './roll-call.service.ts';

const tags = ['presences'];

async function oneFile(request: FastifyRequest): Promise<IncomingFile> {
  if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  const file = await request.file();
  if (!file) throw new AppError('VALIDATION_FAILED', { fields: { file: 'required' } });
  return file;
}

/** Routes of the vie scolaire's first half (issue 15): roll call, absences, lateness, justifications, counts, under /api/v1. */
export function presencesRoutes(platform: Platform): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    if (!app.hasContentTypeParser('multipart/form-data')) {
      await app.register(fastifyMultipart, { limits: { fileSize: justifications.MAX_DOCUMENT_BYTES, files: 1, fields: 2, parts: 3 } });
    }

    // Roll call (teacher of the session, or vie scolaire).
    app.get('/presences/my-sessions', { schema: { tags, querystring: MySessionsQuery, response: { 200: MySessions } } }, async (request) =>
      rollCall.mySessions(platform, actorOf(request), request.query.date),
    );
    app.get('/presences/courses/:courseId/sessions/:date', { schema: { tags, params: RollCallParams, response: { 200: RollCall } } }, async (request) =>
      rollCall.getRollCall(platform, actorOf(request), request.params.courseId, request.params.date),
    );
    app.put(
      '/presences/courses/:courseId/sessions/:date/taken',
      { schema: { tags, summary: 'Roll call done (everyone else present)', params: RollCallParams, response: { 200: RollCall } } },
      async (request) => rollCall.markRollCallTaken(platform, actorOf(request), request.params.courseId, request.params.date),
    );
    app.put(
      '/presences/courses/:courseId/sessions/:date/students/:studentId',
      { schema: { tags, summary: 'One student’s mark (idempotent)', params: RollCallStudentParams, body: RollCallMark, response: { 200: RollCallStudent } } },
      async (request) =>
        rollCall.markStudent(platform, actorOf(request), request.params.courseId, request.params.date, request.params.studentId, request.body),
    );

    // Vie scolaire of a structure.
    app.get('/presences/structures/:structureId/day', { schema: { tags, params: StructureParams, querystring: DayQuery, response: { 200: DayView } } }, async (request) =>
      attendance.dayView(platform, actorOf(request), request.params.structureId, request.query.date),
    );
    app.post(
      '/presences/structures/:structureId/absences',
      { schema: { tags, summary: 'Absences for whole days', params: StructureParams, body: PeriodAbsenceInput, response: { 201: PeriodAbsenceResult } } },
      async (request, reply) => reply.status(201).send(await attendance.recordPeriodAbsences(platform, actorOf(request), request.params.structureId, request.body)),
    );
    app.get('/presences/structures/:structureId/reasons', { schema: { tags, params: StructureParams, response: { 200: AbsenceReasonList } } }, async (request) =>
      attendance.listReasons(platform, actorOf(request), request.params.structureId),
    );
    app.post(
      '/presences/structures/:structureId/reasons',
      { schema: { tags, params: StructureParams, body: AbsenceReasonInput, response: { 201: AbsenceReason } } },
      async (request, reply) => reply.status(201).send(await attendance.createReason(platform, actorOf(request), request.params.structureId, request.body)),
    );
    app.get('/presences/structures/:structureId/settings', { schema: { tags, params: StructureParams, response: { 200: PresenceSettings } } }, async (request) =>
      attendance.getSettings(platform, actorOf(request), request.params.structureId),
    );
    app.put(
      '/presences/structures/:structureId/settings',
      { schema: { tags, params: StructureParams, body: PresenceSettingsInput, response: { 200: PresenceSettings } } },
      async (request) => attendance.updateSettings(platform, actorOf(request), request.params.structureId, request.body),
    );
    app.get(
      '/presences/structures/:structureId/justifications',
      { schema: { tags, summary: 'Reasons given by parents, waiting for an answer', params: StructureParams, response: { 200: JustificationList } } },
      async (request) => justifications.pendingJustifications(platform, actorOf(request), request.params.structureId),
    );
    app.get(
      '/presences/structures/:structureId/alerts',
      { schema: { tags, summary: 'Students at 4 or 10 unjustified half-days in the month', params: StructureParams, querystring: MonthQuery, response: { 200: AttendanceAlertList } } },
      async (request) => attendance.monthAlerts(platform, actorOf(request), request.params.structureId, request.query.month),
    );
    app.get('/presences/structures/:structureId/exemptions', { schema: { tags, params: StructureParams, response: { 200: ExemptionList } } }, async (request) =>
      attendance.listExemptions(platform, actorOf(request), request.params.structureId),
    );
    app.post(
      '/presences/structures/:structureId/exemptions',
      { schema: { tags, params: StructureParams, body: ExemptionInput, response: { 201: ExemptionList } } },
      async (request, reply) => reply.status(201).send(await attendance.createExemption(platform, actorOf(request), request.params.structureId, request.body)),
    );
    app.get(
      '/presences/students/:studentId/letter.pdf',
      { schema: { tags, summary: 'The letter to the family for a month (PDF)', params: StudentParams, querystring: MonthQuery, produces: ['application/pdf'] } },
      async (request, reply) => {
        const facts = await attendance.monthCountOf(platform, actorOf(request), request.params.studentId, request.query.month);
        const pdf = await renderAttendanceLetter({
          structureName: facts.structureName,
          studentName: `${facts.student.first_name} ${facts.student.last_name}`,
          className: facts.student.class_name,
          month: request.query.month,
          summary: facts.summary,
          absences: facts.absences,
          createdAt: new Date(platform.now()),
        });
        return reply
          .header('cache-control', 'no-store')
          .header('content-type', 'application/pdf')
          .header('content-disposition', `attachment; filename="assiduite-${request.query.month}.pdf"`)
          .send(pdf);
      },
    );

    // A student's absences: himself, his parents, vie scolaire.
    app.get('/presences/family', { schema: { tags, querystring: FamilyQuery, response: { 200: FamilyAttendance } } }, async (request) =>
      attendance.familyAttendance(platform, actorOf(request), request.query),
    );
    app.get(
      '/presences/students/:studentId/attendance',
      { schema: { tags, params: StudentParams, querystring: RangeQuery, response: { 200: StudentAttendance } } },
      async (request) => attendance.studentAttendance(platform, actorOf(request), request.params.studentId, request.query),
    );

    // Justifications: a parent gives a reason, vie scolaire answers.
    app.post(
      '/presences/absences/:id/justifications',
      { schema: { tags, params: IdParams, body: JustificationInput, response: { 201: Justification } } },
      async (request, reply) => reply.status(201).send(await justifications.justifyAbsence(platform, actorOf(request), request.params.id, request.body)),
    );
    app.post(
      '/presences/justifications/:id/document',
      { schema: { tags, summary: 'Attach a document (multipart/form-data, one file)', params: IdParams, response: { 201: Justification } } },
      async (request, reply) => reply.status(201).send(await justifications.addDocument(platform, actorOf(request), request.params.id, await oneFile(request))),
    );
    app.get('/presences/justifications/:id/document', { schema: { tags, params: IdParams, produces: ['application/octet-stream'] } }, async (request, reply) => {
      const file = await justifications.openDocument(platform, actorOf(request), request.params.id);
      return reply.headers(downloadHeaders(file)).send(file.stream);
    });
    app.post(
      '/presences/justifications/:id/decision',
      { schema: { tags, params: IdParams, body: JustificationDecision, response: { 200: Justification } } },
      async (request) => justifications.decideJustification(platform, actorOf(request), request.params.id, request.body.accept),
    );
  };
}

