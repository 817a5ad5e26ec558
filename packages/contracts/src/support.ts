import { z } from 'zod';
import { PageQuery, pageOf } from './common.ts';

/** Support: fault reports ("Signaler une panne") of a structure's staff, handled by its admins (issue 18). */

export const ticketUrgencies = ['LOW', 'NORMAL', 'HIGH'] as const;
export const TicketUrgency = z.enum(ticketUrgencies);
export type TicketUrgency = z.infer<typeof TicketUrgency>;

/** NEW → IN_PROGRESS → RESOLVED or CLOSED (a resolved ticket may be reopened or closed). */
export const ticketStatuses = ['NEW', 'IN_PROGRESS', 'RESOLVED', 'CLOSED'] as const;
export const TicketStatus = z.enum(ticketStatuses);
export type TicketStatus = z.infer<typeof TicketStatus>;

const Line = (max: number) => z.string().trim().min(1).max(max).regex(/^[^\p{Cc}]+$/u);
/** Several lines allowed, no other control characters. */
const Paragraphs = (max: number) => z.string().trim().min(1).max(max).regex(/^[^\p{Cc}]*(?:[\r\n\t]+[^\p{Cc}]*)*$/u);

export const CreateTicketBody = z.strictObject({
  title: Line(120),
  description: Paragraphs(4000),
  /** Where: the room as people say it (B102, CDI). */
  room: Line(60).optional(),
  /** Equipment of the same structure's register, if the person picked one. */
  equipmentId: z.uuid().optional(),
  urgency: TicketUrgency.default('NORMAL'),
});
export type CreateTicketBody = z.infer<typeof CreateTicketBody>;

export const TicketSummary = z.object({
  id: z.uuid(),
  structureId: z.uuid(),
  structureName: z.string(),
  title: z.string(),
  room: z.string().nullable(),
  equipment: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  urgency: TicketUrgency,
  status: TicketStatus,
  authorName: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TicketSummary = z.infer<typeof TicketSummary>;

export const TicketPage = pageOf(TicketSummary);
export type TicketPage = z.infer<typeof TicketPage>;

export const TicketListQuery = PageQuery.extend({ status: TicketStatus.optional() });
export type TicketListQuery = z.infer<typeof TicketListQuery>;

export const TicketComment = z.object({
  id: z.uuid(),
  authorName: z.string(),
  /** Written by one of the ticket's handlers (an admin), not by the person who reported it. */
  byHandler: z.boolean(),
  body: z.string(),
  createdAt: z.string(),
});
export type TicketComment = z.infer<typeof TicketComment>;

export const TicketDetail = TicketSummary.extend({
  description: z.string(),
  comments: z.array(TicketComment),
  /** What the caller may do: change the status (handlers), comment (handlers and author). */
  canHandle: z.boolean(),
  /** Statuses the ticket may move to from here (empty for those who may not change it). */
  nextStatuses: z.array(TicketStatus),
});
export type TicketDetail = z.infer<typeof TicketDetail>;

export const TicketStatusBody = z.strictObject({ status: TicketStatus });
export const TicketCommentBody = z.strictObject({ body: Paragraphs(4000) });
