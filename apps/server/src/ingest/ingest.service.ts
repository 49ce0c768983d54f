import { Inject, Injectable } from '@nestjs/common';
import {
  parseTelemetryTopic,
  topics,
  type ErrorNotice,
  type ParsedTopic,
  type Reading,
  type RejectReason,
  type Rejection,
} from '#contracts';
import { FleetRegistry, type Identity } from '../fleet/fleet-registry.js';
import { ReadingsBus } from '../bus/readings-bus.js';
import { decodeMessage } from './decode-message.js';
import { SpoolService } from '../spool/spool-writer.js';
import { DeadLetterStore } from '../dead-letter/dead-letter.store.js';
import { Metrics } from '../metrics/metrics.js';
import { CONFIG, LOGGER } from '../tokens.js';
import type { AppConfig } from '../config/config.js';
import type { Logger } from '../logger.js';

const DAY_MS = 86_400_000;

export interface InboundMessage {
  topic: string;
  payload: Buffer;
  clientId: string;
  /** the authenticated device or gateway; undefined only when authentication is off */
  identity?: Identity;
  qos: 0 | 1 | 2;
  receivedAt: number;
}

export interface IngestOutcome {
  readings: Reading[];
  rejections: Rejection[];
}

/** Warn-level rejection lines per second; the rest are counted in /metrics and kept as dead letters. */
const REJECTION_LOG_PER_SECOND = 20;

/**
 * Turns one MQTT message into spooled, broadcast readings. Resolves once every accepted reading is fsynced in
 * the spool and every rejection is fsynced in the dead-letter store: only then does the broker acknowledge.
 */
@Injectable()
export class IngestService {
  readonly counters = { received: 0, accepted: 0, rejected: {} as Partial<Record<RejectReason, number>> };
  /** set by the broker: publishes a notice on the client's errors topic */
  notify?: (topic: string, notice: ErrorNotice) => void;
  private logWindow = { second: 0, lines: 0, suppressed: 0 };

  constructor(
    private readonly fleet: FleetRegistry,
    private readonly spool: SpoolService,
    private readonly deadLetters: DeadLetterStore,
    private readonly bus: ReadingsBus,
    private readonly metrics: Metrics,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async handle(msg: InboundMessage): Promise<IngestOutcome> {
    this.counters.received++;
    this.metrics.received.inc();
    const topic = parseTelemetryTopic(msg.topic);
    // decoded as aedes hands the message over, a socket read's PUBLISHes in a row (a smaller read does not bound
    // them: Node pushes each 64 KiB libuv read whole, whatever the socket's highWaterMark). Decoding in turns of
    // 2 ms was tried and taken back: it spread a burst over group commits run one after the other (bench:cpu,
    // 15,000 readings/s through gateways: PUBACK p99 42-58 ms against 31 ms, event-loop delay p99 no lower)
    const outcome = this.decode(msg, topic);
    const pending: Array<Promise<unknown>> = [];
    if (outcome.readings.length) {
      const readings = outcome.readings;
      // QoS 0 has no acknowledgement to slow down: when the spool is full it is dropped and counted instead
      pending.push(
        this.spool
          .append({ topic: msg.topic, receivedAt: msg.receivedAt, payload: msg.payload, readings }, msg.qos > 0)
          .then((spooled) => {
            if (spooled) {
              this.counters.accepted += readings.length;
              this.metrics.accepted.inc(readings.length);
              // scale-out mode: a promise, settled once the readings are in the readings log (a failure fails the
              // message: no acknowledgement, the broker delivers it again)
              return this.bus.emit(readings);
            }
            const detail = `${readings.length} readings dropped: spool full`;
            return this.count(msg, topic, { reason: 'DROPPED_QOS0', detail });
          }),
      );
    }
    for (const rej of outcome.rejections) pending.push(this.count(msg, topic, rej));
    await Promise.all(pending);
    return outcome;
  }

  /**
   * Every message ends as readings and reason-coded rejections, so the broker can acknowledge it: an exception here
   * (a defect: the decoder is property-tested not to throw) would close the connection, and the device would resend
   * the same message forever with its later readings stuck behind it.
   */
  private decode(msg: InboundMessage, topic: ParsedTopic | undefined): IngestOutcome {
    try {
      return this.decodeOrThrow(msg, topic);
    } catch (e) {
      this.log.error({ err: (e as Error).stack ?? String(e), topic: msg.topic }, 'decoding a message failed');
      return reject('DECODE_FAILED', `decoding failed: ${(e as Error).message}`.slice(0, 200));
    }
  }

  private decodeOrThrow(msg: InboundMessage, topic: ParsedTopic | undefined): IngestOutcome {
    if (!topic) return reject('BAD_TOPIC', `not a telemetry topic: ${msg.topic}`);
    if (msg.identity && !this.allowed(msg.identity, topic))
      return reject('NOT_AUTHORIZED', `${idOf(msg.identity)} may not publish to ${msg.topic}`);
    if (msg.payload.length > this.config.maxMessageBytes)
      return reject('OVERSIZE', `${msg.payload.length} bytes > ${this.config.maxMessageBytes}`);
    return decodeMessage(this.fleet, topic, msg.payload, msg.receivedAt, this.config.maxReadingAgeDays * DAY_MS);
  }

  /** Topic ACL: a device publishes only on its own telemetry topic, a gateway only on its own gateway topic. */
  allowed(identity: Identity, topic: ParsedTopic | undefined): boolean {
    if (identity.kind === 'reader' || !topic || topic.plantId !== identity.spec.plantId) return false;
    if (identity.kind === 'device') return topic.kind === 'device' && topic.deviceId === identity.spec.id;
    return topic.kind === 'gateway' && topic.gatewayId === identity.spec.id;
  }

  private count(msg: InboundMessage, topic: ParsedTopic | undefined, rej: Rejection): Promise<void> {
    this.counters.rejected[rej.reason] = (this.counters.rejected[rej.reason] ?? 0) + 1;
    this.metrics.rejected.inc({ reason: rej.reason });
    this.logRejection(msg, rej);
    const errorsTopic = this.errorsTopic(msg.identity, topic);
    const deviceId = rej.deviceId ?? (topic?.kind === 'device' ? topic.deviceId : undefined);
    if (errorsTopic && this.notify) {
      const notice: ErrorNotice = { reason: rej.reason, detail: rej.detail, ts: msg.receivedAt, topic: msg.topic };
      if (rej.index !== undefined) notice.index = rej.index;
      if (deviceId !== undefined) notice.deviceId = deviceId;
      this.notify(errorsTopic, notice);
    }
    return this.deadLetters.record({
      receivedAt: msg.receivedAt,
      topic: msg.topic,
      clientId: msg.clientId,
      ...(msg.identity ? { username: idOf(msg.identity) } : {}),
      plantId: msg.identity?.spec.plantId ?? topic?.plantId,
      deviceId,
      reason: rej.reason,
      detail: rej.detail,
      ...(rej.index !== undefined ? { index: rej.index } : {}),
      raw: msg.payload,
    });
  }

  /** A refused CONNECT: counted and kept like a rejected message (no payload; the password is never kept). */
  refusedConnect(
    clientId: string,
    username: string | undefined,
    detail: string,
    reason: RejectReason = 'BAD_CREDENTIALS',
  ): void {
    const at = Date.now();
    const rej: Rejection = { reason, detail };
    this.counters.rejected[reason] = (this.counters.rejected[reason] ?? 0) + 1;
    this.metrics.rejected.inc({ reason: rej.reason });
    const plantId = username?.includes('/') ? username.split('/')[0] : undefined;
    void this.deadLetters
      .record({
        receivedAt: at,
        topic: '',
        clientId,
        username,
        plantId,
        reason,
        detail,
        raw: Buffer.alloc(0),
      })
      .catch((e: Error) => this.log.error({ err: e.message }, 'dead-letter write failed'));
  }

  /** The publisher hears about its own mistakes: on its identity's errors topic, or the topic's when auth is off. */
  private errorsTopic(identity: Identity | undefined, topic: ParsedTopic | undefined): string | undefined {
    if (identity?.kind === 'reader') return undefined; // a reader may publish nothing: only refusals are counted
    if (identity)
      return identity.kind === 'device'
        ? topics.deviceErrors(identity.spec.plantId, identity.spec.id)
        : topics.gatewayErrors(identity.spec.plantId, identity.spec.id);
    if (!topic) return undefined;
    return topic.kind === 'device'
      ? topics.deviceErrors(topic.plantId, topic.deviceId)
      : topics.gatewayErrors(topic.plantId, topic.gatewayId);
  }

  private logRejection(msg: InboundMessage, rej: Rejection): void {
    const second = Math.floor(msg.receivedAt / 1000);
    const w = this.logWindow;
    if (second !== w.second) {
      if (w.suppressed) this.log.warn({ suppressed: w.suppressed }, 'rejections not logged (see /metrics)');
      this.logWindow = { second, lines: 0, suppressed: 0 };
    }
    if (this.logWindow.lines++ < REJECTION_LOG_PER_SECOND)
      this.log.warn({ topic: msg.topic, clientId: msg.clientId, reason: rej.reason, detail: rej.detail }, 'rejected');
    else this.logWindow.suppressed++;
  }
}

const idOf = (i: Identity) => (i.kind === 'reader' ? i.spec.id : `${i.spec.plantId}/${i.spec.id}`);

function reject(reason: RejectReason, detail: string): IngestOutcome {
  return { readings: [], rejections: [{ reason, detail }] };
}
