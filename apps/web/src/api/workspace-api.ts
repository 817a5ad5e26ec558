import type {
  ClassFolderChoices,
  CreateShareBody,
  ShareRight,
  WorkspaceItem,
  WorkspacePage,
  WorkspaceQuota,
  WorkspaceShare,
  WorkspaceVersion,
  WorkspaceView,
} from '@preau/contracts';
import { api, upload, type UploadProgress } from './client.ts';
import { withQuery } from './query-string.ts';

/** The espace documentaire routes of the API. */
export const workspaceApi = {
  list: (view: WorkspaceView, parentId?: string, after?: string) => api.get<WorkspacePage>(withQuery('/workspace/items', { view, parentId, after })),
  quota: () => api.get<WorkspaceQuota>('/workspace/quota'),
  classFolders: () => api.get<ClassFolderChoices>('/workspace/class-folders'),
  createClassFolder: (classId: string) => api.post<WorkspaceItem>('/workspace/class-folders', { classId }),
  createFolder: (name: string, parentId?: string) => api.post<WorkspaceItem>('/workspace/folders', { name, ...(parentId ? { parentId } : {}) }),
  upload: (file: File, parentId: string | undefined, onProgress: UploadProgress) =>
    upload<WorkspaceItem>(withQuery('/workspace/files', { parentId }), file, { onProgress }),
  replace: (id: string, file: File, onProgress?: UploadProgress) => upload<WorkspaceItem>(`/workspace/items/${id}/content`, file, { method: 'PUT', onProgress }),
  update: (id: string, body: { name?: string; parentId?: string | null }) => api.patch<WorkspaceItem>(`/workspace/items/${id}`, body),
  copy: (id: string, parentId?: string | null) => api.post<WorkspaceItem>(`/workspace/items/${id}/copy`, { parentId: parentId ?? null }),
  trash: (id: string) => api.post<WorkspaceItem>(`/workspace/items/${id}/trash`),
  restore: (id: string) => api.post<WorkspaceItem>(`/workspace/items/${id}/restore`),
  deleteForever: (id: string) => api.delete<void>(`/workspace/items/${id}`),
  emptyTrash: () => api.delete<{ deleted: number }>('/workspace/trash'),
  versions: (id: string) => api.get<{ items: WorkspaceVersion[] }>(`/workspace/items/${id}/versions`),
  restoreVersion: (id: string, versionId: string) => api.post<WorkspaceItem>(`/workspace/items/${id}/versions/${versionId}/restore`),
  shares: (id: string) => api.get<{ items: WorkspaceShare[] }>(`/workspace/items/${id}/shares`),
  share: (id: string, target: CreateShareBody['target'], right: ShareRight) => api.post<{ items: WorkspaceShare[] }>(`/workspace/items/${id}/shares`, { target, right }),
  revoke: (id: string, shareId: string) => api.delete<void>(`/workspace/items/${id}/shares/${shareId}`),
};

export const workspaceKeys = {
  all: ['workspace'] as const,
  list: (view: WorkspaceView, parentId?: string) => ['workspace', 'list', view, parentId ?? null] as const,
  quota: ['workspace', 'quota'] as const,
  classFolders: ['workspace', 'class-folders'] as const,
  shares: (id: string) => ['workspace', 'shares', id] as const,
  versions: (id: string) => ['workspace', 'versions', id] as const,
};

/** A size as people read it (Ko, Mo, Go in French). */
export function formatBytes(bytes: number, locale: string): string {
  const units = locale.startsWith('fr') ? ['o', 'Ko', 'Mo', 'Go', 'To'] : ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`;
}
