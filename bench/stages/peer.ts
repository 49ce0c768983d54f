import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { BenchOptions } from '../options.js';
import type { Influx } from '../lib/influx.js';
import { startLoad } from '../lib/load.js';
import { startProbes } from '../lib/probe.js';
import { freePort, ProcMonitor, sleep, spawnService, waitFor, type ProcUsage } from '../lib/procs.js';
import type { LatencySummary } from '../lib/stats.js';

/** The peer lives in its own folder with its own package.json: Node-RED is never a dependency of qinwatt. */
const PEER_DIR = fileURLToPath(new URL('../../../bench/peer/', import.meta.url));
const RED_JS = join(PEER_DIR, 'node_modules/node-red/red.js');

export const peerInstalled = (): boolean =>
  existsSync(RED_JS) && existsSync(join(PEER_DIR, 'node_modules/node-red-contrib-influxdb'));

export async function installPeer(): Promise<void> {
  await promisify(execFile)('npm', ['install', '--no-audit', '--no-fund', '--omit=dev', '--prefix', PEER_DIR], {
    maxBuffer: 16 * 1024 * 1024,
  });
}

export interface PeerResult {
  variant: 'stock' | 'maxSockets512';
  offered: number;
  /** readings found in InfluxDB at the end */
  stored: number;
  storedPct: number;
  /** stored readings / seconds from the first publish to the last point stored */
  storedPerSec: number;
  /** publish → readable in InfluxDB, sampled by probes */
  latency: LatencySummary;
  probesLost: number;
  usage: ProcUsage;
}

/**
 * The pipeline plants build by hand: Mosquitto → Node-RED (mqtt in → function → node-red-contrib-influxdb out) →
 * InfluxDB, offered a QoS 1 burst on the same topics and payloads as qinwatt gets. `maxSockets512` adds the one
 * line of settings that stops the stock flow from running out of sockets (one HTTP write per message).
 */
export async function peer(
  variant: PeerResult['variant'],
  mqttUrl: string,
  influx: Influx,
  db: string,
  o: BenchOptions,
): Promise<PeerResult> {
  await influx.createDb(db);
  const dir = mkdtempSync(join(tmpdir(), 'qw-bench-nodered-'));
  const port = await freePort();
  const mq = new URL(mqttUrl);
  const fx = new URL(influx.url);
  writeFileSync(join(dir, 'settings.js'), settings(port, variant === 'maxSockets512'));
  writeFileSync(join(dir, 'flows.json'), JSON.stringify(flow(mq.hostname, mq.port, fx.hostname, fx.port, db)));
  const red = spawnService(
    'node-red',
    process.execPath,
    [RED_JS, '--userDir', dir, '--settings', join(dir, 'settings.js')],
    {
      env: { ...process.env, NODE_OPTIONS: '' },
      cwd: dir,
    },
  );
  try {
    await waitFor(
      'Node-RED to connect to the broker',
      () => (red.logs.some((l) => l.includes('Connected to broker')) ? true : undefined),
      30_000,
    ).catch((e: Error) => {
      throw new Error(`${e.message}\n${red.logs.slice(-20).join('\n')}`);
    });
    await sleep(300); // the subscription follows the connection
    const usage = new ProcMonitor(red.pid);
    const devices = Array.from({ length: o.connections }, (_, i) => `d${i}`);
    const tsBase = Date.now() - 3_600_000;
    const load = startLoad({
      url: mqttUrl,
      qos: 1,
      kind: 'device',
      plantId: 'peer',
      targets: devices.map((d) => ({ id: d, devices: [d] })),
      batch: 1,
      window: o.window,
      maxMessages: o.peerMessages,
      durationMs: o.smoke ? 10_000 : 120_000,
      warmupMs: 0,
      drainMs: 5000,
      tsBase,
      bucketMs: 1000,
    });
    await load.ready;
    const count = () => influx.count(db, 'telemetry', 'active_power', `"device" != 'probe'`);
    const probes = await startProbes({
      url: mqttUrl,
      plantId: 'peer',
      deviceId: 'probe',
      tsBase,
      isStored: async (ts) =>
        (await influx.count(db, 'telemetry', 'active_power', `"device" = 'probe' AND time = ${ts}ms`)) > 0,
      gapMs: o.smoke ? 50 : 200,
      pollMs: 25,
      timeoutMs: o.smoke ? 5000 : 30_000,
    });
    const t0 = Date.now();
    const r = await load.go();
    // the flow works through its backlog after the burst: wait until the stored count stops moving
    let stored = 0;
    let lastChange = Date.now();
    const idleMs = o.smoke ? 1500 : 5000;
    const deadline = Date.now() + (o.smoke ? 15_000 : 180_000);
    while (stored < r.acked && Date.now() - lastChange < idleMs && Date.now() < deadline) {
      await sleep(250);
      const n = await count();
      if (n !== stored) {
        stored = n;
        lastChange = Date.now();
      }
    }
    const p = await probes.stop();
    const seconds = (lastChange - t0) / 1000;
    return {
      variant,
      offered: r.acked,
      stored,
      storedPct: r.acked ? (100 * stored) / r.acked : 0,
      storedPerSec: seconds > 0 ? stored / seconds : 0,
      latency: p.latency.summary(),
      probesLost: p.lost,
      usage: usage.stop(),
    };
  } finally {
    await red.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function settings(port: number, maxSockets: boolean): string {
  return [
    maxSockets ? "require('http').globalAgent.maxSockets = 512;" : '// stock: Node.js default agent',
    'module.exports = {',
    `  uiPort: ${port},`,
    "  uiHost: '127.0.0.1',",
    "  flowFile: 'flows.json',",
    '  credentialSecret: false,',
    '  httpAdminRoot: false,',
    '  httpNodeRoot: false,',
    "  logging: { console: { level: 'info', metrics: false, audit: false } },",
    '  editorTheme: { projects: { enabled: false } },',
    '  telemetry: { enabled: false },',
    '};',
    '',
  ].join('\n');
}

/** mqtt in → function → influxdb out, as the contrib node's README suggests for 1.x. */
function flow(mqttHost: string, mqttPort: string, influxHost: string, influxPort: string, db: string) {
  const toPoint = [
    'const p = msg.payload;',
    "const parts = msg.topic.split('/');",
    'const fields = { time: new Date(p.ts) };',
    'for (const [name, m] of Object.entries(p.metrics)) fields[name] = m.value;',
    'msg.payload = [fields, { plant: parts[1], device: parts[3] }];',
    'return msg;',
  ].join('\n');
  return [
    { id: 'tab', type: 'tab', label: 'telemetry' },
    {
      id: 'broker',
      type: 'mqtt-broker',
      name: 'mosquitto',
      broker: mqttHost,
      port: mqttPort,
      clientid: '',
      autoConnect: true,
      usetls: false,
      protocolVersion: '4',
      keepalive: '60',
      cleansession: true,
    },
    {
      id: 'in',
      type: 'mqtt in',
      z: 'tab',
      name: 'telemetry',
      topic: 'plants/+/devices/+/telemetry',
      qos: '1',
      datatype: 'json',
      broker: 'broker',
      nl: false,
      rap: true,
      rh: 0,
      inputs: 0,
      wires: [['fn']],
    },
    { id: 'fn', type: 'function', z: 'tab', name: 'to point', func: toPoint, outputs: 1, wires: [['out']] },
    {
      id: 'influx',
      type: 'influxdb',
      hostname: influxHost,
      port: influxPort,
      protocol: 'http',
      database: db,
      name: 'influxdb',
      usetls: false,
      influxdbVersion: '1.x',
    },
    {
      id: 'out',
      type: 'influxdb out',
      z: 'tab',
      influxdb: 'influx',
      name: 'store',
      measurement: 'telemetry',
      precision: 'ms',
      retentionPolicy: '',
      wires: [],
    },
  ];
}
