import { Inject, Injectable } from '@nestjs/common';
import {
  DEFAULT_TIMESTAMP_POLICY,
  decodeTelemetry,
  parseTelemetryTopic,
  type Reading,
  type RejectReason,
  type Rejection,
} from '#contracts';
import { FleetRegistry } from '../fleet/fleet-registry.js';
import { TelemetryStore } from '../store/telemetry-store.js';
import { ReadingsBus } from '../bus/readings-bus.js';
import { CONFIG, LOGGER } from '../tokens.js';
import type { AppConfig } from '../config/config.js';
import type { Logger } from '../logger.js';

export interface InboundMessage {
  topic: string;
  payload: Buffer;
  clientId: string;
  receivedAt: number;
}

export interface IngestOutcome {
  readings: Reading[];
  rejections: Rejection[];
}

/** Turns one MQTT message into stored, broadcast readings; everything it refuses is counted by reason. */
@Injectable()
export class IngestService {
  readonly counters = { received: 0, accepted: 0, rejected: {} as Partial<Record<RejectReason, number>> };

  constructor(
    private readonly fleet: FleetRegistry,
    @Inject(TelemetryStore) private readonly store: TelemetryStore,
    private readonly bus: ReadingsBus,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  /** Resolves once accepted readings are durable; the broker acknowledges the message only then. */
  async handle(msg: InboundMessage): Promise<IngestOutcome> {
    this.counters.received++;
    const outcome = this.decode(msg);
    if (outcome.readings.length) {
      await this.store.write(outcome.readings);
      this.counters.accepted += outcome.readings.length;
      this.bus.emit(outcome.readings);
    }
    for (const rej of outcome.rejections) {
      this.counters.rejected[rej.reason] = (this.counters.rejected[rej.reason] ?? 0) + 1;
      this.log.warn({ topic: msg.topic, clientId: msg.clientId, reason: rej.reason, detail: rej.detail }, 'rejected');
    }
    return outcome;
  }

  private decode(msg: InboundMessage): IngestOutcome {
    if (msg.payload.length > this.config.maxMessageBytes)
      return reject('OVERSIZE', `${msg.payload.length} bytes > ${this.config.maxMessageBytes}`);
    const topic = parseTelemetryTopic(msg.topic);
    if (!topic) return reject('BAD_TOPIC', `not a telemetry topic: ${msg.topic}`);
    return decodeTelemetry(msg.payload, {
      topic,
      now: msg.receivedAt,
      policy: DEFAULT_TIMESTAMP_POLICY,
      lookupDevice: (p, d) => this.fleet.device(p, d),
    });
  }
}

function reject(reason: RejectReason, detail: string): IngestOutcome {
  return { readings: [], rejections: [{ reason, detail }] };
}
