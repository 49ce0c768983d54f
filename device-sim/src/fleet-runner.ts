import mqtt, { type MqttClient } from 'mqtt';
import { topics, type FleetSpec } from '#contracts';
import { SimDevice } from './device.js';

export interface FleetRunOptions {
  brokerUrl: string;
  fleet: FleetSpec;
  intervalMs: number;
  seed: number;
  runId: string;
  /** credentials per device id, when the broker requires them */
  credentials?: (deviceId: string) => { username: string; password: string } | undefined;
}

export interface RunningFleet {
  devices: SimDevice[];
  stop(): Promise<void>;
}

/** Runs every device of a fleet in real time, one MQTT connection per device, QoS 1. */
export async function startFleet(opts: FleetRunOptions): Promise<RunningFleet> {
  const devices = opts.fleet.devices.map((d) => new SimDevice(d, opts.seed, opts.runId));
  const clients: MqttClient[] = [];
  const timers: NodeJS.Timeout[] = [];
  await Promise.all(
    devices.map(async (dev, i) => {
      const creds = opts.credentials?.(dev.spec.id);
      const client = await mqtt.connectAsync(opts.brokerUrl, {
        clientId: `sim-${opts.runId}-${dev.spec.plantId}-${dev.spec.id}`,
        protocolVersion: 4,
        reconnectPeriod: 1000,
        ...creds,
      });
      clients.push(client);
      const topic = topics.deviceTelemetry(dev.spec.plantId, dev.spec.id);
      const send = () => {
        client.publish(topic, JSON.stringify(dev.reading(Date.now())), { qos: 1 }, () => undefined);
      };
      // stagger devices across the interval so the broker sees a steady stream, not bursts
      const offset = Math.floor((opts.intervalMs * i) / Math.max(1, devices.length));
      timers.push(
        setTimeout(() => {
          send();
          timers.push(setInterval(send, opts.intervalMs));
        }, offset),
      );
    }),
  );
  return {
    devices,
    async stop() {
      for (const t of timers) clearTimeout(t);
      await Promise.all(clients.map((c) => c.endAsync()));
    },
  };
}
