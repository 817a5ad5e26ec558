import type { ColumnType } from 'kysely';

/** Tables of the GAR module (migration 2026-12-10T0200_gar_resp_aff). */
export interface GarRespAffTable {
  structure_id: string;
  account_id: string;
  named_by: string | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface GarTables {
  gar_resp_aff: GarRespAffTable;
}
