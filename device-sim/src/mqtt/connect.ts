import mqtt, { type MqttClient } from 'mqtt';
import { mqttClientId } from '#contracts';
import type { Credentials } from '../fleet/fleet-file.js';

export interface ConnectOptions {
  /** with credentials, sent as `{user name}/{clientId}`: the broker binds client ids to the user name */
  clientId: string;
  credentials?: Credentials;
  /** keep reconnecting after a drop (live runs); 0 for one-shot connections */
  reconnectPeriod?: number;
  connectTimeout?: number;
}

/** The broker refused (or could not be reached for) the connection of one device or gateway; names it. */
export class ConnectRefusedError extends Error {
  constructor(
    /** `{plantId}/{id}`, or the topic when it names no device */
    readonly identity: string,
    readonly username: string | undefined,
    cause: Error,
  ) {
    super(
      `MQTT connection for ${identity} ${username ? `as ${username}` : 'without credentials'} failed: ${cause.message}`,
      { cause },
    );
  }
}

/** One MQTT 3.1.1 connection (the embedded broker speaks 3.1.1 only). Rejects when the broker refuses it. */
export function connectMqtt(url: string, o: ConnectOptions): Promise<MqttClient> {
  return mqtt.connectAsync(url, {
    clientId: o.credentials ? mqttClientId(o.credentials.username, o.clientId) : o.clientId,
    protocolVersion: 4,
    reconnectPeriod: o.reconnectPeriod ?? 1000,
    connectTimeout: o.connectTimeout ?? 10_000,
    ...(o.credentials ?? {}),
  });
}

/** Publishes and resolves on PUBACK (QoS 1) or once written (QoS 0), with the publish→ack latency in ms. */
export function publishTimed(client: MqttClient, topic: string, body: string | Buffer, qos: 0 | 1): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) =>
    client.publish(topic, body, { qos }, (err) => (err ? reject(err) : resolve(performance.now() - t0))),
  );
}

/** A password that cannot be right: the configured one with a suffix, or a fixed wrong one. */
export const wrongPassword = (c: Credentials | undefined): string => `${c?.password ?? ''}-wrong`;
