import { type Kysely, sql } from 'kysely';

/**
 * Emploi du temps, cahier de textes, travail à faire and hand-ins. Every
 * table is reached through an index that starts with its structure, its
 * course, or its account.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Per structure and school year: holiday zone, which week is A, and an
  // optional calendar that replaces the built-in one.
  await db.schema
    .createTable('timetable_settings')
    .addColumn('structure_id', 'uuid', (c) => c.notNull().references('structures.id').onDelete('cascade'))
    .addColumn('school_year', 'smallint', (c) => c.notNull())
    .addColumn('zone', 'text', (c) => c.notNull().check(sql`zone IN ('A','B','C')`))
    .addColumn('first_week', 'text', (c) => c.notNull().defaultTo('A').check(sql`first_week IN ('A','B')`))
    .addColumn('calendar', 'jsonb')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('timetable_settings_pkey', ['structure_id', 'school_year'])
    .execute();

  await db.schema
    .createTable('courses')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('structure_id', 'uuid', (c) => c.notNull().references('structures.id'))
    .addColumn('school_year', 'smallint', (c) => c.notNull())
    .addColumn('subject_code', 'text', (c) => c.notNull().references('subjects.code'))
    .addColumn('class_id', 'uuid', (c) => c.references('classes.id'))
    .addColumn('group_id', 'uuid', (c) => c.references('groups.id'))
    .addColumn('room', 'text')
    .addColumn('weekday', 'smallint', (c) => c.notNull().check(sql`weekday BETWEEN 1 AND 7`))
    .addColumn('start_minute', 'smallint', (c) => c.notNull())
    .addColumn('end_minute', 'smallint', (c) => c.notNull())
    .addColumn('weeks', 'text', (c) => c.notNull().defaultTo('ALL').check(sql`weeks IN ('ALL','A','B','PERIODS')`))
    .addColumn('periods', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('courses_one_target', sql`(class_id IS NULL) <> (group_id IS NULL)`)
    .addCheckConstraint('courses_times', sql`start_minute >= 0 AND start_minute < end_minute AND end_minute <= 1440`)
    .execute();
  await db.schema.createIndex('courses_structure_idx').on('courses').columns(['structure_id', 'school_year']).execute();
  await db.schema.createIndex('courses_class_idx').on('courses').column('class_id').where(sql.ref('class_id'), 'is not', null).execute();
  await db.schema.createIndex('courses_group_idx').on('courses').column('group_id').where(sql.ref('group_id'), 'is not', null).execute();

  await db.schema
    .createTable('course_teachers')
    .addColumn('course_id', 'uuid', (c) => c.notNull().references('courses.id').onDelete('cascade'))
    .addColumn('teacher_id', 'uuid', (c) => c.notNull().references('accounts.id'))
    .addPrimaryKeyConstraint('course_teachers_pkey', ['course_id', 'teacher_id'])
    .execute();
  await db.schema.createIndex('course_teachers_teacher_idx').on('course_teachers').column('teacher_id').execute();

  // A change to one occurrence, keyed by its original date.
  await db.schema
    .createTable('course_changes')
    .addColumn('course_id', 'uuid', (c) => c.notNull().references('courses.id').onDelete('cascade'))
    .addColumn('original_date', 'date', (c) => c.notNull())
    .addColumn('cancelled', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('new_date', 'date')
    .addColumn('new_start_minute', 'smallint')
    .addColumn('new_end_minute', 'smallint')
    .addColumn('replacement_teacher_id', 'uuid', (c) => c.references('accounts.id'))
    .addColumn('room', 'text')
    .addColumn('note', 'text')
    .addColumn('changed_by', 'uuid', (c) => c.references('accounts.id'))
    .addColumn('changed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('course_changes_pkey', ['course_id', 'original_date'])
    .execute();
  await db.schema.createIndex('course_changes_new_date_idx').on('course_changes').columns(['new_date']).execute();

  // The secret of a personal iCalendar feed, stored hashed; deleting the row revokes it.
  await db.schema
    .createTable('ical_feeds')
    .addColumn('account_id', 'uuid', (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // Cahier de textes: one entry per course session (legal record; never deleted by the app).
  await db.schema
    .createTable('lesson_entries')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('course_id', 'uuid', (c) => c.notNull().references('courses.id'))
    .addColumn('occurrence_date', 'date', (c) => c.notNull())
    .addColumn('structure_id', 'uuid', (c) => c.notNull().references('structures.id'))
    .addColumn('author_id', 'uuid', (c) => c.notNull().references('accounts.id'))
    .addColumn('title', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('content_html', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('links', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('lesson_entries_occurrence_key', ['course_id', 'occurrence_date'])
    .execute();
  await db.schema.createIndex('lesson_entries_author_idx').on('lesson_entries').columns(['author_id', 'occurrence_date']).execute();

  await db.schema
    .createTable('lesson_entry_history')
    .addColumn('entry_id', 'uuid', (c) => c.notNull().references('lesson_entries.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('editor_id', 'uuid', (c) => c.notNull().references('accounts.id'))
    .addColumn('changed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('snapshot', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('lesson_entry_history_pkey', ['entry_id', 'version'])
    .execute();

  await db.schema
    .createTable('homework')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('entry_id', 'uuid', (c) => c.notNull().unique().references('lesson_entries.id').onDelete('cascade'))
    .addColumn('course_id', 'uuid', (c) => c.notNull().references('courses.id'))
    .addColumn('class_id', 'uuid', (c) => c.references('classes.id'))
    .addColumn('group_id', 'uuid', (c) => c.references('groups.id'))
    .addColumn('given_on', 'date', (c) => c.notNull())
    .addColumn('due_on', 'date', (c) => c.notNull())
    .addColumn('description_html', 'text', (c) => c.notNull())
    .addColumn('estimated_minutes', 'smallint')
    .addColumn('hand_in_online', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema.createIndex('homework_class_due_idx').on('homework').columns(['class_id', 'due_on']).where(sql.ref('class_id'), 'is not', null).execute();
  await db.schema.createIndex('homework_group_due_idx').on('homework').columns(['group_id', 'due_on']).where(sql.ref('group_id'), 'is not', null).execute();

  await db.schema
    .createTable('homework_done')
    .addColumn('homework_id', 'uuid', (c) => c.notNull().references('homework.id').onDelete('cascade'))
    .addColumn('student_id', 'uuid', (c) => c.notNull().references('accounts.id'))
    .addColumn('done_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('homework_done_pkey', ['student_id', 'homework_id'])
    .execute();

  await db.schema
    .createTable('submissions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('homework_id', 'uuid', (c) => c.notNull().references('homework.id').onDelete('cascade'))
    .addColumn('student_id', 'uuid', (c) => c.notNull().references('accounts.id'))
    .addColumn('text', 'text')
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull())
    .addColumn('is_late', 'boolean', (c) => c.notNull())
    .addColumn('returned_at', 'timestamptz')
    .addColumn('returned_by', 'uuid', (c) => c.references('accounts.id'))
    .addColumn('return_comment', 'text')
    .addUniqueConstraint('submissions_homework_student_key', ['homework_id', 'student_id'])
    .execute();
  await db.schema.createIndex('submissions_student_idx').on('submissions').column('student_id').execute();

  // Files of entries, hand-ins and returns; the bytes live in the file store under `storage_key`.
  await db.schema
    .createTable('homework_files')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('owner_type', 'text', (c) => c.notNull().check(sql`owner_type IN ('ENTRY','SUBMISSION','RETURN')`))
    .addColumn('owner_id', 'uuid', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'uuid', (c) => c.notNull().references('accounts.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('homework_files_owner_idx').on('homework_files').columns(['owner_type', 'owner_id']).execute();

  // The head of the structure's visa on a period of a class's or group's cahier de textes.
  await db.schema
    .createTable('lesson_visas')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('structure_id', 'uuid', (c) => c.notNull().references('structures.id'))
    .addColumn('class_id', 'uuid', (c) => c.references('classes.id'))
    .addColumn('group_id', 'uuid', (c) => c.references('groups.id'))
    .addColumn('period_from', 'date', (c) => c.notNull())
    .addColumn('period_to', 'date', (c) => c.notNull())
    .addColumn('signed_by', 'uuid', (c) => c.notNull().references('accounts.id'))
    .addColumn('signed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('comment', 'text')
    .addCheckConstraint('lesson_visas_one_target', sql`(class_id IS NULL) <> (group_id IS NULL)`)
    .execute();
  await db.schema.createIndex('lesson_visas_structure_idx').on('lesson_visas').columns(['structure_id', 'period_from']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'lesson_visas', 'homework_files', 'submissions', 'homework_done', 'homework', 'lesson_entry_history',
    'lesson_entries', 'ical_feeds', 'course_changes', 'course_teachers', 'courses', 'timetable_settings',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
