import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { BROKER_FIELDS, brokerProblems, type BrokerConfig } from './broker-config.js';
import { parseRoles, redisUrlProblem, scaleOutProblems } from './roles.js';

/**
 * The platform's whole configuration, typed. Read from environment variables (QW_*) over an optional JSON/YAML
 * file named by QW_CONFIG. Defaults give a zero-setup run: embedded broker, embedded store, demo plant.
 */
export interface AppConfig extends BrokerConfig {
  httpHost: string;
  httpPort: number;
  mqttHost: string;
  mqttPort: number;
  dataDir: string;
  fleetFile: string;
  demo: boolean;
  demoIntervalMs: number;
  store: 'embedded' | 'influxdb1' | 'influxdb2';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  maxMessageBytes: number;
  mqttAuth: 'required' | 'off';
  mqttMaxConnections: number;
  mqttMaxPending: number;
  mqttConnectTimeoutMs: number;
  mqttsPort: number;
  mqttTlsKey: string;
  mqttTlsCert: string;
  mqttWsPort: number;
  spoolMaxBytes: number;
  storeBatchSize: number;
  deadLetterMax: number;
  webhookMaxPending: number;
  influxUrl: string;
  influxDatabase: string;
  influxUsername: string;
  influxPassword: string;
  influxOrg: string;
  influxBucket: string;
  influxToken: string;
  detectFitMinutes: number;
  detectCalibrateMinutes: number;
  webhooksFile: string;
  exportCheckMs: number;
  maxReadingAgeDays: number;
  ledgerBalanceCheckMs: number;
  silenceMs: number;
  stateStore: 'embedded' | 'postgres';
  postgresUrl: string;
  allowedOrigins: string;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  adminPassword: string;
  roles: string;
  redisUrl: string;
  /** scale-out mode: plant partitions (ownership for detection, readings log streams); fixed for a deployment's life */
  partitions: number;
}

type Kind =
  | { type: 'port' }
  | { type: 'int'; min: number; max: number }
  | { type: 'string' }
  | { type: 'bool' }
  | { type: 'enum'; values: readonly string[] };

interface Field {
  env: string;
  kind: Kind;
  default: unknown;
  doc: string;
}

/** One row per setting: the README's configuration table is generated from the same facts. */
export const CONFIG_FIELDS: Record<keyof AppConfig, Field> = {
  httpHost: { env: 'QW_HTTP_HOST', kind: { type: 'string' }, default: '127.0.0.1', doc: 'HTTP listen address' },
  httpPort: { env: 'QW_HTTP_PORT', kind: { type: 'port' }, default: 3000, doc: 'console, API, socket.io (0 = any)' },
  mqttHost: { env: 'QW_MQTT_HOST', kind: { type: 'string' }, default: '127.0.0.1', doc: 'MQTT listen address' },
  mqttPort: { env: 'QW_MQTT_PORT', kind: { type: 'port' }, default: 1883, doc: 'embedded broker TCP port (0 = any)' },
  dataDir: {
    env: 'QW_DATA_DIR',
    kind: { type: 'string' },
    default: 'data',
    doc: "the platform's state: spool, alerts, fleet changes, embedded store; one platform per directory",
  },
  fleetFile: {
    env: 'QW_FLEET_FILE',
    kind: { type: 'string' },
    default: 'device-sim/fleets/demo.json',
    doc: 'fleet registry: plants and devices (JSON or YAML)',
  },
  demo: { env: 'QW_DEMO', kind: { type: 'bool' }, default: true, doc: 'run the simulated demo plant in-process' },
  demoIntervalMs: {
    env: 'QW_DEMO_INTERVAL_MS',
    kind: { type: 'int', min: 50, max: 3_600_000 },
    default: 1000,
    doc: 'demo plant: ms between readings per device',
  },
  store: {
    env: 'QW_STORE',
    kind: { type: 'enum', values: ['embedded', 'influxdb1', 'influxdb2'] },
    default: 'embedded',
    doc: 'telemetry store adapter',
  },
  logLevel: {
    env: 'QW_LOG_LEVEL',
    kind: { type: 'enum', values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] },
    default: 'info',
    doc: 'log level',
  },
  maxMessageBytes: {
    env: 'QW_MAX_MESSAGE_BYTES',
    kind: { type: 'int', min: 256, max: 16 * 1024 * 1024 },
    default: 256 * 1024,
    doc: 'larger MQTT messages are rejected (OVERSIZE)',
  },
  mqttAuth: {
    env: 'QW_MQTT_AUTH',
    kind: { type: 'enum', values: ['required', 'off'] },
    default: 'required',
    doc: 'required: CONNECT needs a registered username and secret, topic ACLs apply; off: closed labs only',
  },
  mqttMaxConnections: {
    env: 'QW_MQTT_MAX_CONNECTIONS',
    kind: { type: 'int', min: 1, max: 1_000_000 },
    default: 10_000,
    doc: 'MQTT sessions beyond this are refused (bounds memory: each holds at most one socket read in flight)',
  },
  mqttMaxPending: {
    env: 'QW_MQTT_MAX_PENDING',
    kind: { type: 'int', min: 1, max: 1_000_000 },
    default: 1000,
    doc: 'MQTT sockets not yet sent CONNECT, kept apart from the sessions; beyond this the oldest is closed',
  },
  mqttConnectTimeoutMs: {
    env: 'QW_MQTT_CONNECT_TIMEOUT_MS',
    kind: { type: 'int', min: 100, max: 120_000 },
    default: 10_000,
    doc: 'an MQTT socket (or TLS handshake) that has not sent CONNECT within this is closed',
  },
  mqttsPort: {
    env: 'QW_MQTTS_PORT',
    kind: { type: 'int', min: -1, max: 65535 },
    default: -1,
    doc: 'MQTT over TLS port (-1 = off, 0 = any); needs mqttTlsKey and mqttTlsCert',
  },
  mqttTlsKey: { env: 'QW_MQTT_TLS_KEY', kind: { type: 'string' }, default: '', doc: 'PEM private key for MQTTS' },
  mqttTlsCert: { env: 'QW_MQTT_TLS_CERT', kind: { type: 'string' }, default: '', doc: 'PEM certificate for MQTTS' },
  mqttWsPort: {
    env: 'QW_MQTT_WS_PORT',
    kind: { type: 'int', min: -1, max: 65535 },
    default: -1,
    doc: 'MQTT over WebSocket port, path /mqtt (-1 = off, 0 = any)',
  },
  spoolMaxBytes: {
    env: 'QW_SPOOL_MAX_BYTES',
    kind: { type: 'int', min: 64 * 1024, max: 1024 * 1024 * 1024 * 1024 },
    default: 256 * 1024 * 1024,
    doc: 'readings not yet in the store kept on disk up to this; beyond it QoS 1 acks wait, QoS 0 is dropped',
  },
  storeBatchSize: {
    env: 'QW_STORE_BATCH',
    kind: { type: 'int', min: 1, max: 100_000 },
    default: 5000,
    doc: 'readings per write from the spool to the store',
  },
  deadLetterMax: {
    env: 'QW_DEAD_LETTER_MAX',
    kind: { type: 'int', min: 10, max: 1_000_000 },
    default: 10_000,
    doc: 'dead letters kept; the oldest beyond this are dropped (and counted)',
  },
  webhookMaxPending: {
    env: 'QW_WEBHOOK_MAX_PENDING',
    kind: { type: 'int', min: 10, max: 1_000_000 },
    default: 10_000,
    doc: 'webhook deliveries waiting per subscriber; beyond this the oldest give up (listed as dead, OUTBOX_FULL)',
  },
  influxUrl: { env: 'QW_INFLUX_URL', kind: { type: 'string' }, default: '', doc: 'InfluxDB URL (store influxdb1/2)' },
  influxDatabase: {
    env: 'QW_INFLUX_DATABASE',
    kind: { type: 'string' },
    default: 'qinwatt',
    doc: 'InfluxDB 1.x database',
  },
  influxUsername: { env: 'QW_INFLUX_USERNAME', kind: { type: 'string' }, default: '', doc: 'InfluxDB 1.x user' },
  influxPassword: { env: 'QW_INFLUX_PASSWORD', kind: { type: 'string' }, default: '', doc: 'InfluxDB 1.x password' },
  influxOrg: { env: 'QW_INFLUX_ORG', kind: { type: 'string' }, default: '', doc: 'InfluxDB 2.x organisation' },
  influxBucket: { env: 'QW_INFLUX_BUCKET', kind: { type: 'string' }, default: '', doc: 'InfluxDB 2.x bucket' },
  influxToken: { env: 'QW_INFLUX_TOKEN', kind: { type: 'string' }, default: '', doc: 'InfluxDB 2.x API token' },
  detectFitMinutes: {
    env: 'QW_DETECT_FIT_MIN',
    kind: { type: 'int', min: 10, max: 60 * 24 * 30 },
    default: 1440,
    doc: "drift check: data minutes over which each device's own baseline is fitted",
  },
  detectCalibrateMinutes: {
    env: 'QW_DETECT_CALIBRATE_MIN',
    kind: { type: 'int', min: 10, max: 60 * 24 * 30 },
    default: 1440,
    doc: 'drift check: then data minutes over which the residual spread is measured',
  },
  webhooksFile: {
    env: 'QW_WEBHOOKS_FILE',
    kind: { type: 'string' },
    default: '',
    doc: 'webhook subscribers (regulators): YAML/JSON list of {id, url, secret, plantIds?, events?}',
  },
  maxReadingAgeDays: {
    env: 'QW_MAX_READING_AGE_DAYS',
    kind: { type: 'int', min: 1, max: 62 },
    default: 7,
    doc: 'readings older than this are refused (TIMESTAMP_SKEW); raise it to backfill a gateway that was offline longer (embedded raw retention follows; InfluxDB 1.x keeps raw 30 days)',
  },
  exportCheckMs: {
    env: 'QW_EXPORT_CHECK_MS',
    kind: { type: 'int', min: 0, max: 86_400_000 },
    default: 900_000,
    doc: 'how often closed days and months are pushed to the provincial platforms that take them (0 = only on request)',
  },
  ledgerBalanceCheckMs: {
    env: 'QW_LEDGER_BALANCE_CHECK_MS',
    kind: { type: 'int', min: 1000, max: 86_400_000 },
    default: 300_000,
    doc: "how often the last closed day's meter-tree balances are checked against their bands (alerts)",
  },
  silenceMs: {
    env: 'QW_SILENCE_MS',
    kind: { type: 'int', min: 1000, max: 86_400_000 },
    default: 600_000,
    doc: 'a device the platform has received nothing from for this long raises a "no data" alert, on a timer',
  },
  stateStore: {
    env: 'QW_STATE_STORE',
    kind: { type: 'enum', values: ['embedded', 'postgres'] },
    default: 'embedded',
    doc: 'relational state store (people, fleet, alerts, dead letters, outbox): embedded (a file in the data directory) or postgres',
  },
  postgresUrl: {
    env: 'QW_POSTGRES_URL',
    kind: { type: 'string' },
    default: '',
    doc: 'PostgreSQL connection string, postgres://user:password@host:port/database (stateStore postgres)',
  },
  allowedOrigins: {
    env: 'QW_ALLOWED_ORIGINS',
    kind: { type: 'string' },
    default: '',
    doc: "origins (scheme://host:port, comma-separated) whose pages may change state and open socket.io, besides the server's own",
  },
  sessionIdleMinutes: {
    env: 'QW_SESSION_IDLE_MIN',
    kind: { type: 'int', min: 1, max: 7 * 24 * 60 },
    default: 480,
    doc: 'a console session unused for this long ends (8 h: a shift)',
  },
  sessionMaxHours: {
    env: 'QW_SESSION_MAX_H',
    kind: { type: 'int', min: 1, max: 24 * 90 },
    default: 168,
    doc: 'a console session ends this long after log-in, however active',
  },
  adminPassword: {
    env: 'QW_ADMIN_PASSWORD',
    kind: { type: 'string' },
    default: '',
    doc: 'first start: creates the account admin with this password (otherwise a one-time setup secret is printed)',
  },
  roles: {
    env: 'QW_ROLES',
    kind: { type: 'string' },
    default: 'all',
    doc: 'what this process runs: all (one process, the default) or a comma list of ingest, detection, api',
  },
  redisUrl: {
    env: 'QW_REDIS_URL',
    kind: { type: 'string' },
    default: '',
    doc: 'Redis, redis://host:port: live fan-out between processes (required unless QW_ROLES=all)',
  },
  ...(BROKER_FIELDS as Record<keyof BrokerConfig, Field>),
  partitions: {
    env: 'QW_PARTITIONS',
    kind: { type: 'int', min: 1, max: 4096 },
    default: 32,
    doc: "scale-out mode: plant partitions (a detection process owns whole partitions); fixed for a deployment's life",
  },
};

/** Settings one store adapter needs together: every missing one is reported, not just the first. */
const STORE_NEEDS: Record<AppConfig['store'], Array<keyof AppConfig>> = {
  embedded: [],
  influxdb1: ['influxUrl', 'influxDatabase'],
  influxdb2: ['influxUrl', 'influxOrg', 'influxBucket', 'influxToken'],
};

function storeProblems(c: Record<string, unknown>): string[] {
  const needs = STORE_NEEDS[c.store as AppConfig['store']] ?? [];
  const problems = needs
    .filter((k) => !c[k])
    .map((k) => `${CONFIG_FIELDS[k].env} is required when QW_STORE=${String(c.store)}`);
  const url = c.influxUrl as string;
  if (needs.length && url && !/^https?:\/\/[^/]+/.test(url))
    problems.push(`QW_INFLUX_URL=${JSON.stringify(url)}: expected http(s)://host:port`);
  return problems;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Loads and validates the configuration; throws ConfigError listing every problem at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];
  let file: Record<string, unknown> = {};
  if (env.QW_CONFIG) {
    try {
      const parsed: unknown = parseYaml(readFileSync(env.QW_CONFIG, 'utf8'));
      if (parsed && typeof parsed === 'object') file = parsed as Record<string, unknown>;
      else problems.push(`QW_CONFIG ${env.QW_CONFIG}: not a mapping`);
    } catch (e) {
      problems.push(`QW_CONFIG ${env.QW_CONFIG}: ${(e as Error).message}`);
    }
  }
  for (const key of Object.keys(file))
    if (!(key in CONFIG_FIELDS)) problems.push(`QW_CONFIG: unknown setting "${key}"`);

  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(CONFIG_FIELDS)) {
    const raw = env[field.env] ?? file[key];
    if (raw === undefined || raw === '') {
      out[key] = field.default;
      continue;
    }
    const source = env[field.env] !== undefined ? field.env : `QW_CONFIG:${key}`;
    const r = coerce(String(raw), field.kind);
    if ('error' in r) problems.push(`${source}=${JSON.stringify(String(raw))}: ${r.error}`);
    else out[key] = r.value;
  }
  if (out.mqttsPort !== undefined && (out.mqttsPort as number) >= 0 && (!out.mqttTlsKey || !out.mqttTlsCert))
    problems.push('QW_MQTTS_PORT: MQTTS needs QW_MQTT_TLS_KEY and QW_MQTT_TLS_CERT');
  problems.push(...storeProblems(out));
  problems.push(...brokerProblems(out));
  if (out.stateStore === 'postgres' && !/^postgres(ql)?:\/\/./.test(String(out.postgresUrl)))
    problems.push('QW_POSTGRES_URL is required when QW_STATE_STORE=postgres (postgres://user:password@host:port/db)');
  problems.push(...originProblems(String(out.allowedOrigins ?? '')));
  const roles = out.roles === undefined ? undefined : parseRoles(String(out.roles));
  if (roles && 'error' in roles) problems.push(`QW_ROLES=${JSON.stringify(out.roles)}: ${roles.error}`);
  const redis = redisUrlProblem(String(out.redisUrl ?? ''));
  if (redis) problems.push(redis);
  problems.push(...scaleOutProblems(out));
  if (out.adminPassword && String(out.adminPassword).length < 8)
    problems.push('QW_ADMIN_PASSWORD: at least 8 characters');
  if (problems.length) throw new ConfigError(problems);
  return out as unknown as AppConfig;
}

/** The configured allowed origins as a list (empty entries dropped). */
export const allowedOriginList = (c: Pick<AppConfig, 'allowedOrigins'>): string[] =>
  c.allowedOrigins
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);

function originProblems(list: string): string[] {
  return allowedOriginList({ allowedOrigins: list })
    .filter((o) => !/^https?:\/\/[^/\s]+$/.test(o))
    .map((o) => `QW_ALLOWED_ORIGINS: ${JSON.stringify(o)} is not an origin (scheme://host[:port], no path)`);
}

function coerce(raw: string, kind: Kind): { value: unknown } | { error: string } {
  switch (kind.type) {
    case 'string':
      return { value: raw };
    case 'bool':
      if (/^(1|true|yes|on)$/i.test(raw)) return { value: true };
      if (/^(0|false|no|off)$/i.test(raw)) return { value: false };
      return { error: 'expected true or false' };
    case 'enum':
      return kind.values.includes(raw) ? { value: raw } : { error: `expected one of ${kind.values.join(', ')}` };
    case 'port':
      return intIn(raw, 0, 65535);
    case 'int':
      return intIn(raw, kind.min, kind.max);
  }
}

function intIn(raw: string, min: number, max: number): { value: number } | { error: string } {
  if (!/^-?\d+$/.test(raw.trim())) return { error: 'expected an integer' };
  const n = Number(raw);
  return n >= min && n <= max ? { value: n } : { error: `expected an integer in [${min}, ${max}]` };
}
