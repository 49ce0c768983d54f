import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import {
  MONITORING_EXPORT_FORMAT,
  type ExportKind,
  type MonitoringExport,
  type MonitoringQuery,
  type MonitoringReport,
} from '#contracts';
import { indicator, keyField, monitoringReport, MONITORING_THRESHOLDS } from '#compliance';
import { FleetRegistry } from '../../fleet/fleet-registry.js';
import { LedgerService } from '../../ledger/ledger.service.js';

export class MonitoringQueryError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

type Granularity = 'month' | 'day' | '15min';

/**
 * An enterprise's online-monitoring indicators for a month from the energy ledger: the month, its days and the
 * 15-minute periods of its last day with data, with the data-quality checks of libs/compliance (monitoring); and the
 * closed day or month the provincial exporter pushes.
 */
@Injectable()
export class MonitoringService {
  constructor(
    private readonly fleet: FleetRegistry,
    private readonly ledger: LedgerService,
  ) {}

  get zone(): string {
    return this.ledger.zone;
  }

  /** The enterprise as a platform identifies it, and the ids of its plants. */
  enterprise(id: string): { info: MonitoringReport['enterprise']; plantIds: string[] } {
    const e = this.fleet.enterprises().find((x) => x.id === id);
    if (!e) throw new MonitoringQueryError('enterprise', `no enterprise ${id}`);
    const plantIds = this.fleet
      .plants()
      .filter((p) => p.enterprise === e.id)
      .map((p) => p.id);
    if (!plantIds.length) throw new MonitoringQueryError('enterprise', `enterprise ${id} has no plants`);
    const industries = [
      ...new Set(
        this.fleet
          .lines()
          .filter((l) => plantIds.includes(l.plantId))
          .flatMap((l) => keyField(l.field)?.industry ?? []),
      ),
    ].sort();
    return { info: { id: e.id, name: e.nameZh ?? e.name, uscc: e.uscc, region: e.region, industries }, plantIds };
  }

  /**
   * The month's indicators of an enterprise, over the plants `sees` lets the caller see: a prefecture's regulator gets
   * the enterprise's plants in that prefecture only, marked partial.
   */
  async report(
    q: MonitoringQuery,
    asOf = Date.now(),
    sees: (plantId: string) => boolean = () => true,
  ): Promise<MonitoringReport> {
    const { info, plantIds } = this.enterprise(q.enterprise);
    const plants = plantIds.filter(sees);
    if (!plants.length) throw new MonitoringQueryError('enterprise', `no plant of ${q.enterprise} in your scope`);
    const at = (g: Granularity, from: string, to: string) => this.at(info.id, g, from, to, sees);
    const first = DateTime.fromISO(`${q.month}-01`, { zone: this.zone });
    const monthly = (await at('month', q.month, q.month)).periods[0]!;
    const daily = (await at('day', first.toISODate()!, first.endOf('month').toISODate()!)).periods;
    const last = daily.filter((d) => d.categories.some((c) => c.quantity !== 0)).at(-1);
    const quarterHours = last ? (await at('15min', `${last.label}T00:00`, `${last.label}T23:45`)).periods : [];
    const partial = plants.length < plantIds.length;
    return monitoringReport({
      enterprise: info,
      plants,
      partial,
      month: q.month,
      zone: this.zone,
      asOf,
      monthly,
      daily,
      quarterHours,
    });
  }

  /** One enterprise's day (with its 15-minute figures) or month (with its days and their consistency) for export. */
  async exportOf(enterprise: string, kind: ExportKind, period: string, asOf = Date.now()): Promise<MonitoringExport> {
    const base = { format: MONITORING_EXPORT_FORMAT, kind, period, zone: this.zone, asOf };
    if (kind === 'monthly') {
      const r = await this.report({ enterprise, month: period }, asOf);
      const { enterprise: info, thresholds, monthly, daily, consistency } = r;
      // the platform's own push: every plant of the enterprise (no caller, `sees` all)
      return { ...base, enterprise: info, thresholds, indicators: monthly, days: daily, consistency };
    }
    const { info } = this.enterprise(enterprise);
    const day = DateTime.fromISO(period, { zone: this.zone });
    if (!day.isValid) throw new MonitoringQueryError('period', `${period} is not a day`);
    const d = (await this.at(info.id, 'day', period, period)).periods[0]!;
    const q = (await this.at(info.id, '15min', `${period}T00:00`, `${period}T23:45`)).periods;
    return {
      ...base,
      enterprise: info,
      thresholds: { ...MONITORING_THRESHOLDS },
      indicators: indicator(d, asOf),
      quarterHours: q.map((x) => indicator(x, asOf)),
    };
  }

  private at(id: string, granularity: Granularity, from: string, to: string, sees?: (plantId: string) => boolean) {
    return this.ledger.query({ level: 'enterprise', id, granularity, from, to }, sees);
  }
}
