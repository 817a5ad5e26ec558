import {
  ClassFolderChoices,
  CollectiviteParams,
  CopyItemBody,
  CreateClassFolderBody,
  CreateFolderBody,
  CreateShareBody,
  IdParams,
  ProfileQuotaList,
  PutProfileQuotasBody,
  ShareParams,
  UpdateItemBody,
  UploadQuery,
  VersionParams,
  WorkspaceItem,
  WorkspaceListQuery,
  WorkspacePage,
  WorkspaceQuota,
  WorkspaceShareList,
  WorkspaceVersionList,
} from '@preau/contracts';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { actorOf } from '../../platform/http/session-hook.ts';
import type { Platform } from '../../platform/platform.ts';
import { contentDisposition, downloadHeaders, type IncomingFile } from '../../platform/storage/uploads.ts';
import * as workspace from './workspace.service.ts';

const tags = ['workspace'];

/** Types shown in the page (an image, a PDF): everything else is only downloaded. */
const previewable = /^(image\/(png|jpeg|gif|webp|avif)|application\/pdf)$/;

async function oneFile(request: FastifyRequest): Promise<IncomingFile> {
  if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  const file = await request.file();
  if (!file) throw new AppError('VALIDATION_FAILED', { fields: { file: 'required' } });
  return file;
}

function sendFile(reply: FastifyReply, file: workspace.FileDownload) {
  return reply.headers(downloadHeaders({ fileName: file.fileName, contentType: file.contentType, size: file.size })).send(file.stream);
}

/** Routes of the espace documentaire ("Mes documents"), under /api/v1. */
export function workspaceRoutes(platform: Platform): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    if (!app.hasContentTypeParser('multipart/form-data')) {
      await app.register(fastifyMultipart, { limits: { fileSize: platform.config.workspace.fileMaxBytes, files: 1, fields: 2, parts: 3 } });
    }

    app.get('/workspace/items', { schema: { tags, querystring: WorkspaceListQuery, response: { 200: WorkspacePage } } }, async (request) =>
      workspace.listItems(platform, actorOf(request), request.query),
    );
    app.get('/workspace/items/:id', { schema: { tags, params: IdParams, response: { 200: WorkspaceItem } } }, async (request) =>
      workspace.getItem(platform, actorOf(request), request.params.id),
    );
    app.post('/workspace/folders', { schema: { tags, body: CreateFolderBody, response: { 201: WorkspaceItem } } }, async (request, reply) =>
      reply.status(201).send(await workspace.createFolder(platform, actorOf(request), request.body)),
    );
    app.get('/workspace/class-folders', { schema: { tags, summary: 'The classes the caller teaches, with their class folders', response: { 200: ClassFolderChoices } } }, async (request) =>
      workspace.listClassFolderChoices(platform, actorOf(request)),
    );
    app.post('/workspace/class-folders', { schema: { tags, body: CreateClassFolderBody, response: { 201: WorkspaceItem } } }, async (request, reply) =>
      reply.status(201).send(await workspace.createClassFolder(platform, actorOf(request), request.body)),
    );
    app.post(
      '/workspace/files',
      { schema: { tags, summary: 'Upload one file (multipart/form-data) to "Mes documents" or a folder', querystring: UploadQuery, response: { 201: WorkspaceItem } } },
      async (request, reply) => reply.status(201).send(await workspace.uploadFile(platform, actorOf(request), request.query.parentId, await oneFile(request))),
    );
    app.patch('/workspace/items/:id', { schema: { tags, summary: 'Rename and/or move', params: IdParams, body: UpdateItemBody, response: { 200: WorkspaceItem } } }, async (request) =>
      workspace.updateItem(platform, actorOf(request), request.params.id, request.body),
    );
    app.post('/workspace/items/:id/copy', { schema: { tags, params: IdParams, body: CopyItemBody, response: { 201: WorkspaceItem } } }, async (request, reply) =>
      reply.status(201).send(await workspace.copyItem(platform, actorOf(request), request.params.id, request.body)),
    );
    app.post('/workspace/items/:id/trash', { schema: { tags, params: IdParams, response: { 200: WorkspaceItem } } }, async (request) =>
      workspace.trashItem(platform, actorOf(request), request.params.id),
    );
    app.post('/workspace/items/:id/restore', { schema: { tags, params: IdParams, response: { 200: WorkspaceItem } } }, async (request) =>
      workspace.restoreItem(platform, actorOf(request), request.params.id),
    );
    app.delete('/workspace/items/:id', { schema: { tags, summary: 'Delete for good an item of the trash', params: IdParams, response: { 204: z.null() } } }, async (request, reply) => {
      await workspace.deleteForever(platform, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    });
    app.delete('/workspace/trash', { schema: { tags, summary: 'Empty the trash', response: { 200: z.object({ deleted: z.number().int() }) } } }, async (request) =>
      workspace.emptyTrash(platform, actorOf(request)),
    );

    app.get('/workspace/items/:id/content', { schema: { tags, summary: 'Download a file', params: IdParams } }, async (request, reply) =>
      sendFile(reply, await workspace.openFile(platform, actorOf(request), request.params.id)),
    );
    app.get('/workspace/items/:id/preview', { schema: { tags, summary: 'An image or a PDF shown in the page', params: IdParams } }, async (request, reply) => {
      const file = await workspace.openFile(platform, actorOf(request), request.params.id);
      if (!previewable.test(file.contentType)) {
        file.stream.destroy();
        throw new AppError('NOT_FOUND');
      }
      // Inline, and framable by Préau's own page only (the API's CSP forbids any frame otherwise).
      return reply
        .headers({
          'content-type': file.contentType,
          'content-length': String(file.size),
          'content-disposition': contentDisposition(file.fileName).replace(/^attachment/, 'inline'),
          'x-content-type-options': 'nosniff',
          'cache-control': 'private, no-store',
          'content-security-policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'",
          'x-frame-options': 'SAMEORIGIN',
        })
        .send(file.stream);
    });
    app.get('/workspace/items/:id/thumbnail', { schema: { tags, summary: 'A small WebP of an image, for the list', params: IdParams } }, async (request, reply) => {
      const file = await workspace.openThumbnail(platform, actorOf(request), request.params.id);
      return reply
        .headers({ 'content-type': file.contentType, 'x-content-type-options': 'nosniff', 'cache-control': 'private, no-store', 'content-security-policy': "default-src 'none'" })
        .send(file.stream);
    });
    app.put(
      '/workspace/items/:id/content',
      { schema: { tags, summary: 'Replace a file with a new version (multipart/form-data)', params: IdParams, response: { 200: WorkspaceItem } } },
      async (request) => workspace.replaceContent(platform, actorOf(request), request.params.id, await oneFile(request)),
    );
    app.get('/workspace/items/:id/archive', { schema: { tags, summary: 'Download a folder as a ZIP (streamed)', params: IdParams } }, async (request, reply) => {
      const archive = await workspace.folderArchive(platform, actorOf(request), request.params.id);
      return reply
        .type('application/zip')
        .header('content-disposition', contentDisposition(archive.filename))
        .header('cache-control', 'private, no-store')
        .send(archive.stream);
    });

    app.get('/workspace/items/:id/versions', { schema: { tags, params: IdParams, response: { 200: WorkspaceVersionList } } }, async (request) =>
      workspace.listVersions(platform, actorOf(request), request.params.id),
    );
    app.get('/workspace/items/:id/versions/:versionId/content', { schema: { tags, params: VersionParams } }, async (request, reply) =>
      sendFile(reply, await workspace.openVersion(platform, actorOf(request), request.params.id, request.params.versionId)),
    );
    app.post('/workspace/items/:id/versions/:versionId/restore', { schema: { tags, params: VersionParams, response: { 200: WorkspaceItem } } }, async (request) =>
      workspace.restoreVersion(platform, actorOf(request), request.params.id, request.params.versionId),
    );

    app.get('/workspace/items/:id/shares', { schema: { tags, params: IdParams, response: { 200: WorkspaceShareList } } }, async (request) =>
      workspace.listShares(platform, actorOf(request), request.params.id),
    );
    app.post('/workspace/items/:id/shares', { schema: { tags, params: IdParams, body: CreateShareBody, response: { 200: WorkspaceShareList } } }, async (request) =>
      workspace.shareItem(platform, actorOf(request), request.params.id, request.body),
    );
    app.delete('/workspace/items/:id/shares/:shareId', { schema: { tags, params: ShareParams, response: { 204: z.null() } } }, async (request, reply) => {
      await workspace.revokeShare(platform, actorOf(request), request.params.id, request.params.shareId);
      return reply.status(204).send(null);
    });

    app.get('/workspace/quota', { schema: { tags, response: { 200: WorkspaceQuota } } }, async (request) => workspace.getQuota(platform, actorOf(request)));
    app.get('/workspace/quotas/:collectiviteId', { schema: { tags, params: CollectiviteParams, response: { 200: ProfileQuotaList } } }, async (request) =>
      workspace.listProfileQuotas(platform, actorOf(request), request.params.collectiviteId),
    );
    app.put(
      '/workspace/quotas/:collectiviteId',
      { schema: { tags, params: CollectiviteParams, body: PutProfileQuotasBody, response: { 200: ProfileQuotaList } } },
      async (request) => workspace.putProfileQuotas(platform, actorOf(request), request.params.collectiviteId, request.body),
    );
  };
}
