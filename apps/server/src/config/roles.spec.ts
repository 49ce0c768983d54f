import { ConfigError, loadConfig } from './config.js';
import { parseRoles, rolesOf } from './roles.js';

const problemsOf = (env: NodeJS.ProcessEnv): string[] => {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
};

const SHARED = { QW_STATE_STORE: 'postgres', QW_POSTGRES_URL: 'postgres://u:p@127.0.0.1:5432/qw' };
const REDIS = { QW_REDIS_URL: 'redis://127.0.0.1:6379' };

describe('process roles (QW_ROLES)', () => {
  it('is all by default: every role, nothing more to configure', () => {
    const config = loadConfig({});
    expect(config.roles).toBe('all');
    expect(rolesOf(config)).toEqual({
      all: true,
      ingest: true,
      detection: true,
      api: true,
      names: ['ingest', 'detection', 'api'],
    });
  });

  it('reads a comma list in any order, spaces allowed', () => {
    expect(parseRoles(' api , detection')).toEqual({
      roles: { all: false, ingest: false, detection: true, api: true, names: ['detection', 'api'] },
    });
  });

  it('refuses unknown roles, an empty list, and all mixed with roles', () => {
    expect(problemsOf({ QW_ROLES: 'api,worker', ...SHARED, ...REDIS })).toEqual([
      'QW_ROLES="api,worker": expected all or a comma list of ingest, detection, api; unknown: ["worker"]',
    ]);
    expect(problemsOf({ QW_ROLES: ',', ...SHARED, ...REDIS })[0]).toMatch(/^QW_ROLES=",": expected all/);
    expect(problemsOf({ QW_ROLES: 'all,api', ...SHARED, ...REDIS })[0]).toMatch(/unknown: \["all"\]/);
  });

  it('needs PostgreSQL and Redis for any role other than all, listing both at once', () => {
    for (const roles of ['api', 'detection', 'detection,api'])
      expect(problemsOf({ QW_ROLES: roles })).toEqual([
        `QW_STATE_STORE=postgres is required when QW_ROLES=${roles} (processes share their state)`,
        `QW_REDIS_URL is required when QW_ROLES=${roles} (live fan-out across processes)`,
      ]);
    expect(problemsOf({ QW_ROLES: 'api', ...SHARED, ...REDIS })).toEqual([]);
    expect(problemsOf({ QW_ROLES: 'detection', ...SHARED, ...REDIS })).toEqual([]);
  });

  it('needs the external broker for ingest outside all, with every other problem at once', () => {
    expect(problemsOf({ QW_ROLES: 'ingest', QW_HTTP_PORT: 'x' })).toEqual([
      'QW_HTTP_PORT="x": expected an integer',
      'QW_STATE_STORE=postgres is required when QW_ROLES=ingest (processes share their state)',
      'QW_REDIS_URL is required when QW_ROLES=ingest (live fan-out across processes)',
      'QW_MQTT_BROKER=external is required when QW_ROLES=ingest includes ingest (devices connect to the broker)',
    ]);
    const broker = { QW_MQTT_BROKER: 'external', QW_MQTT_BROKER_URL: 'mqtt://127.0.0.1:1883' };
    expect(problemsOf({ QW_ROLES: 'ingest', ...broker, ...SHARED, ...REDIS })).toEqual([]);
  });

  it('leaves all as it was: SQLite, no Redis, the embedded broker', () => {
    expect(problemsOf({ QW_ROLES: 'all' })).toEqual([]);
  });

  it('checks the shape of QW_REDIS_URL', () => {
    expect(problemsOf({ QW_REDIS_URL: '127.0.0.1:6379' })).toEqual([
      'QW_REDIS_URL="127.0.0.1:6379": expected redis://host:port (or rediss:// for TLS, /db optional)',
    ]);
    expect(problemsOf({ QW_REDIS_URL: 'redis://:secret@redis.internal:6379/2' })).toEqual([]);
  });
});
