import { z } from 'zod';
import { PageQuery, pageOf } from './common.ts';

/**
 * Support: fault reports ("Signaler une panne") of a structure's staff, handled by the technicians of the
 * structure's area team and by its admins (issue 18, docs/decisions/support-handlers.md).
 */

/** How much it hinders the requester (he says it). */
export const ticketUrgencies = ['LOW', 'NORMAL', 'HIGH'] as const;
export const TicketUrgency = z.enum(ticketUrgencies);
export type TicketUrgency = z.infer<typeof TicketUrgency>;

/** How many people it hinders: one person, a room or a class, the whole structure. */
export const ticketImpacts = ['LOW', 'MEDIUM', 'HIGH'] as const;
export const TicketImpact = z.enum(ticketImpacts);
export type TicketImpact = z.infer<typeof TicketImpact>;

export const ticketPriorities = ['LOW', 'MEDIUM', 'HIGH'] as const;
export const TicketPriority = z.enum(ticketPriorities);
export type TicketPriority = z.infer<typeof TicketPriority>;

/**
 * Urgency × impact → priority: GLPI's default matrix (STANDARDS.md §10.3) read on its levels 2–4
 * (low, medium, high), so that a team used to GLPI finds the same priorities.
 */
export const priorityMatrix = {
  LOW: { LOW: 'LOW', MEDIUM: 'LOW', HIGH: 'MEDIUM' },
  NORMAL: { LOW: 'LOW', MEDIUM: 'MEDIUM', HIGH: 'HIGH' },
  HIGH: { LOW: 'MEDIUM', MEDIUM: 'HIGH', HIGH: 'HIGH' },
} as const satisfies Record<TicketUrgency, Record<TicketImpact, TicketPriority>>;

export function priorityOf(urgency: TicketUrgency, impact: TicketImpact): TicketPriority {
  return priorityMatrix[urgency][impact];
}

/**
 * GLPI's six ticket statuses: nouveau, attribué (a technician took it), planifié (a visit is scheduled),
 * en attente, résolu, clos (by the requester, or by itself a week after the resolution).
 */
export const ticketStatuses = ['NEW', 'ASSIGNED', 'PLANNED', 'WAITING', 'RESOLVED', 'CLOSED'] as const;
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
  impact: TicketImpact.default('MEDIUM'),
});
export type CreateTicketBody = z.infer<typeof CreateTicketBody>;

const Person = z.object({ id: z.uuid(), name: z.string() });

export const TicketSummary = z.object({
  id: z.uuid(),
  structureId: z.uuid(),
  structureName: z.string(),
  title: z.string(),
  room: z.string().nullable(),
  equipment: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  urgency: TicketUrgency,
  impact: TicketImpact,
  priority: TicketPriority,
  status: TicketStatus,
  authorName: z.string(),
  /** The area team it went to (null: no team covers the structure, its admins handle it). */
  teamName: z.string().nullable(),
  /** The technician who took it. */
  assignee: Person.nullable(),
  /** Deadlines from the collectivité's targets for its priority (taken into account, resolved). */
  takeDueAt: z.string().nullable(),
  resolveDueAt: z.string().nullable(),
  /** Not taken, or not resolved, past its deadline. */
  overdue: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TicketSummary = z.infer<typeof TicketSummary>;

export const TicketPage = pageOf(TicketSummary);
export type TicketPage = z.infer<typeof TicketPage>;

export const TicketListQuery = PageQuery.extend({
  status: TicketStatus.optional(),
  /** Only the tickets past a deadline. */
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});
export type TicketListQuery = z.infer<typeof TicketListQuery>;

export const TicketComment = z.object({
  id: z.uuid(),
  authorName: z.string(),
  /** Written by one of the ticket's handlers (a technician or an admin), not by the person who reported it. */
  byHandler: z.boolean(),
  /** An internal note of the handlers: never sent to the requester. */
  internal: z.boolean(),
  body: z.string(),
  createdAt: z.string(),
});
export type TicketComment = z.infer<typeof TicketComment>;

export const Intervention = z.object({
  id: z.uuid(),
  ticketId: z.uuid(),
  ticketTitle: z.string(),
  structureName: z.string(),
  room: z.string().nullable(),
  startsAt: z.string(),
  technician: Person,
  equipment: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  note: z.string().nullable(),
  /** Parts replaced during the visit (also on the equipment's history). */
  parts: z.array(z.string()),
});
export type Intervention = z.infer<typeof Intervention>;

/** What was replaced during a visit, as the technician names it (lampe, disque, câble HDMI). */
export const InterventionPartsBody = z.strictObject({ parts: z.array(Line(120)).min(1).max(20) });
export type InterventionPartsBody = z.infer<typeof InterventionPartsBody>;

export const Satisfaction = z.object({ score: z.number().int().min(1).max(5), comment: z.string().nullable() });

/** A photo of the fault; its picture and thumbnail at /support/photos/:id and /support/photos/:id/thumbnail. */
export const TicketPhoto = z.object({
  id: z.uuid(),
  authorName: z.string(),
  createdAt: z.string(),
  /** Still waiting for the antivirus: not shown yet. */
  pending: z.boolean(),
  hasThumbnail: z.boolean(),
});
export type TicketPhoto = z.infer<typeof TicketPhoto>;

export const TicketDetail = TicketSummary.extend({
  description: z.string(),
  comments: z.array(TicketComment),
  interventions: z.array(Intervention),
  photos: z.array(TicketPhoto),
  satisfaction: Satisfaction.nullable(),
  /** What the caller may do: take it, plan it, write internal notes (handlers). */
  canHandle: z.boolean(),
  /** Statuses the caller may move it to from here (handlers: the work; the requester: close or reopen once resolved). */
  nextStatuses: z.array(TicketStatus),
  /** Technicians a handler may assign it to or send on a visit (the area team's). */
  technicians: z.array(Person),
});
export type TicketDetail = z.infer<typeof TicketDetail>;

export const TicketStatusBody = z.strictObject({
  status: TicketStatus,
  /** With ASSIGNED, by a handler: the technician who takes it (himself when absent). */
  assigneeId: z.uuid().optional(),
  /** With CLOSED, by the requester: how satisfied he is (1–5) and why. */
  satisfaction: z.number().int().min(1).max(5).optional(),
  satisfactionComment: Paragraphs(1000).optional(),
});
export type TicketStatusBody = z.infer<typeof TicketStatusBody>;

export const TicketCommentBody = z.strictObject({ body: Paragraphs(4000), internal: z.boolean().default(false) });
export type TicketCommentBody = z.infer<typeof TicketCommentBody>;

/** A visit: when, who (the caller when absent), which equipment of the structure. */
export const CreateInterventionBody = z.strictObject({
  startsAt: z.iso.datetime({ offset: true }),
  technicianId: z.uuid().optional(),
  equipmentId: z.uuid().optional(),
  note: Line(500).optional(),
});
export type CreateInterventionBody = z.infer<typeof CreateInterventionBody>;

export const InterventionListQuery = z.strictObject({
  /** From this instant on (default: the start of today). */
  from: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type InterventionListQuery = z.infer<typeof InterventionListQuery>;
export const InterventionList = z.object({ items: z.array(Intervention) });
export type InterventionList = z.infer<typeof InterventionList>;

/** The collectivité's technicians and teams (ADMC). */
export const TechnicianBody = z.strictObject({ accountId: z.uuid() });
export const TechnicianParams = z.strictObject({ id: z.uuid(), accountId: z.uuid() });
export const TechnicianList = z.object({ items: z.array(Person) });
export type TechnicianList = z.infer<typeof TechnicianList>;

export const TeamBody = z.strictObject({
  name: Line(80),
  structureIds: z.array(z.uuid()).max(500),
  technicianIds: z.array(z.uuid()).max(100),
});
export type TeamBody = z.infer<typeof TeamBody>;
export const Team = z.object({
  id: z.uuid(),
  name: z.string(),
  structures: z.array(z.object({ id: z.uuid(), name: z.string() })),
  technicians: z.array(Person),
});
export type Team = z.infer<typeof Team>;
export const TeamList = z.object({ items: z.array(Team) });
export type TeamList = z.infer<typeof TeamList>;

/** Minutes to take a ticket into account and to resolve it, per priority. */
export const SupportTarget = z.object({
  priority: TicketPriority,
  takeMinutes: z.number().int().min(1).max(525_600),
  resolveMinutes: z.number().int().min(1).max(525_600),
});
export type SupportTarget = z.infer<typeof SupportTarget>;
export const SupportTargets = z.object({ targets: z.array(SupportTarget) });
export type SupportTargets = z.infer<typeof SupportTargets>;
export const SupportTargetsBody = z.strictObject({ targets: z.array(SupportTarget.strict()).min(1).max(3) });
export type SupportTargetsBody = z.infer<typeof SupportTargetsBody>;

/** What the caller may do in support, by the server's rules: the structures where he may report a fault, whether he is a technician. */
export const SupportMe = z.object({
  reportIn: z.array(z.object({ id: z.uuid(), name: z.string() })),
  technician: z.boolean(),
  /** The collectivités whose knowledge base he writes (technicians). */
  technicianCollectiviteIds: z.array(z.uuid()),
});
export type SupportMe = z.infer<typeof SupportMe>;

/** Knowledge base: an answer to a frequent problem, published by a technician of the collectivité. */
export const ArticleBody = z.strictObject({ title: Line(120), body: Paragraphs(4000) });
export type ArticleBody = z.infer<typeof ArticleBody>;
export const Article = z.object({ id: z.uuid(), title: z.string(), body: z.string(), authorName: z.string(), createdAt: z.string() });
export type Article = z.infer<typeof Article>;
export const ArticleList = z.object({ items: z.array(Article) });
export type ArticleList = z.infer<typeof ArticleList>;
/** What the requester typed so far (his ticket's title). */
export const ArticleSearchQuery = z.strictObject({ q: z.string().trim().min(3).max(120) });

/** A structure's support settings (its ADML). */
export const SupportSettings = z.object({ studentsMayReport: z.boolean() });
export type SupportSettings = z.infer<typeof SupportSettings>;
export const SupportSettingsBody = z.strictObject({ studentsMayReport: z.boolean() });
