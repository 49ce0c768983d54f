import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import { mqttUsername, parseTelemetryTopic, type ErrorNotice } from '#contracts';
import { IngestService } from '../../ingest/ingest.service.js';
import { FleetRegistry } from '../../fleet/fleet-registry.js';
import { CONFIG, LOGGER } from '../../tokens.js';
import type { AppConfig } from '../../config/config.js';
import type { Logger } from '../../logger.js';
import { MqttFront } from '../mqtt-front.js';
import { deferAcks } from './deferred-acks.js';
import { Backoff } from './backoff.js';

/**
 * Deliveries the broker may have unacknowledged to this process at once (MQTT 5 Receive Maximum, §3.1.2.11.3):
 * what is in flight is bounded by this times the largest message (QW_MAX_MESSAGE_BYTES).
 */
export const RECEIVE_MAXIMUM = 256;
/**
 * How long the broker keeps this process's session (its subscription and the deliveries queued or unacknowledged
 * for it) after the connection drops (§3.1.2.11.2): a restarted or reconnected process resumes it by its client id.
 */
export const SESSION_EXPIRY_S = 24 * 3600;

/** The shared subscriptions of the ingest processes (MQTT 5 §4.8.2): each message goes to one of them. */
export const sharedTopics = (group: string): string[] => [
  `$share/${group}/plants/+/devices/+/telemetry`,
  `$share/${group}/plants/+/gateways/+/telemetry`,
];

/** A client id stable across restarts of the same process (same host, same data directory): it names the session. */
export const defaultClientId = (dataDir: string): string =>
  `qinwatt-${hostname()}-${createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 8)}`.slice(0, 64);

/**
 * External-broker mode: devices connect to an MQTT 5 broker (which authenticates them and enforces their topic ACLs);
 * this process consumes the telemetry topics through a shared subscription with QoS 1, on a persistent session, and
 * acknowledges each delivery only when IngestService has made it durable (readings fsynced in the spool, or the
 * rejection in the dead letters). A delivery whose handling failed is not acknowledged: the connection is dropped and
 * resumed, and the broker sends it again (MQTT-4.4.0-1).
 */
@Injectable()
export class ExternalBroker implements OnModuleInit, MqttFront {
  private client?: MqttClient;
  private subscribed = false;
  private problem = 'not yet connected to the MQTT broker';
  private readonly backoff = new Backoff(500, 30_000);
  private readonly clientId: string;
  private stopping = false;
  private readonly subscribedListeners: Array<(client: MqttClient) => void> = [];

  constructor(
    private readonly ingest: IngestService,
    private readonly fleet: FleetRegistry,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {
    this.clientId = config.mqttBrokerClientId || defaultClientId(config.dataDir);
  }

  get listening(): boolean {
    return this.subscribed && !!this.client?.connected;
  }

  get notListeningReason(): string {
    return this.problem;
  }

  get deviceUrl(): string {
    return this.config.mqttBrokerUrl;
  }

  get port(): number {
    return Number(new URL(this.config.mqttBrokerUrl).port) || 1883;
  }

  /** the live connection (dynamic-security sync shares it) */
  get connection(): MqttClient | undefined {
    return this.client;
  }

  /** called after every (re)connection, once the shared subscription is in place */
  onSubscribed(listener: (client: MqttClient) => void): void {
    this.subscribedListeners.push(listener);
  }

  /** Connects; waits for the first subscription up to the connect timeout, then goes on (and keeps trying). */
  async onModuleInit(): Promise<void> {
    const client = mqtt.connect(this.config.mqttBrokerUrl, {
      protocolVersion: 5,
      clientId: this.clientId,
      clean: false,
      username: this.config.mqttBrokerUsername || undefined,
      password: this.config.mqttBrokerPassword || undefined,
      connectTimeout: this.config.mqttConnectTimeoutMs,
      reconnectPeriod: this.backoff.next(),
      resubscribe: false,
      properties: {
        sessionExpiryInterval: SESSION_EXPIRY_S,
        receiveMaximum: RECEIVE_MAXIMUM,
        maximumPacketSize: this.config.maxMessageBytes + 64 * 1024,
      },
    });
    this.client = client;
    this.ingest.notify = (topic, notice) => this.notify(topic, notice);
    deferAcks(
      client,
      (p) => this.deliver(p),
      (err, p) => this.failed(err, p),
    );
    client.on('connect', (connack) => void this.connected(client, !!connack.sessionPresent));
    client.on('close', () => this.dropped('connection to the MQTT broker closed'));
    client.on('error', (err) => this.dropped(`MQTT broker: ${err.message}`));
    await new Promise<void>((ok) => {
      const timer = setTimeout(ok, this.config.mqttConnectTimeoutMs);
      this.onSubscribed(() => {
        clearTimeout(timer);
        ok();
      });
    });
    if (!this.subscribed) this.log.warn({ url: this.config.mqttBrokerUrl, why: this.problem }, 'mqtt broker not ready');
  }

  private async connected(client: MqttClient, sessionPresent: boolean): Promise<void> {
    this.backoff.reset();
    client.options.reconnectPeriod = this.backoff.next();
    try {
      // subscribing again on a resumed session replaces the subscription with the same one (MQTT-3.8.4-3)
      const granted = await client.subscribeAsync(sharedTopics(this.config.mqttShareGroup), { qos: 1 });
      const refused = granted.filter((g) => g.qos > 1);
      if (refused.length) {
        this.problem = `the MQTT broker refused the subscription ${refused.map((g) => g.topic).join(', ')} (the account needs subscribe access)`;
        this.log.error({ refused: refused.map((g) => [g.topic, g.qos]) }, 'mqtt subscription refused');
        return;
      }
      this.subscribed = true;
      this.problem = '';
      this.log.info(
        { url: this.config.mqttBrokerUrl, clientId: this.clientId, sessionPresent, group: this.config.mqttShareGroup },
        'mqtt broker connected',
      );
      for (const l of this.subscribedListeners) l(client);
    } catch (e) {
      this.problem = `subscribing failed: ${(e as Error).message}`;
      this.log.error({ err: (e as Error).message }, 'mqtt subscribe failed');
    }
  }

  private dropped(why: string): void {
    if (this.stopping) return;
    if (this.subscribed) this.log.warn({ why }, 'mqtt broker connection lost; reconnecting');
    this.subscribed = false;
    this.problem = why;
    if (this.client) this.client.options.reconnectPeriod = this.backoff.next();
  }

  /** One delivery: the publisher is the device or gateway the topic names (the broker authenticated it). */
  private async deliver(packet: IPublishPacket): Promise<void> {
    const topic = packet.topic;
    const parsed = parseTelemetryTopic(topic);
    const username = parsed
      ? mqttUsername(parsed.plantId, parsed.kind === 'device' ? parsed.deviceId : parsed.gatewayId)
      : '';
    const identity = username ? this.fleet.identity(username)?.identity : undefined;
    await this.ingest.handle({
      topic,
      payload: typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload,
      clientId: username || topic,
      // an identity the registry does not know is handled as unauthenticated: its readings are UNKNOWN_DEVICE
      ...(identity && identity.kind !== 'reader' ? { identity } : {}),
      qos: 1,
      receivedAt: Date.now(),
    });
  }

  /** Not durable: withhold the acknowledgement and resume the session, so the broker delivers it again. */
  private failed(err: Error, packet: IPublishPacket): void {
    this.log.error({ err: err.message, topic: packet.topic }, 'ingest failed; reconnecting so the broker redelivers');
    const client = this.client;
    if (!client || this.stopping || !client.connected) return;
    this.subscribed = false;
    this.problem = `ingest failed: ${err.message}`;
    client.options.reconnectPeriod = this.backoff.next();
    client.stream.destroy();
  }

  private notify(topic: string, notice: ErrorNotice): void {
    if (this.client?.connected) this.client.publish(topic, JSON.stringify(notice), { qos: 0 });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.subscribed = false;
    // no DISCONNECT reason that ends the session: the broker keeps it (and what is unacknowledged) for the next start
    await this.client?.endAsync();
  }
}
