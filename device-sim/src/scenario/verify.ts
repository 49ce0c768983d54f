import { io } from 'socket.io-client';
import { SOCKET_PATH, type Alert, type FleetSpec, type HistoryResponse, type RotatedSecret } from '#contracts';
import { loadFleet, type Credentials, type SimFleet } from '../fleet/fleet-file.js';
import type { SimDevice } from '../device.js';
import { formatMatch, matchAlerts, resolveExpectations, type MatchResult } from './match.js';
import { runScenario, scenarioDevices, scenarioWindow, type ScenarioRunResult } from './run.js';
import { scenarioFleetPath, type Scenario } from './scenario-file.js';
import { platformFetch } from '../platform-api.js';

export interface VerifyOptions {
  /** the platform's HTTP base URL (REST API and socket.io) */
  url: string;
  /** its MQTT broker */
  mqttUrl: string;
  runId: string;
  /** fleet to use (e.g. with device secrets) instead of the scenario's file or the platform's GET /api/fleet */
  fleet?: SimFleet;
  now?: () => number;
  credentials?: (device: SimDevice) => Credentials | undefined;
  log?: (line: string) => void;
}

export interface VerifyResult {
  ok: boolean;
  run: ScenarioRunResult;
  match: MatchResult;
  alerts: Alert[];
  /** the readable diff */
  report: string;
  /** whether GET /api/alerts answered (else only socket.io events were seen) */
  restAlerts: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** how often GET /api/alerts is asked while waiting for the expected alerts */
const POLL_MS = 500;

/** The platform's MQTT broker: its port as GET /api/sim/runs tells it, on the host of `url`; 1883 if it does not. */
export async function platformMqttUrl(url: string): Promise<string> {
  const host = new URL(url).hostname;
  const res = await platformFetch(new URL('/api/sim/runs', url)).catch(() => undefined);
  const port = res?.ok ? ((await res.json()) as { mqttPort?: number }).mqttPort : undefined;
  return `mqtt://${host}:${port ?? 1883}`;
}

/**
 * Refuses to run on a device that already has readings inside the scenario's data window (an earlier run, or a
 * live meter or the demo plant publishing for it): detection reads each device's data in time order, so readings
 * stamped before ones it has seen could not be judged, and the verdict would be wrong.
 */
async function checkWindowFree(url: string, devices: SimFleet['devices'], from: number, to: number): Promise<void> {
  const taken: string[] = [];
  for (const d of devices) {
    const path = `/api/history/plants/${encodeURIComponent(d.plantId)}/devices/${encodeURIComponent(d.id)}`;
    const res = await platformFetch(new URL(`${path}?from=${from}&to=${to}&resolution=1h`, url));
    if (res.status === 404) continue; // not registered yet, or no history endpoint: nothing stored for it
    if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status}`);
    if (((await res.json()) as HistoryResponse).rows.length) taken.push(`${d.plantId}/${d.id}`);
  }
  if (taken.length)
    throw new Error(
      `${taken.join(', ')} already ${taken.length > 1 ? 'have' : 'has'} readings inside this scenario's data window ` +
        `(${new Date(from).toISOString()} to now): detection reads a device's data in time order, so this run could ` +
        'not be judged. Run it on devices with no data in that window (a copy of its fleet file with other ids, ' +
        'passed with --fleet), or against an empty data directory (and, for demo devices, QW_DEMO=false).',
    );
}

/**
 * Registers the scenario's devices the platform does not know yet (POST /api/fleet/devices), with the fleet
 * file's secret, or keeps the secret the platform generates; devices it knows are left as they are.
 */
async function registerDevices(url: string, devices: SimFleet['devices'], log: (line: string) => void): Promise<void> {
  for (const d of devices) {
    const path = `/api/fleet/plants/${encodeURIComponent(d.plantId)}/devices/${encodeURIComponent(d.id)}`;
    const known = await platformFetch(new URL(path, url));
    if (known.ok) continue;
    if (known.status !== 404) throw new Error(`GET ${path}: HTTP ${known.status}`);
    const { id, plantId, class: cls, name, nameplate, secret } = d;
    const res = await platformFetch(new URL('/api/fleet/devices', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id, plantId, class: cls, name, nameplate, ...(secret ? { secret } : {}) }),
    });
    const body = (await res.json().catch(() => ({}))) as { credentials?: RotatedSecret; message?: unknown };
    if (!res.ok)
      throw new Error(
        `registering device ${plantId}/${id} (POST /api/fleet/devices): HTTP ${res.status} ${JSON.stringify(body.message)}` +
          (res.status === 400 ? ` (is plant ${plantId} in the platform's fleet file?)` : ''),
      );
    d.secret = body.credentials?.secret ?? secret;
    log(`registered device ${plantId}/${id} on the platform (POST /api/fleet/devices)`);
  }
}

/** The platform's fleet, from the scenario's fleet file or GET /api/fleet. */
async function fleetFor(s: Scenario, url: string): Promise<SimFleet> {
  const path = scenarioFleetPath(s);
  if (path) return loadFleet(path);
  const res = await platformFetch(new URL('/api/fleet', url));
  if (!res.ok) throw new Error(`GET /api/fleet: HTTP ${res.status}`);
  return (await res.json()) as FleetSpec as SimFleet;
}

/** GET /api/alerts; undefined when the platform has no such endpoint. */
async function restAlerts(url: string): Promise<Alert[] | undefined> {
  const res = await platformFetch(new URL('/api/alerts', url));
  if (res.status === 404) return undefined;
  if (!res.ok) throw new Error(`GET /api/alerts: HTTP ${res.status}`);
  const body = (await res.json()) as Alert[] | { alerts?: Alert[]; items?: Alert[] };
  return Array.isArray(body) ? body : (body.alerts ?? body.items ?? []);
}

/**
 * Runs a scenario against a live platform and compares the alerts it raised with the ones expected. Alerts are
 * collected from socket.io `alert` events during the run and from GET /api/alerts after it has settled.
 */
export async function verifyScenario(s: Scenario, o: VerifyOptions): Promise<VerifyResult> {
  const log = o.log ?? (() => undefined);
  const fleet = o.fleet ?? (await fleetFor(s, o.url));
  const devices = scenarioDevices(s, fleet);
  const now = (o.now ?? Date.now)();
  await checkWindowFree(o.url, devices, scenarioWindow(s, now).from, now);
  await registerDevices(o.url, devices, log);
  const seen = new Map<string, Alert>();
  const socket = io(o.url, {
    path: SOCKET_PATH,
    transports: ['websocket'],
    reconnection: false,
    ...(process.env.QW_API_TOKEN ? { auth: { token: process.env.QW_API_TOKEN } } : {}),
  });
  socket.on('alert', (a: Alert) => seen.set(a.id, a));
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (e) => reject(new Error(`socket.io ${o.url}: ${e.message}`)));
    });
    log(`running "${s.name}" against ${o.url} (mqtt ${o.mqttUrl}), run ${o.runId}`);
    let lastPct = -1;
    const run = await runScenario(s, {
      brokerUrl: o.mqttUrl,
      fleet,
      runId: o.runId,
      now,
      credentials: o.credentials,
      onProgress: ({ step, steps, stats }) => {
        const pct = Math.floor((100 * step) / steps / 10) * 10;
        if (pct !== lastPct) log(`  ${pct}% of data time, ${stats.acked} readings acknowledged`);
        lastPct = pct;
      },
    });
    log(
      `sent ${run.stats.sent}, acknowledged ${run.stats.acked}, refused ${run.stats.refused}; waiting up to ${s.settle} ms for alerts`,
    );
    // wait for detection to catch up: until every expected alert has opened (then one more poll, for stragglers),
    // at most `settle`; a scenario that expects none waits the whole `settle` for unexpected ones
    const inRun = new Set(run.devices);
    const expected = resolveExpectations(s.expect, run.from, run.faults);
    const collect = async (): Promise<{ alerts: Alert[]; rest: boolean }> => {
      const rest = await restAlerts(o.url);
      for (const a of rest ?? []) seen.set(a.id, a);
      const alerts = [...seen.values()].filter(
        (a) => inRun.has(`${a.plantId}/${a.deviceId}`) && a.openedAt >= run.from && a.openedAt <= run.to + s.step,
      );
      return { alerts, rest: !!rest };
    };
    const deadline = Date.now() + s.settle;
    let got = await collect();
    while (Date.now() < deadline && !(expected.length && matchAlerts(expected, got.alerts).ok)) {
      await sleep(Math.min(POLL_MS, Math.max(0, deadline - Date.now())));
      got = await collect();
    }
    if (expected.length && matchAlerts(expected, got.alerts).ok) {
      await sleep(POLL_MS);
      got = await collect();
    }
    const { alerts } = got;
    const rest = got.rest;
    const match = matchAlerts(expected, alerts);
    return { ok: match.ok, run, match, alerts, report: formatMatch(s.name, match, run.from), restAlerts: rest };
  } finally {
    socket.close();
  }
}
