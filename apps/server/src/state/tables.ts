import type { Generated } from 'kysely';

/**
 * The relational state store's tables, as Kysely sees them. One interface per table; each capability adds its own
 * tables here and its migration in `migrations.ts`. Times are epoch milliseconds (bigint in PostgreSQL, integer in
 * SQLite: both read back as numbers); structured values are JSON text, so the same queries run on both engines.
 */
export interface StateTables {
  /** small facts about the store itself (its instance id, when it was created) */
  state_meta: StateMetaTable;
}

export interface StateMetaTable {
  key: string;
  value: string;
  updated_at: number;
}

/** for tables with a serial key */
export type Serial = Generated<number>;
