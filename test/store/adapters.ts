import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TelemetryStore } from '../../apps/server/src/store/telemetry-store.js';
import { EmbeddedStore } from '../../apps/server/src/store/embedded/embedded-store.js';
import { Influxdb1Store } from '../../apps/server/src/store/influxdb1/influxdb1-store.js';
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
