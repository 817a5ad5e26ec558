import type {
  PutPeriodsBody,
  AppreciationSheet,
  Bulletin,
  CreateEvaluationBody,
  EvaluationGrid,
  EvaluationList,
  EvaluationSummary,
  PeriodList,
  PutMarksBody,
  StudentResults,
  TeachingList,
} from '@preau/contracts';
import { api } from './client.ts';
import { downloadFile } from './download.ts';
import { withQuery } from './query-string.ts';

/** The grades routes of the API (issue 15). */
export const evaluationsApi = {
  periods: (structureId: string) => api.get<PeriodList>(`/evaluations/structures/${structureId}/periods`),
  putPeriods: (structureId: string, body: PutPeriodsBody) => api.put<PeriodList>(`/evaluations/structures/${structureId}/periods`, body),
  teachings: () => api.get<TeachingList>('/evaluations/teachings'),
  list: (q: { periodId: string; kind: 'CLASS' | 'GROUP'; targetId: string; subjectCode: string }) =>
    api.get<EvaluationList>(
      withQuery('/evaluations', { periodId: q.periodId, [q.kind === 'CLASS' ? 'classId' : 'groupId']: q.targetId, subjectCode: q.subjectCode }),
    ),
  create: (body: Omit<CreateEvaluationBody, 'competences'> & { competences?: string[] }) => api.post<EvaluationSummary>('/evaluations', body),
  grid: (id: string) => api.get<EvaluationGrid>(`/evaluations/${id}`),
  putMarks: (id: string, body: PutMarksBody) => api.put<EvaluationGrid>(`/evaluations/${id}/marks`, body),
  publish: (id: string) => api.post<EvaluationGrid>(`/evaluations/${id}/publish`, {}),
  appreciations: (q: { periodId: string; kind: 'CLASS' | 'GROUP'; targetId: string; subjectCode: string }) =>
    api.get<AppreciationSheet>(
      withQuery('/evaluations/appreciations', { periodId: q.periodId, [q.kind === 'CLASS' ? 'classId' : 'groupId']: q.targetId, subjectCode: q.subjectCode }),
    ),
  putAppreciation: (periodId: string, studentId: string, subjectCode: string, body: string) =>
    api.put<Bulletin>(`/evaluations/periods/${periodId}/students/${studentId}/appreciation`, { subjectCode, body }),
  students: () => api.get<{ items: { id: string; displayName: string }[] }>('/evaluations/students'),
  results: (studentId: string, periodId?: string) => api.get<StudentResults>(withQuery(`/evaluations/students/${studentId}/results`, { periodId })),
  bulletin: (periodId: string, studentId: string) => api.get<Bulletin>(`/evaluations/periods/${periodId}/students/${studentId}/bulletin`),
  downloadBulletin: (periodId: string, studentId: string) =>
    downloadFile(`/evaluations/periods/${periodId}/students/${studentId}/bulletin.pdf`, 'bulletin.pdf'),
  downloadLivret: (periodId: string) => downloadFile(`/evaluations/periods/${periodId}/livret.csv`, 'livret-scolaire.csv'),
};

export const evaluationsKeys = {
  teachings: ['evaluations', 'teachings'] as const,
  students: ['evaluations', 'students'] as const,
  periods: (structureId: string) => ['evaluations', 'periods', structureId] as const,
  list: (q: object) => ['evaluations', 'list', q] as const,
  grid: (id: string) => ['evaluations', 'grid', id] as const,
  appreciations: (q: object) => ['evaluations', 'appreciations', q] as const,
  results: (studentId: string, periodId: string | undefined) => ['evaluations', 'results', studentId, periodId ?? 'current'] as const,
};
