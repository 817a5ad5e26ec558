import { type Kysely, sql } from 'kysely';

/**
 * A visa is looked up by its class or group and a date (to show it on an
 * entry and to refuse edits of a signed period): index those, so the lookup
 * never reads the visas of the whole region.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('lesson_visas_class_idx').on('lesson_visas').columns(['class_id', 'period_from']).where(sql.ref('class_id'), 'is not', null).execute();
  await db.schema.createIndex('lesson_visas_group_idx').on('lesson_visas').columns(['group_id', 'period_from']).where(sql.ref('group_id'), 'is not', null).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('lesson_visas_group_idx').execute();
  await db.schema.dropIndex('lesson_visas_class_idx').execute();
}
