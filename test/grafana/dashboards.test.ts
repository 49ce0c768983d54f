import { readFileSync } from 'node:fs';
import type { Reading } from '#contracts';
import { DASHBOARDS, influxQueries } from '../../deploy/grafana/dashboards.js';
import { Influxdb1Store } from '../../apps/server/src/store/influxdb1/influxdb1-store.js';
import { INFLUX_URL, influxQuery, requireInfluxInCi, uniqueDb } from '../support/influx.js';

type Res = { results: Array<{ error?: string; series?: Array<{ values: unknown[][] }> }> };

describe('Grafana dashboards as code', () => {
  it.each(Object.keys(DASHBOARDS))('deploy/grafana/dashboards/%s.json is what the code generates', (name) => {
    const built = DASHBOARDS[name as keyof typeof DASHBOARDS]();
    const committed = JSON.parse(readFileSync(`deploy/grafana/dashboards/${name}.json`, 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(built)));
    expect(influxQueries(built).length).toBeGreaterThan(2);
  });
});

describe('every dashboard query runs against a real InfluxDB 1.x holding qinwatt data', () => {
  if (!requireInfluxInCi('Grafana queries')) return;
  const database = uniqueDb('qw_grafana');
  let store: Influxdb1Store;

  beforeAll(async () => {
    store = new Influxdb1Store({ url: INFLUX_URL!, database });
    await store.init();
    const start = Math.floor((Date.now() - 20 * 60_000) / 60_000) * 60_000; // the newest minute is "now"
    const readings: Reading[] = [];
    for (let i = 0; i <= 20; i++)
      for (const deviceId of ['m1', 'm2'])
        readings.push({
          plantId: 'p1',
          deviceId,
          class: 'motor',
          ts: start + i * 60_000,
          metrics: { active_power: 40 + i, current: 80 },
        });
    await store.write(readings);
    await store.writePoints(
      'kpi',
      readings.map((r) => ({
        plantId: r.plantId,
        deviceId: r.deviceId,
        class: r.class,
        ts: r.ts,
        values: { eta: 0.93 },
      })),
    );
    await store.foldLate();
  });
  afterAll(async () => {
    await store?.close();
    await influxQuery(`DROP DATABASE "${database}"`);
  });

  /** Grafana's macros and this dashboard's variables, as Grafana would expand them for plant p1, all devices. */
  const expand = (q: string) =>
    q
      .replaceAll('$timeFilter', 'time > now() - 2h')
      .replaceAll('$__interval', '1m')
      .replaceAll('$plant', 'p1')
      .replaceAll('$device', '(m1|m2)');

  it.each(Object.keys(DASHBOARDS))('%s: no query errors, and each returns data', async (name) => {
    for (const q of influxQueries(DASHBOARDS[name as keyof typeof DASHBOARDS]())) {
      const res = (await influxQuery(expand(q), database)) as Res;
      expect({ q, error: res.results[0].error }).toEqual({ q, error: undefined });
      const needsData = !/current|steam_flow|fuel_flow|output_rate|power_factor|hv_power/.test(q);
      if (needsData) expect({ q, rows: (res.results[0].series ?? []).length > 0 }).toEqual({ q, rows: true });
    }
  });
});
