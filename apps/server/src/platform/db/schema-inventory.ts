import type { ColumnType, Generated } from 'kysely';

/** Tables of the inventory module (migration 2026-12-08T0600_inventory). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateColumn = ColumnType<string, string | null | undefined, string | null>;
type Json = ColumnType<unknown, string | null | undefined, string | null>;

export interface InventoryEnrolmentsTable {
  id: Generated<string>;
  structure_id: string;
  label: string;
  secret_hash: string;
  created_by: string | null;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}

export interface InventoryEquipmentTable {
  id: Generated<string>;
  structure_id: string;
  kind: string;
  name: string;
  building: string | null;
  room: string | null;
  serial: string | null;
  hardware_uuid: string | null;
  agent_device_id: string | null;
  manufacturer: string | null;
  model: string | null;
  purchased_on: DateColumn | null;
  warranty_ends_on: DateColumn | null;
  status: Generated<string>;
  source: string;
  hardware: Json | null;
  software: Json | null;
  last_report_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface InventoryHistoryTable {
  id: Generated<string>;
  equipment_id: string;
  kind: string;
  summary: string;
  details: Json | null;
  actor_id: string | null;
  created_at: Timestamp;
}

export interface InventoryTables {
  inventory_enrolments: InventoryEnrolmentsTable;
  inventory_equipment: InventoryEquipmentTable;
  inventory_history: InventoryHistoryTable;
}
