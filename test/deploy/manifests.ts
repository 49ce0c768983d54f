import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CONFIG_FIELDS, ConfigError, loadConfig } from '../../apps/server/src/config/config.js';

/**
 * What the deployment test reads: the YAML files under deploy/compose and deploy/k8s, and the set of QW_*
 * variables the server's configuration actually reads (found by letting loadConfig read an environment that
 * records every name it is asked for, so the list cannot drift from the code).
 */

export const ROOT = process.cwd();
export type Doc = Record<string, unknown>;

/** Every YAML document of every .yaml/.yml file under `dir`, with its file; a parse error throws naming the file. */
export function yamlDocs(dir: string): Array<{ file: string; doc: Doc }> {
  const out: Array<{ file: string; doc: Doc }> = [];
  const files = readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  for (const f of files) {
    const file = relative(ROOT, join(ROOT, dir, f));
    // merge keys (<<) as the Compose Specification allows them
    for (const d of parseAllDocuments(readFileSync(join(ROOT, file), 'utf8'), { merge: true })) {
      if (d.errors.length) throw new Error(`${file}: ${d.errors.map((e) => e.message).join('; ')}`);
      const doc = d.toJS() as Doc | null;
      if (doc !== null) out.push({ file, doc });
    }
  }
  return out;
}

/** The environment variable names loadConfig reads (QW_CONFIG included), from loadConfig itself. */
export function configReads(): Set<string> {
  const read = new Set<string>();
  const env = new Proxy({} as NodeJS.ProcessEnv, {
    get: (_t, name) => {
      if (typeof name === 'string') read.add(name);
      return undefined;
    },
  });
  loadConfig(env);
  return read;
}

/**
 * Settings of the scale-out design that the manifests set before the configuration reads them: tolerated unread
 * until they land, then checked like every other. None now (QW_PARTITIONS is read since partition ownership landed).
 */
export const AWAITED: readonly string[] = [];

/** The problems loadConfig lists for an environment (none: it boots). */
export function configProblems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
}

/** QW_HTTP_PORT's value in an environment, or the server's default. */
export const httpPortOf = (env: Record<string, string>): number =>
  Number(env.QW_HTTP_PORT ?? CONFIG_FIELDS.httpPort.default);

/** QW_DATA_DIR's value in an environment, or the server's default. */
export const dataDirOf = (env: Record<string, string>): string =>
  env.QW_DATA_DIR ?? String(CONFIG_FIELDS.dataDir.default);

/** Names that look like qinwatt settings, anywhere in a list of names. */
export const qwNames = (names: Iterable<string>): string[] => [...names].filter((n) => /^QW_[A-Z0-9_]+$/.test(n));

/** The roles a QW_ROLES value names (`all` is every role). */
export const rolesIn = (value: string | undefined): string[] =>
  (value ?? 'all').trim() === 'all'
    ? ['ingest', 'detection', 'api']
    : (value ?? '')
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean);

/**
 * Compose variable interpolation (`${VAR}`, `${VAR:-default}`, `${VAR:?message}`, `$$` for a literal `$`), with
 * the variables given; returns the names it met, so the test can check each is in .env.example.
 */
export function interpolate(text: string, vars: Record<string, string>, met: Set<string>): string {
  return text.replace(/\$\$|\$\{(\w+)(?::?([-?])([^}]*))?\}/g, (all, name: string, op: string, arg: string) => {
    if (all === '$$') return '$';
    met.add(name);
    if (vars[name] !== undefined && vars[name] !== '') return vars[name];
    if (op === '-') return arg;
    throw new Error(`\${${name}} is not set`);
  });
}
