import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { DeadLetter, DeadLetterPage, Reading } from '#contracts';
import type { ServerProcess } from './server-process.js';
import { apiFetch } from './server-process.js';

export const INGEST_FLEET = join(process.cwd(), 'test/fixtures/ingest-fleet.json');

/** Credentials of test/fixtures/ingest-fleet.json (and fleet.json for m1, t1): `test-secret-{id}`. */
export const creds = (id: string, plantId = 'p1') => ({ username: `${plantId}/${id}`, password: `test-secret-${id}` });

export function connect(url: string, id: string, opts: IClientOptions = {}): Promise<MqttClient> {
  return mqtt.connectAsync(url, {
    clientId: `${creds(id).username}/${Math.random().toString(36).slice(2, 8)}`,
    protocolVersion: 4,
    reconnectPeriod: 0,
    ...creds(id),
    ...opts,
  });
}

export async function getJson<T>(url: string): Promise<T> {
  const res = await apiFetch(url);
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Every dead letter matching the filter, following the cursor through all pages. */
export async function allDeadLetters(server: ServerProcess, filter = ''): Promise<DeadLetter[]> {
  const out: DeadLetter[] = [];
  let cursor: number | undefined;
  do {
    const page = await getJson<DeadLetterPage>(
      `${server.httpUrl}/api/dead-letters?limit=1000${filter}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** Sum of a Prometheus sample (all label sets matching `labels`) from /metrics. */
export async function metric(server: ServerProcess, name: string, labels = ''): Promise<number> {
  const text = await (await apiFetch(`${server.httpUrl}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-z_]+)(\{[^}]*\})? (\S+)$/.exec(line);
    if (m && m[1] === name && (!labels || (m[2] ?? '').includes(labels))) sum += Number(m[3]);
  }
  return sum;
}

/** Waits until everything spooled has been written to the store. */
export async function spoolDrained(server: ServerProcess, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const h = await getJson<{ counters: { spoolPending: number } }>(`${server.httpUrl}/health`);
    if (h.counters.spoolPending === 0) return;
    if (Date.now() > deadline) throw new Error(`spool not drained: ${h.counters.spoolPending} pending`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The embedded store's readings, read from its hour files (`store/raw/telemetry/<hour>.jsonl`): one per
 * (plant, device, ts), as the store keys them.
 */
export function storedReadings(dataDir: string): Map<string, Reading> {
  const out = new Map<string, Reading>();
  const dir = join(dataDir, 'store', 'raw', 'telemetry');
  if (!existsSync(dir)) return out;
  const lines = readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n'));
  for (const line of lines) {
    if (!line) continue;
    try {
      const r = JSON.parse(line) as Reading;
      out.set(`${r.plantId}/${r.deviceId}/${r.ts}`, r);
    } catch {
      // torn tail after a kill: never acknowledged
    }
  }
  return out;
}

export const motor = (ts: number, kw = 40, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ v: 1, ts, metrics: { active_power: { value: kw, unit: 'kW' } }, ...extra });
