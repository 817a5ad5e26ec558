import fastifyMultipart from '@fastify/multipart';
import {
  CsvUploadQuery,
  IdParams,
  ImportJobDetail,
  ImportJobList,
  ImportRejectionPage,
  ImportRejectionQuery,
  ImportStarted,
  ImportUploadQuery,
} from '@preau/contracts';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../platform/errors.ts';
import { actorOf } from '../../platform/http/session-hook.ts';
import type { Platform } from '../../platform/platform.ts';
import { uploadAafImport } from './aaf/aaf-upload.service.ts';
import { getImportJob, getImportRejections, getImportReport, listImportJobs, requireImporter } from './imports.service.ts';
import { uploadCsvImport } from './csv/csv-upload.service.ts';
import { UPLOAD_MAX_FILES } from './import-upload.ts';

const tags = ['provisioning'];

/** AAF and CSV imports from the admin area (ADMC), under /api/v1/admin/imports. */
export function provisioningRoutes(platform: Platform): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    // Its own parser and limit: an academy's archive is far larger than any other upload (each CSV file has the same limit).
    await app.register(fastifyMultipart, {
      limits: { fileSize: platform.config.provisioning.uploadMaxBytes, files: UPLOAD_MAX_FILES, fields: 4, parts: UPLOAD_MAX_FILES + 4 },
    });

    app.post(
      '/admin/imports/aaf',
      {
        schema: {
          tags,
          summary: 'Upload an AAF import (.zip, .tar.gz or .xml; multipart/form-data, one file) and start it; answers the job id',
          querystring: ImportUploadQuery,
          response: { 202: ImportStarted },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const collectiviteId = requireImporter(actor, request.query.collectiviteId);
        if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
        const file = await request.file({ limits: { files: 1, parts: 5 } });
        if (!file) throw new AppError('VALIDATION_FAILED', { fields: { file: 'required' } });
        const id = await uploadAafImport(platform, actor, file, { dryRun: request.query.dryRun === 'true', collectiviteId, academy: request.query.academy });
        return reply.status(202).send({ id });
      },
    );

    app.post(
      '/admin/imports/csv',
      {
        schema: {
          tags,
          summary: `Upload the CSV files of one structure (multipart/form-data, 1 to ${UPLOAD_MAX_FILES} .csv files, each profile told by its name or columns) and start their import; answers the job id`,
          querystring: CsvUploadQuery,
          response: { 202: ImportStarted },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const collectiviteId = requireImporter(actor, request.query.collectiviteId);
        if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
        const id = await uploadCsvImport(platform, actor, request.files(), {
          structure: request.query.structure,
          dryRun: request.query.dryRun === 'true',
          collectiviteId,
        });
        return reply.status(202).send({ id });
      },
    );

    app.get('/admin/imports', { schema: { tags, summary: 'The last imports of my collectivité (newest first)', response: { 200: ImportJobList } } }, async (request, reply) =>
      reply.header('cache-control', 'no-store').send({ items: await listImportJobs(platform, actorOf(request)) }),
    );

    app.get(
      '/admin/imports/:id',
      { schema: { tags, summary: 'An import: status, progress per file, report (first rejections)', params: IdParams, response: { 200: ImportJobDetail } } },
      async (request, reply) => reply.header('cache-control', 'no-store').send(await getImportJob(platform, actorOf(request), request.params.id)),
    );

    app.get(
      '/admin/imports/:id/rejections',
      { schema: { tags, summary: 'A page of the rejections of an import', params: IdParams, querystring: ImportRejectionQuery, response: { 200: ImportRejectionPage } } },
      async (request) => getImportRejections(platform, actorOf(request), request.params.id, request.query),
    );

    app.get(
      '/admin/imports/:id/report.json',
      { schema: { tags, summary: 'The whole report of a finished import, as a JSON file', params: IdParams, produces: ['application/json'] } },
      async (request, reply) => {
        const { report, kind } = await getImportReport(platform, actorOf(request), request.params.id);
        return reply
          .header('cache-control', 'no-store')
          .header('content-type', 'application/json; charset=utf-8')
          .header('content-disposition', `attachment; filename="import-${kind}-${request.params.id}.json"`)
          .send(JSON.stringify(report, null, 2));
      },
    );
  };
}
