import type { FastifyPluginAsync } from 'fastify';
import type { Platform } from '../../platform/platform.ts';

/** Routes of the admin module, under /api/v1. */
export function adminRoutes(_platform: Platform): FastifyPluginAsync {
  return async () => {};
}
