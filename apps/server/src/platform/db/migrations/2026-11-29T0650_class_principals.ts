import { type Kysely, sql } from 'kysely';

/**
 * The professeurs principaux of a class get a table of their own instead of a
 * flag on teachings: a teacher may be professeur principal of a class where he
 * teaches nothing (AAF's ENTAuxEnsClassesPrincipal names the class alone), and
 * a class may have several. The flag's rows are copied over and the column
 * goes, so there is one place that says who is professeur principal.
 *
 * The reference to accounts is deferrable, like the others an import batch
 * writes before its new accounts (2026-11-29T0640; provisioning/aaf-import.ts
 * sets it DEFERRED, then IMMEDIATE right after inserting the accounts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('class_principals')
    .addColumn('class_id', 'uuid', (c) => c.notNull().references('classes.id'))
    .addColumn('teacher_id', 'uuid', (c) => c.notNull())
    .addPrimaryKeyConstraint('class_principals_pkey', ['class_id', 'teacher_id'])
    .execute();
  await sql`ALTER TABLE class_principals ADD CONSTRAINT class_principals_teacher_id_fkey
    FOREIGN KEY (teacher_id) REFERENCES accounts (id) DEFERRABLE INITIALLY IMMEDIATE`.execute(db);
  await db.schema.createIndex('class_principals_teacher_idx').on('class_principals').column('teacher_id').execute();
  await sql`INSERT INTO class_principals (class_id, teacher_id)
    SELECT DISTINCT class_id, teacher_id FROM teachings WHERE is_principal AND class_id IS NOT NULL`.execute(db);
  await db.schema.alterTable('teachings').dropColumn('is_principal').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('teachings').addColumn('is_principal', 'boolean', (c) => c.notNull().defaultTo(false)).execute();
  // Only a professeur principal who teaches in the class can be kept: the flag lives on his teachings there.
  await sql`UPDATE teachings t SET is_principal = true FROM class_principals p
    WHERE p.class_id = t.class_id AND p.teacher_id = t.teacher_id`.execute(db);
  await db.schema.dropTable('class_principals').execute();
}
