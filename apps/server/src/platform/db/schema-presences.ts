import type { ColumnType, Generated } from 'kysely';

/** Tables of the presences module (migration 2026-12-08T0200_presences). */
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type DateColumn = ColumnType<string, string, string>;

export interface PresenceSettingsTable {
  structure_id: string;
  school_year: number;
  midday_minute: Generated<number>;
}

export interface AbsenceReasonsTable {
  id: Generated<string>;
  structure_id: string;
  label: string;
  justified: boolean;
  counted: boolean;
  parents_may_use: boolean;
  created_at: CreatedAt;
}

export interface RollCallsTable {
  course_id: string;
  occurrence_date: DateColumn;
  structure_id: string;
  taken_by: string | null;
  taken_at: ColumnType<Date, Date | string, Date | string>;
}

export interface AbsencesTable {
  id: Generated<string>;
  structure_id: string;
  school_year: number;
  student_id: string;
  kind: 'ABSENCE' | 'LATE' | 'LEFT_EARLY';
  course_id: string | null;
  occurrence_date: DateColumn | null;
  from_date: DateColumn;
  to_date: DateColumn;
  from_minute: number;
  to_minute: number;
  minutes: number | null;
  reason_id: string | null;
  justified: Generated<boolean>;
  recorded_by: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface AbsenceJustificationsTable {
  id: Generated<string>;
  absence_id: string;
  structure_id: string;
  parent_id: string | null;
  parent_name: string;
  reason_id: string;
  comment: Generated<string>;
  status: Generated<'PENDING' | 'ACCEPTED' | 'REFUSED'>;
  file_name: string | null;
  content_type: string | null;
  size: number | null;
  storage_key: string | null;
  decided_by: string | null;
  decided_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: CreatedAt;
}

export interface CourseExemptionsTable {
  id: Generated<string>;
  structure_id: string;
  student_id: string;
  subject_code: string;
  from_date: DateColumn;
  to_date: DateColumn;
  created_by: string | null;
  created_at: CreatedAt;
}

/** A legal threshold a student reached in a month, flagged once (migration 2026-12-09T1400_attendance_flags). */
export interface AttendanceFlagsTable {
  student_id: string;
  month: string;
  threshold: 4 | 10;
  structure_id: string;
  school_year: number;
  unjustified_half_days: number;
  flagged_at: ColumnType<Date, Date | string, never>;
}

export interface PresencesTables {
  presence_settings: PresenceSettingsTable;
  absence_reasons: AbsenceReasonsTable;
  roll_calls: RollCallsTable;
  absences: AbsencesTable;
  absence_justifications: AbsenceJustificationsTable;
  course_exemptions: CourseExemptionsTable;
  attendance_flags: AttendanceFlagsTable;
}
