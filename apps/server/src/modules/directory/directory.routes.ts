import { DirectoryGroupsPage, DirectoryPeoplePage, DirectorySearchQuery } from '@preau/contracts';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/http/session-hook.ts';
import type { Platform } from '../../platform/platform.ts';
import { searchGroups, searchPeople } from './directory.service.ts';

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
  };
}
