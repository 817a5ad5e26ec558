import { type Kysely, sql } from 'kysely';

/**
 * Background jobs, and what the AAF import needs to be incremental and
 * idempotent: the last record applied for each jointure key (with its content
 * hash), the student–responsable relations as the AAF states them, the keys
 * seen by a running import (for "complet" departures), the MEF table, and the
 * departure life cycle on accounts.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('QUEUED').check(sql`status IN ('QUEUED','RUNNING','SUCCEEDED','FAILED')`))
    .addColumn('params', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('progress', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('result', 'jsonb')
    .addColumn('error', 'text')
    .addColumn('actor_id', 'uuid')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .addColumn('heartbeat_at', 'timestamptz')
    .execute();
  await sql`CREATE INDEX jobs_pending_idx ON jobs (created_at) WHERE status IN ('QUEUED','RUNNING')`.execute(db);
  await db.schema.createIndex('jobs_kind_idx').on('jobs').columns(['kind', 'created_at']).execute();

  // Departures: an account absent from a "complet" file leaves (leaving_at),
  // is blocked after a grace period, purged after retention; lifecycle_blocked
  // tells that block from an admin's, so a return lifts only the former.
  await sql`ALTER TABLE accounts ADD COLUMN leaving_at timestamptz`.execute(db);
  await sql`ALTER TABLE accounts ADD COLUMN lifecycle_blocked boolean NOT NULL DEFAULT false`.execute(db);
  await sql`CREATE INDEX accounts_leaving_idx ON accounts (leaving_at) WHERE leaving_at IS NOT NULL`.execute(db);

  await db.schema
    .createTable('mefs')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('rattach', 'text')
    .addColumn('stat11', 'text')
    .addColumn('level', 'text')
    .addColumn('track', 'text')
    .execute();

  // The last state applied for each jointure key (academy-prefixed): its
  // attributes (a modifyRequest replaces some of them) and their hash (an
  // unchanged record writes nothing). target_id is the account or structure.
  await db.schema
    .createTable('provisioning_records')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('attrs', 'jsonb', (c) => c.notNull())
    .addColumn('target_id', 'uuid')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('provisioning_records_pkey', ['kind', 'key'])
    .execute();
  await db.schema.createIndex('provisioning_records_target_idx').on('provisioning_records').column('target_id').execute();

  // ENTElevePersRelEleve as the student's record states it: parent links are derived from it.
  await db.schema
    .createTable('provisioning_relations')
    .addColumn('student_key', 'text', (c) => c.notNull())
    .addColumn('parent_key', 'text', (c) => c.notNull())
    .addColumn('resp_legal', 'smallint', (c) => c.notNull())
    .addColumn('relationship', 'text')
    .addPrimaryKeyConstraint('provisioning_relations_pkey', ['student_key', 'parent_key'])
    .execute();
  await db.schema.createIndex('provisioning_relations_parent_idx').on('provisioning_relations').column('parent_key').execute();

  // Keys read by a running import: duplicates, and who is absent from a complet file. Emptied at the end.
  await db.schema
    .createTable('provisioning_seen')
    .addColumn('job_id', 'uuid', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('provisioning_seen_pkey', ['job_id', 'kind', 'key'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['provisioning_seen', 'provisioning_relations', 'provisioning_records', 'mefs', 'jobs']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await sql`DROP INDEX IF EXISTS accounts_leaving_idx`.execute(db);
  await sql`ALTER TABLE accounts DROP COLUMN IF EXISTS lifecycle_blocked`.execute(db);
  await sql`ALTER TABLE accounts DROP COLUMN IF EXISTS leaving_at`.execute(db);
}
