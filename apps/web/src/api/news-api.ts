import type { NewsComment, NewsCommentList, NewsInput, NewsItem, NewsList, NewsTargetList, NewsTransition } from '@preau/contracts';
import { api, upload } from './client.ts';
import { withQuery } from './query-string.ts';

export type NewsBox = 'published' | 'mine' | 'pending';

/** The actualités routes of the API. */
export const newsApi = {
  list: (box: NewsBox, cursor?: string, limit = 20) => api.get<NewsList>(withQuery('/news', { box, cursor, limit })),
  targets: () => api.get<NewsTargetList>('/news/targets'),
  get: (id: string) => api.get<NewsItem>(`/news/${id}`),
  create: (input: NewsInput) => api.post<NewsItem>('/news', input),
  update: (id: string, input: NewsInput) => api.put<NewsItem>(`/news/${id}`, input),
  transition: (id: string, action: NewsTransition['action']) => api.post<NewsItem>(`/news/${id}/transitions`, { action }),
  remove: (id: string) => api.delete<void>(`/news/${id}`),
  addImage: (id: string, file: File) => upload<NewsItem>(`/news/${id}/images`, file),
  comments: (id: string) => api.get<NewsCommentList>(`/news/${id}/comments`),
  addComment: (id: string, body: string) => api.post<NewsComment>(`/news/${id}/comments`, { body }),
  moderateComment: (commentId: string, hidden: boolean) => api.put<void>(`/news/comments/${commentId}/moderation`, { hidden }),
  removeComment: (commentId: string) => api.delete<void>(`/news/comments/${commentId}`),
};

/** Query keys: `all` refreshes every box and item after a change. */
export const newsKeys = {
  all: ['news'] as const,
  list: (box: NewsBox, limit: number) => ['news', 'list', box, limit] as const,
  item: (id: string) => ['news', 'item', id] as const,
  targets: ['news', 'targets'] as const,
  comments: (id: string) => ['news', 'comments', id] as const,
};
