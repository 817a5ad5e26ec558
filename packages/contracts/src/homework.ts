import { z } from 'zod';
import { GroupRef, IsoDate, NamedPerson } from './timetable.ts';

/** Cahier de textes (one entry per course session), travail à faire and hand-ins. */

export const LessonLink = z.strictObject({
  url: z
    .string()
    .trim()
    .max(2000)
    .regex(/^https?:\/\//i, 'http(s) only'),
  label: z.string().trim().min(1).max(200),
});
export type LessonLink = z.infer<typeof LessonLink>;

export const HomeworkInput = z.strictObject({
  /** Rich text (a small HTML subset, sanitized by the server). */
  descriptionHtml: z.string().trim().min(1).max(20_000),
  dueOn: IsoDate,
  estimatedMinutes: z.number().int().min(1).max(600).nullable().default(null),
  handInOnline: z.boolean().default(false),
});
export type HomeworkInput = z.infer<typeof HomeworkInput>;

export const LessonEntryInput = z.strictObject({
  title: z.string().trim().max(200).default(''),
  contentHtml: z.string().max(50_000).default(''),
  links: z.array(LessonLink).max(10).default([]),
  homework: HomeworkInput.nullable().default(null),
});
export type LessonEntryInput = z.infer<typeof LessonEntryInput>;

export const FileRef = z.object({ id: z.uuid(), filename: z.string(), size: z.number().int(), contentType: z.string() });
export type FileRef = z.infer<typeof FileRef>;

export const Homework = z.object({
  id: z.uuid(),
  entryId: z.uuid(),
  courseId: z.uuid(),
  subjectName: z.string(),
  target: GroupRef,
  teacher: NamedPerson,
  givenOn: IsoDate,
  dueOn: IsoDate,
  descriptionHtml: z.string(),
  estimatedMinutes: z.number().int().nullable(),
  handInOnline: z.boolean(),
});
export type Homework = z.infer<typeof Homework>;

export const Visa = z.object({
  id: z.uuid(),
  target: GroupRef,
  from: IsoDate,
  to: IsoDate,
  signedBy: NamedPerson,
  signedAt: z.string(),
  comment: z.string().nullable(),
});
export type Visa = z.infer<typeof Visa>;

export const LessonEntry = z.object({
  id: z.uuid(),
  courseId: z.uuid(),
  occurrenceDate: IsoDate,
  /** The course's usual time (HH:MM). */
  start: z.string(),
  end: z.string(),
  subjectCode: z.string(),
  subjectName: z.string(),
  target: GroupRef,
  author: NamedPerson,
  title: z.string(),
  contentHtml: z.string(),
  links: z.array(LessonLink),
  attachments: z.array(FileRef),
  homework: Homework.nullable(),
  visa: Visa.nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  canEdit: z.boolean(),
});
export type LessonEntry = z.infer<typeof LessonEntry>;
export const LessonEntryList = z.object({ items: z.array(LessonEntry) });
export type LessonEntryList = z.infer<typeof LessonEntryList>;

/** Views: by class or group (and subject), by teacher, by week. At most 400 days. */
export const LessonQuery = z
  .strictObject({
    classId: z.uuid().optional(),
    groupId: z.uuid().optional(),
    subjectCode: z.string().max(20).optional(),
    teacherId: z.uuid().optional(),
    from: IsoDate,
    to: IsoDate,
  })
  .refine((q) => q.classId || q.groupId || q.teacherId, { message: 'classId, groupId or teacherId', path: ['classId'] });
export type LessonQuery = z.infer<typeof LessonQuery>;

export const LessonHistoryItem = z.object({
  version: z.number().int(),
  editor: NamedPerson,
  changedAt: z.string(),
  title: z.string(),
  contentHtml: z.string(),
  links: z.array(LessonLink),
  homework: z
    .object({ descriptionHtml: z.string(), dueOn: IsoDate, estimatedMinutes: z.number().int().nullable(), handInOnline: z.boolean() })
    .nullable(),
});
export const LessonHistory = z.object({ items: z.array(LessonHistoryItem) });
export type LessonHistory = z.infer<typeof LessonHistory>;

export const VisaInput = z
  .strictObject({
    classId: z.uuid().nullable().default(null),
    groupId: z.uuid().nullable().default(null),
    from: IsoDate,
    to: IsoDate,
    comment: z.string().trim().max(500).nullable().default(null),
  })
  .refine((v) => (v.classId === null) !== (v.groupId === null), { message: 'one of classId or groupId', path: ['classId'] })
  .refine((v) => v.from <= v.to, { message: 'from must not be after to', path: ['to'] });
export type VisaInput = z.infer<typeof VisaInput>;
export const VisaList = z.object({ items: z.array(Visa) });

/** Copies last year's entries of a course onto this year's course, session by session in order. */
export const CopyLessonsInput = z.strictObject({ fromCourseId: z.uuid(), toCourseId: z.uuid() });
export const CopyLessonsResult = z.object({ copied: z.number().int(), skipped: z.number().int() });

/** What a student sees of his own hand-in (or a parent of his child's). */
export const SubmissionSummary = z.object({
  id: z.uuid(),
  submittedAt: z.string().nullable(),
  late: z.boolean(),
  text: z.string().nullable(),
  files: z.array(FileRef),
  returnedAt: z.string().nullable(),
  returnComment: z.string().nullable(),
  returnedFiles: z.array(FileRef),
});
export type SubmissionSummary = z.infer<typeof SubmissionSummary>;

export const TodoItem = Homework.extend({
  /** The files the teacher attached to the lesson that gave it (the worksheet), on the student's card. */
  worksheets: z.array(FileRef),
  /** Ticked by the student, and by any hand-in of his. */
  done: z.boolean(),
  submission: SubmissionSummary.nullable(),
  /** The student may still hand in (before the deadline or late, until it is returned). */
  canSubmit: z.boolean(),
});
export type TodoItem = z.infer<typeof TodoItem>;
export const TodoQuery = z.strictObject({
  /** The child whose work a parent reads; a student reads his own. */
  studentId: z.uuid().optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
});
export const TodoList = z.object({ student: NamedPerson, readOnly: z.boolean(), items: z.array(TodoItem) });
export type TodoList = z.infer<typeof TodoList>;
/** A parent's child with the classes and groups whose cahier de textes he may read. */
export const TodoChild = NamedPerson.extend({ classes: z.array(GroupRef) });
export type TodoChild = z.infer<typeof TodoChild>;
export const TodoChildren = z.object({ items: z.array(TodoChild) });

export const DoneInput = z.strictObject({ done: z.boolean() });
export const HomeworkParams = z.strictObject({ id: z.uuid() });

/** The teacher's view of one homework: every student of the class or group and his hand-in. */
export const SubmissionRow = z.object({
  student: NamedPerson,
  submission: SubmissionSummary.nullable(),
});
export const SubmissionBoard = z.object({ homework: Homework, items: z.array(SubmissionRow) });
export type SubmissionBoard = z.infer<typeof SubmissionBoard>;
export const ReturnInput = z.strictObject({ comment: z.string().trim().min(1).max(5000) });

/** One week (Monday to Sunday) of a class's or group's cahier de textes, every subject, by date and time. */
export const LessonWeekQuery = z
  .strictObject({
    classId: z.uuid().optional(),
    groupId: z.uuid().optional(),
    /** Any day of the wanted week (default: this week). */
    date: IsoDate.optional(),
  })
  .refine((q) => Boolean(q.classId) !== Boolean(q.groupId), { message: 'one of classId or groupId', path: ['classId'] });
export type LessonWeekQuery = z.infer<typeof LessonWeekQuery>;
export const LessonWeek = z.object({
  target: GroupRef,
  /** Monday and Sunday of the week. */
  from: IsoDate,
  to: IsoDate,
  previous: IsoDate,
  next: IsoDate,
  items: z.array(LessonEntry),
});
export type LessonWeek = z.infer<typeof LessonWeek>;

/** A teacher's course, this year or an earlier one, with the number of entries he wrote (to copy them). */
export const CopyableCourse = z.object({
  courseId: z.uuid(),
  schoolYear: z.number().int(),
  subjectName: z.string(),
  target: GroupRef,
  weekday: z.number().int().min(1).max(7),
  start: z.string(),
  entryCount: z.number().int(),
});
export type CopyableCourse = z.infer<typeof CopyableCourse>;
export const CopyableCourseList = z.object({ currentYear: z.number().int(), items: z.array(CopyableCourse) });
export type CopyableCourseList = z.infer<typeof CopyableCourseList>;
