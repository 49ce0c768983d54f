import { ceilings, plan, redisShardRate, type Inputs } from './model.js';

/** Round inputs, so each figure of the plan can be checked by hand. */
const inputs: Inputs = {
  ingestDirect: 40_000,
  ingestGateway: 200_000,
  gatewayBatch: 50,
  brokerQos1: 25_000,
  influxWrite: 400_000,
  redisXadd: 300_000,
  redisXread: 600_000,
  detection: 100_000,
  entryBytes: 250,
  stateBytes: 2_500,
  postgresWrite: 10_000_000,
  partitions: 32,
  utilisation: 0.5,
  checkpointS: 10,
};

describe('the capacity model', () => {
  it('sizes each part at the planned share of its measured maximum, rounding up', () => {
    const p = plan(inputs, { devices: 1_000_000, intervalS: 1 });
    expect(p.readingsPerS).toBe(1_000_000);
    expect(p.gatewayMsgPerS).toBe(20_000);
    expect(p.ingestDirect).toBe(50); // 1e6 / (0.5 × 40,000)
    expect(p.ingestGateway).toBe(10); // 1e6 / (0.5 × 200,000)
    expect(p.brokerDirect).toBe(80); // 1e6 msg/s / (0.5 × 25,000)
    expect(p.brokerGateway).toBe(2); // 20,000 msg/s / 12,500
    expect(redisShardRate(inputs)).toBe(200_000); // 1 / (1/300k + 1/600k)
    expect(p.redisShards).toBe(10); // 1e6 / (0.5 × 200,000)
    expect(p.detection).toBe(20);
    expect(p.influxNodes).toBe(5); // 1e6 / 200,000
    expect(p.checkpointBytesPerS).toBe(250_000_000); // 1e6 × 2,500 B / 10 s
    expect(p.postgresShare).toBe(25);
    expect(p.minCheckpointS).toBe(500); // 2.5e9 B / 5e6 B/s
    expect(p.streamBacklogBytes).toBe(500 * 1_000_000 * 250);
  });

  it('needs at least one of everything, however small the site', () => {
    const p = plan(inputs, { devices: 10, intervalS: 10 });
    expect([p.ingestDirect, p.brokerDirect, p.redisShards, p.detection, p.influxNodes]).toEqual([1, 1, 1, 1, 1]);
    expect(p.streamBacklogBytes).toBe(10 * 1 * 250); // the configured interval when PostgreSQL keeps up
  });

  it('states the ceilings that more processes do not lift', () => {
    expect(ceilings(inputs).map((c) => [c.value, c.unit])).toEqual([
      [200_000, 'readings/s'], // one InfluxDB OSS node
      [12_500, 'readings/s'], // one Mosquitto node
      [3_200_000, 'readings/s'], // 32 streams × 100,000
      [1_600_000, 'readings/s'], // 32 owners × 50,000
      [20_000, 'devices'], // 0.5 × 1e7 B/s × 10 s / 2,500 B
    ]);
  });
});
