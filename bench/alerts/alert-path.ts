/**
 * Alert path benchmark (a program, not a test): the server's own alert service, state store and webhook outbox, in
 * this process, timed from `AlertService.onOpen` (what detection calls) to the socket.io emit, while the disk is
 * shared with the load a plant puts on it:
 *  - a spool-like writer appending readings back to back with write + fdatasync (`--readings` per second);
 *  - the detection-state snapshot of `--devices` devices (real detector states), saved every `--snapshot-every` s
 *    (the server saves every 30 s; a short run saves more often so its alerts meet it);
 *  - `--subscribers` webhook subscribers (default 1; a local receiver answering 204), so every alert also goes
 *    through the outbox (0: none, as a server without QW_WEBHOOKS_FILE).
 * Same-run reference: one append + fdatasync on a kept-open file, timed at the same moments under the same load,
 * which is the least any durable path can take. Prints one JSON document with both phases (quiet, loaded).
 *
 *   npm run bench:alerts -- --seconds 8 --alerts 20 --readings 11500 --devices 20000 --snapshot-every 2 --subscribers 1
 */
import { createServer } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { DeviceSpec } from '#contracts';
import { createContext, initialState, paramsWith, type OpenEvent } from '#detection';
import { AlertService } from '../../apps/server/src/alerts/alert.service.js';
import { SqlAlertStore } from '../../apps/server/src/alerts/sql-alert-store.js';
import { openStateDb } from '../../apps/server/src/state/state-db.js';
import { WebhookService } from '../../apps/server/src/regulator/webhooks/webhook.service.js';
import type { LiveGateway } from '../../apps/server/src/live/live.gateway.js';
import type { AppConfig } from '../../apps/server/src/config/config.js';
import { createLogger } from '../../apps/server/src/logger.js';
import { cli, positive } from '../lib/cli.js';

const o = cli(
  process.argv.slice(2),
  'npm run bench:alerts -- [options]',
  'Times the alert path (AlertService.onOpen to the socket.io emit) quiet and under spool-like disk load, with a\nsame-run append + fdatasync reference; prints one JSON document.',
  {
    seconds: { type: 'string', arg: '<n>', help: 'seconds per phase (default 8)' },
    alerts: { type: 'string', arg: '<n>', help: 'alerts opened per second (default 20)' },
    readings: { type: 'string', arg: '<n>', help: 'spool-like readings appended per second (default 11500)' },
    devices: { type: 'string', arg: '<n>', help: 'devices in the detection-state snapshot (default 20000)' },
    'snapshot-every': { type: 'string', arg: '<s>', help: 'seconds between snapshots (default 2)' },
    subscribers: { type: 'string', arg: '<n>', help: 'webhook subscribers (default 1; 0 for none)' },
  },
  (v) => v,
);
const arg = (name: keyof typeof o, dflt: number) => {
  const text = o[name];
  // 0 subscribers is allowed; every other figure must be positive
  return name === 'subscribers' && text === '0'
    ? 0
    : positive(text, name, dflt, name === 'devices' || name === 'subscribers');
};
const SECONDS = arg('seconds', 8);
const ALERTS_PER_S = arg('alerts', 20);
const READINGS_PER_S = arg('readings', 11_500);
const DEVICES = arg('devices', 20_000);
const SNAPSHOT_EVERY_S = arg('snapshot-every', 2);
const SUBSCRIBERS = arg('subscribers', 1);
/** a reading line in the spool is ~200 bytes of JSON */
const READING_LINE = `${JSON.stringify({ r: [{ plantId: 'p', deviceId: 'm0', ts: 1, metrics: { active_power: 40 } }] })}${' '.repeat(120)}\n`;

const pct = (v: number[], p: number) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length ? round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]) : NaN;
};
const round = (x: number) => Math.round(x * 10) / 10;
const summary = (v: number[]) => ({ n: v.length, p50: pct(v, 50), p95: pct(v, 95), p99: pct(v, 99), max: pct(v, 100) });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const motor = (plantId: string, id: string): DeviceSpec =>
  ({ id, plantId, class: 'motor', name: id, nameplate: { ratedKw: 55, ratedEfficiency: 94.6 } }) as DeviceSpec;

const gap = (ts: number): OpenEvent => ({
  type: 'open',
  rule: 'dq.gap',
  kind: 'data_quality',
  priority: 'low',
  ts,
  message: { en: 'no data for 11 min', zh: '11 分钟无数据' },
  evidence: { gapMs: 660_000 },
});

/** Back-to-back group commits of reading lines: what the spool does to the disk at `perS` readings/s. */
function fsyncLoad(file: FileHandle, perS: number) {
  let stop = false;
  let owed = 0;
  const commits: number[] = [];
  const feed = setInterval(() => (owed += (perS * 5) / 1000), 5);
  const loop = (async () => {
    while (!stop) {
      const n = Math.floor(owed);
      if (n === 0) {
        await sleep(1);
        continue;
      }
      owed -= n;
      const t = performance.now();
      await file.write(READING_LINE.repeat(n));
      await file.datasync();
      commits.push(performance.now() - t);
    }
  })();
  return {
    async stop() {
      stop = true;
      clearInterval(feed);
      await loop;
      return commits;
    },
  };
}

async function phase(name: string, loaded: boolean, dir: string, receiverUrl: string, states: Record<string, unknown>) {
  const dataDir = join(dir, name);
  const webhooksFile = join(dir, `${name}-webhooks.json`);
  const subscribers = Array.from({ length: SUBSCRIBERS }, (_, i) => ({
    id: `regulator-${i}`,
    url: receiverUrl,
    secret: '0123456789abcdef',
  }));
  writeFileSync(webhooksFile, JSON.stringify(subscribers));
  const log = createLogger('silent');
  const emitted = new Map<string, number>();
  const live = {
    emitToPlant: (_plantId: string, event: string, a: { deviceId: string }) => {
      if (event === 'alert') emitted.set(a.deviceId, performance.now());
    },
  } as unknown as LiveGateway;
  const state = openStateDb({ engine: 'embedded', dataDir });
  await state.migrate();
  const alerts = new AlertService(new SqlAlertStore(state), live, log);
  await alerts.onModuleInit();
  const webhooks = new WebhookService(
    alerts,
    { dataDir, webhooksFile, webhookMaxPending: 10_000 } as AppConfig,
    log,
    state,
  );
  webhooks.onModuleInit();

  const spool = await open(join(dir, `${name}-spool.jsonl`), 'a');
  const bare = await open(join(dir, `${name}-bare.jsonl`), 'a');
  const load = loaded ? fsyncLoad(spool, READINGS_PER_S) : undefined;
  const snapshots: number[] = [];
  const snapshot = () => {
    const t = performance.now();
    void alerts.saveDetection(states).then(() => snapshots.push(performance.now() - t));
  };
  // one snapshot as the phase starts, then one every SNAPSHOT_EVERY_S
  if (loaded) snapshot();
  const snapshotTimer = loaded ? setInterval(snapshot, SNAPSHOT_EVERY_S * 1000) : undefined;
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();

  const latencies: number[] = [];
  const bareMs: number[] = [];
  const pending: Array<Promise<void>> = [];
  const end = performance.now() + SECONDS * 1000;
  let sent = 0;
  for (let i = 0; performance.now() < end; i++, sent++) {
    // one plant per alert, so no plant reaches the flood rule (> 10 alerts in 10 min) and every alert is alike
    const device = motor(`p${i}`, `m${i}`);
    const t0 = performance.now();
    pending.push(
      alerts.onOpen(device, gap(Date.now())).then(() => {
        const at = emitted.get(device.id);
        if (at !== undefined) latencies.push(at - t0);
      }),
    );
    const tb = performance.now();
    pending.push(
      bare
        .write(`{"id":"bare-${i}"}\n`)
        .then(() => bare.datasync())
        .then(() => void bareMs.push(performance.now() - tb)),
    );
    await sleep(1000 / ALERTS_PER_S);
  }
  await Promise.all(pending);
  delay.disable();
  clearInterval(snapshotTimer);
  const commits = (await load?.stop()) ?? [];
  await alerts.stop();
  await webhooks.stop();
  await state.close();
  await spool.close();
  await bare.close();
  const path = summary(latencies);
  const floor = summary(bareMs);
  return {
    /** alerts whose onOpen resolved without an emit (must be 0) */
    missed: sent - latencies.length,
    alertPathMs: path,
    bareAppendFsyncMs: floor,
    p50OverBare: round(path.p50 / floor.p50),
    p99OverBare: round(path.p99 / floor.p99),
    readingCommitsMs: loaded ? summary(commits) : undefined,
    snapshotSaveMs: loaded ? summary(snapshots) : undefined,
    eventLoopDelayMs: { p99: round(delay.percentile(99) / 1e6), max: round(delay.max / 1e6) },
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'qw-bench-alerts-'));
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(204).end());
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const params = paramsWith(60 * 60_000, 60 * 60_000);
  const states: Record<string, unknown> = {};
  for (let i = 0; i < DEVICES; i++)
    states[`plant/m${i}`] = initialState(createContext(motor('plant', `m${i}`), params));
  const snapshotMb = round(JSON.stringify(states).length / 1e6);

  const quiet = await phase('quiet', false, dir, receiverUrl, states);
  const loaded = await phase('loaded', true, dir, receiverUrl, states);
  receiver.close();
  rmSync(dir, { recursive: true, force: true });
  const out = {
    seconds: SECONDS,
    alertsPerS: ALERTS_PER_S,
    readingsPerS: READINGS_PER_S,
    snapshot: { devices: DEVICES, mb: snapshotMb, everyS: SNAPSHOT_EVERY_S },
    webhookSubscribers: SUBSCRIBERS,
    quiet,
    loaded,
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  process.exit(quiet.missed === 0 && loaded.missed === 0 ? 0 : 1);
}

main().catch((e: Error) => {
  process.stderr.write(`bench:alerts failed: ${e.stack ?? e.message}\n`);
  process.exit(1);
});
