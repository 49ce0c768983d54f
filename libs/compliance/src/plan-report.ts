import type {
  EnterpriseSpec,
  FieldShares,
  LineResult,
  LineStatus,
  PlanComplianceReport,
  PlanGranularity,
  PlanPeriod,
  PlantSpec,
  ProductionLineSpec,
  ScopeFields,
} from '#contracts';
import { LINE_STATUSES, regionCovers } from '#contracts';
import { KEY_FIELDS, PLAN_DOCUMENTS, keyField, levelOfValue, levelRow, type KeyField } from './plan/index.js';
import type { PlanPeriodSpan } from './plan-periods.js';

/** The plan's 2025 targets: every line at or above 基准, 30 % of capacity at 标杆 (per key field). */
export const PLAN_TARGETS = { year: 2025, atOrAboveBaseline: 1, atBenchmark: 0.3 } as const;

/** Provincial practice for online monitoring: a figure resting on less than 90 % of the expected data is not used. */
export const COMPLETENESS_THRESHOLD = 0.9;

/** 1 kgoe = 41.868 MJ, 1 kgce = 29.3076 MJ (GB/T 2589-2020): kgce per kgoe. */
export const KGCE_PER_KGOE = 41.868 / 29.3076;

/** What the ledger measured of a line over one calendar month. */
export interface LineMonth {
  lineId: string;
  /** YYYY-MM */
  month: string;
  /** energy used on the line's boundary, kgce (after credits such as waste-heat power exported) */
  kgce?: number;
  /** AC electricity, kWh (electrolytic aluminium's indicator) */
  kwhAc?: number;
  /** output in the field's product unit */
  output?: number;
  /** share of the month's expected data present, 0..1 */
  completeness: number;
}

export interface PlanReportInput {
  lines: ProductionLineSpec[];
  plants: PlantSpec[];
  enterprises: EnterpriseSpec[];
  months: LineMonth[];
  periods: PlanPeriodSpan[];
  granularity: PlanGranularity;
  zone: string;
  scope: { region?: string; enterprise?: string };
  asOf: number;
  threshold?: number;
}

const PRODUCT_UNIT: Record<KeyField['indicator']['product'], string> = {
  t: 't/a',
  weight_box: 'weight boxes/a',
  m2: 'm²/a',
  t_energy_factor: 't·energy factor/a',
};

const EPS = 1e-9;

/**
 * Compliance per the plan over the periods: each line's unit-product consumption over the period (energy summed
 * over its months ÷ output summed), judged against its field's levels; per field the shares of ALL capacity in
 * scope at each level, with capacity lacking data or a level counted apart (never dropped, never compliant).
 */
export function planComplianceReport(input: PlanReportInput): PlanComplianceReport {
  const threshold = input.threshold ?? COMPLETENESS_THRESHOLD;
  const plants = new Map(input.plants.map((p) => [p.id, p]));
  const enterprises = new Map(input.enterprises.map((e) => [e.id, e]));
  const inScope = input.lines.filter((l) => {
    const p = plants.get(l.plantId);
    if (input.scope.region && !regionCovers(input.scope.region, p?.region)) return false;
    if (input.scope.enterprise && enterpriseOf(p, l) !== input.scope.enterprise) return false;
    return true;
  });
  const months = new Map(input.months.map((m) => [`${m.lineId}\u0000${m.month}`, m]));

  const periods: PlanPeriod[] = input.periods.map((span) => {
    const lines = inScope.map((l) => judge(l, span, months, plants, threshold));
    const byRegion = groupBy(lines, (r) => (r.region ? childRegion(r.region, input.scope.region) : 'unknown'));
    const byEnterprise = groupBy(lines, (r) => r.enterprise ?? 'unknown');
    return {
      label: span.label,
      start: span.start,
      end: span.end,
      fields: fieldShares(lines),
      regions: [...byRegion].map(([id, rs]) => ({ id, fields: fieldShares(rs) })),
      enterprises: [...byEnterprise].map(([id, rs]) => enterpriseRow(id, enterprises.get(id), rs)),
      lines: lines.sort((a, b) => a.field.localeCompare(b.field) || a.lineId.localeCompare(b.lineId)),
      completeness: lines.length ? lines.reduce((s, r) => s + (r.completeness ?? 0), 0) / lines.length : 0,
    };
  });

  const used = new Set(inScope.map((l) => l.field));
  return {
    asOf: input.asOf,
    zone: input.zone,
    granularity: input.granularity,
    scope: { ...input.scope },
    targets: { ...PLAN_TARGETS },
    completenessThreshold: threshold,
    periods,
    fields: KEY_FIELDS.filter((k) => used.has(k.id)).map((k) => ({
      id: k.id,
      zh: k.zh,
      en: k.en,
      unit: k.indicator.unit,
      capacityUnit: PRODUCT_UNIT[k.indicator.product],
      standard: k.indicator.standard,
      document: PLAN_DOCUMENTS[k.edition].number,
      deadline: k.deadline,
    })),
  };
}

const enterpriseOf = (p: PlantSpec | undefined, l: ProductionLineSpec) => p?.enterprise ?? p?.id ?? l.plantId;

/** The next level below the scope: prefectures (xxxx00) under a province or no scope, counties under a prefecture. */
function childRegion(code: string, scope?: string): string {
  if (scope && scope.endsWith('00') && !scope.endsWith('0000')) return code;
  return `${code.slice(0, 4)}00`;
}

function judge(
  l: ProductionLineSpec,
  span: PlanPeriodSpan,
  months: Map<string, LineMonth>,
  plants: Map<string, PlantSpec>,
  threshold: number,
): LineResult {
  const plant = plants.get(l.plantId);
  const field = keyField(l.field);
  const row = field ? levelRow(field, l.row) : undefined;
  const base: LineResult = {
    lineId: l.id,
    name: l.name,
    ...(l.nameZh ? { nameZh: l.nameZh } : {}),
    plantId: l.plantId,
    device: l.device ?? l.id,
    enterprise: enterpriseOf(plant, l),
    ...(plant?.region ? { region: plant.region } : {}),
    field: l.field,
    ...(l.row ? { row: l.row } : {}),
    capacity: l.capacity,
    status: 'no_level',
    unit: field?.indicator.unit ?? '',
    ...(row ? { benchmark: row.benchmark, baseline: row.baseline, levelConfidence: row.confidence } : {}),
  };
  // energy and output summed over the period's months; completeness the mean of its months (0 for a month absent)
  let energy = 0;
  let output = 0;
  let hasEnergy = false;
  let completeness = 0;
  for (const m of span.months) {
    const x = months.get(`${l.id}\u0000${m}`);
    if (!x) continue;
    completeness += Math.min(1, Math.max(0, x.completeness)) / span.months.length;
    const e = field ? energyOf(x, field) : undefined;
    if (e !== undefined) {
      energy += e;
      hasEnergy = true;
    }
    output += x.output ?? 0;
  }
  const measured = {
    completeness,
    ...(output > 0 ? { output } : {}),
    ...(hasEnergy && output > 0 ? { value: energy / output } : {}),
  };
  if (!field || !row) return { ...base, ...measured };
  if (measured.value === undefined) return { ...base, ...measured, status: 'no_data' };
  if (completeness < threshold - EPS) return { ...base, ...measured, status: 'insufficient' };
  return { ...base, ...measured, status: levelOfValue(measured.value, row) };
}

function energyOf(x: LineMonth, field: KeyField): number | undefined {
  switch (field.indicator.energy) {
    case 'kgce':
      return x.kgce;
    case 'kgoe':
      return x.kgce === undefined ? undefined : x.kgce / KGCE_PER_KGOE;
    case 'kWh_ac':
      return x.kwhAc;
  }
}

function groupBy<T>(xs: T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) (m.get(key(x)) ?? m.set(key(x), []).get(key(x))!).push(x);
  return new Map([...m].sort(([a], [b]) => a.localeCompare(b)));
}

function enterpriseRow(id: string, e: EnterpriseSpec | undefined, rs: LineResult[]): ScopeFields {
  return {
    id,
    ...(e ? { name: e.name, uscc: e.uscc, region: e.region, ...(e.nameZh ? { nameZh: e.nameZh } : {}) } : {}),
    fields: fieldShares(rs),
  };
}

/** Per field: capacity by status, and the shares of the field's whole capacity in scope. */
export function fieldShares(lines: LineResult[]): FieldShares[] {
  const out: FieldShares[] = [];
  for (const [fieldId, rs] of groupBy(lines, (r) => r.field)) {
    const k = keyField(fieldId);
    const capacity = Object.fromEntries(LINE_STATUSES.map((s) => [s, 0])) as Record<LineStatus, number>;
    for (const r of rs) capacity[r.status] += r.capacity;
    const total = LINE_STATUSES.reduce((s, x) => s + capacity[x], 0);
    const share = (v: number) => (total > 0 ? v / total : 0);
    const atOrAbove = share(capacity.benchmark + capacity.baseline);
    const atBenchmark = share(capacity.benchmark);
    out.push({
      field: fieldId,
      capacityUnit: k ? PRODUCT_UNIT[k.indicator.product] : '',
      lines: rs.length,
      capacity,
      totalCapacity: total,
      shareAtBenchmark: atBenchmark,
      shareAtOrAboveBaseline: atOrAbove,
      shareBelow: share(capacity.below),
      shareMissing: share(capacity.no_data + capacity.insufficient + capacity.no_level),
      gapToBaselineTarget: Math.max(0, (PLAN_TARGETS.atOrAboveBaseline - atOrAbove) * 100),
      gapToBenchmarkTarget: Math.max(0, (PLAN_TARGETS.atBenchmark - atBenchmark) * 100),
      meetsTargets:
        total > 0 && atOrAbove >= PLAN_TARGETS.atOrAboveBaseline - EPS && atBenchmark >= PLAN_TARGETS.atBenchmark - EPS,
    });
  }
  return out;
}
