import type { TicketListQuery } from '@preau/contracts';
import { sql } from 'kysely';
import type { DB } from '../../platform/db/database.ts';

/**
 * SQL of support tickets. Lists take their scope (a structure, a
 * collectivité, an author) and are keyset-paged newest first on (created_at, id).
 */

export interface TicketCursor {
  createdAt: string;
  id: string;
}

export async function getStructureWithOwner(db: DB, structureId: string) {
  return db.selectFrom('structures').select(['id', 'name', 'collectivite_id']).where('id', '=', structureId).executeTakeFirst();
}

/** The equipment only if it belongs to that structure: another school's id is as unknown as a made-up one. */
export async function getStructureEquipment(db: DB, structureId: string, equipmentId: string) {
  return db.selectFrom('inventory_equipment').select(['id', 'name']).where('structure_id', '=', structureId).where('id', '=', equipmentId).executeTakeFirst();
}

const summaryColumns = [
  't.id',
  't.structure_id',
  's.name as structure_name',
  's.collectivite_id',
  't.author_id',
  't.title',
  't.room',
  't.equipment_id',
  'e.name as equipment_name',
  't.urgency',
  't.status',
  't.created_at',
  't.updated_at',
  'a.first_name',
  'a.last_name',
] as const;

function base(db: DB) {
  return db
    .selectFrom('support_tickets as t')
    .innerJoin('structures as s', 's.id', 't.structure_id')
    .innerJoin('accounts as a', 'a.id', 't.author_id')
    .leftJoin('inventory_equipment as e', 'e.id', 't.equipment_id');
}

export type TicketScope = { structureId: string } | { collectiviteId: string } | { authorId: string };

/** One page of tickets in the scope, newest first, after the cursor; one more row than asked tells whether a next page exists. */
export async function findTicketPage(db: DB, scope: TicketScope, query: Omit<TicketListQuery, 'cursor'>, after: TicketCursor | undefined) {
  let q = base(db).select(summaryColumns);
  if ('structureId' in scope) q = q.where('t.structure_id', '=', scope.structureId);
  else if ('collectiviteId' in scope) q = q.where('s.collectivite_id', '=', scope.collectiviteId);
  else q = q.where('t.author_id', '=', scope.authorId);
  if (query.status) q = q.where('t.status', '=', query.status);
  if (after) q = q.where((eb) => eb(eb.refTuple('t.created_at', 't.id'), '<', eb.tuple(sql<Date>`${after.createdAt}::timestamptz`, after.id)));
  return q.orderBy('t.created_at', 'desc').orderBy('t.id', 'desc').limit(query.limit + 1).execute();
}

export type TicketRow = Awaited<ReturnType<typeof findTicketPage>>[number];

export async function getTicket(db: DB, id: string) {
  return base(db).select([...summaryColumns, 't.description']).where('t.id', '=', id).executeTakeFirst();
}

/** The ticket's status, locked for the transaction that changes it. */
export async function lockTicketStatus(db: DB, structureId: string, id: string) {
  return db.selectFrom('support_tickets').select(['status']).where('structure_id', '=', structureId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertTicket(
  db: DB,
  values: { structureId: string; authorId: string; title: string; description: string; room: string | null; equipmentId: string | null; urgency: string; at: Date },
) {
  return db
    .insertInto('support_tickets')
    .values({
      structure_id: values.structureId,
      author_id: values.authorId,
      title: values.title,
      description: values.description,
      room: values.room,
      equipment_id: values.equipmentId,
      urgency: values.urgency,
      created_at: values.at,
      updated_at: values.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function updateTicketStatus(db: DB, structureId: string, id: string, status: string, at: Date) {
  await db.updateTable('support_tickets').set({ status, updated_at: at }).where('structure_id', '=', structureId).where('id', '=', id).execute();
}

export async function touchTicket(db: DB, structureId: string, id: string, at: Date) {
  await db.updateTable('support_tickets').set({ updated_at: at }).where('structure_id', '=', structureId).where('id', '=', id).execute();
}

export async function insertComment(db: DB, values: { ticketId: string; authorId: string; byHandler: boolean; body: string; at: Date }) {
  await db
    .insertInto('support_comments')
    .values({ ticket_id: values.ticketId, author_id: values.authorId, by_handler: values.byHandler, body: values.body, created_at: values.at })
    .execute();
}

/** The ticket's comments in order (bounded: a ticket is a short exchange). */
export async function findComments(db: DB, ticketId: string, limit = 200) {
  return db
    .selectFrom('support_comments as c')
    .leftJoin('accounts as a', 'a.id', 'c.author_id')
    .select(['c.id', 'c.by_handler', 'c.body', 'c.created_at', 'a.first_name', 'a.last_name'])
    .where('c.ticket_id', '=', ticketId)
    .orderBy('c.seq')
    .limit(limit)
    .execute();
}
