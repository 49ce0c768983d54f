import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  AWAITED,
  configProblems,
  configReads,
  dataDirOf,
  httpPortOf,
  qwNames,
  ROOT,
  rolesIn,
  yamlDocs,
  type Doc,
} from './manifests.js';

/**
 * deploy/k8s, checked without a cluster (none runs on the build machines): every document parses, names its
 * apiVersion, kind and metadata.name, and is valid against the Kubernetes OpenAPI schemas (kubernetes-models;
 * types and required fields, not unknown fields); the kustomizations list files that exist; every qinwatt
 * container has liveness on /health and readiness on /ready on its HTTP port, requests and limits, and an
 * environment the server reads and boots with; the roles are all there; ingest keeps its spool on a volume per pod.
 */

const DIR = 'deploy/k8s';
const all = yamlDocs(DIR);
const objects = all.filter(({ doc }) => doc.kind !== 'Kustomization');

interface Probe {
  httpGet?: { path: string; port: string | number };
}
interface Container {
  name: string;
  image: string;
  env?: Array<{ name: string; value?: string }>;
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  ports?: Array<{ name?: string; containerPort: number }>;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  volumeMounts?: Array<{ name: string; mountPath: string }>;
}
interface Workload {
  kind: string;
  metadata: { name: string };
  spec: {
    selector: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string> }; spec: { containers: Container[] } };
    volumeClaimTemplates?: Array<{ metadata: { name: string } }>;
  };
}

const byKind = <T>(kind: string): T[] =>
  objects.filter(({ doc }) => doc.kind === kind).map(({ doc }) => doc as unknown as T);
const workloads = [...byKind<Workload>('Deployment'), ...byKind<Workload>('StatefulSet')];
const qinwatt = workloads.filter((w) => w.spec.template.spec.containers.some((c) => c.image === 'qinwatt'));
const dataOf = (kind: 'ConfigMap' | 'Secret', name: string): Record<string, string> => {
  const doc = byKind<Doc & { metadata: { name: string } }>(kind).find((d) => d.metadata.name === name);
  if (!doc) throw new Error(`${kind} ${name} is not in ${DIR}`);
  return (doc.data ?? doc.stringData ?? {}) as Record<string, string>;
};
/** A container's whole environment: its ConfigMaps and Secrets, then its own env entries. */
const envOf = (c: Container): Record<string, string> => ({
  ...Object.assign(
    {},
    ...(c.envFrom ?? []).map((f) =>
      f.configMapRef ? dataOf('ConfigMap', f.configMapRef.name) : dataOf('Secret', f.secretRef!.name),
    ),
  ),
  ...Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value ?? ''])),
});
const containers = qinwatt.flatMap((w) =>
  w.spec.template.spec.containers.map((c) => ({ w: w.metadata.name, c, env: envOf(c) })),
);

describe('the Kubernetes manifests', () => {
  it('parse, and each object names its apiVersion, kind and metadata.name', () => {
    expect(objects.length).toBeGreaterThan(10);
    for (const { file, doc } of objects) {
      const meta = doc.metadata as { name?: string } | undefined;
      expect({ file, apiVersion: typeof doc.apiVersion, kind: typeof doc.kind, name: typeof meta?.name }).toEqual({
        file,
        apiVersion: 'string',
        kind: 'string',
        name: 'string',
      });
    }
  });

  it('are valid against the Kubernetes OpenAPI schemas (which do refuse a broken object)', async () => {
    const validate = async (doc: Doc): Promise<string> => {
      const mod = (await import(`kubernetes-models/${String(doc.apiVersion)}/${String(doc.kind)}`)) as Record<
        string,
        new (o: Doc) => { validate(): void }
      >;
      try {
        new mod[String(doc.kind)](doc).validate();
        return 'valid';
      } catch (e) {
        return (e as Error).message;
      }
    };
    for (const { file, doc } of objects)
      expect({ file, kind: doc.kind, result: await validate(doc) }).toEqual({ file, kind: doc.kind, result: 'valid' });
    const broken = structuredClone(qinwatt[0]) as unknown as Workload;
    (broken.spec.template.spec.containers[0] as unknown as Doc).ports = [{ name: 'http', containerPort: 'http' }];
    expect(await validate(broken as unknown as Doc)).toMatch(/containerPort must be integer/);
  });

  it('list, in each kustomization, resources and generator files that exist', () => {
    const kustomizations = all.filter(({ doc }) => doc.kind === 'Kustomization');
    expect(kustomizations.length).toBeGreaterThan(0);
    for (const { file, doc } of kustomizations)
      for (const r of [
        ...(doc.resources as string[]),
        ...((doc.configMapGenerator ?? []) as Array<{ files: string[] }>).flatMap((g) => g.files),
      ]) {
        const path = join(ROOT, dirname(file), r);
        expect({ file, r, exists: existsSync(path) }).toEqual({ file, r, exists: true });
      }
  });

  it('probe every qinwatt container: liveness on /health and readiness on /ready, on its HTTP port', () => {
    expect(containers.length).toBeGreaterThan(0);
    for (const { w, c, env } of containers) {
      const portOf = (p: Probe | undefined) => {
        const port = p?.httpGet?.port;
        return typeof port === 'number' ? port : c.ports?.find((x) => x.name === port)?.containerPort;
      };
      const want = httpPortOf(env);
      expect({ w, liveness: c.livenessProbe?.httpGet?.path, port: portOf(c.livenessProbe) }).toEqual({
        w,
        liveness: '/health',
        port: want,
      });
      expect({ w, readiness: c.readinessProbe?.httpGet?.path, port: portOf(c.readinessProbe) }).toEqual({
        w,
        readiness: '/ready',
        port: want,
      });
    }
  });

  it('give every qinwatt container cpu and memory requests and a memory limit', () => {
    for (const { w, c } of containers)
      expect({
        w,
        requests: Object.keys(c.resources?.requests ?? {}).sort(),
        limit: !!c.resources?.limits?.memory,
      }).toEqual({ w, requests: ['cpu', 'memory'], limit: true });
  });

  it('name only QW_* settings the server reads, and each qinwatt container boots with its environment', () => {
    const reads = configReads();
    const named = objects.flatMap(({ doc }) => {
      const names: string[] = [];
      JSON.stringify(doc, (key, value: unknown) => {
        names.push(key);
        if (key === 'name' && typeof value === 'string') names.push(value);
        return value;
      });
      return qwNames(names);
    });
    expect(named.length).toBeGreaterThan(10);
    expect([...new Set(named)].filter((n) => !reads.has(n) && !AWAITED.includes(n))).toEqual([]);
    for (const { w, env } of containers) expect({ w, problems: configProblems(env) }).toEqual({ w, problems: [] });
  });

  it('run every role: ingest, detection and api', () => {
    expect([...new Set(containers.flatMap(({ env }) => rolesIn(env.QW_ROLES)))].sort()).toEqual([
      'api',
      'detection',
      'ingest',
    ]);
  });

  it('run ingest as a StatefulSet with a volume claim per pod at its data directory', () => {
    const ingest = containers.filter(({ env }) => rolesIn(env.QW_ROLES).includes('ingest'));
    expect(ingest.length).toBeGreaterThan(0);
    for (const { w, c, env } of ingest) {
      const set = qinwatt.find((x) => x.metadata.name === w)!;
      const claims = (set.spec.volumeClaimTemplates ?? []).map((t) => t.metadata.name);
      const mount = c.volumeMounts?.find((m) => m.mountPath === dataDirOf(env));
      expect({ w, kind: set.kind, claimed: !!mount && claims.includes(mount.name) }).toEqual({
        w,
        kind: 'StatefulSet',
        claimed: true,
      });
    }
  });

  it('cover every qinwatt workload with a PodDisruptionBudget, and select pods that exist from each Service', () => {
    const selects = (sel: Record<string, string>, labels: Record<string, string>) =>
      Object.entries(sel).every(([k, v]) => labels[k] === v);
    const pdbs = byKind<{ spec: { selector: { matchLabels: Record<string, string> } } }>('PodDisruptionBudget');
    for (const w of qinwatt)
      expect({
        w: w.metadata.name,
        pdb: pdbs.some((p) => selects(p.spec.selector.matchLabels, w.spec.template.metadata.labels)),
      }).toEqual({ w: w.metadata.name, pdb: true });
    for (const s of byKind<{ metadata: { name: string }; spec: { selector: Record<string, string> } }>('Service'))
      expect({
        s: s.metadata.name,
        pods: workloads.some((w) => selects(s.spec.selector, w.spec.template.metadata.labels)),
      }).toEqual({ s: s.metadata.name, pods: true });
  });
});
