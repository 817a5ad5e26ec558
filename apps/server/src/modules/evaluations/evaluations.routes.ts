import {
  AppreciationSheet,
  Bulletin,
  CreateEvaluationBody,
  EvaluationGrid,
  EvaluationList,
  EvaluationSummary,
  IdParams,
  LsuExportBody,
  Period,
  PeriodExportQuery,
  PeriodList,
  PeriodStudentParams,
  PutAppreciationBody,
  PutMarksBody,
  PutPeriodsBody,
  StudentResults,
  StudentResultsQuery,
  TeacherEvaluationsQuery,
  TeachingList,
} from '@preau/contracts';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/http/session-hook.ts';
import { requestLocale } from '../../platform/i18n.ts';
import type { Platform } from '../../platform/platform.ts';
import { createEvaluation, getAppreciationSheet, getEvaluationGrid, listTargetEvaluations, listTeachings, publishEvaluation, putMarks } from './evaluations.service.ts';
import { exportLivretCsv, exportLsuXml } from './period-exports.service.ts';
import { listPeriods, putPeriods } from './periods.service.ts';
import { getBulletin, getBulletinPdf, getStudentResults, listFamilyStudents, publishBulletins, putAppreciation } from './results.service.ts';

const tags = ['evaluations'];
const FamilyStudents = z.object({ items: z.array(z.object({ id: z.uuid(), displayName: z.string() })) });
const privately = 'private, no-store';

/** Routes of grades, competences and bulletins (issue 15), under /api/v1. */
export function evaluationsRoutes(platform: Platform): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.get('/evaluations/structures/:id/periods', { schema: { tags, params: IdParams, response: { 200: PeriodList } } }, async (request) =>
      listPeriods(platform, actorOf(request), request.params.id),
    );
    app.put(
      '/evaluations/structures/:id/periods',
      { schema: { tags, summary: 'Set the structure’s trimestres or semestres (direction, ADML)', params: IdParams, body: PutPeriodsBody, response: { 200: PeriodList } } },
      async (request) => putPeriods(platform, actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/evaluations/periods/:id/bulletins/publish',
      { schema: { tags, summary: 'Publish the period’s bulletins to students and parents (direction, ADML)', params: IdParams, response: { 200: Period } } },
      async (request) => publishBulletins(platform, actorOf(request), request.params.id),
    );

    app.get('/evaluations/teachings', { schema: { tags, response: { 200: TeachingList } } }, async (request) => listTeachings(platform, actorOf(request)));
    app.get('/evaluations', { schema: { tags, querystring: TeacherEvaluationsQuery, response: { 200: EvaluationList } } }, async (request, reply) =>
      reply.header('cache-control', privately).send(await listTargetEvaluations(platform, actorOf(request), request.query)),
    );
    app.post('/evaluations', { schema: { tags, body: CreateEvaluationBody, response: { 201: EvaluationSummary } } }, async (request, reply) =>
      reply.status(201).send(await createEvaluation(platform, actorOf(request), request.body)),
    );
    app.get('/evaluations/:id', { schema: { tags, params: IdParams, response: { 200: EvaluationGrid } } }, async (request, reply) =>
      reply.header('cache-control', privately).send(await getEvaluationGrid(platform, actorOf(request), request.params.id)),
    );
    app.put(
      '/evaluations/:id/marks',
      { schema: { tags, summary: 'Save some cells of the grid (all or nothing)', params: IdParams, body: PutMarksBody, response: { 200: EvaluationGrid } } },
      async (request) => putMarks(platform, actorOf(request), request.params.id, request.body),
    );
    app.post('/evaluations/:id/publish', { schema: { tags, params: IdParams, response: { 200: EvaluationGrid } } }, async (request) =>
      publishEvaluation(platform, actorOf(request), request.params.id),
    );

    app.get(
      '/evaluations/appreciations',
      { schema: { tags, summary: 'The teacher’s bulletin appreciations of a class or group in his subject', querystring: TeacherEvaluationsQuery, response: { 200: AppreciationSheet } } },
      async (request, reply) => reply.header('cache-control', privately).send(await getAppreciationSheet(platform, actorOf(request), request.query)),
    );
    app.get('/evaluations/students', { schema: { tags, summary: 'The students whose marks a student or parent follows', response: { 200: FamilyStudents } } }, async (request) =>
      listFamilyStudents(platform, actorOf(request)),
    );
    app.get(
      '/evaluations/students/:id/results',
      { schema: { tags, params: IdParams, querystring: StudentResultsQuery, response: { 200: StudentResults } } },
      async (request, reply) =>
        reply.header('cache-control', privately).send(await getStudentResults(platform, actorOf(request), request.params.id, request.query.periodId)),
    );
    app.get('/evaluations/periods/:periodId/students/:studentId/bulletin', { schema: { tags, params: PeriodStudentParams, response: { 200: Bulletin } } }, async (request, reply) => {
      const { structureName: _, ...bulletin } = await getBulletin(platform, actorOf(request), request.params.studentId, request.params.periodId);
      return reply.header('cache-control', privately).send(bulletin);
    });
    app.put(
      '/evaluations/periods/:periodId/students/:studentId/appreciation',
      { schema: { tags, params: PeriodStudentParams, body: PutAppreciationBody, response: { 200: Bulletin } } },
      async (request) => putAppreciation(platform, actorOf(request), request.params.periodId, request.params.studentId, request.body),
    );
    app.get(
      '/evaluations/periods/:periodId/students/:studentId/bulletin.pdf',
      { schema: { tags, summary: 'The bulletin as a PDF', params: PeriodStudentParams, produces: ['application/pdf'] } },
      async (request, reply) => {
        const file = await getBulletinPdf(platform, actorOf(request), request.params.studentId, request.params.periodId, requestLocale(request));
        return reply
          .header('cache-control', privately)
          .header('content-type', 'application/pdf')
          .header('content-disposition', `attachment; filename="${file.fileName}"`)
          .send(file.pdf);
      },
    );

    app.get(
      '/evaluations/periods/:id/livret.csv',
      {
        schema: {
          tags,
          summary: 'The period’s averages and appreciations for the Livret scolaire, as CSV (direction; docs/vie-scolaire/LIVRET-CSV.md)',
          params: IdParams,
          querystring: PeriodExportQuery,
          produces: ['text/csv'],
        },
      },
      async (request, reply) => {
        const file = await exportLivretCsv(platform, actorOf(request), request.params.id, request.query);
        return reply
          .header('cache-control', privately)
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${file.fileName}"`)
          .send(file.csv);
      },
    );
    app.post(
      '/evaluations/periods/:id/lsu.xml',
      {
        schema: {
          tags,
          summary: 'The period’s bilans périodiques as an LSU import file (collèges; direction; docs/vie-scolaire/LSU.md)',
          params: IdParams,
          querystring: PeriodExportQuery,
          body: LsuExportBody,
          produces: ['application/xml'],
        },
      },
      async (request, reply) => {
        const file = await exportLsuXml(platform, actorOf(request), request.params.id, request.query, request.body);
        return reply
          .header('cache-control', privately)
          .header('content-type', 'application/xml; charset=utf-8')
          .header('content-disposition', `attachment; filename="${file.fileName}"`)
          .send(file.xml);
      },
    );
  };
}
