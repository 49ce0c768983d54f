import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { WEBHOOK_HEADERS, type WebhookEnvelope, type WebhookStatus } from '#contracts';
import { AlertService } from '../../alerts/alert.service.js';
import type { BookChange } from '../../alerts/alert-book.js';
import { CONFIG, LOGGER } from '../../tokens.js';
import type { AppConfig } from '../../config/config.js';
import { rolesOf } from '../../config/roles.js';
import type { Logger } from '../../logger.js';
import { StateDb } from '../../state/state-db.js';
import { Outbox, type Delivery } from './outbox.js';
import { sign } from './signature.js';
import { loadSubscribers, wants, type WebhookSubscriber } from './subscribers.js';
import type { Stoppable } from '../../lifecycle/shutdown.js';

const POLL_MS = 250;
const TIMEOUT_MS = 10_000;
/** a delivery not accepted within a day goes to the dead letters (the regulator's own data-quality window) */
const GIVE_UP_MS = 24 * 3_600_000;

/** Exponential backoff: 1 s, 2 s, 4 s … capped at 5 minutes. */
export const backoffMs = (attempts: number): number => Math.min(300_000, 1000 * 2 ** Math.max(0, attempts - 1));

/** What became of one attempt at a delivery (the provincial exporter keeps its delivery log from these). */
export interface DeliveryOutcome {
  deliveryId: string;
  subscriberId: string;
  type: WebhookEnvelope['type'];
  ok: boolean;
  attempts: number;
  /** the delivery gave up (no more attempts) */
  dead: boolean;
  httpStatus?: number;
  error?: string;
  at: number;
}

/**
 * Delivers alert changes and flood events to subscribers as signed webhooks, through a durable outbox; other
 * capabilities (the provincial exporter) queue their own events with `queue` and follow them with `onOutcome`.
 */
@Injectable()
export class WebhookService implements OnModuleInit, Stoppable {
  private subscribers: WebhookSubscriber[] = [];
  private outbox!: Outbox;
  private timer?: NodeJS.Timeout;
  private readonly busy = new Set<string>();
  readonly delivered = new Map<string, number>();
  private readonly outcomeListeners: Array<(o: DeliveryOutcome) => void> = [];

  constructor(
    private readonly alerts: AlertService,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(StateDb) private readonly state: StateDb,
  ) {}

  onModuleInit(): void {
    this.subscribers = loadSubscribers(this.config.webhooksFile);
    this.outbox = new Outbox(this.state, this.config.webhookMaxPending);
    if (this.subscribers.length === 0) return;
    // a change is queued by the process that makes it; the deliveries are sent by the detection processes, each
    // claimed with a lease in the shared outbox, so each is sent once however many of them run
    this.alerts.onChange((c) => this.enqueue(c));
    if (!rolesOf(this.config).detection) return;
    this.timer = setInterval(() => this.pump(), POLL_MS);
    this.log.info({ subscribers: this.subscribers.map((s) => s.id) }, 'webhooks on');
  }

  /** called by the ShutdownCoordinator in its step (lifecycle/shutdown.ts) */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.outbox.close();
    while (this.busy.size) await new Promise((r) => setTimeout(r, 10));
  }

  async status(): Promise<WebhookStatus> {
    const [counts, dead] = await Promise.all([this.outbox.counts(), this.outbox.dead()]);
    return {
      subscribers: this.subscribers.map((s) => ({
        id: s.id,
        url: s.url,
        delivered: this.delivered.get(s.id) ?? 0,
        pending: counts.get(s.id)?.pending ?? 0,
        dead: counts.get(s.id)?.dead ?? 0,
      })),
      dead,
    };
  }

  /** The subscribers that take `type` for any of these plants. */
  subscribersFor(type: WebhookEnvelope['type'], plantIds: string[]): Array<{ id: string; url: string }> {
    return this.subscribers.filter((s) => wants(s, type, plantIds)).map((s) => ({ id: s.id, url: s.url }));
  }

  /** Queues one event as these deliveries (ids chosen by the caller); resolves once they are durable. */
  async queue(envelope: WebhookEnvelope, deliveries: Array<{ id: string; subscriberId: string }>): Promise<void> {
    const now = Date.now();
    await Promise.all(deliveries.map((d) => this.outbox.add({ ...d, envelope, attempts: 0, nextAt: now })));
  }

  onOutcome(fn: (o: DeliveryOutcome) => void): void {
    this.outcomeListeners.push(fn);
  }

  private outcome(o: DeliveryOutcome): void {
    for (const fn of this.outcomeListeners) {
      try {
        fn(o);
      } catch (e) {
        this.log.warn({ delivery: o.deliveryId, err: (e as Error).message }, 'delivery outcome listener failed');
      }
    }
  }

  private async enqueue(change: BookChange): Promise<void> {
    const now = Date.now();
    const events: Array<[WebhookEnvelope, string]> = [
      ...change.alerts.map((a): [WebhookEnvelope, string] => [env('alert.changed', a, now), a.plantId]),
      ...change.floods.map((f): [WebhookEnvelope, string] => [env('plant.flood', f, now), f.plantId]),
    ];
    // deliveries added together share one transaction
    const adds: Array<Promise<void>> = [];
    for (const [envelope, plantId] of events)
      for (const s of this.subscribers)
        if (wants(s, envelope.type, plantId))
          adds.push(this.outbox.add({ id: randomUUID(), subscriberId: s.id, envelope, attempts: 0, nextAt: now }));
    await Promise.all(adds);
  }

  /** One delivery in flight per subscriber, oldest first, so a receiver sees each alert's changes in order. */
  private pump(): void {
    for (const s of this.subscribers) {
      if (this.busy.has(s.id)) continue;
      this.busy.add(s.id);
      void this.next(s.id)
        .catch((e: Error) => this.log.warn({ subscriber: s.id, err: e.message }, 'webhook outbox unavailable'))
        .finally(() => this.busy.delete(s.id));
    }
  }

  /** the subscriber's oldest pending delivery blocks the ones after it; it is sent once its time has come */
  private async next(subscriberId: string): Promise<void> {
    const d = await this.outbox.oldest(subscriberId);
    const now = Date.now();
    if (!d || d.nextAt > now || d.leaseUntil > now) return;
    // the lease outlasts one attempt (its timeout), so another process never sends it at the same time
    if (!(await this.outbox.claim(d.id, now, TIMEOUT_MS + 5_000))) return;
    await this.attempt(d);
  }

  private async attempt({ leaseUntil: _, ...d }: Delivery & { leaseUntil: number }): Promise<void> {
    const s = this.subscribers.find((x) => x.id === d.subscriberId);
    if (!s) {
      await this.outbox.kill({ ...d, lastError: 'subscriber no longer configured' });
      const error = 'subscriber no longer configured';
      return this.outcome({ ...ids(d), ok: false, attempts: d.attempts, dead: true, error, at: Date.now() });
    }
    const body = JSON.stringify(d.envelope);
    const ts = Date.now();
    let error: string | undefined;
    let httpStatus: number | undefined;
    try {
      const res = await fetch(s.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [WEBHOOK_HEADERS.id]: d.id,
          [WEBHOOK_HEADERS.event]: d.envelope.type,
          [WEBHOOK_HEADERS.timestamp]: String(ts),
          [WEBHOOK_HEADERS.signature]: sign(s.secret, ts, body),
        },
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      httpStatus = res.status;
      if (res.ok) {
        await this.outbox.done(d.id);
        this.delivered.set(s.id, (this.delivered.get(s.id) ?? 0) + 1);
        return this.outcome({ ...ids(d), ok: true, attempts: d.attempts + 1, dead: false, httpStatus, at: Date.now() });
      }
      error = `HTTP ${res.status}`;
    } catch (e) {
      error = (e as Error).message;
    }
    const next: Delivery = {
      ...d,
      attempts: d.attempts + 1,
      nextAt: Date.now() + backoffMs(d.attempts + 1),
      lastError: error,
    };
    this.log.warn({ subscriber: s.id, delivery: d.id, attempts: next.attempts, error }, 'webhook delivery failed');
    const dead = Date.now() - d.envelope.createdAt > GIVE_UP_MS;
    if (dead) await this.outbox.kill(next);
    else await this.outbox.retry(next);
    const status = httpStatus !== undefined ? { httpStatus } : {};
    this.outcome({ ...ids(d), ok: false, attempts: next.attempts, dead, ...status, error, at: Date.now() });
  }
}

const ids = (d: Delivery) => ({ deliveryId: d.id, subscriberId: d.subscriberId, type: d.envelope.type });

function env(type: WebhookEnvelope['type'], data: unknown, now: number): WebhookEnvelope {
  return { id: randomUUID(), type, createdAt: now, data };
}
