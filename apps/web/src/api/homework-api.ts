import type {
  CopyableCourseList,
  FileRef,
  LessonEntry,
  LessonEntryInput,
  LessonEntryList,
  LessonHistory,
  LessonWeek,
  SubmissionBoard,
  SubmissionSummary,
  TodoChild,
  TodoList,
  Visa,
  VisaInput,
} from '@preau/contracts';
import { api, upload } from './client.ts';
import { withQuery } from './query-string.ts';

/** Filters of the cahier de textes views (by class or group and subject, by teacher, over a period). */
export interface LessonFilters {
  classId?: string | undefined;
  groupId?: string | undefined;
  subjectCode?: string | undefined;
  teacherId?: string | undefined;
  from: string;
  to: string;
}

const id = encodeURIComponent;

/** The address of a stored file (attachment, hand-in, returned file): a plain link downloads it. */
export function fileUrl(fileId: string): string {
  return `/api/v1/homework/files/${id(fileId)}`;
}

/** What a copy of last year's entries writes (or would write: the preview). */
export interface CopyResult {
  copied: number;
  skipped: number;
}

/** The cahier de textes, travail à faire and hand-in routes of the API. */
export const homeworkApi = {
  lessons: (filters: LessonFilters) => api.get<LessonEntryList>(withQuery('/lessons', { ...filters })),
  lesson: (courseId: string, date: string) => api.get<LessonEntry>(`/lessons/${id(courseId)}/${id(date)}`),
  saveLesson: (courseId: string, date: string, body: LessonEntryInput) => api.put<LessonEntry>(`/lessons/${id(courseId)}/${id(date)}`, body),
  history: (entryId: string) => api.get<LessonHistory>(`/lessons/entries/${id(entryId)}/history`),
  attach: (entryId: string, file: File) => upload<FileRef>(`/lessons/entries/${id(entryId)}/attachments`, file),
  visas: (target: { classId?: string; groupId?: string }) => api.get<{ items: Visa[] }>(withQuery('/lessons/visas', target)),
  addVisa: (body: VisaInput) => api.post<Visa>('/lessons/visas', body),
  /** One week (the one holding `date`, default this week) of a class's or group's cahier de textes. */
  week: (target: { classId?: string; groupId?: string }, date: string | undefined) => api.get<LessonWeek>(withQuery('/lessons/week', { ...target, date })),
  copyCourses: () => api.get<CopyableCourseList>('/lessons/copy/courses'),
  copyPreview: (fromCourseId: string, toCourseId: string) => api.post<CopyResult>('/lessons/copy/preview', { fromCourseId, toCourseId }),
  copy: (fromCourseId: string, toCourseId: string) => api.post<CopyResult>('/lessons/copy', { fromCourseId, toCourseId }),

  todo: (query: { studentId?: string | undefined; from?: string | undefined; to?: string | undefined }) =>
    api.get<TodoList>(withQuery('/homework/todo', query)),
  children: () => api.get<{ items: TodoChild[] }>('/homework/children'),
  setDone: (homeworkId: string, done: boolean) => api.put<{ done: boolean }>(`/homework/${id(homeworkId)}/done`, { done }),
  submitText: (homeworkId: string, text: string) => api.put<SubmissionSummary>(`/homework/${id(homeworkId)}/submission`, { text }),
  submitFile: (homeworkId: string, file: File) => upload<SubmissionSummary>(`/homework/${id(homeworkId)}/submission/files`, file),
  removeFile: (homeworkId: string, fileId: string) =>
    api.delete<SubmissionSummary>(`/homework/${id(homeworkId)}/submission/files/${id(fileId)}`),
  board: (homeworkId: string) => api.get<SubmissionBoard>(`/homework/${id(homeworkId)}/submissions`),
  returnSubmission: (submissionId: string, comment: string) =>
    api.post<SubmissionSummary>(`/homework/submissions/${id(submissionId)}/return`, { comment }),
  addReturnFile: (submissionId: string, file: File) => upload<SubmissionSummary>(`/homework/submissions/${id(submissionId)}/return-files`, file),
};
