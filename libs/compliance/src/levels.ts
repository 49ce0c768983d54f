import type { ComplianceLevel, DeviceKpi, DeviceSpec, RegisterEntry } from '#contracts';

/**
 * The level a device stands at. Equipment the register grades on its nameplate (a motor's rated efficiency against
 * GB 18613-2020: the installed IE class, which a meter on input power cannot see) takes that grade. Otherwise the
 * live KPI: where the NDRC 2021 levels apply (kilns and furnaces), the KPI carries them. Where a standard has grades
 * only (motors, transformers, boilers, compressors, fans), grade 1 counts as 标杆 and grades 2-3 as 基准: grade 3 is
 * the legal minimum energy-efficiency limit, the natural floor; grade 1 the advanced value.
 */
export const LEVEL_RULE =
  'equipment register view, a convention of this platform, not the plan: ' +
  'nameplate grade from the equipment register where it has one (motors: GB 18613), else the live KPI; ' +
  'NDRC level where it applies; otherwise GB grade 1 → 标杆, grades 2-3 → 基准, below grade 3 → below';

export function levelOf(kpi: DeviceKpi | undefined, register?: RegisterEntry): ComplianceLevel {
  if (register?.grade !== undefined) return gradeLevel(register.grade);
  if (!kpi) return 'unknown';
  // a unit stopped or starting has no efficiency to grade (a stopped boiler's 0 % is not "below 基准"): GB 24500 and
  // GB 18613 define efficiency at operating load, so the window says nothing about the level
  if (kpi.state === 'off' || kpi.state === 'starting') return 'unknown';
  if (kpi.ndrc) return kpi.ndrc;
  return gradeLevel(kpi.grade);
}

function gradeLevel(grade: DeviceKpi['grade']): ComplianceLevel {
  switch (grade) {
    case 1:
      return 'benchmark';
    case 2:
    case 3:
      return 'baseline';
    case 'below':
      return 'below';
    default:
      return 'unknown';
  }
}

/** Rated capacity, the weight of a device in the capacity shares; units differ by class, so rows are per class. */
export function capacityOf(d: DeviceSpec): { value: number; unit: string } {
  const n = d.nameplate;
  switch (d.class) {
    case 'transformer':
      return { value: n.ratedKva ?? 0, unit: 'kVA' };
    case 'boiler':
    case 'kiln':
      return { value: n.ratedOutputTph ?? 0, unit: 't/h' };
    default:
      return { value: n.ratedKw ?? 0, unit: 'kW' };
  }
}
