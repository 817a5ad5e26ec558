import type { ColumnType, Generated } from 'kysely';

/** Tables of the connected-services module (migration 2026-12-08T0100_connected_services). */
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** jsonb: read as parsed JSON (pg) or possibly a string (PGlite), written as a JSON string. */
type Json<T> = ColumnType<T | string, string, string>;

export interface ConnectedServicesTable {
  id: Generated<string>;
  collectivite_id: string;
  owner_structure_id: string | null;
  name: string;
  icon: string;
  launch_url: string;
  protocol: 'cas' | 'oidc' | 'link';
  allowed_patterns: Json<string[]>;
  profiles: Json<string[]>;
  structure_ids: Json<string[]>;
  attributes: Json<string[]>;
  enabled_by_default: Generated<boolean>;
  oidc_client_id: string | null;
  oidc_secret_hash: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  deleted_at: Date | null;
}

export interface ConnectedServiceSettingsTable {
  structure_id: string;
  service_id: string;
  enabled: boolean;
  updated_by: string | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface ConnectedServiceFavoritesTable {
  account_id: string;
  service_id: string;
  created_at: CreatedAt;
}

export interface ConnectedServiceUsesTable {
  id: Generated<string>;
  service_id: string;
  account_id: string | null;
  kind: 'launch' | 'validation';
  at: ColumnType<Date, Date | string | undefined, never>;
}

export interface SsoTicketsTable {
  id: string;
  session_hash: string | null;
  data: Json<unknown>;
  expires_at: Date;
}

/** What oidc-provider stores without Redis (migration 2026-12-09T1300_oidc_provider). */
export interface OidcPayloadsTable {
  model: string;
  id: string;
  payload: Json<Record<string, unknown>>;
  grant_id: string | null;
  uid: string | null;
  expires_at: Date | null;
  consumed_at: Date | null;
}

/** The provider's signing keys (private JWKs) and cookie keys; the newest signs, the others still verify. */
export interface OidcKeysTable {
  id: string;
  kind: 'signing' | 'cookie';
  secret: Json<Record<string, unknown>>;
  created_at: CreatedAt;
  retired_at: Date | null;
}

export interface ConnectedServicesTables {
  connected_services: ConnectedServicesTable;
  connected_service_settings: ConnectedServiceSettingsTable;
  connected_service_favorites: ConnectedServiceFavoritesTable;
  connected_service_uses: ConnectedServiceUsesTable;
  sso_tickets: SsoTicketsTable;
  oidc_payloads: OidcPayloadsTable;
  oidc_keys: OidcKeysTable;
}
