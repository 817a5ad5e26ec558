import fastifyMultipart from '@fastify/multipart';
import {
  CopyableCourseList,
  CopyLessonsInput,
  CopyLessonsResult,
  DoneInput,
  FileRef,
  HomeworkParams,
  IdParams,
  IsoDate,
  LessonEntry,
  LessonEntryInput,
  LessonEntryList,
  LessonHistory,
  LessonQuery,
  LessonWeek,
  LessonWeekQuery,
  ReturnInput,
  SubmissionBoard,
  SubmissionSummary,
  TodoChildren,
  TodoList,
  TodoQuery,
  Visa,
  VisaInput,
  VisaList,
} from '@preau/contracts';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { actorOf } from '../../platform/http/session-hook.ts';
import type { Platform } from '../../platform/platform.ts';
import { contentDisposition, downloadHeaders } from '../../platform/storage/uploads.ts';
import * as homework from './homework.service.ts';
import * as lessons from './lessons.service.ts';

const tags = ['homework'];
const OccurrenceParams = z.strictObject({ courseId: z.uuid(), date: IsoDate });
const FileParams = z.strictObject({ id: z.uuid(), fileId: z.uuid() });
const VisaQuery = z.strictObject({ classId: z.uuid().optional(), groupId: z.uuid().optional() });

async function oneFile(request: FastifyRequest): Promise<homework.IncomingFile> {
  if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  const file = await request.file();
  if (!file) throw new AppError('VALIDATION_FAILED', { fields: { file: 'required' } });
  return file;
}

/** Routes of the cahier de textes, travail à faire and hand-ins, under /api/v1. */
export function homeworkRoutes(platform: Platform): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    if (!app.hasContentTypeParser('multipart/form-data')) {
      await app.register(fastifyMultipart, { limits: { fileSize: homework.MAX_FILE_BYTES, files: 1, fields: 5, parts: 6 } });
    }

    // Cahier de textes.
    app.get('/lessons', { schema: { tags, querystring: LessonQuery, response: { 200: LessonEntryList } } }, async (request) =>
      lessons.listLessons(platform, actorOf(request), request.query),
    );
    app.get('/lessons/week', { schema: { tags, querystring: LessonWeekQuery, response: { 200: LessonWeek } } }, async (request) =>
      lessons.lessonWeek(platform, actorOf(request), request.query),
    );
    app.get('/lessons/:courseId/:date', { schema: { tags, params: OccurrenceParams, response: { 200: LessonEntry } } }, async (request) =>
      lessons.getLesson(platform, actorOf(request), request.params.courseId, request.params.date),
    );
    app.put(
      '/lessons/:courseId/:date',
      { schema: { tags, params: OccurrenceParams, body: LessonEntryInput, response: { 200: LessonEntry } } },
      async (request) => lessons.saveLesson(platform, actorOf(request), request.params.courseId, request.params.date, request.body),
    );
    app.get('/lessons/entries/:id/history', { schema: { tags, params: IdParams, response: { 200: LessonHistory } } }, async (request) =>
      lessons.lessonHistory(platform, actorOf(request), request.params.id),
    );
    app.post(
      '/lessons/entries/:id/attachments',
      { schema: { tags, summary: 'Attach a file (multipart/form-data, one file)', params: IdParams, response: { 201: FileRef } } },
      async (request, reply) => reply.status(201).send(await homework.addEntryFile(platform, actorOf(request), request.params.id, await oneFile(request))),
    );
    app.get('/lessons/copy/courses', { schema: { tags, response: { 200: CopyableCourseList } } }, async (request) =>
      lessons.copyableCourses(platform, actorOf(request)),
    );
    app.post('/lessons/copy/preview', { schema: { tags, body: CopyLessonsInput, response: { 200: CopyLessonsResult } } }, async (request) =>
      lessons.copyLessons(platform, actorOf(request), request.body.fromCourseId, request.body.toCourseId, { dryRun: true }),
    );
    app.post('/lessons/copy', { schema: { tags, body: CopyLessonsInput, response: { 200: CopyLessonsResult } } }, async (request) =>
      lessons.copyLessons(platform, actorOf(request), request.body.fromCourseId, request.body.toCourseId),
    );
    app.get('/lessons/visas', { schema: { tags, querystring: VisaQuery, response: { 200: VisaList } } }, async (request) =>
      lessons.listVisas(platform, actorOf(request), request.query),
    );
    app.post('/lessons/visas', { schema: { tags, body: VisaInput, response: { 201: Visa } } }, async (request, reply) =>
      reply.status(201).send(await lessons.addVisa(platform, actorOf(request), request.body)),
    );

    // Travail à faire.
    app.get('/homework/todo', { schema: { tags, querystring: TodoQuery, response: { 200: TodoList } } }, async (request) =>
      homework.todoList(platform, actorOf(request), request.query),
    );
    app.get('/homework/children', { schema: { tags, response: { 200: TodoChildren } } }, async (request) =>
      homework.todoChildren(platform, actorOf(request)),
    );
    app.put(
      '/homework/:id/done',
      { schema: { tags, params: HomeworkParams, body: DoneInput, response: { 200: z.object({ done: z.boolean() }) } } },
      async (request) => homework.setDone(platform, actorOf(request), request.params.id, request.body.done),
    );

    // Hand-ins.
    app.put(
      '/homework/:id/submission',
      { schema: { tags, params: HomeworkParams, body: z.strictObject({ text: z.string().max(20_000) }), response: { 200: SubmissionSummary } } },
      async (request) => homework.submitText(platform, actorOf(request), request.params.id, request.body.text),
    );
    app.post(
      '/homework/:id/submission/files',
      { schema: { tags, summary: 'Hand in a file (multipart/form-data, one file)', params: HomeworkParams, response: { 201: SubmissionSummary } } },
      async (request, reply) => reply.status(201).send(await homework.submitFile(platform, actorOf(request), request.params.id, await oneFile(request))),
    );
    app.delete(
      '/homework/:id/submission/files/:fileId',
      { schema: { tags, params: FileParams, response: { 200: SubmissionSummary } } },
      async (request) => homework.removeSubmissionFile(platform, actorOf(request), request.params.id, request.params.fileId),
    );
    app.get('/homework/:id/submissions', { schema: { tags, params: HomeworkParams, response: { 200: SubmissionBoard } } }, async (request) =>
      homework.submissionBoard(platform, actorOf(request), request.params.id),
    );
    app.get('/homework/:id/submissions.zip', { schema: { tags, params: HomeworkParams } }, async (request, reply) => {
      const archive = await homework.submissionsArchive(platform, actorOf(request), request.params.id);
      return reply
        .type('application/zip')
        .header('content-disposition', contentDisposition(archive.filename))
        .header('cache-control', 'private, no-store')
        .send(archive.stream);
    });
    app.post(
      '/homework/submissions/:id/return',
      { schema: { tags, params: IdParams, body: ReturnInput, response: { 200: SubmissionSummary } } },
      async (request) => homework.returnSubmission(platform, actorOf(request), request.params.id, request.body.comment),
    );
    app.post(
      '/homework/submissions/:id/return-files',
      { schema: { tags, summary: 'Add an annotated file (multipart/form-data, one file)', params: IdParams, response: { 201: SubmissionSummary } } },
      async (request, reply) => reply.status(201).send(await homework.addReturnFile(platform, actorOf(request), request.params.id, await oneFile(request))),
    );
    app.get('/homework/files/:id', { schema: { tags, params: IdParams } }, async (request, reply) => {
      const file = await homework.openFile(platform, actorOf(request), request.params.id);
      return reply.headers(downloadHeaders({ fileName: file.filename, contentType: file.contentType, size: Number(file.size) })).send(file.stream);
    });
  };
}
