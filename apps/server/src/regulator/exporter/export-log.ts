import type { Selectable } from 'kysely';
import type { ExportDelivery, ExportKind, ExportLogQuery, ExportStatus } from '#contracts';
import { regionPrefix } from '#contracts';
import type { StateDb } from '../../state/state-db.js';
import type { ExportDeliveriesTable } from '../../state/tables.js';

/** deliveries older than this leave the log (the exporter never looks back further than the previous month) */
export const LOG_KEPT_MS = 400 * 86_400_000;

/**
 * The provincial exporter's delivery log in the relational state store: one row per delivery queued, updated with
 * each attempt's outcome the outbox reports. It also tells the schedule which days and months were already pushed.
 */
export class ExportLog {
  constructor(private readonly state: StateDb) {}

  async add(rows: ExportDelivery[]): Promise<void> {
    if (!rows.length) return;
    await this.state.db.insertInto('export_deliveries').values(rows.map(toRow)).execute();
    await this.state.db
      .deleteFrom('export_deliveries')
      .where('queued_at', '<', rows[0]!.queuedAt - LOG_KEPT_MS)
      .execute();
  }

  async outcome(
    deliveryId: string,
    o: { status: ExportStatus; attempts: number; at: number; error?: string; httpStatus?: number },
  ): Promise<void> {
    await this.state.db
      .updateTable('export_deliveries')
      .set({
        status: o.status,
        attempts: o.attempts,
        updated_at: o.at,
        last_error: o.error ?? null,
        ...(o.httpStatus !== undefined ? { http_status: o.httpStatus } : {}),
        ...(o.status === 'delivered' ? { delivered_at: o.at } : {}),
      })
      .where('delivery_id', '=', deliveryId)
      .execute();
  }

  /** newest first */
  async list(q: ExportLogQuery): Promise<ExportDelivery[]> {
    let sel = this.state.db.selectFrom('export_deliveries').selectAll();
    if (q.enterprise) sel = sel.where('enterprise', '=', q.enterprise);
    if (q.region) sel = sel.where('region', 'like', `${regionPrefix(q.region)}%`);
    if (q.status) sel = sel.where('status', '=', q.status);
    const rows = await sel.orderBy('queued_at', 'desc').orderBy('delivery_id').limit(q.limit).execute();
    return rows.map(fromRow);
  }

  /** `subscriber/enterprise/kind/period` of every delivery queued since `since` that has not failed */
  async queuedSince(since: number): Promise<Set<string>> {
    const rows = await this.state.db
      .selectFrom('export_deliveries')
      .select(['subscriber_id', 'enterprise', 'kind', 'period'])
      .where('queued_at', '>=', since)
      .where('status', '!=', 'failed')
      .execute();
    return new Set(rows.map((r) => exportKey(r.subscriber_id, r.enterprise, r.kind as ExportKind, r.period)));
  }
}

export const exportKey = (subscriber: string, enterprise: string, kind: ExportKind, period: string): string =>
  `${subscriber}/${enterprise}/${kind}/${period}`;

function toRow(d: ExportDelivery): ExportDeliveriesTable {
  return {
    delivery_id: d.deliveryId,
    subscriber_id: d.subscriberId,
    kind: d.kind,
    enterprise: d.enterprise,
    region: d.region,
    period: d.period,
    codec: d.codec,
    queued_at: d.queuedAt,
    status: d.status,
    attempts: d.attempts,
    last_error: d.lastError ?? null,
    http_status: d.httpStatus ?? null,
    updated_at: d.updatedAt,
    delivered_at: d.deliveredAt ?? null,
  };
}

function fromRow(r: Selectable<ExportDeliveriesTable>): ExportDelivery {
  return {
    deliveryId: r.delivery_id,
    subscriberId: r.subscriber_id,
    kind: r.kind as ExportKind,
    enterprise: r.enterprise,
    region: r.region,
    period: r.period,
    codec: r.codec,
    queuedAt: r.queued_at,
    status: r.status as ExportStatus,
    attempts: r.attempts,
    ...(r.last_error !== null ? { lastError: r.last_error } : {}),
    ...(r.http_status !== null ? { httpStatus: r.http_status } : {}),
    updatedAt: r.updated_at,
    ...(r.delivered_at !== null ? { deliveredAt: r.delivered_at } : {}),
  };
}
