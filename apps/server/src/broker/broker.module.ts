import { Module } from '@nestjs/common';
import { FleetModule } from '../fleet/fleet.module.js';
import { IngestModule } from '../ingest/ingest.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { FleetRegistry } from '../fleet/fleet-registry.js';
import { IngestService } from '../ingest/ingest.service.js';
import { Metrics } from '../metrics/metrics.js';
import { CONFIG, LOGGER } from '../tokens.js';
import type { AppConfig } from '../config/config.js';
import type { Logger } from '../logger.js';
import { BrokerService } from './broker.service.js';
import { ExternalBroker } from './external/external-broker.js';
import { DynsecSync } from './external/dynsec-sync.js';
import { MqttFront } from './mqtt-front.js';

/**
 * The MQTT front (QW_MQTT_BROKER): the embedded broker, where CONNECT is authenticated against the fleet and each
 * PUBLISH handed to ingest; or a consumer of an external MQTT 5 broker's shared subscription, which with
 * QW_MQTT_BROKER_DYNSEC also keeps Mosquitto's device accounts and ACLs in step with the fleet.
 */
@Module({
  imports: [IngestModule, FleetModule, MetricsModule],
  providers: [
    {
      provide: MqttFront,
      useFactory: (ingest: IngestService, fleet: FleetRegistry, metrics: Metrics, config: AppConfig, log: Logger) => {
        if (config.mqttBroker === 'embedded') return new BrokerService(ingest, fleet, metrics, config, log);
        const external = new ExternalBroker(ingest, fleet, config, log);
        if (config.mqttBrokerDynsec) new DynsecSync(external, fleet, metrics, config, log).start();
        return external;
      },
      inject: [IngestService, FleetRegistry, Metrics, CONFIG, LOGGER],
    },
  ],
  exports: [MqttFront],
})
export class BrokerModule {}
