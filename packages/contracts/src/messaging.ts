import { z } from 'zod';
import { PageQuery, Profile, pageOf } from './common.ts';

/** How a recipient was addressed. */
export const RecipientKind = z.enum(['TO', 'CC', 'BCC']);
export type RecipientKind = z.infer<typeof RecipientKind>;

/**
 * What a sender picks: a person, a class or a group (its students, their
 * parents or its teachers), or every account of one profile in a structure
 * ("all teachers of lycée X"). Classes, groups and
 * profiles are resolved into accounts when the message is sent.
 */
/** Who of a class or group a message goes to: its students (when absent), their parents, or its teachers. */
export const GroupAudience = z.enum(['STUDENTS', 'PARENTS', 'TEACHERS']);
export type GroupAudience = z.infer<typeof GroupAudience>;

export const RecipientTarget = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('PERSON'), id: z.uuid() }),
  z.strictObject({ type: z.literal('CLASS'), id: z.uuid(), audience: GroupAudience.optional() }),
  z.strictObject({ type: z.literal('GROUP'), id: z.uuid(), audience: GroupAudience.optional() }),
  z.strictObject({ type: z.literal('PROFILE'), structureId: z.uuid(), profile: Profile }),
]);
export type RecipientTarget = z.infer<typeof RecipientTarget>;

/** A target with the name it is shown under. */
export const NamedTarget = z.object({
  target: RecipientTarget,
  label: z.string(),
  /** Structure name, profile or class for people; structure for classes and groups. */
  detail: z.string(),
});
export type NamedTarget = z.infer<typeof NamedTarget>;

export const RecipientSearchQuery = z.strictObject({ q: z.string().trim().min(1).max(100) });
export type RecipientSearchQuery = z.infer<typeof RecipientSearchQuery>;
export const RecipientSearchResult = z.object({ items: z.array(NamedTarget) });
export type RecipientSearchResult = z.infer<typeof RecipientSearchResult>;

const targets = z.array(RecipientTarget).max(50).default([]);

/** A message being written: saved as a draft, or sent. */
export const MessageDraftInput = z.strictObject({
  to: targets,
  cc: targets,
  bcc: targets,
  subject: z.string().trim().max(200).default(''),
  /** Rich text (HTML); sanitized by the server with an allow-list. */
  body: z.string().max(200_000).default(''),
  /** The message this one replies to or forwards (its thread continues). */
  parentId: z.uuid().nullable().default(null),
  /** Forwarding copies the parent's attachments. */
  mode: z.enum(['NEW', 'REPLY', 'FORWARD']).default('NEW'),
});
export type MessageDraftInput = z.input<typeof MessageDraftInput>;

export const systemFolders = ['INBOX', 'SENT', 'DRAFTS', 'TRASH'] as const;
export const SystemFolder = z.enum(systemFolders);
export type SystemFolder = z.infer<typeof SystemFolder>;

export const Attachment = z.object({
  id: z.uuid(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
});
export type Attachment = z.infer<typeof Attachment>;

export const PersonRef = z.object({ id: z.uuid(), displayName: z.string() });
export type PersonRef = z.infer<typeof PersonRef>;

/** One line of a folder: the recipient's own state of a message stored once. */
export const MessageSummary = z.object({
  id: z.uuid(),
  threadId: z.uuid(),
  subject: z.string(),
  preview: z.string(),
  from: PersonRef,
  /** What the To line shows (names of people, classes, groups). */
  toLabels: z.array(z.string()),
  date: z.iso.datetime(),
  isRead: z.boolean(),
  isFlagged: z.boolean(),
  hasAttachments: z.boolean(),
  folder: z.string(),
  folderId: z.uuid().nullable(),
});
export type MessageSummary = z.infer<typeof MessageSummary>;
export const MessagePage = pageOf(MessageSummary);
export type MessagePage = z.infer<typeof MessagePage>;

/** A message as its reader sees it. Bcc is shown to the sender only. */
export const MessageDetail = MessageSummary.extend({
  body: z.string(),
  to: z.array(z.string()),
  cc: z.array(z.string()),
  bcc: z.array(z.string()),
  attachments: z.array(Attachment),
  /** The To and Cc targets of the message, for "reply to all" (Bcc never). */
  replyAll: z.array(NamedTarget),
  isDraft: z.boolean(),
  /** The draft's targets, to reopen it in the editor (drafts only). */
  draft: z
    .object({ to: z.array(NamedTarget), cc: z.array(NamedTarget), bcc: z.array(NamedTarget), parentId: z.uuid().nullable(), mode: z.string() })
    .nullable(),
});
export type MessageDetail = z.infer<typeof MessageDetail>;

export const Conversation = z.object({ threadId: z.uuid(), messages: z.array(MessageDetail) });
export type Conversation = z.infer<typeof Conversation>;

export const FolderQuery = PageQuery.extend({
  folder: z.union([SystemFolder, z.uuid()]).default('INBOX'),
  unread: z.enum(['true', 'false']).optional(),
});
export type FolderQuery = z.infer<typeof FolderQuery>;

export const MessageSearchQuery = PageQuery.extend({ q: z.string().trim().min(1).max(200) });
export type MessageSearchQuery = z.infer<typeof MessageSearchQuery>;

/** Changes to the reader's own state of one or more messages. */
export const MessageStateUpdate = z.strictObject({
  ids: z.array(z.uuid()).min(1).max(100),
  isRead: z.boolean().optional(),
  isFlagged: z.boolean().optional(),
  /** A system folder (INBOX, TRASH…: moving to TRASH is "delete") or a user folder id. */
  moveTo: z.union([z.enum(['INBOX', 'TRASH']), z.uuid()]).optional(),
  /** Back to where it was before the trash. */
  restore: z.literal(true).optional(),
});
export type MessageStateUpdate = z.infer<typeof MessageStateUpdate>;

export const MessageIds = z.strictObject({ ids: z.array(z.uuid()).min(1).max(100) });

export const FolderCount = z.object({ folder: z.string(), folderId: z.uuid().nullable(), name: z.string(), unread: z.number().int(), total: z.number().int() });
export type FolderCount = z.infer<typeof FolderCount>;
export const FolderList = z.object({ items: z.array(FolderCount) });
export type FolderList = z.infer<typeof FolderList>;

export const UserFolderInput = z.strictObject({ name: z.string().trim().min(1).max(60).regex(/^[^\p{Cc}]+$/u) });

export const UnreadCount = z.object({ unread: z.number().int() });
export type UnreadCount = z.infer<typeof UnreadCount>;

/** How far each profile of a structure may write to each profile. */
export const communicationScopes = ['NONE', 'LINKED', 'ALL'] as const;
export const CommunicationScope = z.enum(communicationScopes);
export type CommunicationScope = z.infer<typeof CommunicationScope>;

export const CommunicationRule = z.object({ from: Profile, to: Profile, scope: CommunicationScope });
export type CommunicationRule = z.infer<typeof CommunicationRule>;
export const CommunicationRules = z.object({
  structureId: z.uuid(),
  rules: z.array(CommunicationRule.extend({ isDefault: z.boolean() })),
});
export type CommunicationRules = z.infer<typeof CommunicationRules>;
export const CommunicationRulesUpdate = z.strictObject({ rules: z.array(CommunicationRule).max(36) });

/** The messagerie's settings of the logged-in user: the signature the editor adds under a new message. */
export const MessagingSettings = z.object({ signature: z.string() });
export type MessagingSettings = z.infer<typeof MessagingSettings>;
/** Plain text, up to six lines (a name, a role, a school): no markup, no control character but line breaks. */
export const MessagingSettingsInput = z.strictObject({
  signature: z
    .string()
    .max(500)
    .regex(/^[^\p{Cc}]*(?:\r?\n[^\p{Cc}]*)*$/u)
    .refine((text) => text.split('\n').length <= 6),
});
export type MessagingSettingsInput = z.infer<typeof MessagingSettingsInput>;
