import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import {
  AWAITED,
  configProblems,
  configReads,
  dataDirOf,
  interpolate,
  qwNames,
  ROOT,
  rolesIn,
  yamlDocs,
  type Doc,
} from './manifests.js';

/**
 * deploy/compose/compose.yaml, checked without a container engine (none runs on the build machines): valid YAML,
 * valid against the Compose Specification's JSON schema, and its qinwatt services configured as the server reads
 * its configuration: every QW_* name one it reads, every service's environment one it boots with, every role
 * present, each ingest process with its own data directory, probes on /ready.
 */

const FILE = 'deploy/compose/compose.yaml';
/**
 * The Compose Specification's own JSON schema (draft-07), schema/compose-spec.json of the compose-spec
 * repository (Apache-2.0), as of its commit 170098b (2026-06-23); no npm package carries a current one.
 */
const SCHEMA = 'test/deploy/compose-spec.schema.json';

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string>;
  volumes?: string[];
  tmpfs?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  deploy?: { replicas?: number };
  restart?: string;
}

/** .env.example's names, given test values: the compose file must need no other variable. */
const exampleVars = (): Record<string, string> =>
  Object.fromEntries(
    readFileSync(join(ROOT, 'deploy/compose/.env.example'), 'utf8')
      .split('\n')
      .filter((l) => /^\w+=/.test(l))
      .map((l) => [l.split('=')[0], 'test-secret-1']),
  );

const met = new Set<string>();
const compose = parse(interpolate(readFileSync(join(ROOT, FILE), 'utf8'), exampleVars(), met), {
  merge: true,
}) as Doc & { services: Record<string, Service>; volumes: Record<string, unknown> };
const qinwatt = Object.entries(compose.services).filter(([, s]) => s.image?.startsWith('qinwatt'));

describe('the compose file', () => {
  it('parses, like every YAML file under deploy/compose', () => {
    expect(yamlDocs('deploy/compose').map((d) => d.file)).toContain(FILE);
  });

  it('is valid against the Compose Specification schema (and the schema does refuse a broken file)', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, SCHEMA), 'utf8')) as Record<string, unknown>;
    delete schema.$schema; // draft-07, named by another URI than Ajv's built-in one
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    expect(validate(compose) ? [] : validate.errors).toEqual([]);
    const broken = { ...compose, services: { api: { ...compose.services.api, depends_on: 'postgres' } } };
    expect(validate(broken)).toBe(false);
  });

  it('needs no variable that .env.example does not name', () => {
    expect([...met].sort()).toEqual(Object.keys(exampleVars()).sort());
  });

  it('names only QW_* settings the server reads, and each qinwatt service boots with its environment', () => {
    const reads = configReads();
    expect(qinwatt.length).toBeGreaterThan(0);
    for (const [name, s] of qinwatt) {
      const env = s.environment ?? {};
      const unread = qwNames(Object.keys(env)).filter((n) => !reads.has(n) && !AWAITED.includes(n));
      expect({ name, unread }).toEqual({ name, unread: [] });
      expect({ name, problems: configProblems(env) }).toEqual({ name, problems: [] });
    }
  });

  it('runs every role: ingest, detection and api', () => {
    const roles = new Set(qinwatt.flatMap(([, s]) => rolesIn(s.environment?.QW_ROLES)));
    expect([...roles].sort()).toEqual(['api', 'detection', 'ingest']);
  });

  it('gives each ingest process a named volume of its own at its data directory, and runs one replica of it', () => {
    const ingest = qinwatt.filter(([, s]) => rolesIn(s.environment?.QW_ROLES).includes('ingest'));
    const volumes = ingest.map(([name, s]) => {
      const dir = dataDirOf(s.environment ?? {});
      const mount = (s.volumes ?? []).find((v) => v.split(':')[1] === dir);
      expect({ name, mount: mount !== undefined, replicas: s.deploy?.replicas ?? 1 }).toEqual({
        name,
        mount: true,
        replicas: 1,
      });
      return mount!.split(':')[0];
    });
    expect(new Set(volumes).size).toBe(volumes.length);
    for (const v of volumes) expect(Object.keys(compose.volumes)).toContain(v);
  });

  it('builds its image from a Dockerfile that runs as a non-root user and carries the probe the checks run', () => {
    const builds = new Set(qinwatt.map(([, s]) => JSON.stringify(s.build)));
    expect(builds.size).toBe(1);
    const build = qinwatt[0][1].build!;
    const context = join(ROOT, 'deploy/compose', build.context);
    const dockerfile = readFileSync(join(context, build.dockerfile), 'utf8');
    const stages = dockerfile.match(/^FROM .*/gm) ?? [];
    expect(stages.every((f) => f.startsWith('FROM node:20-bookworm-slim'))).toBe(true);
    expect(dockerfile).toMatch(/^RUN npm ci$/m);
    expect(dockerfile).toMatch(/npm run build/);
    const users = dockerfile.match(/^USER (\S+)/gm) ?? [];
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/USER (root|0)$/);
    const probe = qinwatt[0][1].healthcheck!.test[2];
    expect(dockerfile).toMatch(new RegExp(`^COPY ${probe} `, 'm'));
    expect(existsSync(join(context, probe))).toBe(true);
  });

  it('probes every qinwatt service on /ready and starts it once what it depends on is healthy or done', () => {
    for (const [name, s] of qinwatt) {
      expect({ name, test: s.healthcheck?.test }).toEqual({
        name,
        test: ['CMD', 'node', 'deploy/container/probe.mjs', '/ready'],
      });
      for (const [dep, { condition }] of Object.entries(s.depends_on ?? {})) {
        // a service waited for is either probed (healthy) or a one-shot setup step (completed)
        const d = compose.services[dep];
        expect({ name, dep, condition }).toEqual({
          name,
          dep,
          condition: d?.restart === 'no' ? 'service_completed_successfully' : 'service_healthy',
        });
        if (condition === 'service_healthy')
          expect({ dep, probed: d.healthcheck !== undefined }).toEqual({ dep, probed: true });
      }
    }
  });
});
