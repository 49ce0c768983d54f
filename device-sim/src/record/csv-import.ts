import type { DevicePayloadV1 } from '#contracts';
import { topics } from '#contracts';
import type { RecordedMessage, RecordingHeader } from './recording.js';

/**
 * Imports historic meter data (CSV, long format, one value per row) as a recording:
 *   timestamp,plant,device,metric,value,unit
 *   2026-11-20T08:00:00+08:00,p1,m1,active_power,48.5,kW
 * `timestamp` is epoch ms or ISO-8601 with a zone. Rows with the same timestamp, plant and device become one
 * reading on the device's topic; the recording's timing follows the timestamps. A `#` line is a comment.
 */
export function importCsv(text: string, source = 'csv'): { header: RecordingHeader; messages: RecordedMessage[] } {
  const lines = text.split(/\r?\n/);
  const head = lines.findIndex((l) => l.trim() && !l.startsWith('#'));
  if (head < 0) throw new Error(`${source}: empty`);
  const cols = lines[head].split(',').map((c) => c.trim().toLowerCase());
  const need = ['timestamp', 'plant', 'device', 'metric', 'value', 'unit'];
  const missing = need.filter((c) => !cols.includes(c));
  if (missing.length) throw new Error(`${source}: header lacks ${missing.join(', ')} (needs ${need.join(',')})`);
  const at = Object.fromEntries(need.map((c) => [c, cols.indexOf(c)])) as Record<string, number>;
  const problems: string[] = [];
  const groups = new Map<string, { ts: number; plant: string; device: string; payload: DevicePayloadV1 }>();
  for (let i = head + 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line.trim() || line.startsWith('#')) continue;
    const f = line.split(',').map((x) => x.trim());
    const rawTs = f[at.timestamp];
    const ts = /^\d+$/.test(rawTs) ? Number(rawTs) : /(Z|[+-]\d\d:?\d\d)$/.test(rawTs) ? Date.parse(rawTs) : NaN;
    const value = Number(f[at.value]);
    if (!Number.isFinite(ts))
      problems.push(`line ${i + 1}: timestamp ${JSON.stringify(rawTs)} (epoch ms or ISO with zone)`);
    if (f[at.value] === '' || !Number.isFinite(value))
      problems.push(`line ${i + 1}: value ${JSON.stringify(f[at.value])}`);
    if (!f[at.plant] || !f[at.device] || !f[at.metric]) problems.push(`line ${i + 1}: plant, device and metric needed`);
    if (problems.length > 20) break;
    if (problems.length) continue;
    const key = `${ts}|${f[at.plant]}|${f[at.device]}`;
    let g = groups.get(key);
    if (!g) {
      g = { ts, plant: f[at.plant], device: f[at.device], payload: { v: 1, ts, metrics: {} } };
      groups.set(key, g);
    }
    g.payload.metrics[f[at.metric]] = { value, unit: f[at.unit] };
  }
  if (problems.length) throw new Error(`${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  const sorted = [...groups.values()].sort((a, b) => a.ts - b.ts);
  const startedAt = sorted[0]?.ts ?? 0;
  return {
    header: { recording: 1, startedAt, source, note: 'imported from CSV' },
    messages: sorted.map((g) => ({
      t: g.ts - startedAt,
      topic: topics.deviceTelemetry(g.plant, g.device),
      qos: 1,
      payload: JSON.stringify(g.payload),
    })),
  };
}
