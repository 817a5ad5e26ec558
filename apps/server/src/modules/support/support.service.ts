import type {
  CreateTicketBody,
  TicketComment,
  TicketDetail,
  TicketListQuery,
  TicketPage,
  TicketStatus,
  TicketSummary,
  TicketUrgency,
} from '@preau/contracts';
import { audit } from '../../platform/audit.ts';
import { type Actor, authorize, can } from '../../platform/authorization.ts';
import { cleanDisplayText } from '../../platform/display-text.ts';
import { AppError } from '../../platform/errors.ts';
import type { DomainEvent } from '../../platform/events/domain-event.ts';
import type { Platform } from '../../platform/platform.ts';
import {
  findComments,
  findTicketPage,
  getStructureEquipment,
  getStructureWithOwner,
  getTicket,
  insertComment,
  insertTicket,
  lockTicketStatus,
  type TicketCursor,
  type TicketRow,
  type TicketScope,
  touchTicket,
  updateTicketStatus,
} from './support.repository.ts';

/**
 * "Signaler une panne": a teacher or staff member reports a fault of his
 * structure; the structure's ADML and the collectivité's ADMC handle it (no
 * technician profile exists yet: docs/decisions/support-handlers.md). The
 * author follows it and is told through his timeline of every status change
 * and every handler's comment.
 */

export const STATUS_EVENT = 'support.status';
export const COMMENT_EVENT = 'support.comment';

/** Where a ticket may go from each status; CLOSED is final, RESOLVED may be reopened. */
export const nextStatuses: Record<TicketStatus, readonly TicketStatus[]> = {
  NEW: ['IN_PROGRESS', 'CLOSED'],
  IN_PROGRESS: ['RESOLVED', 'CLOSED'],
  RESOLVED: ['IN_PROGRESS', 'CLOSED'],
  CLOSED: [],
};

/** Several lines others will read: each line cleaned like a title (no direction controls), the line breaks kept. */
function cleanParagraphs(text: string): string {
  return text
    .split(/\r?\n/)
    .map(cleanDisplayText)
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const iso = (value: Date | string) => (value instanceof Date ? value : new Date(value)).toISOString();
const fullName = (row: { first_name: string | null; last_name: string | null }) => [row.first_name, row.last_name].filter(Boolean).join(' ');

function present(row: TicketRow): TicketSummary {
  return {
    id: row.id,
    structureId: row.structure_id,
    structureName: row.structure_name,
    title: row.title,
    room: row.room,
    equipment: row.equipment_id && row.equipment_name ? { id: row.equipment_id, name: row.equipment_name } : null,
    urgency: row.urgency as TicketUrgency,
    status: row.status as TicketStatus,
    authorName: fullName(row),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

function encodeCursor(row: TicketRow): string {
  return Buffer.from(JSON.stringify([iso(row.created_at), row.id])).toString('base64url');
}

function decodeCursor(cursor: string | undefined): TicketCursor | undefined {
  if (!cursor) return undefined;
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof createdAt === 'string' && !Number.isNaN(Date.parse(createdAt)) && typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id)) return { createdAt, id };
  } catch {
    // fall through
  }
  throw new AppError('VALIDATION_FAILED');
}

async function page(platform: Platform, scope: TicketScope, query: TicketListQuery): Promise<TicketPage> {
  const { cursor, ...filters } = query;
  const rows = await findTicketPage(platform.database.db, scope, filters, decodeCursor(cursor));
  const items = rows.slice(0, query.limit);
  const last = items[items.length - 1];
  return { items: items.map(present), nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null };
}

async function structureResource(platform: Platform, structureId: string) {
  const structure = await getStructureWithOwner(platform.database.db, structureId);
  if (!structure) throw new AppError('NOT_FOUND');
  return { type: 'structure' as const, id: structure.id, collectiviteId: structure.collectivite_id };
}

async function loadTicket(platform: Platform, actor: Actor, ticketId: string) {
  const row = await getTicket(platform.database.db, ticketId);
  if (!row) throw new AppError('NOT_FOUND');
  const resource = {
    type: 'support-ticket' as const,
    structureId: row.structure_id,
    collectiviteId: row.collectivite_id,
    relation: row.author_id === actor.accountId ? ('author' as const) : ('none' as const),
  };
  return { row, resource };
}

/** Opens a ticket in the structure; the equipment, if given, must be of that structure's register. */
export async function openTicket(platform: Platform, actor: Actor, structureId: string, body: CreateTicketBody): Promise<TicketDetail> {
  authorize(actor, 'support.open', await structureResource(platform, structureId));
  // What is left once invisible characters are gone must still say something.
  const title = cleanDisplayText(body.title);
  const description = cleanParagraphs(body.description);
  if (!title || !description) throw new AppError('VALIDATION_FAILED');
  const db = platform.database.db;
  const id = await db.transaction().execute(async (trx) => {
    if (body.equipmentId && !(await getStructureEquipment(trx, structureId, body.equipmentId))) throw new AppError('SUPPORT_UNKNOWN_EQUIPMENT');
    const created = await insertTicket(trx, {
      structureId,
      authorId: actor.accountId,
      title,
      description,
      room: body.room ? cleanDisplayText(body.room) : null,
      equipmentId: body.equipmentId ?? null,
      urgency: body.urgency,
      at: new Date(platform.now()),
    });
    await audit(trx, { actorId: actor.accountId, action: 'support.ticket.create', targetType: 'support_ticket', targetId: created.id, structureId });
    return created.id;
  });
  return getTicketDetail(platform, actor, id);
}

/** The tickets the actor reported, newest first. */
export async function listMyTickets(platform: Platform, actor: Actor, query: TicketListQuery): Promise<TicketPage> {
  return page(platform, { authorId: actor.accountId }, query);
}

/** A structure's tickets, for its handlers. */
export async function listStructureTickets(platform: Platform, actor: Actor, structureId: string, query: TicketListQuery): Promise<TicketPage> {
  authorize(actor, 'support.handle', await structureResource(platform, structureId));
  return page(platform, { structureId }, query);
}

/** Every ticket of the collectivité's structures, for its ADMC. */
export async function listCollectiviteTickets(platform: Platform, actor: Actor, collectiviteId: string, query: TicketListQuery): Promise<TicketPage> {
  authorize(actor, 'support.handle', { type: 'collectivite', id: collectiviteId });
  return page(platform, { collectiviteId }, query);
}

export async function getTicketDetail(platform: Platform, actor: Actor, ticketId: string): Promise<TicketDetail> {
  const { row, resource } = await loadTicket(platform, actor, ticketId);
  authorize(actor, 'support.read', resource);
  const comments = await findComments(platform.database.db, ticketId);
  const canHandle = can(actor, 'support.handle', resource);
  return {
    ...present(row),
    description: row.description,
    comments: comments.map(
      (c): TicketComment => ({ id: c.id, authorName: fullName(c), byHandler: c.by_handler, body: c.body, createdAt: iso(c.created_at) }),
    ),
    canHandle,
    nextStatuses: canHandle ? [...nextStatuses[row.status as TicketStatus]] : [],
  };
}

/** The author hears of it, unless he is the one acting. */
function toAuthor(actor: Actor, authorId: string): string[] {
  return authorId === actor.accountId ? [] : [authorId];
}

/** Moves the ticket on; the author is told. The same status again changes nothing and tells no one. */
export async function changeTicketStatus(platform: Platform, actor: Actor, ticketId: string, status: TicketStatus): Promise<TicketDetail> {
  const { row, resource } = await loadTicket(platform, actor, ticketId);
  authorize(actor, 'support.handle', resource);
  const db = platform.database.db;
  let event: DomainEvent | undefined;
  await db.transaction().execute(async (trx) => {
    const current = await lockTicketStatus(trx, row.structure_id, ticketId);
    if (!current) throw new AppError('NOT_FOUND');
    const from = current.status as TicketStatus;
    if (from === status) return;
    if (!nextStatuses[from].includes(status)) throw new AppError('SUPPORT_BAD_TRANSITION');
    await updateTicketStatus(trx, row.structure_id, ticketId, status, new Date(platform.now()));
    event = {
      kind: STATUS_EVENT,
      recipientIds: toAuthor(actor, row.author_id),
      actorId: actor.accountId,
      structureId: row.structure_id,
      objectType: 'support_ticket',
      objectId: ticketId,
      data: { title: row.title, from, to: status },
    };
    await platform.events.record(trx, event);
    await audit(trx, { actorId: actor.accountId, action: 'support.ticket.status', targetType: 'support_ticket', targetId: ticketId, structureId: row.structure_id, details: { from, to: status } });
  });
  if (event) await platform.events.broadcast(event);
  return getTicketDetail(platform, actor, ticketId);
}

/** A comment of the author or of a handler; a handler's reaches the author's timeline. */
export async function commentTicket(platform: Platform, actor: Actor, ticketId: string, body: string): Promise<TicketDetail> {
  const { row, resource } = await loadTicket(platform, actor, ticketId);
  authorize(actor, 'support.comment', resource);
  const byHandler = can(actor, 'support.handle', resource) && row.author_id !== actor.accountId;
  const text = cleanParagraphs(body);
  if (!text) throw new AppError('VALIDATION_FAILED');
  const db = platform.database.db;
  let event: DomainEvent | undefined;
  await db.transaction().execute(async (trx) => {
    const at = new Date(platform.now());
    await insertComment(trx, { ticketId, authorId: actor.accountId, byHandler, body: text, at });
    await touchTicket(trx, row.structure_id, ticketId, at);
    if (byHandler) {
      event = {
        kind: COMMENT_EVENT,
        recipientIds: toAuthor(actor, row.author_id),
        actorId: actor.accountId,
        structureId: row.structure_id,
        objectType: 'support_ticket',
        objectId: ticketId,
        data: { title: row.title, excerpt: text.slice(0, 140) },
      };
      await platform.events.record(trx, event);
    }
    await audit(trx, { actorId: actor.accountId, action: 'support.comment.create', targetType: 'support_ticket', targetId: ticketId, structureId: row.structure_id });
  });
  if (event) await platform.events.broadcast(event);
  return getTicketDetail(platform, actor, ticketId);
}
