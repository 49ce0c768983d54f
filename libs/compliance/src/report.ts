import type {
  BelowBaselineDevice,
  ComplianceGroupBy,
  ComplianceReport,
  ComplianceRow,
  DeviceKpi,
  DeviceSpec,
  LevelCounts,
  PlantSpec,
  RegisterEntry,
} from '#contracts';
import { capacityOf, LEVEL_RULE, levelOf } from './levels.js';

/** Plan targets for 2025 (Shaanxi carbon-peaking plan, after the NDRC 2021 levels). */
export const TARGETS = { atOrAboveBaseline: 1, atBenchmark: 0.3 } as const;

export interface ReportInput {
  plants: PlantSpec[];
  devices: DeviceSpec[];
  kpis: DeviceKpi[];
  /** the equipment register's findings (nameplate grades); a device it grades is counted at that grade */
  register: RegisterEntry[];
  groupBy: ComplianceGroupBy;
  /** wall-clock time, passed in: the report itself reads no clock */
  now: number;
}

const RATED = { en: 'Rated efficiency (nameplate)', zh: '额定效率（铭牌）' };

const zero = (): LevelCounts => ({ benchmark: 0, baseline: 0, below: 0, unknown: 0 });

/** Shares of equipment and of capacity at each level, per group and class; the devices below 基准 listed. */
export function complianceReport(input: ReportInput): ComplianceReport {
  const plants = new Map(input.plants.map((p) => [p.id, p]));
  const kpis = new Map(input.kpis.map((k) => [`${k.plantId}/${k.deviceId}`, k]));
  const register = new Map(input.register.map((r) => [`${r.plantId}/${r.deviceId}`, r]));
  const rows = new Map<string, ComplianceRow>();
  const belowBaseline: BelowBaselineDevice[] = [];

  for (const d of input.devices) {
    const plant = plants.get(d.plantId);
    const group = groupOf(plant, d.plantId, input.groupBy);
    const kpi = kpis.get(`${d.plantId}/${d.id}`);
    const reg = register.get(`${d.plantId}/${d.id}`);
    const level = levelOf(kpi, reg);
    const cap = capacityOf(d);
    const key = `${group}\u0000${d.class}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        group,
        class: d.class,
        devices: zero(),
        capacity: zero(),
        capacityUnit: cap.unit,
        shareAtOrAboveBaseline: 0,
        shareAtBenchmark: 0,
        meetsTargets: false,
      };
      rows.set(key, row);
    }
    row.devices[level]++;
    row.capacity[level] += cap.value;
    if (level !== 'below') continue;
    const at = { plantId: d.plantId, deviceId: d.id, name: d.name, class: d.class, region: plant?.region };
    if (reg?.grade !== undefined && reg.value !== undefined)
      belowBaseline.push({
        ...at,
        industry: plant?.industry,
        kpi: { name: RATED, value: reg.value, unit: reg.unit ?? '', limit: reg.limit, ts: input.now },
        source: 'register',
        unverifiedBaseline: reg.unverified,
        citation: reg.citation,
      });
    else if (kpi)
      belowBaseline.push({
        ...at,
        industry: plant?.industry,
        kpi: { name: kpi.name, value: kpi.value, unit: kpi.unit, limit: kpi.limit, ts: kpi.ts },
        source: 'operation',
        unverifiedBaseline: kpi.unverified,
        citation: kpi.citation,
      });
  }

  for (const row of rows.values()) {
    const c = row.capacity;
    const known = c.benchmark + c.baseline + c.below;
    row.shareAtOrAboveBaseline = known > 0 ? (c.benchmark + c.baseline) / known : 0;
    row.shareAtBenchmark = known > 0 ? c.benchmark / known : 0;
    row.meetsTargets =
      known > 0 &&
      row.shareAtOrAboveBaseline >= TARGETS.atOrAboveBaseline &&
      row.shareAtBenchmark >= TARGETS.atBenchmark;
  }

  return {
    generatedAt: input.now,
    groupBy: input.groupBy,
    targets: { ...TARGETS },
    rows: [...rows.values()].sort((a, b) => a.group.localeCompare(b.group) || a.class.localeCompare(b.class)),
    belowBaseline: belowBaseline.sort(
      (a, b) => a.plantId.localeCompare(b.plantId) || a.deviceId.localeCompare(b.deviceId),
    ),
    levelRule: LEVEL_RULE,
  };
}

function groupOf(plant: PlantSpec | undefined, plantId: string, by: ComplianceGroupBy): string {
  if (by === 'plant') return plantId;
  if (by === 'region') return plant?.region ?? 'unknown';
  return plant?.industry ?? 'unknown';
}
