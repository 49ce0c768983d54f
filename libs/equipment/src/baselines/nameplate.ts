import type { EquipmentClass, Nameplate } from '#contracts';
import { boilerLookup } from './boilers.js';
import { compressorLookup } from './compressors.js';
import { KILN_TABLE } from './kilns.js';
import { motorLookup } from './motors.js';
import {
  transformerLookup,
  type Connection,
  type CoreKind,
  type Insulation,
  type TransformerType,
} from './transformers.js';
import { found, type GradeLevels, type Lookup, type NameplateProblem } from './types.js';

/**
 * From a nameplate to its row in the class tables: the one place that reads nameplate fields for the GB tables.
 *
 * API (stable):
 * - `nameplateProblems(cls, nameplate)` → `NameplateProblem[]`: empty when every table the class is graded
 *   against has a row for this nameplate. The fleet check calls it for every device, so a nameplate that matches
 *   no row fails when the fleet is loaded (or the device is saved), with a reason code, instead of running
 *   without a grade.
 * - `classLookup(cls, nameplate)` → `Lookup<GradeLevels> | undefined`: the rated-point grades of the nameplate
 *   (motor efficiency, compressor specific power, boiler efficiency), undefined for classes without such a table
 *   here (transformers: use `transformerLookup`, which gives losses; kilns, pumps, fans: see their files).
 *
 * Nameplate fields read, and the default used when a field is absent (a grade that used a default is cited
 * `derived`, the default named in its note):
 * - motor: ratedKw (required), poles (4);
 * - transformer: ratedKva (required), transformerType ('oil'), core ('silicon'), insulation (dry type: required),
 *   connection (oil: 'Dyn11');
 * - boiler: boilerType (required), coalClass (stoker and CFB: bituminous III), ratedOutputTph or ratedHeatMw;
 * - compressor: ratedKw (required), compressorKind ('oil_injected_rotary'; see COMPRESSOR_KINDS), pressureMpa (0.8),
 *   cooling ('air'; rotary tables only, the piston tables have no cooling split).
 * - kiln: product, when given, must be a row of KILN_TABLE.
 */
export function classLookup(cls: EquipmentClass, n: Nameplate): Lookup<GradeLevels> | undefined {
  switch (cls) {
    case 'motor': {
      const l = motorLookup(num(n.ratedKw), n.poles ?? 4);
      if (!l.ok || n.poles !== undefined) return l;
      const cite = l.value.cite;
      const note = `${cite.note}; poles not on the nameplate: 4 assumed`;
      return found({ ...l.value, cite: { ...cite, confidence: 'derived', note } });
    }
    case 'boiler':
      return boilerLookup({
        boilerType: n.boilerType,
        coalClass: str(n.coalClass),
        ratedOutputTph: n.ratedOutputTph,
        ratedHeatMw: optNum(n.ratedHeatMw),
      });
    case 'compressor':
      return compressorLookup({
        kind: str(n.compressorKind),
        ratedKw: n.ratedKw,
        pressureMpa: optNum(n.pressureMpa),
        cooling: n.cooling,
      });
    default:
      return undefined;
  }
}

export function nameplateProblems(cls: EquipmentClass, n: Nameplate): NameplateProblem[] {
  if (cls === 'transformer') {
    const l = transformerLookup({
      type: (n.transformerType ?? 'oil') as TransformerType,
      core: (n.core ?? 'silicon') as CoreKind,
      ratedKva: num(n.ratedKva),
      insulation: str(n.insulation) as Insulation | undefined,
      connection: str(n.connection) as Connection | undefined,
    });
    return l.ok ? [] : [l.problem];
  }
  if (cls === 'kiln') {
    if (n.product === undefined || n.product in KILN_TABLE) return [];
    return [
      {
        reason: 'NAMEPLATE_UNKNOWN_TYPE',
        detail: `kiln product ${n.product} has no row (known: ${Object.keys(KILN_TABLE).join(', ')})`,
      },
    ];
  }
  const l = classLookup(cls, n);
  return !l || l.ok ? [] : [l.problem];
}

const num = (v: unknown): number => (typeof v === 'number' ? v : NaN);
const optNum = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const str = (v: unknown): string | undefined => (v === undefined ? undefined : String(v));
