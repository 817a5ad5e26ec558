import {
  DirectoryGroupMembers,
  DirectoryGroupsPage,
  DirectoryPeoplePage,
  DirectoryPersonCard,
  DirectorySearchQuery,
  MyChildren,
} from '@preau/contracts';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/http/session-hook.ts';
import type { Platform } from '../../platform/platform.ts';
import { z } from 'zod';
import { getGroupMembers, getPersonCard, myChildren, searchGroups, searchPeople } from './directory.service.ts';

const IdParams = z.object({ id: z.uuid() });

/** Routes of the directory module (the annuaire), under /api/v1. */
export function directoryRoutes(platform: Platform): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/directory/people',
      { schema: { tags: ['directory'], querystring: DirectorySearchQuery, response: { 200: DirectoryPeoplePage } } },
      async (request) => searchPeople(platform, actorOf(request), request.query),
    );

    app.get(
      '/directory/groups',
      { schema: { tags: ['directory'], querystring: DirectorySearchQuery, response: { 200: DirectoryGroupsPage } } },
      async (request) => searchGroups(platform, actorOf(request), request.query),
    );

    app.get(
      '/directory/people/:id',
      { schema: { tags: ['directory'], summary: 'A person’s card', params: IdParams, response: { 200: DirectoryPersonCard } } },
      async (request) => getPersonCard(platform, actorOf(request), request.params.id),
    );

    for (const [path, kind] of [['/directory/classes/:id', 'CLASS'], ['/directory/groups/:id', 'GROUP']] as const) {
      app.get(
        path,
        { schema: { tags: ['directory'], summary: `A ${kind === 'CLASS' ? 'class' : 'group'} and the members the caller sees`, params: IdParams, response: { 200: DirectoryGroupMembers } } },
        async (request) => getGroupMembers(platform, actorOf(request), kind, request.params.id),
      );
    }

    app.get(
      '/directory/children',
      { schema: { tags: ['directory'], summary: 'The caller’s children (a parent’s switcher)', response: { 200: MyChildren } } },
      async (request) => myChildren(platform, actorOf(request)),
    );
  };
}
