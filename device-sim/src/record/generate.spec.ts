import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseFleet } from '../fleet/fleet-file.js';
import { generateFleet } from '../fleet/generate.js';
import { generateRecording, recordingText } from './generate.js';
import { parseRecording } from './recording.js';
import type { FaultSpec } from '../faults/index.js';

const DEMO = parseFleet(readFileSync(fileURLToPath(new URL('../../fleets/demo.json', import.meta.url)), 'utf8'));
const END = Date.parse('2026-11-23T08:00:00Z');
const faults: FaultSpec[] = [
  { type: 'efficiency_step', device: 'mill-motor-1', at: '20m', drop: 0.08 },
  { type: 'sensor_spike', device: 'boiler-1', metric: 'fuel_flow', every: 7 },
  { type: 'late', device: 'tx-2', at: '30m', delay: '5m' },
];
const gen = (seed: number, runId = 'det') =>
  recordingText(
    generateRecording({ fleet: DEMO, seed, runId, from: END - 3_600_000, to: END, stepMs: 10_000, faults }),
  );

describe('determinism: the same seed gives the same bytes', () => {
  it('an hour of the demo fleet with faults, generated twice, is byte-for-byte identical', () => {
    const a = gen(7);
    const b = gen(7);
    expect(a.length).toBeGreaterThan(1_000_000);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('another seed gives other readings, same shape; the run id marks every payload', () => {
    const a = parseRecording(gen(7, 'run-a'));
    const b = parseRecording(gen(8, 'run-b'));
    expect(b.messages.map((m) => m.topic)).toEqual(a.messages.map((m) => m.topic));
    expect(b.messages.map((m) => m.payload)).not.toEqual(a.messages.map((m) => m.payload));
    for (const m of a.messages) expect(JSON.parse(m.payload!).sim).toBe('run-a');
  });

  it('a device keeps its own stream when others join the fleet (per-device seeds)', () => {
    const small = { ...DEMO, devices: DEMO.devices.filter((d) => d.id === 'kiln-1') };
    const one = generateRecording({ fleet: small, seed: 3, runId: 'x', from: END - 60_000, to: END, stepMs: 10_000 });
    const all = generateRecording({ fleet: DEMO, seed: 3, runId: 'x', from: END - 60_000, to: END, stepMs: 10_000 });
    expect(all.messages.filter((m) => m.topic.includes('/kiln-1/'))).toEqual(one.messages);
  });

  it('fleet generate is deterministic too, and spreads devices over gateways of their plant', () => {
    const f = generateFleet({ devices: 1000, gateways: 8, seed: 5, secrets: true });
    expect(JSON.stringify(generateFleet({ devices: 1000, gateways: 8, seed: 5, secrets: true }))).toBe(
      JSON.stringify(f),
    );
    const gw = new Map(f.gateways!.map((g) => [g.id, g.plantId]));
    for (const d of f.devices) expect(gw.get(d.gatewayId!)).toBe(d.plantId);
    expect(new Set(f.devices.map((d) => d.class)).size).toBe(7);
    expect(() => parseFleet(JSON.stringify(f))).not.toThrow();
  });
});
