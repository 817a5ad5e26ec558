import type {
  AbsenceReason,
  AbsenceReasonInput,
  AbsenceReasonList,
  AttendanceAlertList,
  DayView,
  FamilyAttendance,
  Justification,
  JustificationList,
  MySessions,
  RollCall,
  RollCallMark,
  RollCallStudent,
} from '@preau/contracts';
import { api, upload } from './client.ts';
import { withQuery } from './query-string.ts';

/** The presences routes of the API (roll call, absences, justifications). */
export const presencesApi = {
  mySessions: (date?: string) => api.get<MySessions>(withQuery('/presences/my-sessions', { date })),
  rollCall: (courseId: string, date: string) => api.get<RollCall>(`/presences/courses/${courseId}/sessions/${date}`),
  markTaken: (courseId: string, date: string) => api.put<RollCall>(`/presences/courses/${courseId}/sessions/${date}/taken`, {}),
  mark: (courseId: string, date: string, studentId: string, mark: RollCallMark) =>
    api.put<RollCallStudent>(`/presences/courses/${courseId}/sessions/${date}/students/${studentId}`, mark),
  day: (structureId: string, date?: string) => api.get<DayView>(withQuery(`/presences/structures/${structureId}/day`, { date })),
  pending: (structureId: string) => api.get<JustificationList>(`/presences/structures/${structureId}/justifications`),
  alerts: (structureId: string, month: string) => api.get<AttendanceAlertList>(withQuery(`/presences/structures/${structureId}/alerts`, { month })),
  reasons: (structureId: string) => api.get<AbsenceReasonList>(`/presences/structures/${structureId}/reasons`),
  createReason: (structureId: string, input: AbsenceReasonInput) => api.post<AbsenceReason>(`/presences/structures/${structureId}/reasons`, input),
  family: () => api.get<FamilyAttendance>('/presences/family'),
  justify: (absenceId: string, reasonId: string, comment: string) =>
    api.post<Justification>(`/presences/absences/${absenceId}/justifications`, { reasonId, comment }),
  addDocument: (justificationId: string, file: File) => upload<Justification>(`/presences/justifications/${justificationId}/document`, file),
  decide: (justificationId: string, accept: boolean) => api.post<Justification>(`/presences/justifications/${justificationId}/decision`, { accept }),
};

export const presencesKeys = {
  all: ['presences'] as const,
  mySessions: (date: string) => ['presences', 'my-sessions', date] as const,
  rollCall: (courseId: string, date: string) => ['presences', 'roll-call', courseId, date] as const,
  day: (structureId: string, date: string) => ['presences', 'day', structureId, date] as const,
  pending: (structureId: string) => ['presences', 'pending', structureId] as const,
  alerts: (structureId: string, month: string) => ['presences', 'alerts', structureId, month] as const,
  reasons: (structureId: string) => ['presences', 'reasons', structureId] as const,
  family: ['presences', 'family'] as const,
};

/** "08:00" from minutes of the day. */
export function timeOf(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
