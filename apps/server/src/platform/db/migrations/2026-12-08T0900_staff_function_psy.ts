import { type Kysely, sql } from 'kysely';

/**
 * A staff function for the psychologues de l'Éducation nationale (AAF codes PSY and ORI, until now filed under ETA):
 * they follow the orientation projects of every class of their school. Existing rows keep ETA until the next AAF
 * import files them again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE accounts DROP CONSTRAINT IF EXISTS accounts_staff_function_check`.execute(db);
  await sql`ALTER TABLE accounts ADD CONSTRAINT accounts_staff_function_check CHECK (staff_function IN ('DIR','EVS','ETA','DOC','PSY'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`UPDATE accounts SET staff_function = 'ETA' WHERE staff_function = 'PSY'`.execute(db);
  await sql`ALTER TABLE accounts DROP CONSTRAINT IF EXISTS accounts_staff_function_check`.execute(db);
  await sql`ALTER TABLE accounts ADD CONSTRAINT accounts_staff_function_check CHECK (staff_function IN ('DIR','EVS','ETA','DOC'))`.execute(db);
}
