import type { ColumnType, Generated } from 'kysely';

/** Tables of the evaluations module (migration 2026-12-08T0300_evaluations). */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string | undefined, string>;

export type PeriodKind = 'TRIMESTRE' | 'SEMESTRE';
export type SpecialMark = 'ABS' | 'DISP' | 'NN';

export interface EvaluationPeriodsTable {
  id: Generated<string>;
  structure_id: string;
  school_year: number;
  kind: PeriodKind;
  rank: number;
  starts_on: string;
  ends_on: string;
  entry_closes_on: string;
  council_on: string;
  bulletins_published_at: Timestamp | null;
}

export interface EvaluationsTable {
  id: Generated<string>;
  structure_id: string;
  school_year: number;
  period_id: string;
  teacher_id: string | null;
  teacher_name: string;
  class_id: string | null;
  group_id: string | null;
  subject_code: string;
  title: string;
  given_on: string;
  out_of: number;
  rescale: boolean;
  coefficient: number;
  competences: Json<string[]>;
  published_at: Timestamp | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface EvaluationMarksTable {
  evaluation_id: string;
  student_id: string;
  value: number | null;
  special: SpecialMark | null;
  levels: Json<(number | null)[]>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface BulletinAppreciationsTable {
  period_id: string;
  student_id: string;
  subject_code: string;
  author_id: string | null;
  author_name: string;
  body: string;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface EvaluationsTables {
  evaluation_periods: EvaluationPeriodsTable;
  evaluations: EvaluationsTable;
  evaluation_marks: EvaluationMarksTable;
  bulletin_appreciations: BulletinAppreciationsTable;
}
