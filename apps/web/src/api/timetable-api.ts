import type {
  Course,
  CourseFormOptions,
  CourseImportReport,
  CourseInput,
  CourseList,
  IcalFeed,
  NextCourses,
  Occurrence,
  OccurrenceChangeInput,
  Schedule,
  ScheduleChoices,
} from '@preau/contracts';
import { toApiError } from './api-error.ts';
import { api, request } from './client.ts';
import { withQuery } from './query-string.ts';

/** Whose timetable to show: mine, a child's, a class's, a group's, a teacher's or a room's. */
export type ScheduleTarget =
  | { kind: 'me' }
  | { kind: 'student' | 'teacher' | 'class' | 'group'; id: string }
  | { kind: 'room'; structureId: string; room: string };

const paths = { student: 'students', teacher: 'teachers', class: 'classes', group: 'groups' } as const;

function schedulePath(target: ScheduleTarget, from: string, to: string): string {
  if (target.kind === 'me') return withQuery('/timetable/me', { from, to });
  if (target.kind === 'room') {
    return withQuery(`/timetable/structures/${encodeURIComponent(target.structureId)}/room`, { from, to, room: target.room });
  }
  return withQuery(`/timetable/${paths[target.kind]}/${encodeURIComponent(target.id)}`, { from, to });
}

/**
 * Imports a CSV of courses. Answers the report both when it was applied and
 * when lines were rejected (422, nothing imported); throws for other errors.
 */
async function importCsv(structureId: string, content: string, replace: boolean): Promise<CourseImportReport> {
  const path = `/timetable/structures/${encodeURIComponent(structureId)}/import`;
  const data = await request<unknown>('POST', path, { format: 'csv', content, replace }, [422]);
  if (isReport(data)) return data;
  throw toApiError(422, data);
}

function isReport(data: unknown): data is CourseImportReport {
  return typeof data === 'object' && data !== null && Array.isArray((data as CourseImportReport).rejected);
}

/** Filters of the staff's course list (one of class, group or teacher, or none). */
export interface CourseFilters {
  classId?: string | undefined;
  groupId?: string | undefined;
  teacherId?: string | undefined;
}

/** The emploi du temps routes of the API. */
export const timetableApi = {
  schedule: (target: ScheduleTarget, from: string, to: string) => api.get<Schedule>(schedulePath(target, from, to)),
  choices: () => api.get<ScheduleChoices>('/timetable/choices'),
  next: () => api.get<NextCourses>('/timetable/next'),
  changeOccurrence: (courseId: string, date: string, body: OccurrenceChangeInput) =>
    api.put<Occurrence>(`/timetable/courses/${encodeURIComponent(courseId)}/occurrences/${encodeURIComponent(date)}`, body),
  options: (structureId: string) => api.get<CourseFormOptions>(`/timetable/structures/${encodeURIComponent(structureId)}/options`),
  importCsv,
  courses: (structureId: string, filters: CourseFilters, cursor?: string) =>
    api.get<CourseList>(withQuery(`/timetable/structures/${encodeURIComponent(structureId)}/courses`, { ...filters, cursor, limit: 50 })),
  course: (id: string) => api.get<Course>(`/timetable/courses/${encodeURIComponent(id)}`),
  createCourse: (structureId: string, body: CourseInput) => api.post<Course>(`/timetable/structures/${encodeURIComponent(structureId)}/courses`, body),
  updateCourse: (id: string, body: CourseInput) => api.put<Course>(`/timetable/courses/${encodeURIComponent(id)}`, body),
  deleteCourse: (id: string) => api.delete<void>(`/timetable/courses/${encodeURIComponent(id)}`),
  ical: () => api.get<IcalFeed>('/timetable/ical'),
  createIcal: () => api.post<IcalFeed>('/timetable/ical'),
  revokeIcal: () => api.delete<void>('/timetable/ical'),
};
