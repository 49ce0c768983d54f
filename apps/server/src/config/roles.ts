/** The parts of the platform one process can run; `all` runs every one of them in one process (the default). */
export const ROLES = ['ingest', 'detection', 'api'] as const;
export type Role = (typeof ROLES)[number];

/** What one process runs, read from `roles` (QW_ROLES). */
export interface ProcessRoles {
  /** the all-in-one process: every role, embedded broker and SQLite allowed, the demo plant and the simulator */
  all: boolean;
  ingest: boolean;
  detection: boolean;
  api: boolean;
  /** the roles by name, in a fixed order (for logs and /ready) */
  names: Role[];
}

/** the all-in-one process (the default) */
export const ALL_ROLES: ProcessRoles = { all: true, ingest: true, detection: true, api: true, names: [...ROLES] };

/** `all`, or a comma list of roles; anything else is an error naming what is wrong. */
export function parseRoles(raw: string): { roles: ProcessRoles } | { error: string } {
  const text = raw.trim();
  if (text === 'all') return { roles: ALL_ROLES };
  const asked = text.split(',').map((r) => r.trim());
  const unknown = asked.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (!text || unknown.length)
    return { error: `expected all or a comma list of ${ROLES.join(', ')}; unknown: ${JSON.stringify(unknown)}` };
  const has = (r: Role) => asked.includes(r);
  return {
    roles: {
      all: false,
      ingest: has('ingest'),
      detection: has('detection'),
      api: has('api'),
      names: ROLES.filter(has),
    },
  };
}

/** The roles of a validated configuration (loadConfig has refused any other value). */
export function rolesOf(config: { roles: string }): ProcessRoles {
  const r = parseRoles(config.roles);
  if ('error' in r) throw new Error(`QW_ROLES: ${r.error}`);
  return r.roles;
}

/** What a process with roles other than `all` needs (SCALE: shared state, fan-out and broker), every problem listed. */
export function scaleOutProblems(c: Record<string, unknown>): string[] {
  const r = parseRoles(String(c.roles ?? 'all'));
  if ('error' in r || r.roles.all) return [];
  const roles = r.roles.names.join(',');
  const problems: string[] = [];
  if (c.stateStore !== 'postgres')
    problems.push(`QW_STATE_STORE=postgres is required when QW_ROLES=${roles} (processes share their state)`);
  if (!c.redisUrl) problems.push(`QW_REDIS_URL is required when QW_ROLES=${roles} (live fan-out across processes)`);
  if (r.roles.ingest && c.mqttBroker !== 'external')
    problems.push(
      `QW_MQTT_BROKER=external is required when QW_ROLES=${roles} includes ingest (devices connect to the broker)`,
    );
  return problems;
}

/** a Redis URL as ioredis takes it */
export const redisUrlProblem = (url: string): string | undefined =>
  !url || /^rediss?:\/\/[^/\s]+(\/\d+)?$/.test(url)
    ? undefined
    : `QW_REDIS_URL=${JSON.stringify(url)}: expected redis://host:port (or rediss:// for TLS, /db optional)`;
