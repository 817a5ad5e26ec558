import { PORTAL_TIMELINE_LIMIT } from '@preau/contracts';
import type {
  Attachment,
  CommunicationRule,
  CommunicationRules,
  Conversation,
  FolderList,
  MessageDetail,
  MessageDraftInput,
  MessagePage,
  MessagingSettings,
  NotificationPreferences,
  RecipientSearchResult,
  Structure,
  TimelinePage,
  UnreadCount,
} from '@preau/contracts';
import { api, upload } from '../../api/client.ts';
import { withQuery } from '../../api/query-string.ts';

/** The messaging and timeline routes of the API. */
export const messagingApi = {
  folders: () => api.get<FolderList>('/messaging/folders'),
  unread: () => api.get<UnreadCount>('/messaging/unread-count'),
  list: (folder: string, cursor?: string) => api.get<MessagePage>(withQuery('/messaging/messages', { folder, cursor, limit: 25 })),
  search: (q: string, cursor?: string) => api.get<MessagePage>(withQuery('/messaging/search', { q, cursor, limit: 25 })),
  message: (id: string) => api.get<MessageDetail>(`/messaging/messages/${id}`),
  /** Marks a message read: the web app says so when it opens one (reading by GET changes nothing). */
  markRead: (id: string) => api.post<void>(`/messaging/messages/${id}/read`),
  thread: (threadId: string) => api.get<Conversation>(`/messaging/threads/${threadId}`),
  recipients: (q: string) => api.get<RecipientSearchResult>(withQuery('/messaging/recipients', { q })),
  send: (body: MessageDraftInput) => api.post<MessageDetail>('/messaging/messages', body),
  createDraft: (body: MessageDraftInput) => api.post<MessageDetail>('/messaging/drafts', body),
  saveDraft: (id: string, body: MessageDraftInput) => api.put<MessageDetail>(`/messaging/drafts/${id}`, body),
  sendDraft: (id: string, body: MessageDraftInput) => api.post<MessageDetail>(`/messaging/drafts/${id}/send`, body),
  deleteDraft: (id: string) => api.delete<void>(`/messaging/drafts/${id}`),
  removeAttachment: (draftId: string, attachmentId: string) => api.delete<void>(`/messaging/drafts/${draftId}/attachments/${attachmentId}`),
  update: (body: { ids: string[]; isRead?: boolean; isFlagged?: boolean; moveTo?: string; restore?: true }) => api.patch<void>('/messaging/messages', body),
  deleteForever: (ids: string[]) => api.post<void>('/messaging/messages/delete-forever', { ids }),
  createFolder: (name: string) => api.post<{ id: string; name: string }>('/messaging/folders', { name }),
  timeline: (cursor?: string) => api.get<TimelinePage>(withQuery('/timeline', { cursor, limit: PORTAL_TIMELINE_LIMIT })),
  timelineRead: (id: string) => api.post<void>(`/timeline/${id}/read`),
  timelineReadAll: () => api.post<void>('/timeline/read-all'),
  /** The user's signature (added under a new message by the editor). */
  settings: () => api.get<MessagingSettings>('/messaging/settings'),
  setSettings: (body: MessagingSettings) => api.put<MessagingSettings>('/messaging/settings', body),
  preferences: () => api.get<NotificationPreferences>('/notifications/preferences'),
  setPreferences: (body: NotificationPreferences) => api.put<NotificationPreferences>('/notifications/preferences', body),
  /** The structures whose communication rules the admin (ADMC, ADML) sets. */
  ruleStructures: () => api.get<{ items: Structure[] }>(withQuery('/admin/structures', { limit: 100 })),
  rules: (structureId: string) => api.get<CommunicationRules>(`/messaging/structures/${structureId}/rules`),
  setRules: (structureId: string, rules: CommunicationRule[]) => api.put<CommunicationRules>(`/messaging/structures/${structureId}/rules`, { rules }),

  /** Uploads one file to a draft. */
  upload: (draftId: string, file: File) => upload<Attachment>(`/messaging/drafts/${draftId}/attachments`, file),
};

/** The download address of an attachment. */
export function attachmentUrl(id: string): string {
  return `/api/v1/messaging/attachments/${id}`;
}
