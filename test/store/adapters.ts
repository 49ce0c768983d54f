import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TelemetryStore } from '../../apps/server/src/store/telemetry-store.js';
import { EmbeddedStore } from '../../apps/server/src/store/embedded/embedded-store.js';
import { Influxdb1Store } from '../../apps/server/src/store/influxdb1/influxdb1-store.js';
import { Influxdb2Store } from '../../apps/server/src/store/influxdb2/influxdb2-store.js';
import { INFLUX_URL, influxQuery, uniqueDb } from '../support/influx.js';

/** One adapter under test: `open` returns a new store over the same data each time (to test restarts). */
export interface AdapterUnderTest {
  name: string;
  open(): TelemetryStore;
  dispose(): Promise<void>;
}

export function embeddedAdapter(): AdapterUnderTest {
  const dir = mkdtempSync(join(tmpdir(), 'qw-store-'));
  return {
    name: 'embedded',
    open: () => new EmbeddedStore(dir),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function influxdb1Adapter(): AdapterUnderTest {
  const database = uniqueDb('qw_contract');
  return {
    name: 'influxdb1',
    open: () => new Influxdb1Store({ url: INFLUX_URL!, database, backfillEveryMs: 60_000 }),
    dispose: async () => void (await influxQuery(`DROP DATABASE "${database}"`)),
  };
}

/** A real InfluxDB 2.x, when one is configured for the tests (none can be installed here; CI verifies 1.x only). */
export const INFLUX2 = process.env.QW_TEST_INFLUX2_URL
  ? {
      url: process.env.QW_TEST_INFLUX2_URL,
      token: process.env.QW_TEST_INFLUX2_TOKEN ?? '',
      org: process.env.QW_TEST_INFLUX2_ORG ?? '',
    }
  : undefined;

/** a fresh bucket per run (POST /api/v2/buckets), deleted afterwards, so runs never see each other's points */
export function influxdb2Adapter(): AdapterUnderTest {
  const { url, token, org } = INFLUX2!;
  const bucket = uniqueDb('qw_contract');
  const headers = { Authorization: `Token ${token}`, 'Content-Type': 'application/json' };
  let bucketId: string | undefined;
  let store: Influxdb2Store | undefined;
  return {
    name: 'influxdb2',
    open: () => {
      store = new Influxdb2Store({ url, token, org, bucket });
      const init = store.init.bind(store);
      store.init = async () => {
        if (!bucketId) {
          const orgs = (await (
            await fetch(`${url}/api/v2/orgs?org=${encodeURIComponent(org)}`, { headers })
          ).json()) as {
            orgs: Array<{ id: string }>;
          };
          const res = await fetch(`${url}/api/v2/buckets`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ orgID: orgs.orgs[0].id, name: bucket, retentionRules: [] }),
          });
          if (!res.ok) throw new Error(`creating bucket: ${res.status} ${await res.text()}`);
          bucketId = ((await res.json()) as { id: string }).id;
        }
        await init();
      };
      return store;
    },
    dispose: async () => {
      if (bucketId) await fetch(`${url}/api/v2/buckets/${bucketId}`, { method: 'DELETE', headers });
    },
  };
}
