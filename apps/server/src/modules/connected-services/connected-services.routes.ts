import {
  ServiceTileList,
  ServiceTilesQuery,
  CollectiviteParams,
  ConnectedService,
  ConnectedServiceList,
  CreateConnectedServiceBody,
  CreatedConnectedService,
  CreateStructureLinkBody,
  IdParams,
  ServiceStructureParams,
  StructureService,
  StructureServiceList,
  StructureServiceParams,
  StructureServiceSetting,
  RotatedClientSecret,
  UpdateConnectedServiceBody,
} from '@preau/contracts';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/http/session-hook.ts';
import type { Platform } from '../../platform/platform.ts';
import {
  addStructureLink,
  declareService,
  editService,
  rotateClientSecret,
  launchService,
  listCollectiviteServices,
  listMyTiles,
  listStructureServices,
  removeService,
  setFavorite,
  setStructureService,
} from './catalogue.service.ts';

const tags = ['connected-services'];

/** Routes of the connected services ("Mes applis"), under /api/v1. */
export function connectedServicesRoutes(platform: Platform): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/connected-services/mine',
      { schema: { tags, summary: 'The tiles of "Mes applis" offered to me, favourites first', querystring: ServiceTilesQuery, response: { 200: ServiceTileList } } },
      async (request) => ({ items: await listMyTiles(platform, actorOf(request), request.query.q) }),
    );
    app.get(
      '/connected-services/:id/launch',
      { schema: { tags, summary: 'Open a service: records the launch and redirects to it', params: IdParams, response: { 302: z.null() } } },
      async (request, reply) => {
        const location = await launchService(platform, actorOf(request), request.params.id);
        return reply.redirect(location, 302);
      },
    );
    app.put(
      '/connected-services/:id/favorite',
      { schema: { tags, summary: 'Mark a service as a favourite', params: IdParams, response: { 204: z.null() } } },
      async (request, reply) => {
        await setFavorite(platform, actorOf(request), request.params.id, true);
        return reply.status(204).send(null);
      },
    );
    app.delete(
      '/connected-services/:id/favorite',
      { schema: { tags, summary: 'Unmark a favourite', params: IdParams, response: { 204: z.null() } } },
      async (request, reply) => {
        await setFavorite(platform, actorOf(request), request.params.id, false);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/connected-services/collectivites/:collectiviteId',
      { schema: { tags, summary: 'The collectivité’s catalogue (ADMC)', params: CollectiviteParams, response: { 200: ConnectedServiceList } } },
      async (request) => ({ items: await listCollectiviteServices(platform, actorOf(request), request.params.collectiviteId) }),
    );
    app.post(
      '/connected-services/collectivites/:collectiviteId',
      {
        schema: {
          tags,
          summary: 'Declare a connected service (ADMC); an OIDC client’s secret is answered once',
          params: CollectiviteParams,
          body: CreateConnectedServiceBody,
          response: { 201: CreatedConnectedService },
        },
      },
      async (request, reply) =>
        reply.status(201).header('cache-control', 'no-store').send(await declareService(platform, actorOf(request), request.params.collectiviteId, request.body)),
    );
    app.put(
      '/connected-services/:id',
      { schema: { tags, summary: 'Edit a catalogue service (ADMC); its protocol stays', params: IdParams, body: UpdateConnectedServiceBody, response: { 200: ConnectedService } } },
      async (request) => editService(platform, actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/connected-services/:id/oidc-secret',
      {
        schema: {
          tags,
          summary: 'Give an OIDC client a new secret (ADMC), answered once; the previous one is refused at once',
          params: IdParams,
          response: { 200: RotatedClientSecret },
        },
      },
      async (request, reply) => reply.header('cache-control', 'no-store').send(await rotateClientSecret(platform, actorOf(request), request.params.id)),
    );
    app.delete(
      '/connected-services/:id',
      { schema: { tags, summary: 'Remove a service (ADMC), or a structure’s own link (its ADML)', params: IdParams, response: { 204: z.null() } } },
      async (request, reply) => {
        await removeService(platform, actorOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/connected-services/structures/:structureId',
      { schema: { tags, summary: 'The services of a structure and whether each is shown there (ADML)', params: ServiceStructureParams, response: { 200: StructureServiceList } } },
      async (request) => ({ items: await listStructureServices(platform, actorOf(request), request.params.structureId) }),
    );
    app.put(
      '/connected-services/structures/:structureId/:serviceId',
      {
        schema: { tags, summary: 'Show or hide a service in a structure (ADML)', params: StructureServiceParams, body: StructureServiceSetting, response: { 200: StructureService } },
      },
      async (request) =>
        setStructureService(platform, actorOf(request), request.params.structureId, request.params.serviceId, request.body.enabled),
    );
    app.post(
      '/connected-services/structures/:structureId/links',
      { schema: { tags, summary: 'Add a structure’s own link (ADML)', params: ServiceStructureParams, body: CreateStructureLinkBody, response: { 201: ConnectedService } } },
      async (request, reply) => reply.status(201).send(await addStructureLink(platform, actorOf(request), request.params.structureId, request.body)),
    );
  };
}
