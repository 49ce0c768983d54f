import type { Reading } from '#contracts';
import { Influxdb1Store } from '../../apps/server/src/store/influxdb1/influxdb1-store.js';
import { INFLUX_URL, influxQuery, uniqueDb } from '../support/influx.js';

type Res = { results: Array<{ series?: Array<{ name: string; columns: string[]; values: unknown[][] }> }> };

/** InfluxDB 1.x specifics beyond the contract: what the adapter sets up in the server. */
export function influxdb1Setup(): void {
  const database = uniqueDb('qw_boot');
  let store: Influxdb1Store;

  beforeAll(async () => {
    store = new Influxdb1Store({ url: INFLUX_URL!, database });
    await store.init();
  });
  afterAll(async () => {
    await store.close();
    await influxQuery(`DROP DATABASE "${database}"`);
  });

  it('creates the database, one retention policy per resolution (raw the default) and rollup CQs', async () => {
    const rps = (await influxQuery(`SHOW RETENTION POLICIES ON "${database}"`)) as Res;
    const rows = rps.results[0].series![0].values.map((v) => [v[0], v[1], v[4]]);
    expect(rows).toEqual(
      expect.arrayContaining([
        ['qw_raw', '720h0m0s', true],
        ['qw_1m', '8760h0m0s', false],
        ['qw_1h', '0s', false],
      ]),
    );
    const cqs = (await influxQuery('SHOW CONTINUOUS QUERIES')) as Res;
    const ours = cqs.results[0].series!.find((s) => s.name === database)!;
    const names = ours.values.map((v) => String(v[0]));
    expect(names.some((n) => n.startsWith('qw_telemetry_1m_'))).toBe(true);
    expect(names.some((n) => n.startsWith('qw_telemetry_1h_'))).toBe(true);
    expect(String(ours.values[0][1])).toMatch(/RESAMPLE EVERY/);
  });

  it('a second boot over the same database changes nothing', async () => {
    const again = new Influxdb1Store({ url: INFLUX_URL!, database });
    await again.init();
    await again.close();
    const cqs = (await influxQuery('SHOW CONTINUOUS QUERIES')) as Res;
    expect(cqs.results[0].series!.find((s) => s.name === database)!.values).toHaveLength(2);
  });

  it('writes at ms precision (not 1970) and folds late readings into the stored rollups', async () => {
    const ts = Math.floor((Date.now() - 3 * 3_600_000) / 60_000) * 60_000 + 789;
    const r: Reading = { plantId: 'p1', deviceId: 'b1', class: 'boiler', ts, metrics: { steam_flow: 4.2 } };
    await store.write([r]);
    const raw = (await influxQuery(`SELECT * FROM "qw_raw"."telemetry"`, database)) as Res;
    expect(raw.results[0].series![0].values[0][0]).toBe(ts);
    await store.foldLate();
    const m1 = (await influxQuery(
      `SELECT mean_steam_flow, count_steam_flow FROM "qw_1m"."telemetry"`,
      database,
    )) as Res;
    expect(m1.results[0].series![0].values).toEqual([[ts - 789, 4.2, 1]]);
    const h1 = (await influxQuery(`SELECT count_steam_flow FROM "qw_1h"."telemetry"`, database)) as Res;
    expect(h1.results[0].series![0].values[0][1]).toBe(1);
  });
}
