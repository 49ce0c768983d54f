import type { MqttClient } from 'mqtt';
import { topics } from '#contracts';
import type { SimDevice } from '../device.js';
import type { Outgoing } from '../faults/index.js';
import { fleetCredentials, type Credentials } from '../fleet/fleet-file.js';
import { ConnectRefusedError, connectMqtt, publishTimed, wrongPassword } from './connect.js';

export interface SenderStats {
  sent: number;
  acked: number;
  /** messages not sent because the broker refused the (deliberately wrong) credentials */
  refused: number;
  errors: number;
}

export interface DeviceSenderOptions {
  brokerUrl: string;
  runId: string;
  qos?: 0 | 1;
  /** overrides the fleet file's per-device secrets */
  credentials?: (device: SimDevice) => Credentials | undefined;
  reconnectPeriod?: number;
}

/**
 * Sends each device's messages on its own topic over its own connection (as a meter with its own modem does),
 * with the device's credentials from the fleet file. A message flagged `badCredentials` goes over a second
 * connection opened with a wrong password; a refused connection is counted, not retried.
 */
export class DeviceSender {
  readonly stats: SenderStats = { sent: 0, acked: 0, refused: 0, errors: 0 };
  private readonly clients = new Map<string, Promise<MqttClient>>();
  private readonly bad = new Map<string, Promise<MqttClient | undefined>>();

  constructor(private readonly o: DeviceSenderOptions) {}

  private creds(d: SimDevice): Credentials | undefined {
    return this.o.credentials ? this.o.credentials(d) : fleetCredentials(d.spec.plantId, d.spec.id, d.spec.secret);
  }

  private clientId(d: SimDevice, suffix = ''): string {
    // with credentials the user name already names the device (connectMqtt puts it in front)
    if (this.creds(d)) return `sim-${this.o.runId}${suffix}`;
    return `sim-${this.o.runId}-${d.spec.plantId}-${d.spec.id}${suffix}`.slice(0, 120);
  }

  /** Opens the device's connection now (so a run starts with every device connected). */
  connect(d: SimDevice): Promise<MqttClient> {
    const key = `${d.spec.plantId}/${d.spec.id}`;
    let c = this.clients.get(key);
    if (!c) {
      const credentials = this.creds(d);
      c = connectMqtt(this.o.brokerUrl, {
        clientId: this.clientId(d),
        credentials,
        reconnectPeriod: this.o.reconnectPeriod,
      }).catch((e: Error) => {
        throw new ConnectRefusedError(key, credentials?.username, e);
      });
      this.clients.set(key, c);
    }
    return c;
  }

  private badClient(d: SimDevice): Promise<MqttClient | undefined> {
    const key = `${d.spec.plantId}/${d.spec.id}`;
    let c = this.bad.get(key);
    if (!c) {
      const good = this.creds(d);
      const credentials = { username: good?.username ?? key, password: wrongPassword(good) };
      c = connectMqtt(this.o.brokerUrl, {
        clientId: this.clientId(d, '-badcreds'),
        credentials,
        reconnectPeriod: 0,
        connectTimeout: 5000,
      }).catch(() => undefined);
      this.bad.set(key, c);
    }
    return c;
  }

  /** Sends one message; resolves when acknowledged (or refused). */
  async send(d: SimDevice, out: Outgoing): Promise<void> {
    const client = out.badCredentials ? await this.badClient(d) : await this.connect(d);
    if (!client || (out.badCredentials && !client.connected)) {
      this.stats.refused++;
      return;
    }
    const body = typeof out.body === 'string' ? out.body : JSON.stringify(out.body);
    this.stats.sent++;
    try {
      await publishTimed(client, topics.deviceTelemetry(d.spec.plantId, d.spec.id), body, this.o.qos ?? 1);
      this.stats.acked++;
    } catch {
      this.stats.errors++;
    }
  }

  /** Closes one device's connections; a later send opens a new one. */
  async disconnect(d: SimDevice): Promise<void> {
    const key = `${d.spec.plantId}/${d.spec.id}`;
    const mine = [this.clients.get(key), this.bad.get(key)];
    this.clients.delete(key);
    this.bad.delete(key);
    const clients = await Promise.all(mine.map((p) => p?.catch(() => undefined)));
    await Promise.all(clients.map((c) => c?.endAsync(true).catch(() => undefined)));
  }

  async close(): Promise<void> {
    const all = [...this.clients.values(), ...this.bad.values()].map((p) => p.catch(() => undefined));
    const clients = await Promise.all(all);
    await Promise.all(clients.map((c) => c?.endAsync(true).catch(() => undefined)));
    this.clients.clear();
    this.bad.clear();
  }
}
