import { decodeTelemetry, DEFAULT_TIMESTAMP_POLICY, type DecodeContext } from './telemetry.js';
import type { DeviceSpec } from './fleet.js';
import { parseTelemetryTopic } from './topics.js';

const NOW = Date.parse('2026-11-23T08:00:00Z');
const devices: DeviceSpec[] = [
  { id: 'm1', plantId: 'p1', class: 'motor', name: 'm1', nameplate: { ratedKw: 55 } },
  { id: 'b1', plantId: 'p1', class: 'boiler', name: 'b1', nameplate: {}, gatewayId: 'gw1' },
  { id: 'm2', plantId: 'p1', class: 'motor', name: 'm2', nameplate: {}, gatewayId: 'gw1' },
];
const ctx = (topic: string): DecodeContext => ({
  topic: parseTelemetryTopic(topic)!,
  now: NOW,
  policy: DEFAULT_TIMESTAMP_POLICY,
  lookupDevice: (p, d) => devices.find((x) => x.plantId === p && x.id === d),
});
const M1 = 'plants/p1/devices/m1/telemetry';
const kw = (value: number, unit = 'kW') => ({ active_power: { value, unit } });

describe('decodeTelemetry: a device message', () => {
  it('accepts a valid reading and converts to canonical units', () => {
    const r = decodeTelemetry(JSON.stringify({ v: 1, ts: NOW - 5000, seq: 7, metrics: kw(0.5, 'MW') }), ctx(M1));
    expect(r.rejections).toEqual([]);
    expect(r.readings).toEqual([
      { plantId: 'p1', deviceId: 'm1', class: 'motor', ts: NOW - 5000, seq: 7, metrics: { active_power: 500 } },
    ]);
  });

  it('takes ISO-8601 timestamps with a zone, and stamps a missing one with the receipt time', () => {
    const iso = decodeTelemetry(JSON.stringify({ v: 1, ts: '2026-11-23T15:59:00+08:00', metrics: kw(1) }), ctx(M1));
    expect(iso.readings[0].ts).toBe(NOW - 60_000);
    const none = decodeTelemetry(JSON.stringify({ v: 1, metrics: kw(1) }), ctx(M1));
    expect(none.readings[0]).toMatchObject({ ts: NOW, tsFromServer: true });
  });

  it.each([
    ['not json', '{"v":1,', 'MALFORMED_JSON'],
    ['invalid utf-8', Buffer.from([0x7b, 0xff, 0x7d]), 'MALFORMED_JSON'],
    ['an array', '[]', 'SCHEMA'],
    ['a wrong version', JSON.stringify({ v: 2, metrics: kw(1) }), 'SCHEMA'],
    ['metrics not an object', JSON.stringify({ v: 1, metrics: 3 }), 'SCHEMA'],
    ['a bare number metric', JSON.stringify({ v: 1, metrics: { active_power: 3 } }), 'SCHEMA'],
    [
      'an unknown metric',
      JSON.stringify({ v: 1, metrics: { ...kw(1), warp: { value: 1, unit: 'x' } } }),
      'UNKNOWN_METRIC',
    ],
    ['a unit of the wrong kind', JSON.stringify({ v: 1, metrics: kw(1, 'm3/h') }), 'UNIT'],
    ['an implausible value', JSON.stringify({ v: 1, metrics: kw(5e9) }), 'IMPLAUSIBLE_VALUE'],
    [
      'a missing required metric',
      JSON.stringify({ v: 1, metrics: { current: { value: 3, unit: 'A' } } }),
      'MISSING_METRIC',
    ],
    ['a timestamp far ahead', JSON.stringify({ v: 1, ts: NOW + 3_600_000, metrics: kw(1) }), 'TIMESTAMP_SKEW'],
    ['a timestamp 30 days old', JSON.stringify({ v: 1, ts: NOW - 30 * 86_400_000, metrics: kw(1) }), 'TIMESTAMP_SKEW'],
    ['a zoneless ISO time', JSON.stringify({ v: 1, ts: '2026-11-23T08:00:00', metrics: kw(1) }), 'SCHEMA'],
    ['a negative seq', JSON.stringify({ v: 1, seq: -1, metrics: kw(1) }), 'SCHEMA'],
  ])('rejects %s', (_name, payload, reason) => {
    const r = decodeTelemetry(payload as string, ctx(M1));
    expect(r.readings).toEqual([]);
    expect(r.rejections.map((x) => x.reason)).toEqual([reason]);
    expect(r.rejections[0].detail.length).toBeGreaterThan(5);
  });

  it('rejects a reading for a device the fleet does not know', () => {
    const r = decodeTelemetry(JSON.stringify({ v: 1, metrics: kw(1) }), ctx('plants/p1/devices/nope/telemetry'));
    expect(r.rejections).toEqual([expect.objectContaining({ reason: 'UNKNOWN_DEVICE', deviceId: 'nope' })]);
  });
});

describe('decodeTelemetry: a gateway batch', () => {
  const GW = 'plants/p1/gateways/gw1/telemetry';
  it('keeps the good readings when one in the batch is bad', () => {
    const boiler = {
      steam_flow: { value: 10, unit: 't/h' },
      steam_enthalpy: { value: 2780, unit: 'kJ/kg' },
      feedwater_enthalpy: { value: 440, unit: 'kJ/kg' },
      gas_flow: { value: 800, unit: 'Nm3/h' },
      gas_ncv: { value: 35.588, unit: 'MJ/Nm3' },
    };
    const payload = {
      v: 1,
      readings: [
        { device: 'b1', ts: NOW - 1000, metrics: boiler },
        { device: 'm2', ts: NOW - 1000, metrics: kw(-5e9) },
        { device: 'm1', ts: NOW - 1000, metrics: kw(3) },
        { device: 'm2', ts: NOW - 1000, metrics: kw(3) },
        { ts: NOW },
      ],
    };
    const r = decodeTelemetry(JSON.stringify(payload), ctx(GW));
    expect(r.readings.map((x) => x.deviceId)).toEqual(['b1', 'm2']);
    expect(r.readings[0].metrics.gas_ncv).toBe(35588);
    expect(r.rejections.map((x) => [x.index, x.reason])).toEqual([
      [1, 'IMPLAUSIBLE_VALUE'],
      [2, 'NOT_AUTHORIZED'],
      [4, 'SCHEMA'],
    ]);
  });

  it('requires a readings array', () => {
    const r = decodeTelemetry(JSON.stringify({ v: 1, metrics: {} }), ctx(GW));
    expect(r.rejections[0].reason).toBe('SCHEMA');
  });
});

describe('parseTelemetryTopic', () => {
  it('parses device and gateway topics and refuses others', () => {
    expect(parseTelemetryTopic('plants/p1/devices/m1/telemetry')).toEqual({
      kind: 'device',
      plantId: 'p1',
      deviceId: 'm1',
    });
    expect(parseTelemetryTopic('plants/p1/gateways/g/telemetry')).toEqual({
      kind: 'gateway',
      plantId: 'p1',
      gatewayId: 'g',
    });
    expect(parseTelemetryTopic('plants/p1/devices/m1/errors')).toBeUndefined();
    expect(parseTelemetryTopic('plants/p1/devices/+/telemetry')).toBeUndefined();
  });
});
