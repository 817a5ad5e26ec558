import type { ColumnType } from 'kysely';

/** Tables of the ÉduConnect login (migration 2026-12-10T0100_saml_sp_states). */
export interface EduConnectTables {
  saml_sp_states: {
    key: string;
    /** jsonb: parsed JSON (pg) or possibly a string (PGlite), written as a JSON string. */
    data: ColumnType<unknown, string | null, string | null>;
    expires_at: ColumnType<Date, Date | string, Date | string>;
  };
}
