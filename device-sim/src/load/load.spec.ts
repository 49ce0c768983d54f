import { Histogram } from './histogram.js';
import { planLoad } from './plan.js';
import { generateFleet } from '../fleet/generate.js';

describe('latency histogram', () => {
  it('gives percentiles within the 2 % bucket width', () => {
    const h = new Histogram();
    for (let i = 1; i <= 10_000; i++) h.record(i / 100); // 0.01 .. 100 ms uniformly
    expect(h.percentile(50) / 50).toBeCloseTo(1, 1);
    expect(h.percentile(99) / 99).toBeCloseTo(1, 1);
    expect(h.summary()).toMatchObject({ count: 10_000, max: 100 });
  });
});

describe('load plan', () => {
  const fleet = generateFleet({ devices: 1000, gateways: 8, seed: 1, secrets: true });

  it('gateway mode: one connection per gateway with its secret, every device on its gateway', () => {
    const { conns } = planLoad(fleet, { mode: 'gateway', devices: 1000, runId: 'r' });
    expect(conns).toHaveLength(8);
    expect(conns.reduce((n, c) => n + c.devices.length, 0)).toBe(1000);
    expect(conns[0].credentials).toEqual({ username: 'plant-1/gw-001', password: fleet.gateways![0].secret });
    expect(conns[0].gatewayTopic).toBe('plants/plant-1/gateways/gw-001/telemetry');
  });

  it('direct mode: devices with secrets get their own connection; without, M shared ones', () => {
    expect(planLoad(fleet, { mode: 'direct', devices: 50, connections: 4, runId: 'r' }).conns).toHaveLength(50);
    const open = generateFleet({ devices: 50, gateways: 0 });
    expect(planLoad(open, { mode: 'direct', devices: 50, connections: 4, runId: 'r' }).conns).toHaveLength(4);
    expect(() => planLoad(open, { mode: 'gateway', devices: 10, runId: 'r' })).toThrow(/no gatewayId/);
  });
});
