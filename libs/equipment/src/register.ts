import type { DeviceSpec, RegisterEntry } from '#contracts';
import { motorGrades } from './baselines/motors.js';
import { gradeOf } from './baselines/types.js';

/**
 * The unit's entry in the plant's equipment register: its nameplate against the class standard. An installed IE2
 * motor is below GB 18613-2020 grade 3 whatever it does in operation: that is an inventory finding for the
 * register (replace at the next opportunity), not a live alarm. Classes graded on their operation return
 * 'not_graded' here.
 */
export function registerEntry(d: DeviceSpec): RegisterEntry {
  const base = { plantId: d.plantId, deviceId: d.id, class: d.class };
  if (d.class === 'motor' && d.nameplate.ratedKw && d.nameplate.ratedEfficiency) {
    const g = motorGrades(d.nameplate.ratedKw);
    const grade = gradeOf(d.nameplate.ratedEfficiency, g);
    return {
      ...base,
      basis: `rated efficiency ${d.nameplate.ratedEfficiency} % at ${d.nameplate.ratedKw} kW`,
      grade,
      value: d.nameplate.ratedEfficiency,
      unit: '%',
      limit: g.grade3,
      finding: grade === 'below' ? 'below_minimum' : grade === undefined ? 'not_graded' : 'meets',
      citation: `${g.cite.standard} (${g.cite.edition}) ${g.cite.table}`,
      unverified: g.cite.confidence !== 'confirmed',
    };
  }
  const basis = d.class === 'motor' ? 'no rated kW and rated efficiency on the nameplate' : 'graded in operation';
  return { ...base, basis, finding: 'not_graded', unverified: false };
}
