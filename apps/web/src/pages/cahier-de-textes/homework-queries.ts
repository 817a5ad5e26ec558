import { useQueries, useQuery } from '@tanstack/react-query';
import { isApiError } from '../../api/client.ts';
import { homeworkApi, type LessonFilters } from '../../api/homework-api.ts';

/** Whose cahier de textes: one class or one group. */
export type LessonTarget = { classId?: string; groupId?: string };

/**
 * Query keys of the cahier de textes and the travail à faire, so that writes
 * can refresh what they change: `lessonLists` covers every list and week of
 * entries, `todoLists` every travail à faire, `copy` the copy page.
 */
export const homeworkKeys = {
  all: ['homework'] as const,
  lessonLists: ['homework', 'lessons'] as const,
  lessons: (filters: LessonFilters) => ['homework', 'lessons', filters] as const,
  week: (targetId: string, date: string) => ['homework', 'lessons', 'week', targetId, date] as const,
  lesson: (courseId: string, date: string) => ['homework', 'lesson', courseId, date] as const,
  history: (entryId: string) => ['homework', 'history', entryId] as const,
  visas: (targetId: string) => ['homework', 'visas', targetId] as const,
  copy: ['homework', 'copy'] as const,
  copyCourses: ['homework', 'copy', 'courses'] as const,
  copyPreview: (fromCourseId: string, toCourseId: string) => ['homework', 'copy', 'preview', fromCourseId, toCourseId] as const,
  todoLists: ['homework', 'todo'] as const,
  todo: (studentId: string | undefined, from?: string, to?: string) => ['homework', 'todo', studentId ?? 'me', from ?? '', to ?? ''] as const,
  children: ['homework', 'children'] as const,
  board: (homeworkId: string) => ['homework', 'board', homeworkId] as const,
};

/** The entries matching `filters` (by class or group, by teacher, over a period). */
export function useLessons(filters: LessonFilters, enabled = true) {
  return useQuery({ queryKey: homeworkKeys.lessons(filters), queryFn: () => homeworkApi.lessons(filters), enabled });
}

/** One week (the one starting on `monday`) of a class's or group's cahier de textes. */
export function useLessonWeek(target: LessonTarget, monday: string, enabled = true) {
  return useQuery({
    queryKey: homeworkKeys.week(target.classId ?? target.groupId ?? '', monday),
    queryFn: () => homeworkApi.week(target, monday),
    enabled,
  });
}

/** The entry of one session; null while none is written. */
export function useLesson(courseId: string, date: string, enabled = true) {
  return useQuery({
    queryKey: homeworkKeys.lesson(courseId, date),
    queryFn: async () => {
      try {
        return await homeworkApi.lesson(courseId, date);
      } catch (error) {
        if (isApiError(error, 'NOT_FOUND')) return null;
        throw error;
      }
    },
    enabled,
  });
}

/** The versions of an entry. */
export function useLessonHistory(entryId: string, enabled = true) {
  return useQuery({ queryKey: homeworkKeys.history(entryId), queryFn: () => homeworkApi.history(entryId), enabled });
}

/** The periods the head signed for a class or group (none asked without a target). */
export function useVisas(target: LessonTarget | undefined) {
  return useQuery({
    queryKey: homeworkKeys.visas(target?.classId ?? target?.groupId ?? ''),
    queryFn: () => homeworkApi.visas(target!),
    enabled: target !== undefined,
  });
}

/** The teacher's courses of last year and this year, for the copy page. */
export function useCopyCourses() {
  return useQuery({ queryKey: homeworkKeys.copyCourses, queryFn: homeworkApi.copyCourses });
}

/** What copying `fromCourseId` onto `toCourseId` would write (asked once both are chosen). */
export function useCopyPreview(fromCourseId: string, toCourseId: string) {
  return useQuery({
    queryKey: homeworkKeys.copyPreview(fromCourseId, toCourseId),
    queryFn: () => homeworkApi.copyPreview(fromCourseId, toCourseId),
    enabled: Boolean(fromCourseId && toCourseId),
    retry: false,
  });
}

function todoQuery(studentId: string | undefined, from?: string, to?: string) {
  return {
    queryKey: homeworkKeys.todo(studentId, from, to),
    queryFn: () => homeworkApi.todo({ studentId, from, to }),
  };
}

/** The travail à faire of the user (no `studentId`) or of one of his children. */
export function useTodo(studentId?: string, enabled = true) {
  return useQuery({ ...todoQuery(studentId), enabled });
}

/** The travail à faire due from `from` to `to` of each of `students` (`undefined`: the user himself). */
export function useTodos(students: Array<string | undefined>, from: string, to: string) {
  return useQueries({ queries: students.map((studentId) => todoQuery(studentId, from, to)) });
}

/** A parent's children, whose travail à faire he follows. */
export function useTodoChildren(enabled = true) {
  return useQuery({ queryKey: homeworkKeys.children, queryFn: homeworkApi.children, enabled });
}

/** The hand-ins of one homework, for its teacher. */
export function useSubmissionBoard(homeworkId: string, enabled = true) {
  return useQuery({ queryKey: homeworkKeys.board(homeworkId), queryFn: () => homeworkApi.board(homeworkId), enabled });
}
