import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { MonitoringQuery, MonitoringReport } from '#contracts';
import { keyField, monitoringReport } from '#compliance';
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

/**
 * An enterprise's online-monitoring indicators for a month from the energy ledger: the month, its days and the
 * 15-minute periods of its last day with data, with the data-quality checks of libs/compliance (monitoring).
 */
@Injectable()
export class MonitoringService {
  constructor(
    private readonly fleet: FleetRegistry,
    private readonly ledger: LedgerService,
  ) {}

  async report(q: MonitoringQuery, asOf = Date.now()): Promise<MonitoringReport> {
    const e = this.fleet.enterprises().find((x) => x.id === q.enterprise);
    if (!e) throw new MonitoringQueryError('enterprise', `no enterprise ${q.enterprise}`);
    const plants = new Set(
      this.fleet
        .plants()
        .filter((p) => p.enterprise === e.id)
        .map((p) => p.id),
    );
    if (!plants.size) throw new MonitoringQueryError('enterprise', `enterprise ${q.enterprise} has no plants`);
    const industries = [
      ...new Set(
        this.fleet
          .lines()
          .filter((l) => plants.has(l.plantId))
          .flatMap((l) => keyField(l.field)?.industry ?? []),
      ),
    ].sort();
    const first = DateTime.fromISO(`${q.month}-01`, { zone: this.ledger.zone });
    const at = (granularity: 'month' | 'day' | '15min', from: string, to: string) =>
      this.ledger.query({ level: 'enterprise', id: e.id, granularity, from, to });
    const monthly = (await at('month', q.month, q.month)).periods[0]!;
    const daily = (await at('day', first.toISODate()!, first.endOf('month').toISODate()!)).periods;
    const last = daily.filter((d) => d.categories.some((c) => c.quantity !== 0)).at(-1);
    const quarterHours = last ? (await at('15min', `${last.label}T00:00`, `${last.label}T23:45`)).periods : [];
    return monitoringReport({
      enterprise: { id: e.id, name: e.nameZh ?? e.name, uscc: e.uscc, region: e.region, industries },
      month: q.month,
      zone: this.ledger.zone,
      asOf,
      monthly,
      daily,
      quarterHours,
    });
  }
}
