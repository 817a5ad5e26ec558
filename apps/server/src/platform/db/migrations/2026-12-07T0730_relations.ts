import type { Kysely } from 'kysely';

/**
 * When each structure's communication rules last changed: the reply exception
 * (one may answer whoever wrote to him) holds only for a message sent under
 * the rules as they are now, so removing a rule also closes the replies it
 * let through.
 *
 * And the replacements of a teacher, read by teacher and date (his timetable,
 * his relation to a session): without this index a lookup scanned every
 * change of the region.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('communication_rules_versions')
    .addColumn('structure_id', 'uuid', (c) => c.primaryKey().references('structures.id').onDelete('cascade'))
    .addColumn('changed_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('course_changes_replacement_idx')
    .on('course_changes')
    .columns(['replacement_teacher_id', 'original_date'])
    .where('replacement_teacher_id', 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('course_changes_replacement_idx').execute();
  await db.schema.dropTable('communication_rules_versions').execute();
}
