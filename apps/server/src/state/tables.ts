import type { Generated } from 'kysely';

/**
 * The relational state store's tables, as Kysely sees them. One interface per table; each capability adds its own
 * tables here and its migration in `migrations.ts`. Times are epoch milliseconds (bigint in PostgreSQL, integer in
 * SQLite: both read back as numbers); structured values are JSON text, so the same queries run on both engines.
 */
export interface StateTables {
  /** small facts about the store itself (its instance id, when it was created) */
  state_meta: StateMetaTable;
  /** the provincial exporter's delivery log (apps/server/src/regulator/exporter) */
  export_deliveries: ExportDeliveriesTable;
}

export interface ExportDeliveriesTable {
  delivery_id: string;
  subscriber_id: string;
  kind: string;
  enterprise: string;
  region: string;
  period: string;
  codec: string;
  queued_at: number;
  /** pending, delivered or failed */
  status: string;
  attempts: number;
  last_error: string | null;
  http_status: number | null;
  updated_at: number;
  delivered_at: number | null;
}

export interface StateMetaTable {
  key: string;
  value: string;
  updated_at: number;
}

/** for tables with a serial key */
export type Serial = Generated<number>;
