import type { IndicatorPeriod, LedgerPeriod, MonitoringFlag, MonitoringReport } from '#contracts';

/**
 * Data-quality rules seen in provincial practice for online energy monitoring: a period is complete with ≥ 90 % of its
 * expected samples; daily figures summed agree with the monthly one within 5 %; a 15-minute figure arrives within
 * its period plus a minute.
 */
export const MONITORING_THRESHOLDS = { completeness: 0.9, consistency: 0.05, latenessMs: 16 * 60_000 } as const;

export interface MonitoringInput {
  enterprise: MonitoringReport['enterprise'];
  /** the plants the figures cover, and whether that is fewer than the enterprise has */
  plants: string[];
  partial: boolean;
  month: string;
  zone: string;
  asOf: number;
  /** the ledger's figures of the enterprise: the month, its days, the 15-minute periods of its last day with data */
  monthly: LedgerPeriod;
  daily: LedgerPeriod[];
  quarterHours: LedgerPeriod[];
}

const EPS = 1e-9;

/** One period's indicators from the ledger's figures, flagged INCOMPLETE when it has ended with < 90 % of its samples. */
export function indicator(p: LedgerPeriod, asOf: number): IndicatorPeriod {
  const completeness = p.categories.length ? Math.min(...p.categories.map((c) => c.completeness)) : 0;
  const flags: MonitoringFlag[] = [];
  // a period still running is not judged on completeness yet
  if (p.end <= asOf && completeness < MONITORING_THRESHOLDS.completeness - EPS) flags.push('INCOMPLETE');
  return {
    label: p.label,
    start: p.start,
    end: p.end,
    kgce: p.kgce,
    categories: p.categories.map((c) => ({ category: c.category, quantity: c.quantity, unit: c.unit, kgce: c.kgce })),
    outputs: p.outputs.map((o) => ({
      line: o.line,
      product: o.product,
      quantity: o.quantity,
      ...(o.kgcePerUnit !== undefined ? { kgcePerUnit: o.kgcePerUnit } : {}),
    })),
    completeness,
    flags,
  };
}

/** The month's indicators of one enterprise with completeness, daily-vs-monthly consistency and timeliness. */
export function monitoringReport(x: MonitoringInput): MonitoringReport {
  const monthly = indicator(x.monthly, x.asOf);
  const daily = x.daily.map((d) => indicator(d, x.asOf));
  const realtime = x.quarterHours.map((q) => indicator(q, x.asOf));
  const consistency = x.monthly.categories.map((c) => {
    const dailySum = x.daily.reduce(
      (s, d) => s + (d.categories.find((k) => k.category === c.category)?.quantity ?? 0),
      0,
    );
    // a monthly figure of 0 against days that used something: 100 % off
    const deviation = c.quantity !== 0 ? (dailySum - c.quantity) / c.quantity : dailySum === 0 ? 0 : 1;
    return { category: c.category, dailySum, monthly: c.quantity, deviation };
  });
  if (consistency.some((c) => Math.abs(c.deviation) > MONITORING_THRESHOLDS.consistency + EPS))
    monthly.flags.push('INCONSISTENT');
  const withData = realtime.filter((q) => q.categories.some((c) => c.quantity !== 0));
  const latestDataEnd = withData.at(-1)?.end;
  const lagMs = latestDataEnd !== undefined ? Math.max(0, x.asOf - latestDataEnd) : undefined;
  // late: the month is still running and its newest 15-minute figure is older than a period and a minute
  if (x.monthly.end > x.asOf && (lagMs === undefined || lagMs > MONITORING_THRESHOLDS.latenessMs))
    monthly.flags.push('LATE');
  return {
    enterprise: x.enterprise,
    plants: x.plants,
    partial: x.partial,
    month: x.month,
    zone: x.zone,
    asOf: x.asOf,
    thresholds: { ...MONITORING_THRESHOLDS },
    monthly,
    daily,
    realtime,
    consistency,
    ...(latestDataEnd !== undefined ? { latestDataEnd, lagMs } : {}),
  };
}
