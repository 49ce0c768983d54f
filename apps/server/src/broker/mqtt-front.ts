import type { Stoppable } from '../lifecycle/shutdown.js';

/**
 * The platform's MQTT front, as the rest of the platform sees it: the embedded broker (BrokerService) or the
 * consumer of an external MQTT 5 broker (external/ExternalBroker), chosen by `QW_MQTT_BROKER`. Both hand every
 * telemetry message to IngestService and acknowledge it only once it is durable, and both set `ingest.notify`.
 */
export abstract class MqttFront implements Stoppable {
  /** true while messages can arrive: every listener listening, or connected and subscribed to the external broker */
  abstract get listening(): boolean;
  /** why `listening` is false, for /ready */
  abstract get notListeningReason(): string;
  /** where in-process simulated devices (the demo plant, simulator runs) publish */
  abstract get deviceUrl(): string;
  /** the MQTT TCP port devices connect to */
  abstract get port(): number;
  abstract stop(): Promise<void>;
}
