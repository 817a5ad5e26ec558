import { z } from 'zod';
import { AttendanceSummary } from './presences.ts';
import { GroupRef, IsoDate } from './timetable.ts';

/** Grades, competences and bulletins (issue 15): periods, evaluations, marks, averages, appreciations. */

export const periodKinds = ['TRIMESTRE', 'SEMESTRE'] as const;
export const PeriodKind = z.enum(periodKinds);
export type PeriodKind = z.infer<typeof PeriodKind>;

/** Special marks: absent, dispensé (exempted), non noté (not handed in). None of them counts in an average. */
export const specialMarks = ['ABS', 'DISP', 'NN'] as const;
export const SpecialMark = z.enum(specialMarks);
export type SpecialMark = z.infer<typeof SpecialMark>;

/** The four-level competence scale (1 maîtrise insuffisante … 4 très bonne maîtrise), STANDARDS.md §11.2. */
export const CompetenceLevel = z.number().int().min(1).max(4);

export const PeriodInput = z.strictObject({
  startsOn: IsoDate,
  endsOn: IsoDate,
  /** The last day teachers may enter marks. */
  entryClosesOn: IsoDate,
  councilOn: IsoDate,
});
export const PutPeriodsBody = z.strictObject({
  kind: PeriodKind,
  /** Three trimestres or two semestres, in order. */
  periods: z.array(PeriodInput).min(2).max(3),
});
export type PutPeriodsBody = z.infer<typeof PutPeriodsBody>;

export const Period = z.object({
  id: z.uuid(),
  kind: PeriodKind,
  rank: z.number().int(),
  startsOn: IsoDate,
  endsOn: IsoDate,
  entryClosesOn: IsoDate,
  councilOn: IsoDate,
  isEntryOpen: z.boolean(),
  bulletinsPublishedAt: z.string().nullable(),
});
export type Period = z.infer<typeof Period>;
export const PeriodList = z.object({ items: z.array(Period) });
export type PeriodList = z.infer<typeof PeriodList>;

/** A class or group the teacher teaches, in a subject: where he may create evaluations. */
export const Teaching = z.object({ target: GroupRef, subjectCode: z.string(), subjectName: z.string(), structureId: z.uuid() });
export type Teaching = z.infer<typeof Teaching>;
export const TeachingList = z.object({ items: z.array(Teaching) });
export type TeachingList = z.infer<typeof TeachingList>;

const Mark = z.number().min(0).max(1000).refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, 'two decimals at most');

export const CreateEvaluationBody = z
  .strictObject({
    periodId: z.uuid(),
    classId: z.uuid().optional(),
    groupId: z.uuid().optional(),
    subjectCode: z.string().min(1).max(20),
    title: z.string().trim().min(1).max(120),
    givenOn: IsoDate,
    /** Marked out of this total (any positive number). */
    outOf: z.number().positive().max(1000),
    /** Rescaled to 20 in the average (counts with its coefficient) or counted in proportion to its total. */
    rescale: z.boolean(),
    coefficient: z.number().min(0).max(100),
    competences: z.array(z.string().trim().min(1).max(200)).max(10).default([]),
  })
  .refine((b) => (b.classId === undefined) !== (b.groupId === undefined), { message: 'classId or groupId', path: ['classId'] });
export type CreateEvaluationBody = z.infer<typeof CreateEvaluationBody>;

export const Stats = z.object({ average: z.number().nullable(), min: z.number().nullable(), max: z.number().nullable(), count: z.number().int() });
export type Stats = z.infer<typeof Stats>;

export const EvaluationSummary = z.object({
  id: z.uuid(),
  periodId: z.uuid(),
  target: GroupRef,
  subjectCode: z.string(),
  subjectName: z.string(),
  teacherName: z.string(),
  title: z.string(),
  givenOn: IsoDate,
  outOf: z.number(),
  rescale: z.boolean(),
  coefficient: z.number(),
  competences: z.array(z.string()),
  publishedAt: z.string().nullable(),
  stats: Stats,
});
export type EvaluationSummary = z.infer<typeof EvaluationSummary>;

export const MarkCell = z.object({
  studentId: z.uuid(),
  displayName: z.string(),
  value: z.number().nullable(),
  special: SpecialMark.nullable(),
  levels: z.array(CompetenceLevel.nullable()),
});
export type MarkCell = z.infer<typeof MarkCell>;

/** The teacher's grid: the evaluation, every student of the class or group, their marks, what he may do. */
export const EvaluationGrid = z.object({
  evaluation: EvaluationSummary,
  marks: z.array(MarkCell),
  isEntryOpen: z.boolean(),
});
export type EvaluationGrid = z.infer<typeof EvaluationGrid>;

export const MarkInput = z
  .strictObject({
    studentId: z.uuid(),
    /** A number, a special value, or neither to erase the mark. */
    value: Mark.nullable().default(null),
    special: SpecialMark.nullable().default(null),
    levels: z.array(CompetenceLevel.nullable()).max(10).optional(),
  })
  .refine((m) => m.value === null || m.special === null, { message: 'value or special', path: ['special'] });
export const PutMarksBody = z.strictObject({ marks: z.array(MarkInput).min(1).max(200) });
export type PutMarksBody = z.infer<typeof PutMarksBody>;

export const TeacherEvaluationsQuery = z.strictObject({
  periodId: z.uuid(),
  classId: z.uuid().optional(),
  groupId: z.uuid().optional(),
  subjectCode: z.string().min(1).max(20),
});
export type TeacherEvaluationsQuery = z.infer<typeof TeacherEvaluationsQuery>;
export const EvaluationList = z.object({ items: z.array(EvaluationSummary) });
export type EvaluationList = z.infer<typeof EvaluationList>;

/** One published evaluation as a student (or his parent) sees it: his own mark and the class's figures. */
export const StudentMark = z.object({
  evaluation: EvaluationSummary,
  value: z.number().nullable(),
  special: SpecialMark.nullable(),
  levels: z.array(CompetenceLevel.nullable()),
});
export type StudentMark = z.infer<typeof StudentMark>;

export const SubjectResult = z.object({
  subjectCode: z.string(),
  subjectName: z.string(),
  teacherNames: z.array(z.string()),
  /** The student's average out of 20 (null: non noté), rounded up to 0.1. */
  average: z.number().nullable(),
  /** The class's (or group's) averages in this subject: mean, lowest and highest student average. */
  classStats: Stats,
  marks: z.array(StudentMark),
});
export type SubjectResult = z.infer<typeof SubjectResult>;

/** Without a period: the one in progress (or the last one begun). */
export const StudentResultsQuery = z.strictObject({ periodId: z.uuid().optional() });
export const StudentResults = z.object({
  student: z.object({ id: z.uuid(), displayName: z.string(), className: z.string().nullable() }),
  /** Null while the structure has not set its periods. */
  period: Period.nullable(),
  periods: z.array(Period),
  subjects: z.array(SubjectResult),
  /** Mean of the subject averages (each subject weighs 1), rounded up to 0.1. */
  generalAverage: z.number().nullable(),
});
export type StudentResults = z.infer<typeof StudentResults>;

export const appreciationMaxLength = 600;
export const PutAppreciationBody = z.strictObject({
  /** The subject, or omitted for the professeur principal's general appreciation. */
  subjectCode: z.string().min(1).max(20).optional(),
  body: z.string().trim().max(appreciationMaxLength),
});
export type PutAppreciationBody = z.infer<typeof PutAppreciationBody>;
export const PeriodStudentParams = z.strictObject({ periodId: z.uuid(), studentId: z.uuid() });

export const Appreciation = z.object({ subjectCode: z.string().nullable(), authorName: z.string(), body: z.string() });
export type Appreciation = z.infer<typeof Appreciation>;

/** A student's bulletin for a period: results per subject with appreciations, the general appreciation. */
export const Bulletin = z.object({
  results: StudentResults,
  appreciations: z.array(Appreciation),
  isPublished: z.boolean(),
  /** Half-days absent (justified, unjustified) and lateness over the period, as vie scolaire counts them; null without a period. */
  attendance: AttendanceSummary.nullable(),
});
export type Bulletin = z.infer<typeof Bulletin>;

/** A teacher's appreciations of a class or group in his subject for a period, with each student's average. */
export const AppreciationSheet = z.object({
  isOpen: z.boolean(),
  items: z.array(z.object({ studentId: z.uuid(), displayName: z.string(), average: z.number().nullable(), body: z.string() })),
});
export type AppreciationSheet = z.infer<typeof AppreciationSheet>;

/** The Livret scolaire export of a period: the whole structure, or one class. */
export const PeriodExportQuery = z.strictObject({ classId: z.uuid().optional() });
export type PeriodExportQuery = z.infer<typeof PeriodExportQuery>;

/**
 * The LSU export of a collège's period. The LSU needs identifiers Préau does
 * not keep (docs/decisions/lsu-export-identifiers.md): each student's
 * identifier in the Base élèves (id-be, from SIECLE) and each teacher's STS
 * number (from STS-web), given here by login; and the head's name as it
 * signs the bulletins.
 */
export const LsuExportBody = z.strictObject({
  headName: z.string().trim().min(1).max(100),
  students: z.record(z.string().min(1).max(100), z.string().trim().regex(/^[0-9A-Za-z]{1,20}$/)),
  teachers: z.record(z.string().min(1).max(100), z.string().trim().regex(/^[1-9][0-9]{0,11}$/)),
});
export type LsuExportBody = z.infer<typeof LsuExportBody>;
