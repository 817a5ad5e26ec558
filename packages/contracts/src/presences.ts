import { z } from 'zod';
import { IsoDate } from './timetable.ts';

/** Vie scolaire, first half of issue 15: roll call, absences, lateness, justifications, counting (STANDARDS.md §11.1). */

/** What a roll call records for one student; PRESENT is the default and stores nothing. */
export const rollCallStatuses = ['PRESENT', 'ABSENT', 'LATE', 'LEFT_EARLY'] as const;
export const RollCallStatus = z.enum(rollCallStatuses);
export type RollCallStatus = z.infer<typeof RollCallStatus>;

export const absenceKinds = ['ABSENCE', 'LATE', 'LEFT_EARLY'] as const;
export const AbsenceKind = z.enum(absenceKinds);
export type AbsenceKind = z.infer<typeof AbsenceKind>;

export const RollCallParams = z.strictObject({ courseId: z.uuid(), date: IsoDate });
export const RollCallStudentParams = z.strictObject({ courseId: z.uuid(), date: IsoDate, studentId: z.uuid() });

/** One tap: absent, late (with minutes) or left early; PRESENT undoes it. */
export const RollCallMark = z
  .strictObject({ status: RollCallStatus, minutes: z.number().int().min(1).max(240).optional() })
  .refine((m) => m.status !== 'LATE' || m.minutes !== undefined, { message: 'required', path: ['minutes'] });
export type RollCallMark = z.infer<typeof RollCallMark>;

export const RollCallStudent = z.object({
  id: z.uuid(),
  firstName: z.string(),
  lastName: z.string(),
  status: RollCallStatus,
  minutes: z.number().int().nullable(),
});
export type RollCallStudent = z.infer<typeof RollCallStudent>;

export const RollCall = z.object({
  courseId: z.uuid(),
  date: IsoDate,
  subjectName: z.string(),
  targetName: z.string(),
  startMinute: z.number().int(),
  endMinute: z.number().int(),
  /** Only on the day of the session. */
  editable: z.boolean(),
  takenAt: z.string().nullable(),
  students: z.array(RollCallStudent),
  /** Students exempted from this subject on this date (not called). */
  exemptedCount: z.number().int(),
});
export type RollCall = z.infer<typeof RollCall>;

/** A teacher's sessions of a day, to open their roll calls. */
export const MySessionsQuery = z.strictObject({ date: IsoDate.optional() });
export const MySession = z.object({
  courseId: z.uuid(),
  date: IsoDate,
  subjectName: z.string(),
  targetName: z.string(),
  startMinute: z.number().int(),
  endMinute: z.number().int(),
  takenAt: z.string().nullable(),
});
export const MySessions = z.object({ date: IsoDate, items: z.array(MySession) });
export type MySessions = z.infer<typeof MySessions>;

export const AbsenceReason = z.object({
  id: z.uuid(),
  label: z.string(),
  /** An absence with this reason is justified unless vie scolaire says otherwise. */
  justified: z.boolean(),
  /** Counted in the half-days of the bulletin. */
  counted: z.boolean(),
  /** Parents may choose it when they give a reason online. */
  parentsMayUse: z.boolean(),
});
export type AbsenceReason = z.infer<typeof AbsenceReason>;
export const AbsenceReasonList = z.object({ items: z.array(AbsenceReason) });
export type AbsenceReasonList = z.infer<typeof AbsenceReasonList>;
export const AbsenceReasonInput = z.strictObject({
  label: z.string().trim().min(1).max(80),
  justified: z.boolean(),
  counted: z.boolean(),
  parentsMayUse: z.boolean(),
});
export type AbsenceReasonInput = z.infer<typeof AbsenceReasonInput>;

export const DayQuery = z.strictObject({ date: IsoDate.optional() });

export const justificationStatuses = ['PENDING', 'ACCEPTED', 'REFUSED'] as const;
export const JustificationStatus = z.enum(justificationStatuses);

/** An absence, a lateness or a departure, as vie scolaire and the family see it. */
export const Absence = z.object({
  id: z.uuid(),
  studentId: z.uuid(),
  studentName: z.string(),
  className: z.string().nullable(),
  kind: AbsenceKind,
  fromDate: IsoDate,
  toDate: IsoDate,
  fromMinute: z.number().int(),
  toMinute: z.number().int(),
  minutes: z.number().int().nullable(),
  subjectName: z.string().nullable(),
  courseId: z.uuid().nullable(),
  justified: z.boolean(),
  reason: z.string().nullable(),
  /** The latest reason given by a parent, if any. */
  justification: z
    .object({ id: z.uuid(), status: JustificationStatus, reason: z.string(), comment: z.string(), hasDocument: z.boolean() })
    .nullable(),
});
export type Absence = z.infer<typeof Absence>;

export const UntakenRollCall = z.object({
  courseId: z.uuid(),
  date: IsoDate,
  subjectName: z.string(),
  targetName: z.string(),
  startMinute: z.number().int(),
  endMinute: z.number().int(),
  teachers: z.array(z.string()),
});

export const DayView = z.object({
  date: IsoDate,
  absences: z.array(Absence),
  /** Sessions already begun whose roll call nobody took. */
  untaken: z.array(UntakenRollCall),
  /** More than the page shows: narrow down by class. */
  truncated: z.boolean(),
});
export type DayView = z.infer<typeof DayView>;

/** Absences for a whole period (illness for a week, a school trip for a group). */
export const PeriodAbsenceInput = z
  .strictObject({
    studentIds: z.array(z.uuid()).min(1).max(200),
    fromDate: IsoDate,
    toDate: IsoDate,
    reasonId: z.uuid(),
  })
  .refine((b) => b.toDate >= b.fromDate, { message: 'before_start', path: ['toDate'] });
export type PeriodAbsenceInput = z.infer<typeof PeriodAbsenceInput>;
export const PeriodAbsenceResult = z.object({ created: z.number().int() });

export const StudentParams = z.strictObject({ studentId: z.uuid() });
export const RangeQuery = z.strictObject({ from: IsoDate, to: IsoDate });

/** Counts as the law counts (gross half-days: any absence within a half-day counts it once). */
export const AttendanceSummary = z.object({
  halfDays: z.number().int(),
  justifiedHalfDays: z.number().int(),
  unjustifiedHalfDays: z.number().int(),
  lateness: z.number().int(),
  latenessMinutes: z.number().int(),
});
export type AttendanceSummary = z.infer<typeof AttendanceSummary>;

export const StudentAttendance = z.object({
  studentId: z.uuid(),
  studentName: z.string(),
  from: IsoDate,
  to: IsoDate,
  summary: AttendanceSummary,
  absences: z.array(Absence),
  /** Reasons the family may give online. */
  parentReasons: z.array(AbsenceReason),
});
export type StudentAttendance = z.infer<typeof StudentAttendance>;

export const FamilyQuery = z.strictObject({ from: IsoDate.optional(), to: IsoDate.optional() });
export const FamilyAttendance = z.object({ items: z.array(StudentAttendance) });
export type FamilyAttendance = z.infer<typeof FamilyAttendance>;

export const JustificationInput = z.strictObject({
  reasonId: z.uuid(),
  comment: z.string().trim().max(1000).default(''),
});
export type JustificationInput = z.infer<typeof JustificationInput>;

export const Justification = z.object({
  id: z.uuid(),
  absence: Absence,
  status: JustificationStatus,
  reason: z.string(),
  comment: z.string(),
  parentName: z.string(),
  createdAt: z.string(),
  document: z.object({ fileName: z.string(), size: z.number().int() }).nullable(),
});
export type Justification = z.infer<typeof Justification>;
export const JustificationList = z.object({ items: z.array(Justification) });
export type JustificationList = z.infer<typeof JustificationList>;
export const JustificationDecision = z.strictObject({ accept: z.boolean() });

export const MonthQuery = z.strictObject({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month') });
export const AttendanceAlert = z.object({
  studentId: z.uuid(),
  studentName: z.string(),
  className: z.string().nullable(),
  unjustifiedHalfDays: z.number().int(),
  /** 4: avertissement (L131-8); 10: persistent absenteeism (circ. 2014-159). */
  threshold: z.union([z.literal(4), z.literal(10)]),
});
export const AttendanceAlertList = z.object({ month: z.string(), items: z.array(AttendanceAlert) });
export type AttendanceAlertList = z.infer<typeof AttendanceAlertList>;

export const PresenceSettings = z.object({ middayMinute: z.number().int() });
export const PresenceSettingsInput = z.strictObject({ middayMinute: z.number().int().min(600).max(900) });

export const ExemptionInput = z
  .strictObject({ studentId: z.uuid(), subjectCode: z.string().min(1).max(20), fromDate: IsoDate, toDate: IsoDate })
  .refine((b) => b.toDate >= b.fromDate, { message: 'before_start', path: ['toDate'] });
export type ExemptionInput = z.infer<typeof ExemptionInput>;
export const Exemption = z.object({
  id: z.uuid(),
  studentId: z.uuid(),
  studentName: z.string(),
  subjectCode: z.string(),
  subjectName: z.string(),
  fromDate: IsoDate,
  toDate: IsoDate,
});
export const ExemptionList = z.object({ items: z.array(Exemption) });
