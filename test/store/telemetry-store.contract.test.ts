import { execFileSync } from 'node:child_process';
import { requireInfluxInCi } from '../support/influx.js';
import { embeddedAdapter, INFLUX2, influxdb1Adapter, influxdb2Adapter } from './adapters.js';
import { telemetryStoreContract } from './contract.js';
import { influxdb1Setup } from './influxdb1-setup.js';

describe('TelemetryStore contract: embedded', () => telemetryStoreContract(embeddedAdapter));

describe('TelemetryStore contract: InfluxDB 1.x', () => {
  if (requireInfluxInCi('the InfluxDB 1.x adapter contract suite')) telemetryStoreContract(influxdb1Adapter);
});

describe('InfluxDB 1.x adapter: what it sets up in the server', () => {
  if (requireInfluxInCi('InfluxDB 1.x boot and rollup checks')) influxdb1Setup();
});

describe('TelemetryStore contract: InfluxDB 2.x', () => {
  // optional: no 2.x server is installed in CI; set QW_TEST_INFLUX2_URL, _TOKEN and _ORG to run it
  if (INFLUX2) telemetryStoreContract(influxdb2Adapter);
  else console.log('NOT RUN (InfluxDB 2.x): QW_TEST_INFLUX2_URL is not set; the 2.x contract suite needs a 2.x server');
});

describe('npm run bench:store (smoke: a short run of the compiled bench)', () => {
  if (!requireInfluxInCi('the store bench smoke run')) return;
  it('prints points per second for each adapter and the same-run ratio to raw line protocol', () => {
    const out = execFileSync(
      process.execPath,
      ['dist/bench/store/store-bench.js', '--points', '4000', '--batch', '1000', '--rounds', '1'],
      { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
    );
    const figures = JSON.parse(out.trim().split('\n').pop()!) as Record<string, number>;
    expect(figures.points).toBe(4000);
    for (const k of ['rawPointsPerSec', 'influxdb1PointsPerSec', 'embeddedPointsPerSec', 'influxdb1Ratio'])
      expect(figures[k]).toBeGreaterThan(0);
    expect(out).toContain('% of raw');
  });
});
