import { GarRespAffList, GarRespAffParams, IdParams } from '@preau/contracts';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/http/session-hook.ts';
import type { Platform } from '../../platform/platform.ts';
import { addRespAff, deleteRespAff, listRespAff } from './gar-resp-aff.service.ts';

const tags = ['gar'];

/** Routes of the GAR médiacentre's administration, under /api/v1. */
export function garRoutes(platform: Platform): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/admin/structures/:id/gar/resp-aff',
      { schema: { tags, summary: 'The structure’s GAR responsables d’affectation (its admins)', params: IdParams, response: { 200: GarRespAffList } } },
      async (request) => listRespAff(platform, actorOf(request), request.params.id),
    );
    app.put(
      '/admin/structures/:id/gar/resp-aff/:accountId',
      { schema: { tags, summary: 'Name a teacher or staff member responsable d’affectation (the ADMC)', params: GarRespAffParams, response: { 200: GarRespAffList } } },
      async (request) => addRespAff(platform, actorOf(request), request.params.id, request.params.accountId),
    );
    app.delete(
      '/admin/structures/:id/gar/resp-aff/:accountId',
      { schema: { tags, summary: 'Remove a responsable d’affectation (the ADMC)', params: GarRespAffParams, response: { 200: GarRespAffList } } },
      async (request) => deleteRespAff(platform, actorOf(request), request.params.id, request.params.accountId),
    );
  };
}
