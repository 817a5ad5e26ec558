import {
  AccountWithCode,
  AdminAccount,
  AdminAccountPage,
  AdminAccountQuery,
  CreateAccountBody,
  CreateClassBody,
  CreateStructureBody,
  IdParams,
  PendingActivationPage,
  PendingActivationQuery,
  SchoolClass,
  SchoolClassList,
  Structure,
  StructurePage,
  StructureQuery,
  UpdateAccountBody,
  UpdateClassBody,
  UpdateStructureBody,
} from '@preau/contracts';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/http/session-hook.ts';
import type { Platform } from '../../platform/platform.ts';
import { blockAccount, regenerateActivationCode, unblockAccount } from './account-status.service.ts';
import { createAccount, getAccountForAdmin, listAccounts, updateAccountByAdmin } from './accounts.service.ts';
import { createClass, listClasses, updateClass } from './classes.service.ts';
import { listPendingActivations } from './pending-activations.service.ts';
import { activationLettersOfClass } from './activation-letters.service.ts';
import { requestLocale } from '../../platform/i18n.ts';
import { createStructure, getAdministeredStructure, listStructures, updateStructure } from './structures.service.ts';

const tags = ['admin'];

/** Routes of the admin area (ADMC for a collectivité, ADML for a structure), under /api/v1. */
export function adminRoutes(platform: Platform): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.get('/admin/structures', { schema: { tags, querystring: StructureQuery, response: { 200: StructurePage } } }, async (request) =>
      listStructures(platform, actorOf(request), request.query),
    );
    app.post('/admin/structures', { schema: { tags, body: CreateStructureBody, response: { 201: Structure } } }, async (request, reply) =>
      reply.status(201).send(await createStructure(platform, actorOf(request), request.body)),
    );
    app.get('/admin/structures/:id', { schema: { tags, params: IdParams, response: { 200: Structure } } }, async (request) =>
      getAdministeredStructure(platform, actorOf(request), request.params.id),
    );
    app.patch(
      '/admin/structures/:id',
      { schema: { tags, params: IdParams, body: UpdateStructureBody, response: { 200: Structure } } },
      async (request) => updateStructure(platform, actorOf(request), request.params.id, request.body),
    );

    app.get('/admin/structures/:id/classes', { schema: { tags, params: IdParams, response: { 200: SchoolClassList } } }, async (request) =>
      listClasses(platform, actorOf(request), request.params.id),
    );
    app.post(
      '/admin/structures/:id/classes',
      { schema: { tags, params: IdParams, body: CreateClassBody, response: { 201: SchoolClass } } },
      async (request, reply) => reply.status(201).send(await createClass(platform, actorOf(request), request.params.id, request.body)),
    );
    app.patch(
      '/admin/classes/:id',
      { schema: { tags, params: IdParams, body: UpdateClassBody, response: { 200: SchoolClass } } },
      async (request) => updateClass(platform, actorOf(request), request.params.id, request.body),
    );

    app.get(
      '/admin/structures/:id/accounts',
      { schema: { tags, params: IdParams, querystring: AdminAccountQuery, response: { 200: AdminAccountPage } } },
      async (request) => listAccounts(platform, actorOf(request), request.params.id, request.query),
    );
    app.post(
      '/admin/structures/:id/accounts',
      { schema: { tags, params: IdParams, body: CreateAccountBody, response: { 201: AccountWithCode } } },
      async (request, reply) =>
        // An activation code is a secret: no cache may keep it.
        reply
          .status(201)
          .header('cache-control', 'no-store')
          .send(await createAccount(platform, actorOf(request), request.params.id, request.body)),
    );
    app.get('/admin/accounts/:id', { schema: { tags, params: IdParams, response: { 200: AdminAccount } } }, async (request) =>
      getAccountForAdmin(platform, actorOf(request), request.params.id),
    );
    app.patch(
      '/admin/accounts/:id',
      { schema: { tags, params: IdParams, body: UpdateAccountBody, response: { 200: AdminAccount } } },
      async (request) => updateAccountByAdmin(platform, actorOf(request), request.params.id, request.body),
    );
    app.post('/admin/accounts/:id/block', { schema: { tags, params: IdParams, response: { 200: AdminAccount } } }, async (request) =>
      blockAccount(platform, actorOf(request), request.params.id),
    );
    app.post('/admin/accounts/:id/unblock', { schema: { tags, params: IdParams, response: { 200: AdminAccount } } }, async (request) =>
      unblockAccount(platform, actorOf(request), request.params.id),
    );
    app.post(
      '/admin/accounts/:id/activation-code',
      { schema: { tags, params: IdParams, response: { 200: AccountWithCode } } },
      async (request, reply) =>
        reply.header('cache-control', 'no-store').send(await regenerateActivationCode(platform, actorOf(request), request.params.id)),
    );
    app.get(
      '/admin/classes/:id/activation-letters.pdf',
      {
        schema: {
          tags,
          summary: 'Activation letters of a class (PDF, one page per student or parent awaiting activation)',
          params: IdParams,
          produces: ['application/pdf'],
        },
      },
      async (request, reply) => {
        const file = await activationLettersOfClass(platform, actorOf(request), request.params.id, requestLocale(request));
        return reply
          .header('cache-control', 'no-store')
          .header('content-type', 'application/pdf')
          .header('content-disposition', `attachment; filename="${file.fileName}"`)
          .header('x-letter-count', String(file.count))
          .send(file.pdf);
      },
    );
    app.get(
      '/admin/structures/:id/pending-activations',
      { schema: { tags, params: IdParams, querystring: PendingActivationQuery, response: { 200: PendingActivationPage } } },
      async (request, reply) =>
        reply
          .header('cache-control', 'no-store')
          .send(await listPendingActivations(platform, actorOf(request), request.params.id, request.query)),
    );
  };
}
