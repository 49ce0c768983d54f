import { Injectable } from '@nestjs/common';
import { regionCovers, type PlanComplianceQuery, type PlanComplianceReport, type ProductionLineSpec } from '#contracts';
import { planComplianceReport, planPeriods, type LineMonth } from '#compliance';
import { FleetRegistry } from '../../fleet/fleet-registry.js';
import { LedgerService } from '../../ledger/ledger.service.js';

/** A query the report cannot answer (a bad period range), with the field it concerns. */
export class PlanQueryError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Compliance per the plan over the platform's data: each production line's months from the energy ledger (its
 * measuring device's energy on the ledger's boundary, its output, the share of the month's data present), judged
 * by libs/compliance. `scope` narrows to a region (a province, prefecture or county code covers the codes below it)
 * and/or an enterprise: the regulator's accounts are bound to their regions by the caller.
 */
@Injectable()
export class PlanComplianceService {
  constructor(
    private readonly fleet: FleetRegistry,
    private readonly ledger: LedgerService,
  ) {}

  async report(q: PlanComplianceQuery, asOf = Date.now()): Promise<PlanComplianceReport> {
    let periods;
    try {
      periods = planPeriods(q.granularity, q.from, q.to, this.ledger.zone, 60);
    } catch (e) {
      throw new PlanQueryError('to', (e as Error).message);
    }
    const plants = this.fleet.plants();
    const scope = { ...(q.region ? { region: q.region } : {}), ...(q.enterprise ? { enterprise: q.enterprise } : {}) };
    const byId = new Map(plants.map((p) => [p.id, p]));
    const lines = this.fleet.lines().filter((l) => {
      const p = byId.get(l.plantId);
      return (
        (!q.region || regionCovers(q.region, p?.region)) && (!q.enterprise || (p?.enterprise ?? p?.id) === q.enterprise)
      );
    });
    const first = periods[0]!.months[0]!;
    const last = periods.at(-1)!.months.at(-1)!;
    const months: LineMonth[] = [];
    for (const l of lines) months.push(...(await this.lineMonths(l, first, last, asOf)));
    return planComplianceReport({
      lines,
      plants,
      enterprises: this.fleet.enterprises(),
      months,
      periods,
      granularity: q.granularity,
      zone: this.ledger.zone,
      scope,
      asOf,
    });
  }

  /** The line's calendar months from the ledger (device level: the measuring device's own figures). */
  private async lineMonths(l: ProductionLineSpec, from: string, to: string, asOf: number): Promise<LineMonth[]> {
    const device = l.device ?? l.id;
    const r = await this.ledger.query({
      level: 'device',
      id: device,
      plantId: l.plantId,
      granularity: 'month',
      from,
      to,
    });
    return r.periods
      .filter((p) => p.start < asOf)
      .map((p) => {
        const out = p.outputs.find((o) => o.line === device);
        const electricity = p.categories.find((c) => c.category === 'electricity');
        // completeness: the least complete of the line's energy categories (the ledger's figure per category)
        const completeness = p.categories.length ? Math.min(...p.categories.map((c) => c.completeness)) : 0;
        return {
          lineId: l.id,
          month: p.label,
          ...(out ? { kgce: out.kgce, output: out.quantity } : p.kgce > 0 ? { kgce: p.kgce } : {}),
          ...(electricity ? { kwhAc: electricity.quantity } : {}),
          completeness,
        };
      });
  }
}
