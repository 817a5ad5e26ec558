import {
  CreateEnrolmentBody,
  CreateEquipmentBody,
  EnrolmentSettings,
  EquipmentCsvQuery,
  EquipmentCsvReport,
  EquipmentDetail,
  EquipmentLabelsQuery,
  EquipmentListQuery,
  EquipmentPage,
  IdParams,
  InterventionBody,
  InventoryEnrolment,
  InventoryEnrolmentList,
  InventoryTotals,
  UpdateEquipmentBody,
} from '@preau/contracts';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/http/session-hook.ts';
import type { Platform } from '../../platform/platform.ts';
import { AppError } from '../../platform/errors.ts';
import { createEnrolment, listEnrolments, revokeEnrolmentById } from './enrolment.service.ts';
import { printEquipmentLabels } from './equipment-labels.service.ts';
import { exportEquipmentCsv, importEquipmentCsv, MAX_CSV_BYTES } from './equipment-csv.service.ts';
import { addIntervention, changeEquipment, createEquipment, getEquipmentDetail, getTotals, listEquipment } from './equipment.service.ts';

const tags = ['inventory'];

/** Routes of the equipment register and of its agents' enrolments, under /api/v1. */
export function inventoryRoutes(platform: Platform): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.addContentTypeParser(['text/csv', 'application/csv', 'application/vnd.ms-excel'], { parseAs: 'buffer', bodyLimit: MAX_CSV_BYTES }, (_request, body, done) =>
      done(null, body),
    );

    app.get(
      '/inventory/structures/:id/equipment',
      { schema: { tags, summary: 'A page of the structure’s equipment (by type, room, status, warranty ending, silent machines)', params: IdParams, querystring: EquipmentListQuery, response: { 200: EquipmentPage } } },
      async (request) => listEquipment(platform, actorOf(request), request.params.id, request.query),
    );
    app.post(
      '/inventory/structures/:id/equipment',
      { schema: { tags, summary: 'Enter an equipment by hand (the structure’s admins)', params: IdParams, body: CreateEquipmentBody, response: { 201: EquipmentDetail } } },
      async (request, reply) => reply.status(201).send(await createEquipment(platform, actorOf(request), request.params.id, request.body)),
    );
    app.post(
      '/inventory/structures/:id/equipment.csv',
      {
        schema: {
          tags,
          summary: 'Import equipment from a CSV file (body: text/csv; columns Type, Nom, Bâtiment, Salle, Numéro de série…); answers the rejection report',
          params: IdParams,
          querystring: EquipmentCsvQuery,
          response: { 200: EquipmentCsvReport },
        },
      },
      async (request) => {
        if (!Buffer.isBuffer(request.body)) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
        return importEquipmentCsv(platform, actorOf(request), request.params.id, request.body, request.query.dryRun === 'true');
      },
    );
    app.get(
      '/inventory/structures/:id/equipment.csv',
      { schema: { tags, summary: 'The structure’s equipment as CSV (the import’s columns)', params: IdParams, produces: ['text/csv'] } },
      async (request, reply) => {
        const file = await exportEquipmentCsv(platform, actorOf(request), request.params.id);
        return reply
          .header('cache-control', 'private, no-store')
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${file.fileName}"`)
          .send(file.csv);
      },
    );
    app.get(
      '/inventory/structures/:id/labels.pdf',
      {
        schema: {
          tags,
          summary: 'Labels to stick on a room’s or a selection’s equipment (A4, 24 per sheet), each with a QR code opening “Signaler une panne” for it',
          params: IdParams,
          querystring: EquipmentLabelsQuery,
          produces: ['application/pdf'],
        },
      },
      async (request, reply) => {
        const file = await printEquipmentLabels(platform, actorOf(request), request.params.id, request.query);
        return reply
          .header('cache-control', 'private, no-store')
          .header('content-type', 'application/pdf')
          .header('content-disposition', `attachment; filename="${file.fileName}"`)
          .send(file.pdf);
      },
    );
    app.get('/inventory/equipment/:id', { schema: { tags, params: IdParams, response: { 200: EquipmentDetail } } }, async (request) =>
      getEquipmentDetail(platform, actorOf(request), request.params.id),
    );
    app.patch(
      '/inventory/equipment/:id',
      { schema: { tags, summary: 'Change place, dates or status (kept in the history)', params: IdParams, body: UpdateEquipmentBody, response: { 200: EquipmentDetail } } },
      async (request) => changeEquipment(platform, actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/inventory/equipment/:id/interventions',
      { schema: { tags, summary: 'Record an intervention on the equipment', params: IdParams, body: InterventionBody, response: { 201: EquipmentDetail } } },
      async (request, reply) => reply.status(201).send(await addIntervention(platform, actorOf(request), request.params.id, request.body.summary)),
    );

    app.get('/inventory/structures/:id/enrolments', { schema: { tags, params: IdParams, response: { 200: InventoryEnrolmentList } } }, async (request) =>
      listEnrolments(platform, actorOf(request), request.params.id),
    );
    app.post(
      '/inventory/structures/:id/enrolments',
      { schema: { tags, summary: 'A new agent secret for the structure; the answer is the only time it is shown', params: IdParams, body: CreateEnrolmentBody, response: { 201: EnrolmentSettings } } },
      async (request, reply) =>
        reply.status(201).header('cache-control', 'no-store').send(await createEnrolment(platform, actorOf(request), request.params.id, request.body.label)),
    );
    app.delete('/inventory/enrolments/:id', { schema: { tags, summary: 'Revoke an agent secret', params: IdParams, response: { 200: InventoryEnrolment } } }, async (request) =>
      revokeEnrolmentById(platform, actorOf(request), request.params.id),
    );

    app.get('/inventory/collectivites/:id/totals', { schema: { tags, summary: 'Region-wide equipment totals (ADMC)', params: IdParams, response: { 200: InventoryTotals } } }, async (request) =>
      getTotals(platform, actorOf(request), request.params.id),
    );
  };
}
