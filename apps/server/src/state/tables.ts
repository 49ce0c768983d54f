import type { Generated } from 'kysely';

/**
 * The relational state store's tables, as Kysely sees them. One interface per table; each capability adds its own
 * tables here and its migration in `migrations.ts`. Times are epoch milliseconds (bigint in PostgreSQL, integer in
 * SQLite: both read back as numbers); structured values are JSON text, so the same queries run on both engines.
 */
export interface StateTables {
  /** small facts about the store itself (its instance id, when it was created, which old files it imported) */
  state_meta: StateMetaTable;
  /** counters several processes add to (dead letters dropped) */
  state_counters: StateCountersTable;
  alerts: AlertsTable;
  alert_floods: AlertFloodsTable;
  detection_state: DetectionStateTable;
  dead_letters: DeadLettersTable;
  webhook_outbox: WebhookOutboxTable;
  fleet_devices: FleetDevicesTable;
  fleet_credentials: FleetCredentialsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  auth_audit: AuthAuditTable;
  /** failed log-ins per account and per address, shared by every process (auth/login-limiter.ts) */
  login_failures: LoginFailuresTable;
  /** the provincial exporter's delivery log (apps/server/src/regulator/exporter) */
  export_deliveries: ExportDeliveriesTable;
  /** scale-out mode: per plant partition, the last readings-log entry judged and its devices' detector states */
  partition_checkpoints: PartitionCheckpointsTable;
  /** the ledger's append-only log of entries made by hand, its audit trail */
  ledger_entries: LedgerEntriesTable;
  /** the monthly ledger reports issued, by schedule or on demand, with their bytes */
  ledger_reports: LedgerReportsTable;
}

/** one entry made by hand; `doc` is the LoggedEntry as JSON (`seq`, `at`, `kind`, `plant_id`, `by` repeat it) */
export interface LedgerEntriesTable {
  seq: number;
  at: number;
  kind: string;
  plant_id: string | null;
  by: string;
  doc: string;
}

export interface LedgerReportsTable {
  /** plant or enterprise */
  level: string;
  subject_id: string;
  /** YYYY-MM */
  month: string;
  /** zh or en */
  lang: string;
  /** json, xlsx or pdf */
  format: string;
  /** schedule or demand */
  trigger: string;
  generated_at: number;
  bytes: number;
  body: Buffer;
}

export interface PartitionCheckpointsTable {
  partition: number;
  /** the Redis stream id of the last entry applied (`0-0`: none) */
  last_id: string;
  /** JSON: per device key `plantId/deviceId`, the detection core's state after that entry */
  states: string;
  updated_at: number;
}

export interface UsersTable {
  username: string;
  display_name: string;
  role: string;
  /** JSON of a Scope */
  scope: string;
  password_hash: string;
  created_at: number;
  updated_at: number;
  /** when an admin disabled the account, and who; null while enabled */
  disabled_at: number | null;
  disabled_by: string | null;
}

export interface LoginFailuresTable {
  /** `account:<name>` or `address:<ip>` */
  key: string;
  /** when the key's failures are all forgiven (GCRA's theoretical arrival time plus the burst) */
  full_at: number;
}

export interface SessionsTable {
  /** SHA-256 (hex) of the session id the cookie carries */
  id_hash: string;
  username: string;
  created_at: number;
  last_seen_at: number;
  /** absolute end, whatever the activity */
  expires_at: number;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  owner: string;
  role: string;
  scope: string;
  /** SHA-256 (hex) of the token: tokens are 256-bit random, so a fast hash is enough (no guessing to slow down) */
  token_hash: string;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface AuthAuditTable {
  /** a random UUID (the same on both engines; the order is `at`) */
  id: string;
  at: number;
  actor: string;
  action: string;
  target: string;
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

export interface StateCountersTable {
  name: string;
  value: number;
}

/** an alert's current version, its bounded audit trail included (`doc`: the Alert as JSON) */
export interface AlertsTable {
  id: string;
  plant_id: string;
  device_id: string;
  updated_at: number;
  doc: string;
}

export interface AlertFloodsTable {
  seq: Serial;
  plant_id: string;
  doc: string;
}

/** the detection core's serialised state per device (`plantId/deviceId`) */
export interface DetectionStateTable {
  device_key: string;
  state: string;
}

/** a rejected message; `doc` is the DeadLetter as JSON without its id (the id is `id`) */
export interface DeadLettersTable {
  id: Serial;
  received_at: number;
  reason: string;
  plant_id: string | null;
  device_id: string | null;
  doc: string;
}

/** one event owed to one webhook subscriber; `dead` = 1 once it has given up */
export interface WebhookOutboxTable {
  seq: Serial;
  id: string;
  subscriber_id: string;
  envelope: string;
  created_at: number;
  attempts: number;
  next_at: number;
  last_error: string | null;
  dead: number;
  /** a process that is sending it holds it until then (several processes share one outbox on PostgreSQL) */
  lease_until: number;
}

/** a device as the API last wrote it, by `{plantId}/{id}`; `spec` null = deleted through the API */
export interface FleetDevicesTable {
  username: string;
  spec: string | null;
  updated_at: number;
}

/** the scrypt hash of an identity's secret as the API last set it */
export interface FleetCredentialsTable {
  username: string;
  secret_hash: string;
  updated_at: number;
}

/** for tables with a serial key */
export type Serial = Generated<number>;
