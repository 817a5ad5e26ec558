import { Portal } from '@preau/contracts';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../platform/errors.ts';
import { actorOf } from '../../platform/http/session-hook.ts';
import type { Platform } from '../../platform/platform.ts';
import { getPortal } from './portal.service.ts';

/** The portal's composite read, under /api/v1. */
export function portalRoutes(platform: Platform): FastifyPluginAsync {
  return async (instance) => {
    const app = instance.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/portal',
      { schema: { tags: ['portal'], summary: 'What the portal’s first screen draws, in one call', response: { 200: Portal } } },
      async (request) => {
        if (!request.session) throw new AppError('UNAUTHENTICATED');
        return getPortal(platform, request.session, actorOf(request));
      },
    );
  };
}
