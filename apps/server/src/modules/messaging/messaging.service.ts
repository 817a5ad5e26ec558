import {
  type Conversation,
  type FolderList,
  type FolderQuery,
  type GroupAudience,
  type MessageDetail,
  MessageDraftInput,
  type MessagePage,
  type MessageSearchQuery,
  type MessageStateUpdate,
  type MessageSummary,
  type NamedTarget,
  type Profile,
  type RecipientKind,
  type RecipientSearchResult,
  type RecipientTarget,
  systemFolders,
} from '@preau/contracts';
import { z } from 'zod';
import type { Actor } from '../../platform/authorization.ts';
import type { DraftData, MessageFolderName, RecipientLabels } from '../../platform/db/schema-messaging.ts';
import { cleanDisplayText } from '../../platform/display-text.ts';
import { AppError, isUniqueViolation } from '../../platform/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { deleteStoredBytes } from '../../platform/storage/uploads.ts';
import { normalizeForSearch, searchTerms } from '../../platform/search-key.ts';
import { decodeCursor, pageFrom } from '../directory/keyset-cursor.ts';
import { markObjectRead } from '../timeline/timeline.service.ts';
import { mayWriteToStructureProfiles } from './communication-rules.ts';
import {
  copyAttachments,
  deleteOwnFolder,
  deleteStates,
  dropOrphans,
  findAttachments,
  findFolderPage,
  findHeldMessageIds,
  findOwnFolder,
  findOwnFolders,
  findOwnMessage,
  findOwnThread,
  insertFolder,
  insertMessage,
  insertRecipientStates,
  insertSenderState,
  markFlagged,
  markRead,
  moveSenderStateToSent,
  moveToFolder,
  moveToTrash,
  restoreFromTrash,
  searchOwnMessages,
  countByFolder,
  countUnreadInbox,
  type StateRow,
  updateFolderName,
  updateMessageContent,
} from './messages.repository.ts';
import {
  findAllowedGroup,
  findNames,
  findReachableAmong,
  findReachableMembers,
  findStructureProfileMembers,
  loadSenderScope,
  mayStillReplyTo,
  searchAllowedGroups,
  searchReachablePeople,
  type SenderScope,
} from './recipients.repository.ts';
import { plainText, previewOf, sanitizeBody, searchableText } from './sanitize.ts';

/** The event a recipient's timeline and open pages get for a new message. */
export const MESSAGE_RECEIVED = 'messaging.received';

const StateCursor = z.strictObject({ s: z.number().int().positive() });

/** The sender's structures and rules for this school year. */
export async function senderScopeOf(platform: Platform, actor: Actor): Promise<SenderScope> {
  return loadSenderScope(platform.database.db, actor.accountId, actor.profile, platform.schoolYear());
}

/** Words a profile of a structure is found by, in French and English. */
const profileWords = {
  ELEVE: 'élèves students',
  PARENT: 'parents',
  ENSEIGNANT: 'enseignants professeurs teachers',
  PERSONNEL: 'personnels staff',
  COLLECTIVITE: 'collectivité agents',
  INVITE: 'invités guests',
} as const satisfies Record<Profile, string>;

const groupAudiences = ['STUDENTS', 'PARENTS', 'TEACHERS'] as const satisfies readonly GroupAudience[];
const audienceProfile = { STUDENTS: 'ELEVE', PARENTS: 'PARENT', TEACHERS: 'ENSEIGNANT' } as const satisfies Record<GroupAudience, Profile>;

/**
 * Whether the rules of the class's structure let the sender write to that
 * part of it. Its students keep the rule classes always had (the class is
 * addressable); its parents and teachers need the sender to reach that
 * profile there at all (LINKED or ALL), the members then filtered one by one.
 */
function audienceAllowed(scope: SenderScope, structureId: string, audience: GroupAudience): boolean {
  if (audience === 'STUDENTS') return true;
  const structure = scope.structures.find((s) => s.id === structureId);
  return structure !== undefined && structure.scopes[audienceProfile[audience]] !== 'NONE';
}

/** Profiles of whole structures the sender may address. */
function allowedStructureProfiles(scope: SenderScope): Array<{ structureId: string; structureName: string; profile: Profile }> {
  if (!mayWriteToStructureProfiles[scope.profile]) return [];
  return scope.structures.flatMap((structure) =>
    (Object.entries(structure.scopes) as Array<[Profile, string]>)
      .filter(([, s]) => s === 'ALL')
      .map(([profile]) => ({ structureId: structure.id, structureName: structure.name, profile })),
  );
}

/** The recipient picker: people, classes, groups and profiles of structures the sender may write to, matching `q`. */
export async function searchRecipients(platform: Platform, actor: Actor, q: string): Promise<RecipientSearchResult> {
  const terms = searchTerms(q);
  if (terms.length === 0) return { items: [] };
  const db = platform.database.db;
  const scope = await senderScopeOf(platform, actor);
  if (scope.structures.length === 0) return { items: [] };
  const [people, groups] = await Promise.all([searchReachablePeople(db, scope, terms, 10), searchAllowedGroups(db, scope, terms, 8)]);
  const profiles = allowedStructureProfiles(scope).filter((p) => {
    const words = normalizeForSearch(`${profileWords[p.profile]} ${p.structureName}`).split(' ');
    return terms.every((term) => words.some((word) => word.startsWith(term)));
  });
  return {
    items: [
      // A class or group is offered as its students, and as their parents and its teachers where the rules let the sender write to them.
      ...groups.flatMap((g): NamedTarget[] =>
        groupAudiences
          .filter((audience) => audienceAllowed(scope, g.structure_id, audience))
          .map((audience) => ({ target: audience === 'STUDENTS' ? { type: g.kind, id: g.id } : { type: g.kind, id: g.id, audience }, label: g.name, detail: g.structure_name })),
      ),
      ...profiles.map((p): NamedTarget => ({
        target: { type: 'PROFILE', structureId: p.structureId, profile: p.profile },
        label: p.structureName,
        detail: p.profile,
      })),
      ...people.map((p): NamedTarget => ({
        target: { type: 'PERSON', id: p.id },
        label: `${p.first_name} ${p.last_name}`,
        detail: p.profile + (p.structure_name ? ` · ${p.structure_name}` : ''),
      })),
    ],
  };
}

interface Resolved {
  recipients: Array<{ accountId: string; kind: RecipientKind }>;
  labels: RecipientLabels;
  named: { to: NamedTarget[]; cc: NamedTarget[]; bcc: NamedTarget[] };
}

type ParsedDraft = z.output<typeof MessageDraftInput>;

/**
 * Checks every target against the communication rules (403
 * RECIPIENT_NOT_ALLOWED for any refused one) and, when `expand`, resolves
 * classes, groups and profiles into this year's accounts. A reply may go back
 * to the author of the message it answers while the rules it came under stand.
 */
async function resolveTargets(platform: Platform, scope: SenderScope, input: ParsedDraft, replyTo: StateRow | undefined, expand: boolean): Promise<Resolved> {
  const db = platform.database.db;
  const kinds: Array<[RecipientKind, RecipientTarget[]]> = [
    ['TO', input.to],
    ['CC', input.cc],
    ['BCC', input.bcc],
  ];
  const personIds = [...new Set(kinds.flatMap(([, list]) => list.flatMap((t) => (t.type === 'PERSON' ? [t.id] : []))))];
  const reachable = await findReachableAmong(db, scope, personIds);
  if (replyTo?.sentAt && personIds.includes(replyTo.senderId) && !reachable.has(replyTo.senderId)) {
    if (await mayStillReplyTo(db, scope, { senderId: replyTo.senderId, sentAt: replyTo.sentAt })) reachable.add(replyTo.senderId);
  }
  if (personIds.some((id) => !reachable.has(id) || id === scope.accountId)) throw new AppError('RECIPIENT_NOT_ALLOWED');
  const names = await findNames(db, personIds);
  const byAccount = new Map<string, RecipientKind>();
  const rank = { TO: 0, CC: 1, BCC: 2 } as const;
  const add = (ids: string[], kind: RecipientKind) => {
    for (const id of ids) {
      const current = byAccount.get(id);
      if (id !== scope.accountId && (current === undefined || rank[kind] < rank[current])) byAccount.set(id, kind);
    }
  };
  const named: Resolved['named'] = { to: [], cc: [], bcc: [] };
  const structureProfiles = allowedStructureProfiles(scope);
  for (const [kind, list] of kinds) {
    const out = named[kind === 'TO' ? 'to' : kind === 'CC' ? 'cc' : 'bcc'];
    const seen = new Set<string>();
    for (const target of list) {
      const key = JSON.stringify(target);
      if (seen.has(key)) continue;
      seen.add(key);
      if (target.type === 'PERSON') {
        out.push({ target, label: names.get(target.id) ?? '', detail: '' });
        add([target.id], kind);
      } else if (target.type === 'CLASS' || target.type === 'GROUP') {
        const group = await findAllowedGroup(db, scope, target.type, target.id);
        const audience = target.audience ?? 'STUDENTS';
        if (!group || !audienceAllowed(scope, group.structure_id, audience)) throw new AppError('RECIPIENT_NOT_ALLOWED');
        out.push({ target, label: group.name, detail: group.structure_name });
        if (expand) add(await findReachableMembers(db, scope, target.type, target.id, audience), kind);
      } else {
        const allowed = structureProfiles.find((p) => p.structureId === target.structureId && p.profile === target.profile);
        if (!allowed) throw new AppError('RECIPIENT_NOT_ALLOWED');
        out.push({ target, label: allowed.structureName, detail: target.profile });
        if (expand) add(await findStructureProfileMembers(db, scope, target.structureId, target.profile), kind);
      }
    }
  }
  const labelOf = (n: NamedTarget) => {
    if (n.target.type === 'PROFILE') return `${profileWords[n.target.profile].split(' ')[0]} · ${n.label}`;
    if ((n.target.type === 'CLASS' || n.target.type === 'GROUP') && n.target.audience && n.target.audience !== 'STUDENTS') {
      return `${profileWords[audienceProfile[n.target.audience]].split(' ')[0]} · ${n.label}`;
    }
    return n.label;
  };
  return {
    recipients: [...byAccount].map(([accountId, kind]) => ({ accountId, kind })),
    labels: { to: named.to.map(labelOf), cc: named.cc.map(labelOf), bcc: named.bcc.map(labelOf), targets: [...named.to, ...named.cc] },
    named,
  };
}

/** The message a reply or forward continues, which the actor must hold. */
async function parentOf(platform: Platform, actor: Actor, parentId: string | null): Promise<StateRow | undefined> {
  if (!parentId) return undefined;
  const parent = await findOwnMessage(platform.database.db, actor.accountId, parentId);
  if (!parent || parent.sentAt === null) throw new AppError('NOT_FOUND');
  return parent;
}

function contentOf(input: ParsedDraft) {
  const bodyHtml = sanitizeBody(input.body);
  const text = plainText(bodyHtml);
  // A subject is shown in every recipient's list: no direction control may reorder it.
  const subject = cleanDisplayText(input.subject);
  return { subject, bodyHtml, preview: previewOf(text), searchText: searchableText(subject, text) };
}

async function ownDraft(platform: Platform, actor: Actor, draftId: string): Promise<StateRow> {
  const draft = await findOwnMessage(platform.database.db, actor.accountId, draftId);
  if (!draft || draft.kind !== 'FROM') throw new AppError('NOT_FOUND');
  if (draft.sentAt !== null) throw new AppError('NOT_A_DRAFT');
  return draft;
}

/** Creates a draft (forwarding copies the parent's attachments, stored once). */
export async function createDraft(platform: Platform, actor: Actor, raw: unknown): Promise<MessageDetail> {
  const input = MessageDraftInput.parse(raw);
  const scope = await senderScopeOf(platform, actor);
  const parent = await parentOf(platform, actor, input.parentId);
  const resolved = await resolveTargets(platform, scope, input, parent, false);
  const content = contentOf(input);
  const db = platform.database.db;
  const id = await db.transaction().execute(async (trx) => {
    const messageId = await insertMessage(trx, {
      ...content,
      senderId: actor.accountId,
      threadId: parent?.threadId ?? null,
      parentId: parent?.id ?? null,
      labels: resolved.labels,
      draft: { ...resolved.named, parentId: parent?.id ?? null, mode: input.mode },
      sentAt: null,
      createdAt: new Date(platform.now()),
    });
    await insertSenderState(trx, messageId, actor.accountId, 'DRAFTS');
    if (parent && input.mode === 'FORWARD') await copyAttachments(trx, parent.id, messageId);
    return messageId;
  });
  return getMessage(platform, actor, id);
}

/** Autosave: replaces a draft's targets, subject and body. */
export async function updateDraft(platform: Platform, actor: Actor, draftId: string, raw: unknown): Promise<MessageDetail> {
  const input = MessageDraftInput.parse(raw);
  const draft = await ownDraft(platform, actor, draftId);
  const scope = await senderScopeOf(platform, actor);
  const parent = await parentOf(platform, actor, input.parentId ?? draft.parentId);
  const resolved = await resolveTargets(platform, scope, input, parent, false);
  await updateMessageContent(platform.database.db, draftId, {
    ...contentOf(input),
    threadId: parent?.threadId ?? draft.id,
    parentId: parent?.id ?? null,
    labels: resolved.labels,
    draft: { ...resolved.named, parentId: parent?.id ?? null, mode: input.mode },
    sentAt: null,
  });
  return getMessage(platform, actor, draftId);
}

/** Deletes a draft and the files only it used. */
export async function deleteDraft(platform: Platform, actor: Actor, draftId: string): Promise<void> {
  await ownDraft(platform, actor, draftId);
  const keys = await platform.database.db.transaction().execute(async (trx) => {
    const ids = await deleteStates(trx, actor.accountId, [draftId], 'DRAFTS');
    return dropOrphans(trx, ids);
  });
  await deleteStoredBytes(platform, keys);
}

/**
 * Sends a new message, or a draft (`draftId`): checks the rules, resolves
 * classes, groups and profiles into accounts, then in ONE transaction writes
 * the message (already stored once), a state row per recipient and the
 * timeline events. Open pages are told after the commit.
 */
export async function sendMessage(
  platform: Platform,
  actor: Actor,
  raw: unknown,
  options: { draftId?: string } = {},
): Promise<MessageDetail> {
  const input = MessageDraftInput.parse(raw);
  const draft = options.draftId ? await ownDraft(platform, actor, options.draftId) : undefined;
  const scope = await senderScopeOf(platform, actor);
  const parent = await parentOf(platform, actor, input.parentId ?? draft?.parentId ?? null);
  const resolved = await resolveTargets(platform, scope, input, parent, true);
  if (resolved.recipients.length === 0) throw new AppError('NO_RECIPIENT');
  const content = contentOf(input);
  const now = new Date(platform.now());
  const senderName = (await findNames(platform.database.db, [actor.accountId])).get(actor.accountId) ?? '';
  let messageId = draft?.id ?? '';
  let threadId = '';
  await platform.database.db.transaction().execute(async (trx) => {
    if (draft) {
      threadId = parent?.threadId ?? draft.id;
      await updateMessageContent(trx, draft.id, { ...content, threadId, parentId: parent?.id ?? null, labels: resolved.labels, draft: null, sentAt: now });
      await moveSenderStateToSent(trx, draft.id, actor.accountId);
    } else {
      messageId = await insertMessage(trx, {
        ...content,
        senderId: actor.accountId,
        threadId: parent?.threadId ?? null,
        parentId: parent?.id ?? null,
        labels: resolved.labels,
        draft: null,
        sentAt: now,
        createdAt: now,
      });
      threadId = parent?.threadId ?? messageId;
      await insertSenderState(trx, messageId, actor.accountId, 'SENT');
    }
    await insertRecipientStates(trx, messageId, resolved.recipients);
    await platform.events.record(trx, eventOf(actor, messageId, threadId, content.subject, content.preview, senderName, resolved));
  });
  await platform.events.broadcast(eventOf(actor, messageId, threadId, content.subject, content.preview, senderName, resolved));
  return getMessage(platform, actor, messageId);
}

function eventOf(actor: Actor, messageId: string, threadId: string, subject: string, preview: string, senderName: string, resolved: Resolved) {
  return {
    kind: MESSAGE_RECEIVED,
    recipientIds: resolved.recipients.map((r) => r.accountId),
    actorId: actor.accountId,
    objectType: 'message',
    objectId: messageId,
    data: { subject, preview, senderName, threadId },
  };
}

function summaryOf(row: StateRow): MessageSummary {
  return {
    id: row.id,
    threadId: row.threadId,
    subject: row.subject,
    preview: row.preview,
    from: { id: row.senderId, displayName: `${row.senderFirstName} ${row.senderLastName}` },
    toLabels: [...row.labels.to, ...row.labels.cc],
    date: (row.sentAt ?? row.createdAt).toISOString(),
    isRead: row.isRead,
    isFlagged: row.isFlagged,
    hasAttachments: row.hasAttachments,
    folder: row.folder,
    folderId: row.folderId,
  };
}

async function detailsOf(platform: Platform, rows: StateRow[], readerId: string): Promise<MessageDetail[]> {
  const attachments = await findAttachments(platform.database.db, rows.map((r) => r.id));
  return rows.map((row) => ({
    ...summaryOf(row),
    body: row.bodyHtml,
    to: row.labels.to,
    cc: row.labels.cc,
    bcc: row.kind === 'FROM' ? row.labels.bcc : [],
    attachments: attachments
      .filter((a) => a.message_id === row.id)
      .map((a) => ({ id: a.id, fileName: a.file_name, contentType: a.content_type, size: Number(a.size) })),
    replyAll: ((row.labels.targets ?? []) as NamedTarget[]).filter((n) => !(n.target.type === 'PERSON' && n.target.id === readerId)),
    isDraft: row.sentAt === null,
    draft: row.sentAt === null && row.draft ? (row.draft as DraftData as MessageDetail['draft']) : null,
  }));
}

/**
 * One of the actor's messages (404 when he holds no copy). Reading changes
 * nothing: a link preview, a prefetch or a cross-site image must not mark a
 * message read; the web app calls markMessageRead() when it is opened.
 */
export async function getMessage(platform: Platform, actor: Actor, id: string): Promise<MessageDetail> {
  const row = await findOwnMessage(platform.database.db, actor.accountId, id);
  if (!row) throw new AppError('NOT_FOUND');
  const [detail] = await detailsOf(platform, [row], actor.accountId);
  return detail!;
}

/** Marks one of the actor's messages read, and its timeline entry with it (404 when he holds no copy). */
export async function markMessageRead(platform: Platform, actor: Actor, id: string): Promise<void> {
  await updateStates(platform, actor, { ids: [id], isRead: true });
}

/** The messages of a conversation the actor holds, oldest first (drafts and trash left out). */
export async function getConversation(platform: Platform, actor: Actor, threadId: string): Promise<Conversation> {
  const rows = (await findOwnThread(platform.database.db, actor.accountId, threadId)).filter((r) => r.sentAt !== null && r.folder !== 'TRASH');
  if (rows.length === 0) throw new AppError('NOT_FOUND');
  return { threadId, messages: await detailsOf(platform, rows, actor.accountId) };
}

function isSystemFolder(value: string): value is (typeof systemFolders)[number] {
  return (systemFolders as readonly string[]).includes(value);
}

/** A page of a folder, newest first. */
export async function listFolder(platform: Platform, actor: Actor, query: FolderQuery): Promise<MessagePage> {
  const cursor = decodeCursor(StateCursor, query.cursor);
  const db = platform.database.db;
  let folder: { system: MessageFolderName; folderId: string | null };
  if (isSystemFolder(query.folder)) folder = { system: query.folder, folderId: null };
  else {
    const own = await findOwnFolder(db, actor.accountId, query.folder);
    if (!own) throw new AppError('NOT_FOUND');
    folder = { system: 'USER', folderId: own.id };
  }
  const rows = await findFolderPage(db, actor.accountId, folder, {
    afterStateId: cursor?.s,
    unreadOnly: query.unread === 'true',
    limit: query.limit,
  });
  const page = pageFrom(rows as StateRow[], query.limit, (row) => ({ s: Number(row.stateId) }));
  return { items: page.rows.map(summaryOf), nextCursor: page.nextCursor };
}

/** Full-text search of the actor's own messages (French stemming, accents ignored). */
export async function searchMessages(platform: Platform, actor: Actor, query: MessageSearchQuery): Promise<MessagePage> {
  const cursor = decodeCursor(StateCursor, query.cursor);
  const text = normalizeForSearch(query.q);
  if (!text) return { items: [], nextCursor: null };
  const rows = await searchOwnMessages(platform.database.db, actor.accountId, text, { afterStateId: cursor?.s, limit: query.limit });
  const page = pageFrom(rows as StateRow[], query.limit, (row) => ({ s: Number(row.stateId) }));
  return { items: page.rows.map(summaryOf), nextCursor: page.nextCursor };
}

/** Read/unread, flag, move, delete (to the trash) and restore, on the actor's own copies. */
export async function updateStates(platform: Platform, actor: Actor, update: MessageStateUpdate): Promise<void> {
  const db = platform.database.db;
  const ids = [...new Set(update.ids)];
  if ((await findHeldMessageIds(db, actor.accountId, ids)).length !== ids.length) throw new AppError('NOT_FOUND');
  if (update.moveTo && update.moveTo !== 'INBOX' && update.moveTo !== 'TRASH') {
    if (!(await findOwnFolder(db, actor.accountId, update.moveTo))) throw new AppError('NOT_FOUND');
  }
  await db.transaction().execute(async (trx) => {
    if (update.isRead !== undefined) await markRead(trx, actor.accountId, ids, update.isRead);
    if (update.isFlagged !== undefined) await markFlagged(trx, actor.accountId, ids, update.isFlagged);
    if (update.restore) await restoreFromTrash(trx, actor.accountId, ids);
    if (update.moveTo === 'TRASH') await moveToTrash(trx, actor.accountId, ids, new Date(platform.now()));
    else if (update.moveTo === 'INBOX') await moveToFolder(trx, actor.accountId, ids, null);
    else if (update.moveTo) await moveToFolder(trx, actor.accountId, ids, update.moveTo);
  });
  if (update.isRead === true) {
    for (const id of ids) await markObjectRead(db, actor.accountId, 'message', id, new Date(platform.now()));
  }
}

/** Deletes for good the actor's copies that are in the trash; a message nobody keeps goes with its files. */
export async function deleteForever(platform: Platform, actor: Actor, ids: string[]): Promise<void> {
  const keys = await platform.database.db.transaction().execute(async (trx) => dropOrphans(trx, await deleteStates(trx, actor.accountId, ids, 'TRASH')));
  await deleteStoredBytes(platform, keys);
}

const systemNames: Record<(typeof systemFolders)[number], string> = { INBOX: 'INBOX', SENT: 'SENT', DRAFTS: 'DRAFTS', TRASH: 'TRASH' };

/** System and user folders with their total and unread counts. */
export async function listFolders(platform: Platform, actor: Actor): Promise<FolderList> {
  const db = platform.database.db;
  const [counts, folders] = await Promise.all([
    countByFolder(db, actor.accountId),
    findOwnFolders(db, actor.accountId),
  ]);
  const countOf = (folder: string, folderId: string | null) => {
    const row = counts.find((c) => c.folder === folder && (c.folder_id ?? null) === folderId);
    return { total: Number(row?.total ?? 0), unread: Number(row?.unread ?? 0) };
  };
  return {
    items: [
      ...systemFolders.map((folder) => ({ folder, folderId: null, name: systemNames[folder], ...countOf(folder, null) })),
      ...folders.map((f) => ({ folder: 'USER', folderId: f.id, name: f.name, ...countOf('USER', f.id) })),
    ],
  };
}

/** A folder name as others never see it but its owner does: no direction control, not empty. */
function folderName(name: string): string {
  const cleaned = cleanDisplayText(name);
  if (!cleaned) throw new AppError('VALIDATION_FAILED', { fields: { name: 'required' } });
  return cleaned;
}

export async function createFolder(platform: Platform, actor: Actor, name: string): Promise<{ id: string; name: string }> {
  try {
    return await insertFolder(platform.database.db, actor.accountId, folderName(name));
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('FOLDER_NAME_TAKEN');
    throw error;
  }
}

export async function renameFolder(platform: Platform, actor: Actor, id: string, name: string): Promise<{ id: string; name: string }> {
  let row: { id: string; name: string } | undefined;
  try {
    row = await updateFolderName(platform.database.db, actor.accountId, id, folderName(name));
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('FOLDER_NAME_TAKEN');
    throw error;
  }
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

/** Deletes a user folder; its messages go back to the inbox (received) or sent (own). */
export async function deleteFolder(platform: Platform, actor: Actor, id: string): Promise<void> {
  const deleted = await platform.database.db.transaction().execute((trx) => deleteOwnFolder(trx, actor.accountId, id));
  if (!deleted) throw new AppError('NOT_FOUND');
}

/** Unread messages in the inbox. */
export async function unreadCount(platform: Platform, actor: Actor): Promise<{ unread: number }> {
  return { unread: await countUnreadInbox(platform.database.db, actor.accountId) };
}
