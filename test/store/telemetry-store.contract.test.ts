import { requireInfluxInCi } from '../support/influx.js';
import { embeddedAdapter, influxdb1Adapter } from './adapters.js';
import { telemetryStoreContract } from './contract.js';
import { influxdb1Setup } from './influxdb1-setup.js';

describe('TelemetryStore contract: embedded', () => telemetryStoreContract(embeddedAdapter));

describe('TelemetryStore contract: InfluxDB 1.x', () => {
  if (requireInfluxInCi('the InfluxDB 1.x adapter contract suite')) telemetryStoreContract(influxdb1Adapter);
});

describe('InfluxDB 1.x adapter: what it sets up in the server', () => {
  if (requireInfluxInCi('InfluxDB 1.x boot and rollup checks')) influxdb1Setup();
});
