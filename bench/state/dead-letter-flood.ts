/**
 * Dead-letter flood benchmark (a program, not a test): the built server as its own process, `--publishers` MQTT
 * clients of one device publishing `--messages` malformed payloads at QoS 1 as fast as the server acknowledges them
 * (each one becomes a dead letter, committed before its PUBACK). Prints one JSON document: time from spawn to
 * "qinwatt ready", acknowledged messages per second, the server's resident memory (now and peak), and what the
 * dead letters hold afterwards. `--main` runs another build of the server (e.g. an earlier version) the same way.
 *
 *   npm run bench:dead-letters -- --messages 20000 --publishers 8
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import mqtt from 'mqtt';
import type { DeadLetterPage } from '#contracts';
import { SERVER_MAIN, SERVER_NODE_FLAGS } from '../lib/server.js';

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const MESSAGES = Number(arg('messages', '20000'));
const PUBLISHERS = Number(arg('publishers', '8'));
const MAIN = arg('main', SERVER_MAIN);
const FLEET = fileURLToPath(new URL('../../../test/fixtures/ingest-fleet.json', import.meta.url));

/** VmRSS and VmHWM (peak) of a process, in MB */
function memory(pid: number): { rssMb: number; peakRssMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakRssMb: Math.round(kb('VmHWM') / 1024) };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'qw-bench-dl-'));
  const t0 = performance.now();
  const proc = spawn(process.execPath, [...SERVER_NODE_FLAGS, MAIN], {
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      QW_HTTP_PORT: '0',
      QW_MQTT_PORT: '0',
      QW_DATA_DIR: dataDir,
      QW_DEMO: 'false',
      QW_FLEET_FILE: FLEET,
      QW_LOG_LEVEL: 'info', // "qinwatt ready" is an info line,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const { httpUrl, mqttUrl, bootMs } = await new Promise<{ httpUrl: string; mqttUrl: string; bootMs: number }>(
    (resolve, reject) => {
      let mqttUrl = '';
      proc.once('exit', (code) => reject(new Error(`server exited ${code}`)));
      createInterface({ input: proc.stdout! }).on('line', (line) => {
        if (!line.startsWith('{')) return;
        const rec = JSON.parse(line) as { msg?: string; port?: number; url?: string };
        if (rec.msg === 'mqtt broker listening') mqttUrl = `mqtt://127.0.0.1:${rec.port}`;
        if (rec.msg === 'qinwatt ready') resolve({ httpUrl: rec.url!, mqttUrl, bootMs: performance.now() - t0 });
      });
    },
  );
  const idle = memory(proc.pid!);
  const clients = await Promise.all(
    Array.from({ length: PUBLISHERS }, (_, i) =>
      mqtt.connectAsync(mqttUrl, {
        clientId: `p1/m1/flood-${i}`,
        username: 'p1/m1',
        password: 'test-secret-m1',
        protocolVersion: 4,
        reconnectPeriod: 0,
      }),
    ),
  );
  const payload = Buffer.from('{"v":1,"ts":'); // cut short: MALFORMED_JSON
  let peak = idle.peakRssMb;
  const sampler = setInterval(() => (peak = Math.max(peak, memory(proc.pid!).rssMb)), 100);
  const start = performance.now();
  const per = Math.ceil(MESSAGES / PUBLISHERS);
  // each publisher keeps up to 100 messages in flight (the window a meter library typically allows)
  await Promise.all(
    clients.map(async (c) => {
      for (let sent = 0; sent < per; sent += 100)
        await Promise.all(
          Array.from({ length: Math.min(100, per - sent) }, () =>
            c.publishAsync('plants/p1/devices/m1/telemetry', payload, { qos: 1 }),
          ),
        );
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  clearInterval(sampler);
  const after = memory(proc.pid!);
  const page = (await (await fetch(`${httpUrl}/api/dead-letters?limit=1`)).json()) as DeadLetterPage;
  const health = (await (await fetch(`${httpUrl}/health`)).json()) as { counters?: { rejected?: unknown } };
  await Promise.all(clients.map((c) => c.endAsync()));
  proc.kill('SIGTERM');
  await new Promise((r) => proc.once('exit', r));
  console.log(
    JSON.stringify(
      {
        server: MAIN,
        messages: per * PUBLISHERS,
        publishers: PUBLISHERS,
        bootMs: Math.round(bootMs),
        ackedPerSecond: Math.round((per * PUBLISHERS) / seconds),
        rssIdleMb: idle.rssMb,
        rssAfterMb: after.rssMb,
        rssPeakDuringFloodMb: Math.max(peak, after.peakRssMb),
        newestDeadLetterId: page.items[0]?.id,
        deadLettersDropped: page.dropped,
        rejected: health.counters?.rejected,
      },
      null,
      1,
    ),
  );
}

await main();
