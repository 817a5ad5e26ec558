import {
  type CreateInterventionBody,
  type CreateTicketBody,
  type Intervention,
  type InterventionList,
  type InterventionListQuery,
  type InterventionPartsBody,
  priorityOf,
  type TicketComment,
  type TicketCommentBody,
  type TicketDetail,
  type TicketImpact,
  type TicketListQuery,
  type TicketPage,
  type TicketPriority,
  type TicketStatus,
  type TicketStatusBody,
  type TicketSummary,
  type TicketUrgency,
} from '@preau/contracts';
import { audit } from '../../platform/audit.ts';
import { type Actor, authorize, can, isTechnician, type SupportTicketRelation } from '../../platform/authorization.ts';
import type { DB } from '../../platform/db/database.ts';
import { cleanDisplayText } from '../../platform/display-text.ts';
import { AppError } from '../../platform/errors.ts';
import type { DomainEvent } from '../../platform/events/domain-event.ts';
import type { Platform } from '../../platform/platform.ts';
import {
  findComments,
  findStaleResolved,
  findStructureAdmlIds,
  findTeamTechnicians,
  findTechnicianInterventions,
  findTicketInterventions,
  findTicketPage,
  getStructureEquipment,
  getStructureWithOwner,
  getInterventionTicketId,
  getSupportDesk,
  getTicket,
  insertComment,
  insertIntervention,
  insertTicket,
  isTeamMember,
  type InterventionRow,
  lockIntervention,
  lockTicket,
  setInterventionParts,
  type TicketChange,
  type TicketCursor,
  type TicketRow,
  type TicketScope,
  updateTicket,
} from './support.repository.ts';
import { insertHistory } from '../inventory/inventory.repository.ts';
import { findTicketPhotos } from './support-photos.repository.ts';
import { targetsOf } from './support-teams.service.ts';

/**
 * "Signaler une panne": a teacher or staff member (a student, when his ADML
 * allows it) reports a fault of his structure; the ticket goes to the team of
 * technicians of the structure's area, whose members take it, plan a visit,
 * put it on hold and resolve it; the structure's ADML and the collectivité's
 * ADMC may handle it too (docs/decisions/support-handlers.md). The requester
 * closes it, saying how satisfied he is, or it closes itself a week after its
 * resolution. He and the structure's ADMLs hear of every status change
 * through their timeline (which feeds the e-mail digest and Web Push).
 */

export const STATUS_EVENT = 'support.status';
export const COMMENT_EVENT = 'support.comment';
export const NEW_EVENT = 'support.new';

/** A resolved ticket the requester neither closes nor reopens closes itself after this long. */
export const AUTO_CLOSE_AFTER_MS = 7 * 24 * 3_600_000;

/**
 * Where the handlers may move a ticket from each status. PLANNED is reached by scheduling a visit
 * (scheduleIntervention), not by hand; a ticket is taken (ASSIGNED) before it is resolved, so the time to take it
 * into account is always known; CLOSED is the requester's or the clock's.
 */
export const handlerNextStatuses: Record<TicketStatus, readonly TicketStatus[]> = {
  NEW: ['ASSIGNED', 'WAITING'],
  ASSIGNED: ['WAITING', 'RESOLVED'],
  PLANNED: ['ASSIGNED', 'WAITING', 'RESOLVED'],
  WAITING: ['ASSIGNED', 'RESOLVED'],
  RESOLVED: ['ASSIGNED'],
  CLOSED: [],
};

/** Where the requester may move his ticket: withdraw it while nobody took it; once resolved, close it or say it is not fixed. */
export const requesterNextStatuses: Record<TicketStatus, readonly TicketStatus[]> = {
  NEW: ['CLOSED'],
  ASSIGNED: [],
  PLANNED: [],
  WAITING: [],
  RESOLVED: ['ASSIGNED', 'CLOSED'],
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
const isoOrNull = (value: Date | string | null) => (value === null ? null : iso(value));
const fullName = (row: { first_name: string | null; last_name: string | null }) => [row.first_name, row.last_name].filter(Boolean).join(' ');
const time = (value: Date | string) => (value instanceof Date ? value : new Date(value)).getTime();

/** Past a deadline while still in the technicians' hands (en attente stops the clock, as GLPI's pending status). */
export function isOverdue(row: Pick<TicketRow, 'status' | 'taken_at' | 'take_due_at' | 'resolve_due_at'>, now: number): boolean {
  if (!['NEW', 'ASSIGNED', 'PLANNED'].includes(row.status)) return false;
  if (row.taken_at === null && row.take_due_at !== null && time(row.take_due_at) < now) return true;
  return row.resolve_due_at !== null && time(row.resolve_due_at) < now;
}

function present(row: TicketRow, now: number): TicketSummary {
  return {
    id: row.id,
    structureId: row.structure_id,
    structureName: row.structure_name,
    title: row.title,
    room: row.room,
    equipment: row.equipment_id && row.equipment_name ? { id: row.equipment_id, name: row.equipment_name } : null,
    urgency: row.urgency as TicketUrgency,
    impact: row.impact as TicketImpact,
    priority: row.priority as TicketPriority,
    status: row.status as TicketStatus,
    authorName: fullName(row),
    teamName: row.team_name,
    assignee: row.assignee_id ? { id: row.assignee_id, name: fullName({ first_name: row.assignee_first_name, last_name: row.assignee_last_name }) } : null,
    takeDueAt: isoOrNull(row.take_due_at),
    resolveDueAt: isoOrNull(row.resolve_due_at),
    overdue: isOverdue(row, now),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

function presentIntervention(row: InterventionRow): Intervention {
  return {
    id: row.id,
    ticketId: row.ticket_id,
    ticketTitle: row.ticket_title,
    structureName: row.structure_name,
    room: row.room,
    startsAt: iso(row.starts_at),
    technician: { id: row.technician_id, name: fullName(row) },
    equipment: row.equipment_id && row.equipment_name ? { id: row.equipment_id, name: row.equipment_name } : null,
    note: row.note,
    parts: row.parts,
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
  const now = platform.now();
  const rows = await findTicketPage(platform.database.db, scope, filters, decodeCursor(cursor), new Date(now));
  const items = rows.slice(0, query.limit);
  const last = items[items.length - 1];
  return { items: items.map((row) => present(row, now)), nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null };
}

async function structureResource(platform: Platform, structureId: string) {
  const structure = await getStructureWithOwner(platform.database.db, structureId);
  if (!structure) throw new AppError('NOT_FOUND');
  return { type: 'structure' as const, id: structure.id, collectiviteId: structure.collectivite_id };
}

/** The ticket and its authorization resource (the caller's relation to it: author, area team, none); NOT_FOUND when there is none. */
export async function loadTicket(platform: Platform, actor: Actor, ticketId: string) {
  const db = platform.database.db;
  const row = await getTicket(db, ticketId);
  if (!row) throw new AppError('NOT_FOUND');
  let relation: SupportTicketRelation = 'none';
  if (row.author_id === actor.accountId) relation = 'author';
  else if (row.team_id && isTechnician(actor) && (await isTeamMember(db, row.team_id, actor.accountId))) relation = 'team';
  const resource = { type: 'support-ticket' as const, structureId: row.structure_id, collectiviteId: row.collectivite_id, relation };
  return { row, resource };
}

/** Deadlines of a ticket opened now, from the collectivité's targets for its priority. */
async function deadlines(db: DB, collectiviteId: string, priority: TicketPriority, at: Date) {
  const target = (await targetsOf(db, collectiviteId)).find((t) => t.priority === priority);
  if (!target) return { takeDueAt: null, resolveDueAt: null };
  return { takeDueAt: new Date(at.getTime() + target.takeMinutes * 60_000), resolveDueAt: new Date(at.getTime() + target.resolveMinutes * 60_000) };
}

/** Everyone but the one acting, once each. */
function others(actor: Actor, ids: ReadonlyArray<string | null>): string[] {
  return [...new Set(ids.filter((id): id is string => id !== null && id !== actor.accountId))];
}

/**
 * Opens a ticket in the structure: it goes to the structure's area team with the priority its urgency and impact
 * give and the deadlines of the collectivité's targets; the team's technicians and the structure's ADMLs are told.
 */
export async function openTicket(platform: Platform, actor: Actor, structureId: string, body: CreateTicketBody): Promise<TicketDetail> {
  const db = platform.database.db;
  const desk = await getSupportDesk(db, structureId);
  if (!desk) throw new AppError('NOT_FOUND');
  authorize(actor, 'support.open', { type: 'support-desk', structureId, collectiviteId: desk.collectivite_id, studentsMayReport: desk.students_may_report });
  // What is left once invisible characters are gone must still say something.
  const title = cleanDisplayText(body.title);
  const description = cleanParagraphs(body.description);
  if (!title || !description) throw new AppError('VALIDATION_FAILED');
  const priority = priorityOf(body.urgency, body.impact);
  const at = new Date(platform.now());
  let event: DomainEvent | undefined;
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
      impact: body.impact,
      priority,
      teamId: desk.team_id,
      ...(await deadlines(trx, desk.collectivite_id, priority, at)),
      at,
    });
    const technicians = desk.team_id ? await findTeamTechnicians(trx, desk.team_id) : [];
    event = {
      kind: NEW_EVENT,
      recipientIds: others(actor, [...technicians.map((t) => t.id), ...(await findStructureAdmlIds(trx, structureId))]),
      actorId: actor.accountId,
      structureId,
      objectType: 'support_ticket',
      objectId: created.id,
      data: { title, priority, structureName: desk.name },
    };
    await platform.events.record(trx, event);
    await audit(trx, { actorId: actor.accountId, action: 'support.ticket.create', targetType: 'support_ticket', targetId: created.id, structureId });
    return created.id;
  });
  if (event) await platform.events.broadcast(event);
  return getTicketDetail(platform, actor, id);
}

/** The tickets the actor reported, newest first. */
export async function listMyTickets(platform: Platform, actor: Actor, query: TicketListQuery): Promise<TicketPage> {
  return page(platform, { authorId: actor.accountId }, query);
}

/** The tickets of the teams the technician belongs to (empty for anyone else), newest first; `overdue` narrows to those past a deadline. */
export async function listTeamTickets(platform: Platform, actor: Actor, query: TicketListQuery): Promise<TicketPage> {
  return page(platform, { technicianId: actor.accountId, collectiviteIds: actor.technicianCollectiviteIds }, query);
}

/** A structure's tickets, for its admins. */
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
  const db = platform.database.db;
  const canHandle = can(actor, 'support.handle', resource);
  const withNotes = can(actor, 'support.note', resource);
  const [comments, visits, technicians, photos] = await Promise.all([
    findComments(db, ticketId, withNotes),
    findTicketInterventions(db, ticketId),
    canHandle && row.team_id ? findTeamTechnicians(db, row.team_id) : Promise.resolve([]),
    findTicketPhotos(db, ticketId),
  ]);
  const status = row.status as TicketStatus;
  const next = new Set<TicketStatus>([...(canHandle ? handlerNextStatuses[status] : []), ...(can(actor, 'support.close', resource) ? requesterNextStatuses[status] : [])]);
  return {
    ...present(row, platform.now()),
    description: row.description,
    comments: comments.map(
      (c): TicketComment => ({ id: c.id, authorName: fullName(c), byHandler: c.by_handler, internal: c.internal, body: c.body, createdAt: iso(c.created_at) }),
    ),
    interventions: visits.map(presentIntervention),
    photos: photos.map((p) => ({ id: p.id, authorName: fullName(p), createdAt: iso(p.created_at), pending: p.scan_status === 'pending', hasThumbnail: p.thumbnail_key !== null })),
    satisfaction: row.satisfaction === null ? null : { score: row.satisfaction, comment: row.satisfaction_comment },
    canHandle,
    nextStatuses: [...next],
    technicians: technicians.map((t) => ({ id: t.id, name: fullName(t) })),
  };
}

/** The status event: the requester and the structure's ADMLs (and the technician in charge) hear of it, not the one acting. */
async function statusEvent(trx: DB, actor: Actor | null, row: TicketRow, from: TicketStatus, to: TicketStatus, extra: Record<string, unknown> = {}): Promise<DomainEvent> {
  const admls = await findStructureAdmlIds(trx, row.structure_id);
  const ids = [row.author_id, ...admls, row.assignee_id];
  return {
    kind: STATUS_EVENT,
    recipientIds: actor ? others(actor, ids) : [...new Set(ids.filter((id): id is string => id !== null))],
    actorId: actor?.accountId ?? null,
    structureId: row.structure_id,
    objectType: 'support_ticket',
    objectId: row.id,
    data: { title: row.title, from, to, ...extra },
  };
}

/** Picks the technician a handler names (one of the ticket's area team), or the handler himself. */
async function assigneeFor(db: DB, actor: Actor, row: TicketRow, assigneeId: string | undefined): Promise<string> {
  if (!assigneeId || assigneeId === actor.accountId) return actor.accountId;
  const team = row.team_id ? await findTeamTechnicians(db, row.team_id) : [];
  if (!team.some((t) => t.id === assigneeId)) throw new AppError('SUPPORT_NOT_A_TECHNICIAN');
  return assigneeId;
}

/**
 * Moves the ticket on. Handlers take it (ASSIGNED, to themselves or a technician of the team), put it on hold, resolve
 * it, reopen it; the requester withdraws it while new, or closes it once resolved with his satisfaction, or reopens
 * it. The same status again changes nothing and tells no one (a new assignee aside).
 */
export async function changeTicketStatus(platform: Platform, actor: Actor, ticketId: string, body: TicketStatusBody): Promise<TicketDetail> {
  const { row, resource } = await loadTicket(platform, actor, ticketId);
  authorize(actor, 'support.read', resource);
  const isHandler = can(actor, 'support.handle', resource);
  const isRequester = can(actor, 'support.close', resource);
  if (!isHandler && !isRequester) throw new AppError('FORBIDDEN');
  const { status } = body;
  if ((body.satisfaction !== undefined || body.satisfactionComment !== undefined) && !(isRequester && status === 'CLOSED')) throw new AppError('SUPPORT_SATISFACTION_REQUESTER');
  if (body.assigneeId !== undefined && !(isHandler && status === 'ASSIGNED')) throw new AppError('VALIDATION_FAILED');
  const db = platform.database.db;
  let event: DomainEvent | undefined;
  await db.transaction().execute(async (trx) => {
    const current = await lockTicket(trx, row.structure_id, ticketId);
    if (!current) throw new AppError('NOT_FOUND');
    const from = current.status as TicketStatus;
    const at = new Date(platform.now());
    const allowed = [...(isHandler ? handlerNextStatuses[from] : []), ...(isRequester ? requesterNextStatuses[from] : [])];
    if (from === status) {
      // Handing an assigned ticket to another technician of the team.
      if (status !== 'ASSIGNED' || !isHandler || body.assigneeId === undefined) return;
      const assignee = await assigneeFor(trx, actor, row, body.assigneeId);
      if (assignee === current.assignee_id) return;
      await updateTicket(trx, row.structure_id, ticketId, { assigneeId: assignee, at });
      await audit(trx, { actorId: actor.accountId, action: 'support.ticket.assign', targetType: 'support_ticket', targetId: ticketId, structureId: row.structure_id, details: { assigneeId: assignee } });
      return;
    }
    if (!allowed.includes(status)) throw new AppError('SUPPORT_BAD_TRANSITION');
    const change: TicketChange = { status, at };
    // Taken by a handler: by him or the technician he names; reopened by the requester: back to whoever had it.
    if (status === 'ASSIGNED' && isHandler) change.assigneeId = await assigneeFor(trx, actor, row, body.assigneeId);
    if (status === 'ASSIGNED' && current.taken_at === null) change.takenAt = at;
    if (status === 'RESOLVED') change.resolvedAt = at;
    if (from === 'RESOLVED' && status === 'ASSIGNED') change.resolvedAt = null;
    if (status === 'CLOSED') change.closedAt = at;
    if (status === 'WAITING') change.waitingSince = at;
    if (from === 'WAITING') {
      change.waitingSince = null;
      // The wait does not count against the time to resolve.
      if (current.waiting_since && current.resolve_due_at) change.resolveDueAt = new Date(time(current.resolve_due_at) + (at.getTime() - time(current.waiting_since)));
    }
    if (status === 'CLOSED' && isRequester && body.satisfaction !== undefined) {
      change.satisfaction = body.satisfaction;
      change.satisfactionComment = body.satisfactionComment ? cleanParagraphs(body.satisfactionComment) || null : null;
    }
    await updateTicket(trx, row.structure_id, ticketId, change);
    const assignee = change.assigneeId ?? current.assignee_id;
    event = await statusEvent(trx, actor, { ...row, assignee_id: assignee }, from, status);
    await platform.events.record(trx, event);
    await audit(trx, {
      actorId: actor.accountId,
      action: 'support.ticket.status',
      targetType: 'support_ticket',
      targetId: ticketId,
      structureId: row.structure_id,
      details: { from, to: status, ...(change.assigneeId ? { assigneeId: change.assigneeId } : {}), ...(change.satisfaction ? { satisfaction: change.satisfaction } : {}) },
    });
  });
  if (event) await platform.events.broadcast(event);
  return getTicketDetail(platform, actor, ticketId);
}

/**
 * A follow-up of the requester or of a handler, or an internal note of a handler (never shown to the requester, no
 * one told). A handler's follow-up reaches the requester's timeline; the requester's reaches the technician in charge.
 */
export async function commentTicket(platform: Platform, actor: Actor, ticketId: string, body: TicketCommentBody): Promise<TicketDetail> {
  const { row, resource } = await loadTicket(platform, actor, ticketId);
  authorize(actor, body.internal ? 'support.note' : 'support.comment', resource);
  const byHandler = can(actor, 'support.handle', resource) && row.author_id !== actor.accountId;
  const text = cleanParagraphs(body.body);
  if (!text) throw new AppError('VALIDATION_FAILED');
  const db = platform.database.db;
  let event: DomainEvent | undefined;
  await db.transaction().execute(async (trx) => {
    const at = new Date(platform.now());
    await insertComment(trx, { ticketId, authorId: actor.accountId, byHandler, internal: body.internal, body: text, at });
    await updateTicket(trx, row.structure_id, ticketId, { at });
    const recipients = body.internal ? [] : others(actor, byHandler ? [row.author_id] : [row.assignee_id]);
    if (recipients.length > 0) {
      event = {
        kind: COMMENT_EVENT,
        recipientIds: recipients,
        actorId: actor.accountId,
        structureId: row.structure_id,
        objectType: 'support_ticket',
        objectId: ticketId,
        data: { title: row.title, excerpt: text.slice(0, 140) },
      };
      await platform.events.record(trx, event);
    }
    await audit(trx, {
      actorId: actor.accountId,
      action: body.internal ? 'support.note.create' : 'support.comment.create',
      targetType: 'support_ticket',
      targetId: ticketId,
      structureId: row.structure_id,
    });
  });
  if (event) await platform.events.broadcast(event);
  return getTicketDetail(platform, actor, ticketId);
}

/**
 * Schedules a visit: when, which technician of the area team (the handler himself by default), which equipment of the
 * structure. The ticket becomes planifié (taken first if nobody had), and the requester and ADMLs are told when.
 */
export async function scheduleIntervention(platform: Platform, actor: Actor, ticketId: string, body: CreateInterventionBody): Promise<TicketDetail> {
  const { row, resource } = await loadTicket(platform, actor, ticketId);
  authorize(actor, 'support.handle', resource);
  const db = platform.database.db;
  let event: DomainEvent | undefined;
  await db.transaction().execute(async (trx) => {
    const current = await lockTicket(trx, row.structure_id, ticketId);
    if (!current) throw new AppError('NOT_FOUND');
    const from = current.status as TicketStatus;
    if (from === 'RESOLVED' || from === 'CLOSED') throw new AppError('SUPPORT_BAD_TRANSITION');
    const technicianId = await assigneeFor(trx, actor, row, body.technicianId);
    const equipmentId = body.equipmentId ?? row.equipment_id;
    if (body.equipmentId && !(await getStructureEquipment(trx, row.structure_id, body.equipmentId))) throw new AppError('SUPPORT_UNKNOWN_EQUIPMENT');
    const at = new Date(platform.now());
    const startsAt = new Date(body.startsAt);
    await insertIntervention(trx, { ticketId, technicianId, startsAt, equipmentId, note: body.note ? cleanDisplayText(body.note) || null : null, createdBy: actor.accountId, at });
    const change: TicketChange = { status: 'PLANNED', at, assigneeId: current.assignee_id ?? technicianId };
    if (current.taken_at === null) change.takenAt = at;
    if (from === 'WAITING') {
      change.waitingSince = null;
      if (current.waiting_since && current.resolve_due_at) change.resolveDueAt = new Date(time(current.resolve_due_at) + (at.getTime() - time(current.waiting_since)));
    }
    await updateTicket(trx, row.structure_id, ticketId, change);
    // Another visit of a ticket already planned says so too: the requester learns the new date.
    event = await statusEvent(trx, actor, { ...row, assignee_id: change.assigneeId ?? null }, from, 'PLANNED', { startsAt: startsAt.toISOString() });
    await platform.events.record(trx, event);
    await audit(trx, { actorId: actor.accountId, action: 'support.intervention.create', targetType: 'support_ticket', targetId: ticketId, structureId: row.structure_id, details: { technicianId, startsAt: startsAt.toISOString() } });
  });
  if (event) await platform.events.broadcast(event);
  return getTicketDetail(platform, actor, ticketId);
}

/**
 * Records the parts replaced during a visit: on the visit, and as an intervention line of the equipment's history
 * (the inventory module's `insertHistory`), in one transaction. A visit with no equipment of the register is refused.
 */
export async function recordReplacedParts(platform: Platform, actor: Actor, interventionId: string, body: InterventionPartsBody): Promise<TicketDetail> {
  const db = platform.database.db;
  const found = await getInterventionTicketId(db, interventionId);
  if (!found) throw new AppError('NOT_FOUND');
  const { row, resource } = await loadTicket(platform, actor, found.ticket_id);
  authorize(actor, 'support.handle', resource);
  const parts = body.parts.map(cleanDisplayText).filter(Boolean);
  if (parts.length !== body.parts.length) throw new AppError('VALIDATION_FAILED');
  await db.transaction().execute(async (trx) => {
    const visit = await lockIntervention(trx, interventionId);
    if (!visit) throw new AppError('NOT_FOUND');
    if (!visit.equipment_id || !(await getStructureEquipment(trx, row.structure_id, visit.equipment_id))) throw new AppError('SUPPORT_NO_EQUIPMENT');
    await setInterventionParts(trx, interventionId, [...visit.parts, ...parts]);
    await insertHistory(trx, {
      equipmentId: visit.equipment_id,
      kind: 'INTERVENTION',
      summary: `Pièces remplacées (signalement « ${row.title} ») : ${parts.join(', ')}`,
      details: { ticketId: row.id, interventionId, parts },
      actorId: actor.accountId,
    });
    await audit(trx, { actorId: actor.accountId, action: 'support.intervention.parts', targetType: 'support_ticket', targetId: row.id, structureId: row.structure_id, details: { interventionId, parts } });
  });
  return getTicketDetail(platform, actor, row.id);
}

/** The caller's agenda of visits from `from` (default: the start of today, by the platform clock), soonest first. */
export async function listMyInterventions(platform: Platform, actor: Actor, query: InterventionListQuery): Promise<InterventionList> {
  const today = new Date(platform.now());
  today.setUTCHours(0, 0, 0, 0);
  const from = query.from ? new Date(query.from) : today;
  const rows = await findTechnicianInterventions(platform.database.db, actor.accountId, actor.technicianCollectiviteIds, from, query.limit);
  return { items: rows.map(presentIntervention) };
}

/**
 * Closes, with nobody acting, the tickets resolved more than a week ago that their requester neither closed nor
 * reopened; he is told. A batch per transaction, so a crash leaves each ticket either closed and told or untouched.
 */
export async function closeStaleResolvedTickets(platform: Platform, batch = 100): Promise<number> {
  const db = platform.database.db;
  const now = platform.now();
  let closed = 0;
  for (;;) {
    const stale = await findStaleResolved(db, new Date(now - AUTO_CLOSE_AFTER_MS), batch);
    if (stale.length === 0) return closed;
    const events: DomainEvent[] = [];
    await db.transaction().execute(async (trx) => {
      for (const ticket of stale) {
        const current = await lockTicket(trx, ticket.structure_id, ticket.id);
        const row = await getTicket(trx, ticket.id);
        if (current?.status !== 'RESOLVED' || !row) continue;
        const at = new Date(now);
        await updateTicket(trx, ticket.structure_id, ticket.id, { status: 'CLOSED', closedAt: at, at });
        const event = await statusEvent(trx, null, row, 'RESOLVED', 'CLOSED', { automatic: true });
        await platform.events.record(trx, event);
        await audit(trx, { actorId: null, action: 'support.ticket.autoclose', targetType: 'support_ticket', targetId: ticket.id, structureId: ticket.structure_id });
        events.push(event);
        closed++;
      }
    });
    for (const event of events) await platform.events.broadcast(event);
    if (stale.length < batch) return closed;
  }
}
