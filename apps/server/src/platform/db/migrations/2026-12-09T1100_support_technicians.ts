import { type Kysely, sql } from 'kysely';

/**
 * Support, second slice (issue 18): the collectivité's technicians (an admin
 * role beside ADMC and ADML), their teams per area, the targets the ADMC sets
 * per priority, and on each ticket its impact, priority, team, assignee,
 * deadlines and the requester's satisfaction; internal notes; interventions
 * (scheduled visits); whether a structure's students may report faults.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // A technician works for a collectivité, like an ADMC; the role is a row of admin_roles so the actor loader reads it with the others.
  await sql`ALTER TABLE admin_roles DROP CONSTRAINT admin_roles_scope`.execute(db);
  await sql`ALTER TABLE admin_roles DROP CONSTRAINT IF EXISTS admin_roles_role_check`.execute(db);
  await sql`ALTER TABLE admin_roles ADD CONSTRAINT admin_roles_role_check CHECK (role IN ('ADMC','ADML','TECHNICIAN'))`.execute(db);
  await sql`ALTER TABLE admin_roles ADD CONSTRAINT admin_roles_scope CHECK (
    (role IN ('ADMC','TECHNICIAN') AND collectivite_id IS NOT NULL AND structure_id IS NULL) OR (role = 'ADML' AND structure_id IS NOT NULL AND collectivite_id IS NULL)
  )`.execute(db);

  await sql`CREATE TABLE support_teams (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    collectivite_id uuid NOT NULL REFERENCES collectivites (id),
    name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`CREATE UNIQUE INDEX support_teams_name_idx ON support_teams (collectivite_id, lower(name))`.execute(db);
  // One area team per structure: its tickets go to that team.
  await sql`CREATE TABLE support_team_structures (
    structure_id uuid PRIMARY KEY REFERENCES structures (id),
    team_id uuid NOT NULL REFERENCES support_teams (id) ON DELETE CASCADE
  )`.execute(db);
  await sql`CREATE INDEX support_team_structures_team_idx ON support_team_structures (team_id)`.execute(db);
  await sql`CREATE TABLE support_team_members (
    team_id uuid NOT NULL REFERENCES support_teams (id) ON DELETE CASCADE,
    account_id uuid NOT NULL REFERENCES accounts (id),
    PRIMARY KEY (team_id, account_id)
  )`.execute(db);
  await sql`CREATE INDEX support_team_members_account_idx ON support_team_members (account_id)`.execute(db);

  await sql`CREATE TABLE support_targets (
    collectivite_id uuid NOT NULL REFERENCES collectivites (id),
    priority text NOT NULL CHECK (priority IN ('LOW','MEDIUM','HIGH')),
    take_minutes integer NOT NULL CHECK (take_minutes > 0),
    resolve_minutes integer NOT NULL CHECK (resolve_minutes > 0),
    PRIMARY KEY (collectivite_id, priority)
  )`.execute(db);

  await sql`CREATE TABLE support_settings (
    structure_id uuid PRIMARY KEY REFERENCES structures (id),
    students_may_report boolean NOT NULL DEFAULT false
  )`.execute(db);

  await sql`ALTER TABLE support_tickets
    ADD COLUMN impact text NOT NULL DEFAULT 'MEDIUM',
    ADD COLUMN priority text NOT NULL DEFAULT 'MEDIUM',
    ADD COLUMN team_id uuid REFERENCES support_teams (id) ON DELETE SET NULL,
    ADD COLUMN assignee_id uuid REFERENCES accounts (id),
    ADD COLUMN take_due_at timestamptz,
    ADD COLUMN resolve_due_at timestamptz,
    ADD COLUMN taken_at timestamptz,
    ADD COLUMN resolved_at timestamptz,
    ADD COLUMN closed_at timestamptz,
    -- While en attente the clock stops (as GLPI's pending status): leaving it pushes resolve_due_at back by the wait.
    ADD COLUMN waiting_since timestamptz,
    ADD COLUMN satisfaction smallint CHECK (satisfaction BETWEEN 1 AND 5),
    ADD COLUMN satisfaction_comment text`.execute(db);
  // The first slice's "in progress" is now "taken" (attribué).
  await sql`UPDATE support_tickets SET status = 'ASSIGNED', taken_at = updated_at WHERE status = 'IN_PROGRESS'`.execute(db);
  await sql`UPDATE support_tickets SET resolved_at = updated_at WHERE status = 'RESOLVED'`.execute(db);
  await sql`UPDATE support_tickets SET closed_at = updated_at WHERE status = 'CLOSED'`.execute(db);
  // A team's queue, open tickets first by deadline.
  await sql`CREATE INDEX support_tickets_team_idx ON support_tickets (team_id, created_at DESC, id DESC)`.execute(db);
  // The hourly auto-close looks for resolved tickets only.
  await sql`CREATE INDEX support_tickets_resolved_idx ON support_tickets (resolved_at) WHERE status = 'RESOLVED'`.execute(db);

  await sql`ALTER TABLE support_comments ADD COLUMN internal boolean NOT NULL DEFAULT false`.execute(db);

  await sql`CREATE TABLE support_interventions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    ticket_id uuid NOT NULL REFERENCES support_tickets (id) ON DELETE CASCADE,
    technician_id uuid NOT NULL REFERENCES accounts (id),
    starts_at timestamptz NOT NULL,
    equipment_id uuid REFERENCES inventory_equipment (id) ON DELETE SET NULL,
    note text,
    -- Parts replaced during the visit, also written as an intervention line of the equipment's history (inventory).
    parts jsonb NOT NULL DEFAULT '[]',
    created_by uuid REFERENCES accounts (id),
    created_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  // Knowledge base: answers the collectivité's technicians publish, searched as a requester types his title.
  await sql`CREATE TABLE support_articles (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    collectivite_id uuid NOT NULL REFERENCES collectivites (id),
    title text NOT NULL,
    body text NOT NULL,
    -- Title and body lower-cased without accents (search-key.ts), searched word by word.
    search_key text NOT NULL,
    author_id uuid REFERENCES accounts (id),
    created_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`CREATE INDEX support_articles_collectivite_idx ON support_articles (collectivite_id, created_at DESC)`.execute(db);

  await sql`CREATE INDEX support_interventions_ticket_idx ON support_interventions (ticket_id, starts_at)`.execute(db);
  // A technician's agenda: his visits by date.
  await sql`CREATE INDEX support_interventions_technician_idx ON support_interventions (technician_id, starts_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE support_articles`.execute(db);
  await sql`DROP TABLE support_interventions`.execute(db);
  await sql`ALTER TABLE support_comments DROP COLUMN internal`.execute(db);
  await sql`DROP INDEX support_tickets_resolved_idx`.execute(db);
  await sql`DROP INDEX support_tickets_team_idx`.execute(db);
  await sql`UPDATE support_tickets SET status = 'IN_PROGRESS' WHERE status IN ('ASSIGNED','PLANNED','WAITING')`.execute(db);
  await sql`ALTER TABLE support_tickets
    DROP COLUMN impact, DROP COLUMN priority, DROP COLUMN team_id, DROP COLUMN assignee_id, DROP COLUMN take_due_at, DROP COLUMN resolve_due_at,
    DROP COLUMN taken_at, DROP COLUMN resolved_at, DROP COLUMN closed_at, DROP COLUMN waiting_since, DROP COLUMN satisfaction, DROP COLUMN satisfaction_comment`.execute(db);
  await sql`DROP TABLE support_settings`.execute(db);
  await sql`DROP TABLE support_targets`.execute(db);
  await sql`DROP TABLE support_team_members`.execute(db);
  await sql`DROP TABLE support_team_structures`.execute(db);
  await sql`DROP TABLE support_teams`.execute(db);
  await sql`DELETE FROM admin_roles WHERE role = 'TECHNICIAN'`.execute(db);
  await sql`ALTER TABLE admin_roles DROP CONSTRAINT admin_roles_scope`.execute(db);
  await sql`ALTER TABLE admin_roles DROP CONSTRAINT admin_roles_role_check`.execute(db);
  await sql`ALTER TABLE admin_roles ADD CONSTRAINT admin_roles_role_check CHECK (role IN ('ADMC','ADML'))`.execute(db);
  await sql`ALTER TABLE admin_roles ADD CONSTRAINT admin_roles_scope CHECK (
    (role = 'ADMC' AND collectivite_id IS NOT NULL AND structure_id IS NULL) OR (role = 'ADML' AND structure_id IS NOT NULL AND collectivite_id IS NULL)
  )`.execute(db);
}
