import { randomBytes, scryptSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnService, waitFor, type Service } from './procs.js';

export const SERVER_MAIN = fileURLToPath(new URL('../../apps/server/src/main.js', import.meta.url));

export interface QinwattServer {
  service: Service;
  httpUrl: string;
  mqttUrl: string;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Node flags the server runs with, the same as `npm start` (package.json; a test keeps the two in step): a 64 MiB
 * young generation instead of 16 MiB. Each message's objects live from PUBLISH to fsync (milliseconds), long
 * enough to survive several small scavenges and be promoted; with the larger one far fewer are, and the same run
 * measured +27 % gateway-batched and +37 % one-reading-per-message throughput (docs/benchmark.md).
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=64'];

/** The built server as its own process, as a plant runs it, on ephemeral loopback ports. */
export async function startServer(
  env: Record<string, string>,
  extraNodeArgs: string[] = [],
  main = SERVER_MAIN,
): Promise<QinwattServer> {
  const dataDir = env.QW_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'qw-bench-data-'));
  const service = spawnService('qinwatt', process.execPath, [...SERVER_NODE_FLAGS, ...extraNodeArgs, main], {
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      QW_HTTP_PORT: '0',
      QW_MQTT_PORT: '0',
      QW_DATA_DIR: dataDir,
      QW_DEMO: 'false',
      QW_LOG_LEVEL: 'info',
      ...env,
    },
  });
  let mqttUrl = '';
  let httpUrl = '';
  service.onLine((line) => {
    if (!line.startsWith('{')) return;
    try {
      const rec = JSON.parse(line) as { msg?: string; port?: number; url?: string };
      if (rec.msg === 'mqtt broker listening') mqttUrl = `mqtt://127.0.0.1:${rec.port}`;
      if (rec.msg === 'qinwatt ready') httpUrl = rec.url!.replace('[::1]', '127.0.0.1');
    } catch {
      // not a log record
    }
  });
  const exited = new Promise<never>((_, reject) =>
    service.proc.once('exit', (code) => reject(new Error(`qinwatt exited ${code}:\n${service.logs.join('\n')}`))),
  );
  exited.catch(() => undefined);
  try {
    await Promise.race([waitFor('qinwatt to be ready', () => (httpUrl && mqttUrl ? true : undefined), 60_000), exited]);
  } catch (e) {
    await service.stop(); // a server that never became ready must not outlive the bench
    throw e;
  }
  return { service, httpUrl, mqttUrl, dataDir, stop: () => service.stop() };
}

/**
 * One secret for every connecting device and gateway of the bench fleet, stored as the self-describing scrypt
 * hash the fleet file accepts (`scrypt$N=…,r=…,p=…$salt$hash`, base64url), hashed once here: a plaintext secret per
 * device would cost the server one scrypt per device at boot. Devices behind a gateway never connect and get none.
 */
const BENCH_SECRET = 'bench-secret';
let benchHash: string | undefined;
function benchSecretHash(): string {
  if (!benchHash) {
    const salt = randomBytes(16);
    const opts = { N: 16384, r: 8, p: 1 };
    const key = scryptSync(BENCH_SECRET, salt, 32, { ...opts, maxmem: 64 * 1024 * 1024 });
    benchHash = `scrypt$N=${opts.N},r=${opts.r},p=${opts.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
  }
  return benchHash;
}

/** MQTT credentials by the contracts' convention: username `{plantId}/{id}`, password the secret. */
export const benchCredentials = (plantId: string, id: string) => ({
  username: `${plantId}/${id}`,
  password: BENCH_SECRET,
});

/** A fleet file for the bench: one motor per publisher connection in each stage, gateways with their motors. */
export function writeBenchFleet(
  dir: string,
  plantId: string,
  groups: Array<{ prefix: string; devices: number; gateways?: number }>,
): string {
  const devices: Array<Record<string, unknown>> = [];
  const gateways: Array<Record<string, unknown>> = [];
  const secretHash = benchSecretHash();
  const motor = (id: string, gatewayId?: string) => ({
    id,
    plantId,
    class: 'motor',
    name: id,
    nameplate: { ratedKw: 55, ratedEfficiency: 94.6 },
    ...(gatewayId ? { gatewayId } : { secretHash }),
  });
  for (const g of groups) {
    if (g.gateways)
      for (let k = 0; k < g.gateways; k++) {
        gateways.push({ id: `${g.prefix}${k}`, plantId, name: `${g.prefix}${k}`, secretHash });
        for (let i = 0; i < g.devices; i++) devices.push(motor(`${g.prefix}${k}-${i}`, `${g.prefix}${k}`));
      }
    else for (let i = 0; i < g.devices; i++) devices.push(motor(`${g.prefix}${i}`));
  }
  const path = join(dir, 'fleet.json');
  const plants = [{ id: plantId, name: 'Bench plant', region: '610100' }];
  writeFileSync(path, JSON.stringify({ plants, devices, gateways }));
  return path;
}
