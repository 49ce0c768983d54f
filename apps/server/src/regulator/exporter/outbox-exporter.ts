import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { ExportDelivery, MonitoringExport, WebhookEnvelope } from '#contracts';
import { WebhookService, type DeliveryOutcome } from '../webhooks/webhook.service.js';
import { LOGGER } from '../../tokens.js';
import type { Logger } from '../../logger.js';
import { IndicatorCodec } from './codec.js';
import { ExportLog } from './export-log.js';
import { IndicatorExporter } from './indicator-exporter.js';

const EVENT: Record<MonitoringExport['kind'], WebhookEnvelope['type']> = {
  daily: 'monitoring.daily',
  monthly: 'monitoring.monthly',
};

/**
 * The exporter over HTTPS: each export, encoded by the codec, becomes a signed delivery in the webhook outbox for
 * every subscriber that lists its event (`monitoring.daily`, `monitoring.monthly`), so it has the outbox's
 * durability, order and retries; the log follows each delivery through the outbox's outcomes.
 */
@Injectable()
export class OutboxIndicatorExporter extends IndicatorExporter implements OnModuleInit {
  constructor(
    private readonly webhooks: WebhookService,
    private readonly codec: IndicatorCodec,
    private readonly log: ExportLog,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  onModuleInit(): void {
    this.webhooks.onOutcome(
      (o) => void this.record(o).catch((e: Error) => this.logger.warn({ err: e.message }, 'export log not updated')),
    );
  }

  targets(kind: MonitoringExport['kind'], plantIds: string[]): string[] {
    return this.webhooks.subscribersFor(EVENT[kind], plantIds).map((s) => s.id);
  }

  async push(x: MonitoringExport, plantIds: string[], only?: string[]): Promise<ExportDelivery[]> {
    const to = this.targets(x.kind, plantIds).filter((id) => !only || only.includes(id));
    if (!to.length) return [];
    const now = Date.now();
    const envelope: WebhookEnvelope = {
      id: randomUUID(),
      type: EVENT[x.kind],
      createdAt: now,
      data: this.codec.encode(x),
    };
    const rows = to.map((subscriberId): ExportDelivery => ({
      deliveryId: randomUUID(),
      subscriberId,
      kind: x.kind,
      enterprise: x.enterprise.id,
      region: x.enterprise.region,
      period: x.period,
      codec: this.codec.name,
      queuedAt: now,
      status: 'pending',
      attempts: 0,
      updatedAt: now,
    }));
    // logged first, so the outcome of a first attempt always finds its row
    await this.log.add(rows);
    await this.webhooks.queue(
      envelope,
      rows.map((r) => ({ id: r.deliveryId, subscriberId: r.subscriberId })),
    );
    return rows;
  }

  private async record(o: DeliveryOutcome): Promise<void> {
    if (o.type !== 'monitoring.daily' && o.type !== 'monitoring.monthly') return;
    const status = o.ok ? 'delivered' : o.dead ? 'failed' : 'pending';
    await this.log.outcome(o.deliveryId, {
      status,
      attempts: o.attempts,
      at: o.at,
      ...(o.error !== undefined ? { error: o.error } : {}),
      ...(o.httpStatus !== undefined ? { httpStatus: o.httpStatus } : {}),
    });
  }
}
