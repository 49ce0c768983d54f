import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { Aedes } from 'aedes';
import { TOPIC_ROOT } from '#contracts';
import { IngestService } from '../ingest/ingest.service.js';
import { CONFIG, LOGGER } from '../tokens.js';
import type { AppConfig } from '../config/config.js';
import type { Logger } from '../logger.js';

/**
 * The embedded MQTT broker (aedes, MQTT 3.1.1). Telemetry is handled inside `authorizePublish`, so the broker
 * sends PUBACK only after the ingest pipeline has made the reading durable (or refused it with a reason).
 */
@Injectable()
export class BrokerService implements OnModuleInit, OnModuleDestroy {
  private broker?: Aedes;
  private server?: Server;

  constructor(
    private readonly ingest: IngestService,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  async onModuleInit(): Promise<void> {
    const broker = await Aedes.createBroker({
      authorizePublish: (client, packet, done) => {
        if (!client || !packet.topic.startsWith(`${TOPIC_ROOT}/`) || !packet.topic.endsWith('/telemetry')) {
          done(null);
          return;
        }
        this.ingest
          .handle({
            topic: packet.topic,
            payload: packet.payload as Buffer,
            clientId: client.id,
            receivedAt: Date.now(),
          })
          .then(
            () => done(null),
            (err: Error) => {
              // not durable: withhold the acknowledgement by closing the connection; the device will resend
              this.log.error({ err: err.message, clientId: client.id }, 'ingest failed; closing client');
              done(err);
            },
          );
      },
    });
    broker.on('clientError', (client, err) =>
      this.log.debug({ clientId: client.id, err: err.message }, 'client error'),
    );
    this.broker = broker;
    this.server = createServer(broker.handle);
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.config.mqttPort, this.config.mqttHost, () => resolve());
    });
    this.log.info({ host: this.config.mqttHost, port: this.port }, 'mqtt broker listening');
  }

  async onModuleDestroy(): Promise<void> {
    await new Promise<void>((resolve) => (this.broker ? this.broker.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
