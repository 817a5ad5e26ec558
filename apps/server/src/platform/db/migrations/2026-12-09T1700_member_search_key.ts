import { type Kysely, sql } from 'kysely';

/**
 * The annuaire of a teacher, a staff member or an ADML lists a whole lycée by
 * name. The names live in `accounts`, the lycée's members in
 * `structure_members`: the search read every member (~2,000 in a lycée), then
 * probed `accounts` once each to test the name (81–91 ms of SQL per page).
 * With the account's search key copied into the membership and an index on
 * (structure, year, key, account), a page is a range scan of one lycée's
 * members in name order that stops after one page (docs/PERFORMANCE.md).
 *
 * The copy is kept by the database, whoever writes: a new membership takes
 * its account's key; a renamed account renames its memberships; an account
 * inserted after its memberships (the AAF import writes them first, its
 * references deferred) fills the ones still without a key. Writers that know
 * the key may give it (the import does) and save the lookup.
 *
 * Expand only: the column stays nullable (a key is missing only between a
 * membership and its account's insert, in one transaction), so a previous
 * version that never writes it keeps working during a rolling upgrade.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // COLLATE "C", the order every list sorts in (name-search.ts), so the index is on the column itself and serves index-only scans.
  await sql`ALTER TABLE structure_members ADD COLUMN search_key text COLLATE "C"`.execute(db);
  await sql`UPDATE structure_members sm SET search_key = a.search_key FROM accounts a WHERE a.id = sm.account_id`.execute(db);
  await sql`CREATE INDEX structure_members_search_idx ON structure_members (structure_id, school_year, search_key, account_id)`.execute(db);
  // Empty but for memberships written before their account: the account's insert finds them through it at no cost.
  await sql`CREATE INDEX structure_members_keyless_idx ON structure_members (account_id) WHERE search_key IS NULL`.execute(db);

  await sql`CREATE FUNCTION structure_members_take_search_key() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      SELECT a.search_key INTO NEW.search_key FROM accounts a WHERE a.id = NEW.account_id;
      RETURN NEW;
    END $$`.execute(db);
  await sql`CREATE TRIGGER structure_members_take_search_key BEFORE INSERT ON structure_members
    FOR EACH ROW WHEN (NEW.search_key IS NULL) EXECUTE FUNCTION structure_members_take_search_key()`.execute(db);
  await sql`CREATE TRIGGER structure_members_retake_search_key BEFORE UPDATE OF account_id ON structure_members
    FOR EACH ROW WHEN (NEW.account_id IS DISTINCT FROM OLD.account_id) EXECUTE FUNCTION structure_members_take_search_key()`.execute(db);

  await sql`CREATE FUNCTION accounts_copy_search_key() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE structure_members SET search_key = NEW.search_key WHERE account_id = NEW.id;
      RETURN NULL;
    END $$`.execute(db);
  // Only when the key changes: an import re-writing the same names fires nothing.
  await sql`CREATE TRIGGER accounts_copy_search_key AFTER UPDATE OF search_key ON accounts
    FOR EACH ROW WHEN (OLD.search_key IS DISTINCT FROM NEW.search_key)
    EXECUTE FUNCTION accounts_copy_search_key()`.execute(db);

  // Once per INSERT statement (an import inserts thousands of accounts in one), through the partial index.
  await sql`CREATE FUNCTION accounts_fill_member_search_keys() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE structure_members sm SET search_key = n.search_key
      FROM inserted n WHERE sm.search_key IS NULL AND sm.account_id = n.id;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER accounts_fill_member_search_keys AFTER INSERT ON accounts
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT
    EXECUTE FUNCTION accounts_fill_member_search_keys()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER accounts_fill_member_search_keys ON accounts`.execute(db);
  await sql`DROP FUNCTION accounts_fill_member_search_keys()`.execute(db);
  await sql`DROP TRIGGER accounts_copy_search_key ON accounts`.execute(db);
  await sql`DROP FUNCTION accounts_copy_search_key()`.execute(db);
  await sql`DROP TRIGGER structure_members_retake_search_key ON structure_members`.execute(db);
  await sql`DROP TRIGGER structure_members_take_search_key ON structure_members`.execute(db);
  await sql`DROP FUNCTION structure_members_take_search_key()`.execute(db);
  await sql`ALTER TABLE structure_members DROP COLUMN search_key`.execute(db);
}
