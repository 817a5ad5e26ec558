import fastifyMultipart from '@fastify/multipart';
import {
  Attachment,
  CommunicationRules,
  CommunicationRulesUpdate,
  Conversation,
  FolderList,
  FolderQuery,
  IdParams,
  MessageDetail,
  MessageDraftInput,
  MessageIds,
  MessagePage,
  MessageSearchQuery,
  MessageStateUpdate,
  MessagingSettings,
  MessagingSettingsInput,
  RecipientSearchQuery,
  RecipientSearchResult,
  UnreadCount,
  UserFolderInput,
} from '@preau/contracts';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Actor, can } from '../../platform/authorization.ts';
import { AppError } from '../../platform/errors.ts';
import { actorOf } from '../../platform/http/session-hook.ts';
import type { Platform } from '../../platform/platform.ts';
import { downloadHeaders } from '../../platform/storage/uploads.ts';
import { addAttachment, openAttachment, removeAttachment } from './attachments.service.ts';
import {
  createDraft,
  createFolder,
  deleteDraft,
  deleteFolder,
  deleteForever,
  getConversation,
  getMessage,
  listFolder,
  listFolders,
  markMessageRead,
  renameFolder,
  searchMessages,
  searchRecipients,
  sendMessage,
  unreadCount,
  updateDraft,
  updateStates,
} from './messaging.service.ts';
import { getRules, updateRules } from './rules.service.ts';
import { getSettings, updateSettings } from './settings.service.ts';

/** The messagerie's user: any profile the portal gives the app to. */
function messagingActor(request: FastifyRequest): Actor {
  const actor = actorOf(request);
  if (!can(actor, 'app.use', { type: 'app', id: 'messagerie' })) throw new AppError('FORBIDDEN');
  return actor;
}

const AttachmentParams = z.strictObject({ id: z.uuid(), attachmentId: z.uuid() });

/** Routes of the messagerie, under /api/v1/messaging. */
export function messagingRoutes(platform: Platform): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    if (!app.hasContentTypeParser('multipart/form-data')) {
      await app.register(fastifyMultipart, {
        limits: { fileSize: platform.config.messaging.attachmentMaxBytes, files: 1, fields: 5, parts: 6 },
      });
    }
    const tags = ['messaging'];
    const noContent = { 204: z.null() };

    app.get(
      '/messaging/recipients',
      { schema: { tags, summary: 'Recipient picker: people, classes, groups and profiles the sender may write to', querystring: RecipientSearchQuery, response: { 200: RecipientSearchResult } } },
      async (request) => searchRecipients(platform, messagingActor(request), request.query.q),
    );

    app.get('/messaging/settings', { schema: { tags, summary: 'My messagerie settings (signature)', response: { 200: MessagingSettings } } }, async (request) =>
      getSettings(platform, messagingActor(request)),
    );
    app.put(
      '/messaging/settings',
      { schema: { tags, summary: 'Set my messagerie settings (signature)', body: MessagingSettingsInput, response: { 200: MessagingSettings } } },
      async (request) => updateSettings(platform, messagingActor(request), request.body),
    );

    app.get('/messaging/folders', { schema: { tags, summary: 'Folders with their counts', response: { 200: FolderList } } }, async (request) =>
      listFolders(platform, messagingActor(request)),
    );
    app.post(
      '/messaging/folders',
      { schema: { tags, summary: 'Create a folder', body: UserFolderInput, response: { 201: z.object({ id: z.uuid(), name: z.string() }) } } },
      async (request, reply) => reply.status(201).send(await createFolder(platform, messagingActor(request), request.body.name)),
    );
    app.patch(
      '/messaging/folders/:id',
      { schema: { tags, summary: 'Rename a folder', params: IdParams, body: UserFolderInput, response: { 200: z.object({ id: z.uuid(), name: z.string() }) } } },
      async (request) => renameFolder(platform, messagingActor(request), request.params.id, request.body.name),
    );
    app.delete(
      '/messaging/folders/:id',
      { schema: { tags, summary: 'Delete a folder (its messages go back to the inbox)', params: IdParams, response: noContent } },
      async (request, reply) => {
        await deleteFolder(platform, messagingActor(request), request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.get('/messaging/unread-count', { schema: { tags, summary: 'Unread messages in the inbox', response: { 200: UnreadCount } } }, async (request) =>
      unreadCount(platform, messagingActor(request)),
    );

    app.get('/messaging/messages', { schema: { tags, summary: 'A page of a folder', querystring: FolderQuery, response: { 200: MessagePage } } }, async (request) =>
      listFolder(platform, messagingActor(request), request.query),
    );
    app.get(
      '/messaging/search',
      { schema: { tags, summary: 'Full-text search of my messages', querystring: MessageSearchQuery, response: { 200: MessagePage } } },
      async (request) => searchMessages(platform, messagingActor(request), request.query),
    );
    app.post(
      '/messaging/messages',
      { schema: { tags, summary: 'Send a message', body: MessageDraftInput, response: { 201: MessageDetail } } },
      async (request, reply) => reply.status(201).send(await sendMessage(platform, messagingActor(request), request.body)),
    );
    app.get(
      '/messaging/messages/:id',
      { schema: { tags, summary: 'A message (reading it changes nothing: POST …/read marks it read)', params: IdParams, response: { 200: MessageDetail } } },
      async (request) => getMessage(platform, messagingActor(request), request.params.id),
    );
    app.post(
      '/messaging/messages/:id/read',
      { schema: { tags, summary: 'Mark a message read (the web app calls it when the message is opened)', params: IdParams, response: noContent } },
      async (request, reply) => {
        await markMessageRead(platform, messagingActor(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
    app.patch(
      '/messaging/messages',
      { schema: { tags, summary: 'Read, flag, move, delete (to the trash) or restore messages', body: MessageStateUpdate, response: noContent } },
      async (request, reply) => {
        await updateStates(platform, messagingActor(request), request.body);
        return reply.status(204).send(null);
      },
    );
    app.post(
      '/messaging/messages/delete-forever',
      { schema: { tags, summary: 'Delete messages of the trash for good', body: MessageIds, response: noContent } },
      async (request, reply) => {
        await deleteForever(platform, messagingActor(request), request.body.ids);
        return reply.status(204).send(null);
      },
    );
    app.get(
      '/messaging/threads/:id',
      { schema: { tags, summary: 'A conversation', params: IdParams, response: { 200: Conversation } } },
      async (request) => getConversation(platform, messagingActor(request), request.params.id),
    );

    app.post(
      '/messaging/drafts',
      { schema: { tags, summary: 'Start a draft (a reply or forward names its parent)', body: MessageDraftInput, response: { 201: MessageDetail } } },
      async (request, reply) => reply.status(201).send(await createDraft(platform, messagingActor(request), request.body)),
    );
    app.put(
      '/messaging/drafts/:id',
      { schema: { tags, summary: 'Autosave a draft', params: IdParams, body: MessageDraftInput, response: { 200: MessageDetail } } },
      async (request) => updateDraft(platform, messagingActor(request), request.params.id, request.body),
    );
    app.delete('/messaging/drafts/:id', { schema: { tags, summary: 'Delete a draft', params: IdParams, response: noContent } }, async (request, reply) => {
      await deleteDraft(platform, messagingActor(request), request.params.id);
      return reply.status(204).send(null);
    });
    app.post(
      '/messaging/drafts/:id/send',
      { schema: { tags, summary: 'Send a draft', params: IdParams, body: MessageDraftInput, response: { 201: MessageDetail } } },
      async (request, reply) =>
        reply.status(201).send(await sendMessage(platform, messagingActor(request), request.body, { draftId: request.params.id })),
    );
    app.post(
      '/messaging/drafts/:id/attachments',
      { schema: { tags, summary: 'Attach a file to a draft (multipart/form-data, one file)', params: IdParams, response: { 201: Attachment } } },
      async (request, reply) => {
        const actor = messagingActor(request);
        if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
        const file = await request.file();
        if (!file) throw new AppError('VALIDATION_FAILED', { fields: { file: 'required' } });
        return reply.status(201).send(await addAttachment(platform, actor, request.params.id, file));
      },
    );
    app.delete(
      '/messaging/drafts/:id/attachments/:attachmentId',
      { schema: { tags, summary: 'Remove a file from a draft', params: AttachmentParams, response: noContent } },
      async (request, reply) => {
        await removeAttachment(platform, messagingActor(request), request.params.id, request.params.attachmentId);
        return reply.status(204).send(null);
      },
    );
    app.get(
      '/messaging/attachments/:id',
      { schema: { tags, summary: 'Download an attachment (its sender and recipients only)', params: IdParams } },
      async (request, reply) => {
        const file = await openAttachment(platform, messagingActor(request), request.params.id);
        return reply.headers(downloadHeaders(file)).send(file.stream);
      },
    );

    app.get(
      '/messaging/structures/:id/rules',
      { schema: { tags, summary: 'Communication rules of a structure (its admins)', params: IdParams, response: { 200: CommunicationRules } } },
      async (request) => getRules(platform, actorOf(request), request.params.id),
    );
    app.put(
      '/messaging/structures/:id/rules',
      { schema: { tags, summary: 'Change communication rules of a structure (its admins)', params: IdParams, body: CommunicationRulesUpdate, response: { 200: CommunicationRules } } },
      async (request) => updateRules(platform, actorOf(request), request.params.id, request.body.rules),
    );
  };
}
