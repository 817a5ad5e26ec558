import type { FastifyPluginAsync } from 'fastify';
import type { Platform } from '../../platform/platform.ts';

/** Routes of the identity module, under /api/v1. */
export function identityRoutes(_platform: Platform): FastifyPluginAsync {
  return async () => {};
}
