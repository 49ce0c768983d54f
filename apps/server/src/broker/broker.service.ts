import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { createServer as createTlsServer } from 'node:tls';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import { WebSocketServer, createWebSocketStream } from 'ws';
import { TOPIC_ROOT, parseTelemetryTopic, type ErrorNotice } from '#contracts';
import { IngestService } from '../ingest/ingest.service.js';
import { FleetRegistry } from '../fleet/fleet-registry.js';
import { Metrics } from '../metrics/metrics.js';
import { CONFIG, LOGGER } from '../tokens.js';
import type { AppConfig } from '../config/config.js';
import type { Logger } from '../logger.js';
import { ConnectionGate } from './connection-gate.js';
import { KnownGood } from './known-good.js';
import { MqttAuth } from './mqtt-auth.js';
import { MqttFront } from './mqtt-front.js';

/** Longer client ids are refused (CONNACK 2): aedes checks its own limit only for MQTT 3.1, not 3.1.1. */
const MAX_CLIENT_ID = 128;

/** Refused publishes are acknowledged but re-addressed here: `$` topics match no client subscription (MQTT-4.7.2-1). */
const REFUSED_TOPIC = '$qinwatt/refused';

interface Listener {
  name: string;
  server: Server;
}

/**
 * The embedded MQTT broker (aedes, MQTT 3.1.1) on TCP, optionally TLS and WebSocket. Telemetry is handled inside
 * `authorizePublish`: aedes sends the PUBACK only when its callback is called, which the ingest does once the
 * readings are fsynced in the spool (or the rejection in the dead-letter store).
 */
@Injectable()
export class BrokerService implements OnModuleInit, MqttFront {
  private broker?: Aedes;
  private listeners: Listener[] = [];
  private readonly auth: MqttAuth;
  private readonly knownGood: KnownGood;
  private readonly gate: ConnectionGate<Client>;

  constructor(
    private readonly ingest: IngestService,
    private readonly fleet: FleetRegistry,
    private readonly metrics: Metrics,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {
    this.knownGood = new KnownGood(join(config.dataDir, 'mqtt-auth'), (err) =>
      log.warn({ err: err.message }, 'verified-secrets cache unavailable; secrets are checked with scrypt'),
    );
    this.gate = new ConnectionGate(config.mqttMaxPending);
    this.auth = new MqttAuth(fleet, metrics, log, {
      required: config.mqttAuth === 'required',
      knownGood: this.knownGood,
      onRefused: (id, user, reason, why) => ingest.refusedConnect(id, user, why, reason),
      full: () => (this.broker?.connectedClients ?? 0) >= config.mqttMaxConnections,
    });
  }

  get port(): number {
    return this.portOf('mqtt');
  }

  portOf(name: 'mqtt' | 'mqtts' | 'mqtt-ws'): number {
    const l = this.listeners.find((x) => x.name === name);
    return (l?.server.address() as AddressInfo | null)?.port ?? 0;
  }

  get listening(): boolean {
    return this.listeners.length > 0 && this.listeners.every((l) => l.server.listening);
  }

  get notListeningReason(): string {
    return 'the MQTT listeners are not all listening';
  }

  get deviceUrl(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  async onModuleInit(): Promise<void> {
    const broker = await Aedes.createBroker({
      // client ids are often `{plant}-{device}`-like and longer than MQTT 3.1's 23 characters
      maxClientsIdLength: MAX_CLIENT_ID,
      connectTimeout: this.config.mqttConnectTimeoutMs,
      preConnect: (client, packet, done) => {
        this.gate.spoke(client);
        this.auth.connecting(client, packet.clientId);
        done(null, true);
      },
      authenticate: (client, username, password, done) => {
        // MQTT-3.1.3-5 lets a server refuse a client id; a 60 kB one would be kept in every record of the client
        if (client.id.length > MAX_CLIENT_ID) return this.refuseClientId(client, username, done);
        this.auth.authenticate(client, username, password, done);
      },
      authorizeSubscribe: (client, sub, done) => done(null, this.auth.mayReceive(client, sub.topic) ? sub : null),
      authorizePublish: (client, packet, done) => this.authorizePublish(client, packet, done),
    });
    broker.on('clientError', (client, err) =>
      this.log.debug({ clientId: client.id, err: err.message }, 'client error'),
    );
    this.metrics.sample(this.metrics.clients, () => broker.connectedClients);
    this.ingest.notify = (topic, notice) => this.notify(topic, notice);
    this.fleet.onChange(({ username }) => this.disconnect(username));
    this.broker = broker;

    const handle = (conn: Duplex, req?: unknown) => {
      const client = broker.handle(conn, req as never) as Client;
      this.gate.opened(client);
      conn.once('close', () => this.gate.spoke(client));
    };
    const tcp = createServer(handle);
    await this.listen('mqtt', tcp, this.config.mqttPort, 'mqtt broker listening');
    if (this.config.mqttsPort >= 0) {
      const tls = createTlsServer(
        {
          key: readFileSync(this.config.mqttTlsKey),
          cert: readFileSync(this.config.mqttTlsCert),
          handshakeTimeout: this.config.mqttConnectTimeoutMs,
        },
        handle,
      );
      await this.listen('mqtts', tls, this.config.mqttsPort, 'mqtts listening');
    }
    if (this.config.mqttWsPort >= 0) {
      const http = createHttpServer((_req, res) => res.writeHead(426).end('MQTT over WebSocket: connect to /mqtt\n'));
      const wss = new WebSocketServer({ server: http, path: '/mqtt' });
      wss.on('connection', (ws, req) => handle(createWebSocketStream(ws), req));
      await this.listen('mqtt-ws', http as unknown as Server, this.config.mqttWsPort, 'mqtt websocket listening');
    }
  }

  private async listen(name: string, server: Server, port: number, message: string): Promise<void> {
    // each connection holds at most one socket read of parsed packets in flight (aedes reads the next chunk only
    // when every packet of the current one is done), so capping connections caps ingest memory. Sessions are capped
    // at CONNECT (mqttMaxConnections) and idle sockets by the gate; this is the ceiling on sockets of both kinds.
    server.maxConnections = this.config.mqttMaxConnections + this.config.mqttMaxPending;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      // a site restarting with thousands of devices reconnecting at once overflows Node's default accept queue (511):
      // the kernel then drops the handshake's last ACK and those devices wait for their CONNACK timeout. The kernel
      // caps this at net.core.somaxconn.
      server.listen({ port, host: this.config.mqttHost, backlog: 4096 }, () => resolve());
    });
    this.listeners.push({ name, server });
    this.log.info({ host: this.config.mqttHost, port: (server.address() as AddressInfo).port }, message);
  }

  private authorizePublish(
    client: Client | null,
    packet: { topic: string; payload: unknown; qos: number },
    done: (err?: Error | null) => void,
  ): void {
    if (!client) return done(null);
    const identity = this.auth.identityOf(client);
    if (!identity) {
      // authentication off: only the telemetry layout is ingested; other topics pass as a plain broker
      if (packet.topic.startsWith('$SYS')) return done(new Error('$SYS topics are reserved'));
      if (!packet.topic.startsWith(`${TOPIC_ROOT}/`) || !packet.topic.endsWith('/telemetry')) return done(null);
    }
    this.ingest
      .handle({
        topic: packet.topic,
        payload: packet.payload as Buffer,
        clientId: client.id,
        identity,
        qos: packet.qos as 0 | 1 | 2,
        receivedAt: Date.now(),
      })
      .then(
        () => {
          // MQTT-3.3.5-2: a refused PUBLISH is either acknowledged or the connection closed. We acknowledge and
          // do not forward: closing would make the device resend the same message forever (see docs/telemetry.md)
          if (identity && !this.ingest.allowed(identity, parseTelemetryTopic(packet.topic)))
            packet.topic = REFUSED_TOPIC;
          done(null);
        },
        (err: Error) => {
          // not durable: withhold the acknowledgement by closing the connection; the device will resend
          this.log.error({ err: err.message, clientId: client.id }, 'ingest failed; closing client');
          done(err);
        },
      );
  }

  private refuseClientId(
    client: Client,
    username: string | undefined,
    done: (err: AuthenticateError | null, success: boolean | null) => void,
  ): void {
    const why = `client id of ${client.id.length} characters; at most ${MAX_CLIENT_ID}`;
    this.metrics.authFailures.inc({ reason: 'CLIENT_ID_REJECTED' });
    this.log.warn({ clientId: client.id, username, reason: 'CLIENT_ID_REJECTED', why }, 'mqtt connect refused');
    this.ingest.refusedConnect(client.id, username, why, 'CLIENT_ID_REJECTED');
    done(Object.assign(new Error('identifier rejected'), { returnCode: 2 as const }), false);
  }

  private notify(topic: string, notice: ErrorNotice): void {
    this.broker?.publish(
      { cmd: 'publish', topic, payload: Buffer.from(JSON.stringify(notice)), qos: 0, retain: false, dup: false },
      () => undefined,
    );
  }

  /** Ends the sessions of an identity whose secret was rotated or which was deleted. */
  private disconnect(username: string): void {
    const clients = (this.broker as unknown as { clients?: Record<string, Client> } | undefined)?.clients;
    for (const client of Object.values(clients ?? {})) if (this.auth.usernameOf(client) === username) client.close();
  }

  /** called by the ShutdownCoordinator in its step (lifecycle/shutdown.ts) */

  async stop(): Promise<void> {
    this.knownGood.flush();
    await new Promise<void>((resolve) => (this.broker ? this.broker.close(() => resolve()) : resolve()));
    await Promise.all(this.listeners.map((l) => new Promise<void>((resolve) => l.server.close(() => resolve()))));
  }
}
