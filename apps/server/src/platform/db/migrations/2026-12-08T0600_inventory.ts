import { type Kysely, sql } from 'kysely';

/**
 * The equipment register of each structure (issue 18): machines that report
 * themselves through an inventory agent and equipment entered by hand or from
 * CSV, their history (interventions, hardware and software changes), and the
 * structures' agent enrolment secrets (stored hashed).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE inventory_enrolments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    structure_id uuid NOT NULL REFERENCES structures (id),
    label text NOT NULL,
    secret_hash text NOT NULL,
    created_by uuid REFERENCES accounts (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz,
    last_used_at timestamptz
  )`.execute(db);
  await sql`CREATE INDEX inventory_enrolments_structure_idx ON inventory_enrolments (structure_id, created_at)`.execute(db);

  await sql`CREATE TABLE inventory_equipment (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    structure_id uuid NOT NULL REFERENCES structures (id),
    kind text NOT NULL,
    name text NOT NULL,
    building text,
    room text,
    serial text,
    hardware_uuid text,
    agent_device_id text,
    manufacturer text,
    model text,
    purchased_on date,
    warranty_ends_on date,
    status text NOT NULL DEFAULT 'IN_SERVICE',
    source text NOT NULL,
    hardware jsonb,
    software jsonb,
    last_report_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  // A machine is one record per structure: matched by serial, else SMBIOS UUID, else the agent's device id.
  await sql`CREATE UNIQUE INDEX inventory_equipment_serial_key ON inventory_equipment (structure_id, serial) WHERE serial IS NOT NULL`.execute(db);
  await sql`CREATE UNIQUE INDEX inventory_equipment_uuid_key ON inventory_equipment (structure_id, hardware_uuid) WHERE hardware_uuid IS NOT NULL`.execute(db);
  await sql`CREATE UNIQUE INDEX inventory_equipment_device_key ON inventory_equipment (structure_id, agent_device_id) WHERE agent_device_id IS NOT NULL`.execute(db);
  // The pages: the list by name (keyset), by room, by type; warranties ending; machines that stopped reporting.
  await sql`CREATE INDEX inventory_equipment_list_idx ON inventory_equipment (structure_id, name, id)`.execute(db);
  await sql`CREATE INDEX inventory_equipment_room_idx ON inventory_equipment (structure_id, room, name, id)`.execute(db);
  await sql`CREATE INDEX inventory_equipment_kind_idx ON inventory_equipment (structure_id, kind, name, id)`.execute(db);
  await sql`CREATE INDEX inventory_equipment_warranty_idx ON inventory_equipment (structure_id, warranty_ends_on) WHERE warranty_ends_on IS NOT NULL`.execute(db);
  await sql`CREATE INDEX inventory_equipment_report_idx ON inventory_equipment (structure_id, last_report_at) WHERE last_report_at IS NOT NULL`.execute(db);

  await sql`CREATE TABLE inventory_history (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    equipment_id uuid NOT NULL REFERENCES inventory_equipment (id) ON DELETE CASCADE,
    kind text NOT NULL,
    summary text NOT NULL,
    details jsonb,
    actor_id uuid REFERENCES accounts (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`CREATE INDEX inventory_history_equipment_idx ON inventory_history (equipment_id, created_at DESC, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE inventory_history`.execute(db);
  await sql`DROP TABLE inventory_equipment`.execute(db);
  await sql`DROP TABLE inventory_enrolments`.execute(db);
}
