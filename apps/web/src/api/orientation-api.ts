import type {
  ClassWishes,
  CreateOrientationEventInput,
  FavoriteKind,
  FollowedClassList,
  FormationDetail,
  FormationPage,
  MetierDetail,
  MetierPage,
  OnisepImportJob,
  OnisepImportList,
  OrientationCalendarList,
  OrientationDeadline,
  OrientationEvent,
  OrientationEventList,
  OrientationProject,
  OrientationStep,
  OrientationStudentList,
  WishInput,
} from '@preau/contracts';
import { api, upload, type UploadProgress } from './client.ts';
import { type QueryValue, withQuery } from './query-string.ts';

/** Filters of the formation search, as the page's URL carries them. */
export type FormationFilters = Record<'q' | 'level' | 'type' | 'status' | 'apprenticeship' | 'withinKm' | 'departement', string>;

/** The orientation routes of the API. */
export const orientationApi = {
  formations: (filters: Partial<FormationFilters>, cursor?: string) =>
    api.get<FormationPage>(withQuery('/orientation/formations', { ...(filters as Record<string, QueryValue>), cursor })),
  formation: (id: string) => api.get<FormationDetail>(`/orientation/formations/${encodeURIComponent(id)}`),
  metiers: (q: string, cursor?: string) => api.get<MetierPage>(withQuery('/orientation/metiers', { q, cursor })),
  metier: (id: string) => api.get<MetierDetail>(`/orientation/metiers/${encodeURIComponent(id)}`),
  students: () => api.get<OrientationStudentList>('/orientation/students'),
  project: (studentId: string) => api.get<OrientationProject>(`/orientation/students/${studentId}/project`),
  putWishes: (studentId: string, step: OrientationStep, wishes: WishInput[]) =>
    api.put<OrientationProject>(`/orientation/students/${studentId}/wishes/${step}`, { wishes }),
  putFavorite: (studentId: string, kind: FavoriteKind, id: string, note: string) =>
    api.put<OrientationProject>(`/orientation/students/${studentId}/favorites/${kind}/${encodeURIComponent(id)}`, { note }),
  removeFavorite: (studentId: string, kind: FavoriteKind, id: string) =>
    api.delete<OrientationProject>(`/orientation/students/${studentId}/favorites/${kind}/${encodeURIComponent(id)}`),
  comment: (studentId: string, body: string) => api.post<OrientationProject>(`/orientation/students/${studentId}/comments`, { body }),
  classes: () => api.get<FollowedClassList>('/orientation/classes'),
  classWishes: (classId: string, step: OrientationStep) => api.get<ClassWishes>(withQuery(`/orientation/classes/${classId}/wishes`, { step })),
  events: () => api.get<OrientationEventList>('/orientation/events'),
  createEvent: (structureId: string, body: CreateOrientationEventInput) => api.post<OrientationEvent>(`/orientation/structures/${structureId}/events`, body),
  deleteEvent: (id: string) => api.delete<void>(`/orientation/events/${id}`),
  calendars: () => api.get<OrientationCalendarList>('/orientation/calendars'),
  createDeadline: (structureId: string, body: { dueOn: string; label: string }) => api.post<OrientationDeadline>(`/orientation/structures/${structureId}/deadlines`, body),
  deleteDeadline: (id: string) => api.delete<void>(`/orientation/deadlines/${id}`),
  /** Sends Onisep files (1 to 8) and starts the catalogue import (ADMC). */
  uploadImport: (files: File[], onProgress?: UploadProgress) => upload<{ id: string }>('/orientation/imports', files, { field: 'files', onProgress }),
  imports: () => api.get<OnisepImportList>('/orientation/imports'),
  importJob: (id: string) => api.get<OnisepImportJob>(`/orientation/imports/${encodeURIComponent(id)}`),
};

export const orientationKeys = {
  students: ['orientation', 'students'] as const,
  classes: ['orientation', 'classes'] as const,
  events: ['orientation', 'events'] as const,
  calendars: ['orientation', 'calendars'] as const,
  imports: ['orientation', 'imports'] as const,
  importJob: (id: string) => ['orientation', 'imports', id] as const,
  project: (id: string) => ['orientation', 'project', id] as const,
};
