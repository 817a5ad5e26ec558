import { z } from 'zod';

/** Emploi du temps: courses, their occurrences and the changes to one occurrence. */

/** A calendar day, `YYYY-MM-DD` (Europe/Paris). */
export const IsoDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'date');
/** A time of day, `HH:MM` (Europe/Paris). */
export const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time');

/** French school-holiday zones (STANDARDS.md §8). */
export const holidayZones = ['A', 'B', 'C'] as const;
export const HolidayZone = z.enum(holidayZones);
export type HolidayZone = z.infer<typeof HolidayZone>;

/** Which weeks a course runs: every week, week A, week B, or only inside explicit periods. */
export const weekRules = ['ALL', 'A', 'B', 'PERIODS'] as const;
export const WeekRule = z.enum(weekRules);
export type WeekRule = z.infer<typeof WeekRule>;

export const DatePeriod = z
  .strictObject({ from: IsoDate, to: IsoDate })
  .refine((p) => p.from <= p.to, { message: 'from must not be after to', path: ['to'] });
export type DatePeriod = z.infer<typeof DatePeriod>;

/** One course as staff edit it. Times are `HH:MM`; weekday 1 = Monday … 6 = Saturday. */
export const CourseInput = z
  .strictObject({
    subjectCode: z.string().trim().min(1).max(20),
    teacherIds: z.array(z.uuid()).min(1).max(5),
    classId: z.uuid().nullable().default(null),
    groupId: z.uuid().nullable().default(null),
    room: z.string().trim().max(50).nullable().default(null),
    weekday: z.number().int().min(1).max(6),
    start: TimeOfDay,
    end: TimeOfDay,
    weeks: WeekRule.default('ALL'),
    periods: z.array(DatePeriod).max(20).default([]),
  })
  .refine((c) => (c.classId === null) !== (c.groupId === null), { message: 'one of classId or groupId', path: ['classId'] })
  .refine((c) => c.start < c.end, { message: 'start before end', path: ['end'] })
  .refine((c) => c.weeks !== 'PERIODS' || c.periods.length > 0, { message: 'periods required', path: ['periods'] });
export type CourseInput = z.infer<typeof CourseInput>;

export const NamedPerson = z.object({ id: z.uuid(), displayName: z.string() });
export type NamedPerson = z.infer<typeof NamedPerson>;
export const GroupRef = z.object({ id: z.uuid(), kind: z.enum(['CLASS', 'GROUP']), name: z.string() });
export type GroupRef = z.infer<typeof GroupRef>;

export const Course = z.object({
  id: z.uuid(),
  structureId: z.uuid(),
  subjectCode: z.string(),
  subjectName: z.string(),
  teachers: z.array(NamedPerson),
  target: GroupRef,
  room: z.string().nullable(),
  weekday: z.number().int(),
  start: TimeOfDay,
  end: TimeOfDay,
  weeks: WeekRule,
  periods: z.array(z.object({ from: IsoDate, to: IsoDate })),
});
export type Course = z.infer<typeof Course>;
/** One page of a structure's courses, ordered by weekday, start time and id. */
export const CourseList = z.object({ items: z.array(Course), nextCursor: z.string().nullable() });
export type CourseList = z.infer<typeof CourseList>;
/** Filters of the staff's course list (class, group or teacher), and its cursor page. */
export const CourseListQuery = z.strictObject({
  classId: z.uuid().optional(),
  groupId: z.uuid().optional(),
  teacherId: z.uuid().optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type CourseListQuery = z.infer<typeof CourseListQuery>;

export const occurrenceStatuses = ['SCHEDULED', 'CANCELLED', 'MODIFIED'] as const;
export const OccurrenceStatus = z.enum(occurrenceStatuses);

/**
 * One session of a course on one day. `id` is `<courseId>_<originalDate>`:
 * stable even when the session is moved.
 */
export const Occurrence = z.object({
  id: z.string(),
  courseId: z.uuid(),
  originalDate: IsoDate,
  date: IsoDate,
  start: TimeOfDay,
  end: TimeOfDay,
  status: OccurrenceStatus,
  subjectCode: z.string(),
  subjectName: z.string(),
  teachers: z.array(NamedPerson),
  target: GroupRef,
  room: z.string().nullable(),
  note: z.string().nullable(),
  /** The usual time, room and teachers when this session was changed (null otherwise), so a change can be said in words. */
  original: z
    .object({ start: TimeOfDay, end: TimeOfDay, room: z.string().nullable(), teachers: z.array(NamedPerson) })
    .nullable(),
  /** Whether the cahier de textes has an entry for this session, and whether it sets homework. */
  hasLesson: z.boolean(),
  hasHomework: z.boolean(),
  /** What the viewer may do with this session (the web app hides other buttons). */
  canWriteLesson: z.boolean(),
  canChange: z.boolean(),
});
export type Occurrence = z.infer<typeof Occurrence>;

export const scheduleKinds = ['student', 'teacher', 'class', 'group', 'room', 'me'] as const;
export const ScheduleQuery = z.strictObject({
  from: IsoDate,
  /** Inclusive; at most 42 days after `from`. */
  to: IsoDate,
});
export type ScheduleQuery = z.infer<typeof ScheduleQuery>;
export const Schedule = z.object({
  title: z.string(),
  from: IsoDate,
  to: IsoDate,
  /** Days without school in the range (holidays, public holidays), with their label. */
  daysOff: z.array(z.object({ date: IsoDate, label: z.string() })),
  items: z.array(Occurrence),
});
export type Schedule = z.infer<typeof Schedule>;

/** The timetables a viewer can open: himself, his children, his classes (for the web app's picker). */
export const ScheduleChoice = z.object({
  kind: z.enum(scheduleKinds),
  id: z.string(),
  label: z.string(),
});
export type ScheduleChoice = z.infer<typeof ScheduleChoice>;
export const ScheduleChoices = z.object({ items: z.array(ScheduleChoice) });
export type ScheduleChoices = z.infer<typeof ScheduleChoices>;

export const NextCourses = z.object({ date: IsoDate, items: z.array(Occurrence) });
export type NextCourses = z.infer<typeof NextCourses>;

/** A change to one occurrence. Omitted fields stay as they are; `cancelled: false` restores a cancelled session. */
export const OccurrenceChangeInput = z
  .strictObject({
    cancelled: z.boolean().optional(),
    date: IsoDate.optional(),
    start: TimeOfDay.optional(),
    end: TimeOfDay.optional(),
    replacementTeacherId: z.uuid().nullable().optional(),
    room: z.string().trim().max(50).nullable().optional(),
    note: z.string().trim().max(300).nullable().optional(),
  })
  .refine((c) => Object.values(c).some((v) => v !== undefined), { message: 'nothing to change' });
export type OccurrenceChangeInput = z.infer<typeof OccurrenceChangeInput>;
export const OccurrenceParams = z.strictObject({ courseId: z.uuid(), date: IsoDate });

export const TimetableSettings = z.object({
  structureId: z.uuid(),
  schoolYear: z.number().int(),
  zone: HolidayZone,
  firstWeek: z.enum(['A', 'B']),
  firstDay: IsoDate,
  lastDay: IsoDate,
  holidays: z.array(z.object({ from: IsoDate, until: IsoDate, label: z.string() })),
  /** False while the built-in calendar of this year has not been checked against the arrêté. */
  calendarVerified: z.boolean(),
  calendarOverridden: z.boolean(),
});
export type TimetableSettings = z.infer<typeof TimetableSettings>;
export const UpdateTimetableSettings = z.strictObject({
  zone: HolidayZone.optional(),
  firstWeek: z.enum(['A', 'B']).optional(),
  /** Replaces the built-in calendar for this structure; null goes back to it. */
  calendar: z
    .strictObject({
      firstDay: IsoDate,
      lastDay: IsoDate,
      holidays: z.array(z.strictObject({ from: IsoDate, until: IsoDate, label: z.string().trim().min(1).max(100) })).max(40),
    })
    .nullable()
    .optional(),
});
export type UpdateTimetableSettings = z.infer<typeof UpdateTimetableSettings>;

export const CourseImportRejection = z.object({ line: z.number().int(), reason: z.string(), code: z.string() });
export const CourseImportReport = z.object({
  imported: z.number().int(),
  rejected: z.array(CourseImportRejection),
  /** All or nothing: when any line is rejected, nothing is imported. */
  applied: z.boolean(),
});
export type CourseImportReport = z.infer<typeof CourseImportReport>;
export const CourseImportBody = z.strictObject({
  format: z.enum(['csv']).default('csv'),
  content: z.string().min(1).max(2_000_000),
  /** Replace the structure's courses of the year (true) or add to them (false). */
  replace: z.boolean().default(false),
});
export type CourseImportBody = z.infer<typeof CourseImportBody>;

export const IcalFeed = z.object({ url: z.string().nullable(), createdAt: z.string().nullable() });
export type IcalFeed = z.infer<typeof IcalFeed>;

/** Options staff need to fill the course form: classes, groups, teachers and subjects of the structure. */
export const CourseFormOptions = z.object({
  classes: z.array(z.object({ id: z.uuid(), name: z.string() })),
  groups: z.array(z.object({ id: z.uuid(), name: z.string() })),
  teachers: z.array(NamedPerson),
  subjects: z.array(z.object({ code: z.string(), name: z.string() })),
});
export type CourseFormOptions = z.infer<typeof CourseFormOptions>;
export const StructureParams = z.strictObject({ structureId: z.uuid() });
