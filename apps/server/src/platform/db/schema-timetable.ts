import type { ColumnType, Generated } from 'kysely';

/** Tables of the timetable and homework modules (migration 2026-11-29T0300_timetable). */
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T> = ColumnType<T, string, string>;
type JsonDefault<T> = ColumnType<T, string | undefined, string>;

export interface CalendarOverride {
  firstDay: string;
  lastDay: string;
  holidays: Array<{ from: string; until: string; label: string }>;
}

export interface TimetableSettingsTable {
  structure_id: string;
  school_year: number;
  zone: 'A' | 'B' | 'C';
  first_week: Generated<'A' | 'B'>;
  calendar: ColumnType<CalendarOverride | null, string | null | undefined, string | null>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface CoursesTable {
  id: Generated<string>;
  structure_id: string;
  school_year: number;
  subject_code: string;
  class_id: string | null;
  group_id: string | null;
  room: string | null;
  weekday: number;
  start_minute: number;
  end_minute: number;
  weeks: Generated<'ALL' | 'A' | 'B' | 'PERIODS'>;
  periods: JsonDefault<Array<{ from: string; to: string }>>;
  created_at: CreatedAt;
}

export interface CourseTeachersTable {
  course_id: string;
  teacher_id: string;
}

export interface CourseChangesTable {
  course_id: string;
  original_date: string;
  cancelled: Generated<boolean>;
  new_date: string | null;
  new_start_minute: number | null;
  new_end_minute: number | null;
  replacement_teacher_id: string | null;
  room: string | null;
  note: string | null;
  changed_by: string | null;
  changed_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface IcalFeedsTable {
  account_id: string;
  token_hash: string;
  created_at: CreatedAt;
}

export interface LessonEntriesTable {
  id: Generated<string>;
  course_id: string;
  occurrence_date: string;
  structure_id: string;
  author_id: string;
  /** The author's name when he wrote it (the record outlives his account). */
  author_first: string | null;
  author_last: string | null;
  title: Generated<string>;
  content_html: Generated<string>;
  links: JsonDefault<Array<{ url: string; label: string }>>;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface LessonEntryHistoryTable {
  entry_id: string;
  version: number;
  editor_id: string;
  changed_at: CreatedAt;
  snapshot: Json<Record<string, unknown>>;
}

export interface HomeworkTable {
  id: Generated<string>;
  entry_id: string;
  course_id: string;
  class_id: string | null;
  group_id: string | null;
  given_on: string;
  due_on: string;
  description_html: string;
  estimated_minutes: number | null;
  hand_in_online: Generated<boolean>;
}

export interface HomeworkDoneTable {
  homework_id: string;
  student_id: string;
  done_at: CreatedAt;
}

export interface SubmissionsTable {
  id: Generated<string>;
  homework_id: string;
  student_id: string;
  text: string | null;
  submitted_at: ColumnType<Date, Date | string, Date | string>;
  is_late: boolean;
  returned_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  returned_by: string | null;
  return_comment: string | null;
}

export interface HomeworkFilesTable {
  id: Generated<string>;
  owner_type: 'ENTRY' | 'SUBMISSION' | 'RETURN';
  owner_id: string;
  filename: string;
  content_type: string;
  size: number;
  storage_key: string;
  uploaded_by: string;
  created_at: CreatedAt;
}

export interface LessonVisasTable {
  id: Generated<string>;
  structure_id: string;
  class_id: string | null;
  group_id: string | null;
  period_from: string;
  period_to: string;
  signed_by: string;
  /** The signer's name when he signed (the record outlives his account). */
  signer_first: string | null;
  signer_last: string | null;
  signed_at: CreatedAt;
  comment: string | null;
}

export interface TimetableTables {
  timetable_settings: TimetableSettingsTable;
  courses: CoursesTable;
  course_teachers: CourseTeachersTable;
  course_changes: CourseChangesTable;
  ical_feeds: IcalFeedsTable;
  lesson_entries: LessonEntriesTable;
  lesson_entry_history: LessonEntryHistoryTable;
  homework: HomeworkTable;
  homework_done: HomeworkDoneTable;
  submissions: SubmissionsTable;
  homework_files: HomeworkFilesTable;
  lesson_visas: LessonVisasTable;
}
