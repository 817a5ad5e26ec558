import type { FastifyPluginAsync } from 'fastify';
import type { Platform } from '../../platform/platform.ts';

/** Routes of the directory module, under /api/v1. */
export function directoryRoutes(_platform: Platform): FastifyPluginAsync {
  return async () => {};
}
