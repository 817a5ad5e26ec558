import { type Kysely, sql } from 'kysely';

/**
 * The references to accounts that an import batch writes may be checked
 * after the batch's new accounts are inserted, rather than row by row: a
 * batch writes its accounts last, under the logins lock
 * (provisioning/aaf-import.ts, insertAccounts sets them IMMEDIATE again), so
 * concurrent imports hold that lock only for the insert of the accounts.
 * Still checked at once everywhere else (INITIALLY IMMEDIATE).
 */
const references = [
  ['structure_members', 'structure_members_account_id_fkey'],
  ['class_members', 'class_members_account_id_fkey'],
  ['group_members', 'group_members_account_id_fkey'],
  ['parent_links', 'parent_links_parent_id_fkey'],
  ['parent_links', 'parent_links_child_id_fkey'],
  ['teachings', 'teachings_teacher_id_fkey'],
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const [table, constraint] of references) {
    await sql`ALTER TABLE ${sql.table(table)} ALTER CONSTRAINT ${sql.ref(constraint)} DEFERRABLE INITIALLY IMMEDIATE`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [table, constraint] of references) {
    await sql`ALTER TABLE ${sql.table(table)} ALTER CONSTRAINT ${sql.ref(constraint)} NOT DEFERRABLE`.execute(db);
  }
}
