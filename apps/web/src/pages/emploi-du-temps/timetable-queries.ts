import type { NextCourses } from '@preau/contracts';
import { useQuery } from '@tanstack/react-query';
import { useCursorPages } from '../../lib/use-cursor-pages.ts';
import { timetableApi, type CourseFilters, type ScheduleTarget } from '../../api/timetable-api.ts';
import { minutesOf, todayIso } from './dates.ts';

/** Query keys of the emploi du temps, so that writes can refresh what they change (`all`: every one). */
export const timetableKeys = {
  all: ['timetable'] as const,
  schedule: (target: ScheduleTarget, from: string, to: string) => ['timetable', 'schedule', target, from, to] as const,
  choices: ['timetable', 'choices'] as const,
  next: ['timetable', 'next'] as const,
  /** A parent's child's sessions still to come today (the portal's widget per child). */
  nextOf: (studentId: string) => ['timetable', 'next', studentId] as const,
  options: (structureId: string) => ['timetable', 'options', structureId] as const,
  ical: ['timetable', 'ical'] as const,
  courses: (structureId: string, filters: CourseFilters) => ['timetable', 'courses', structureId, filters] as const,
  course: (id: string) => ['timetable', 'course', id] as const,
};

/** The courses of `target` from `from` to `to` (none asked while there is no target). */
export function useSchedule(target: ScheduleTarget | undefined, from: string, to: string, options: { retry?: boolean } = {}) {
  return useQuery({
    queryKey: target ? timetableKeys.schedule(target, from, to) : ['timetable', 'none'],
    queryFn: () => timetableApi.schedule(target!, from, to),
    enabled: target !== undefined,
    ...options,
  });
}

/** Whose timetables the user may open (his children, classes, teachers, rooms…). */
export function useScheduleChoices(enabled = true) {
  return useQuery({ queryKey: timetableKeys.choices, queryFn: timetableApi.choices, enabled });
}

/** The user's next courses (the portal's widget). */
export function useNextCourses() {
  return useQuery({ queryKey: timetableKeys.next, queryFn: timetableApi.next });
}

/** A child's sessions still to come today: his day's timetable, the sessions already over left out. */
export function useChildNextCourses(studentId: string) {
  return useQuery({
    queryKey: timetableKeys.nextOf(studentId),
    queryFn: async (): Promise<NextCourses> => {
      const today = todayIso();
      const schedule = await timetableApi.schedule({ kind: 'student', id: studentId }, today, today);
      const now = new Date();
      const minute = now.getHours() * 60 + now.getMinutes();
      return { date: today, items: schedule.items.filter((o) => minutesOf(o.end) > minute) };
    },
  });
}

/** What a course form of a structure offers (subjects, teachers, classes, groups); waits for a structure. */
export function useCourseFormOptions(structureId: string | undefined) {
  return useQuery({
    queryKey: timetableKeys.options(structureId ?? ''),
    queryFn: () => timetableApi.options(structureId ?? ''),
    enabled: Boolean(structureId),
  });
}

/** The courses of a structure matching `filters`, page after page. */
export function useCourses(structureId: string, filters: CourseFilters) {
  return useCursorPages(timetableKeys.courses(structureId, filters), (cursor) => timetableApi.courses(structureId, filters, cursor), {
    enabled: structureId !== '',
    keepPrevious: true,
  });
}

/** One course, for its form (nothing asked for a new one). */
export function useCourse(id: string | undefined) {
  return useQuery({ queryKey: timetableKeys.course(id ?? ''), queryFn: () => timetableApi.course(id ?? ''), enabled: id !== undefined });
}

/** The user's iCal subscription address. */
export function useIcalFeed() {
  return useQuery({ queryKey: timetableKeys.ical, queryFn: timetableApi.ical });
}
