import { useQuery } from '@tanstack/react-query';
import { useCursorPages } from '../../lib/use-cursor-pages.ts';
import { adminKeys } from '../admin/admin-queries.ts';
import { messagingApi } from './messaging-api.ts';

/** Query keys of the messagerie and the timeline: invalidating `all` refreshes every list and count. */
export const messagingKeys = {
  all: ['messaging'] as const,
  folders: ['messaging', 'folders'] as const,
  unread: ['messaging', 'unread'] as const,
  list: (folder: string, q: string) => ['messaging', 'list', folder, q] as const,
  thread: (id: string) => ['messaging', 'thread', id] as const,
  message: (id: string) => ['messaging', 'message', id] as const,
  recipients: (q: string) => ['messaging', 'recipients', q] as const,
  /** What the editor opens with: a draft, a reply or forward of a message, or nothing. */
  composeSource: (sourceId: string, mode: string) => ['messaging', 'compose-source', sourceId, mode] as const,
  rules: (structureId: string) => ['messaging', 'rules', structureId] as const,
  /** Among the admin's structures, so that creating one refreshes the list. */
  ruleStructures: [...adminKeys.structures, 'rules'] as const,
  timeline: ['timeline'] as const,
  preferences: ['notification-preferences'] as const,
  settings: ['messaging', 'settings'] as const,
};

/** The system and personal folders, with their counts. */
export function useFolders() {
  return useQuery({ queryKey: messagingKeys.folders, queryFn: messagingApi.folders });
}

/** The unread count of the inbox (refreshed every five minutes, and on live events); asked once `enabled`. */
export function useUnreadCount(enabled = true) {
  return useQuery({ queryKey: messagingKeys.unread, queryFn: messagingApi.unread, refetchInterval: 5 * 60_000, enabled });
}

/** The messages of `folder`, or those matching `q` in every folder, page after page. */
export function useMessageList(folder: string, q: string) {
  return useCursorPages(messagingKeys.list(folder, q), (cursor) => (q ? messagingApi.search(q, cursor) : messagingApi.list(folder, cursor)));
}

/** One message. */
export function useMessage(id: string) {
  return useQuery({ queryKey: messagingKeys.message(id), queryFn: () => messagingApi.message(id) });
}

/** The conversation of a message (asked once its thread is known). */
export function useThread(threadId: string | undefined) {
  return useQuery({ queryKey: messagingKeys.thread(threadId ?? ''), queryFn: () => messagingApi.thread(threadId!), enabled: Boolean(threadId) });
}

/** The people and groups the user may write to matching `q` (nothing asked while `q` is empty). */
export function useRecipientSearch(q: string) {
  return useQuery({ queryKey: messagingKeys.recipients(q), queryFn: () => messagingApi.recipients(q), enabled: q.length > 0 });
}

/** How the user is told of new messages. */
export function useNotificationPreferences() {
  return useQuery({ queryKey: messagingKeys.preferences, queryFn: messagingApi.preferences });
}

/** The structures whose communication rules the admin sets. */
export function useRuleStructures() {
  return useQuery({ queryKey: messagingKeys.ruleStructures, queryFn: messagingApi.ruleStructures });
}

/** The communication rules of one structure. */
export function useCommunicationRules(structureId: string) {
  return useQuery({ queryKey: messagingKeys.rules(structureId), queryFn: () => messagingApi.rules(structureId) });
}

/** The user's messagerie settings (his signature). */
export function useMessagingSettings() {
  return useQuery({ queryKey: messagingKeys.settings, queryFn: messagingApi.settings, staleTime: 5 * 60_000 });
}
