import { found, noRow, type Citation, type GradeLevels, type Lookup } from './types.js';

/**
 * GB 24500-2020 《工业锅炉能效限定值及能效等级》: thermal efficiency of industrial steam and hot-water boilers, %,
 * grades 1 / 2 / 3, at rated load by the direct (input-output) method of GB/T 10180-2017.
 * - Table 1 stoker-fired coal (层状燃烧): by coal class and capacity ≤ 20 t/h (hot water ≤ 14 MW) or above;
 * - Table 2 circulating fluidised bed (流化床燃烧): by coal class;
 * - Table 3 biomass: capacity ≤ 10 t/h (hot water ≤ 7 MW) or above;
 * - Table 4 chamber-fired (室燃): natural gas non-condensing and condensing (the latter above 100 % on the net
 *   calorific value basis), oil (one row for light and heavy oil), pulverised coal;
 * - clause 5.2 electric boilers: limit value 97 %, no grades 1 and 2.
 * Coal classes (GB/T 7562 style, as the tables name them): bituminous I/II/III, lean coal (贫煤), anthracite II/III,
 * lignite.
 *
 * API (stable):
 * - `boilerLookup({ boilerType, coalClass?, ratedOutputTph?, ratedHeatMw? })` → `Lookup<GradeLevels>`.
 *   `boilerType`: stoker_coal | cfb_coal | pulverised_coal | gas_non_condensing | gas_condensing | oil | biomass |
 *   electric (and the older names stoker_coal_le20, stoker_coal_gt20, cfb, biomass_gt10). Stoker and CFB boilers
 *   without `coalClass` are graded as bituminous III, cited `derived` with the assumption named. Stoker and biomass boilers need
 *   `ratedOutputTph` (steam) or `ratedHeatMw` (hot water) to pick the capacity column.
 * - `boilerGrades(boilerType, ratedOutputTph, extra?)` → `GradeLevels | undefined` (undefined where there is no row).
 * - `BOILER_ROWS`: every stored row; `BOILER_TABLE`: the rows BASELINES.md names, by their older keys.
 *
 * Source: one machine-readable transcription of Tables 1-4 (pages 4-6) in a public repository. The rows BASELINES.md
 * carries agree with it figure for figure and are `confirmed`; the others are `transcribed`.
 */
export const COAL_CLASSES = [
  'bituminous_I',
  'bituminous_II',
  'bituminous_III',
  'lean',
  'anthracite_II',
  'anthracite_III',
  'lignite',
] as const;
export type CoalClass = (typeof COAL_CLASSES)[number];

export const BOILER_TYPES = [
  'stoker_coal',
  'cfb_coal',
  'pulverised_coal',
  'gas_non_condensing',
  'gas_condensing',
  'oil',
  'biomass',
  'electric',
] as const;
export type BoilerType = (typeof BOILER_TYPES)[number];

/** names used before this table was complete */
const ALIASES: Record<string, { type: BoilerType; tph?: number }> = {
  stoker_coal_le20: { type: 'stoker_coal', tph: 20 },
  stoker_coal_gt20: { type: 'stoker_coal', tph: 21 },
  cfb: { type: 'cfb_coal' },
  biomass_gt10: { type: 'biomass', tph: 11 },
};

type G3 = [number, number, number];

export interface BoilerRow {
  type: BoilerType;
  coalClass?: CoalClass;
  /** capacity column: 'small' ≤ 20 t/h / 14 MW (stoker) or ≤ 10 t/h / 7 MW (biomass); 'large' above; 'all' */
  capacity: 'small' | 'large' | 'all';
  /** grade 1 / 2 / 3; electric boilers: limit only */
  eff: G3 | [undefined, undefined, number];
  table: string;
  /** agrees with BASELINES.md */
  crossChecked?: boolean;
}

const stoker = (coalClass: CoalClass, small: G3, large: G3, checked = false): BoilerRow[] => [
  { type: 'stoker_coal', coalClass, capacity: 'small', eff: small, table: 'Table 1', crossChecked: checked },
  { type: 'stoker_coal', coalClass, capacity: 'large', eff: large, table: 'Table 1', crossChecked: checked },
];
const cfb = (coalClass: CoalClass, eff: G3, checked = false): BoilerRow => ({
  type: 'cfb_coal',
  coalClass,
  capacity: 'all',
  eff,
  table: 'Table 2',
  crossChecked: checked,
});

export const BOILER_ROWS: BoilerRow[] = [
  // Table 1 has no bituminous I row (that coal class appears in Table 2 only)
  ...stoker('bituminous_II', [85, 82, 80], [86, 83, 81]),
  ...stoker('bituminous_III', [87, 84, 82], [89, 86, 84], true),
  ...stoker('lean', [85, 82, 80], [86, 83, 81]),
  ...stoker('anthracite_II', [85, 82, 80], [86, 83, 81]),
  ...stoker('anthracite_III', [85, 82, 80], [86, 83, 81]),
  ...stoker('lignite', [85, 82, 80], [87, 84, 82]),
  cfb('bituminous_I', [89, 85, 82]),
  cfb('bituminous_II', [90, 89, 86]),
  cfb('bituminous_III', [91, 90, 88], true),
  cfb('lean', [90, 88, 86]),
  cfb('anthracite_II', [89, 88, 86]),
  cfb('anthracite_III', [90, 88, 86]),
  cfb('lignite', [91, 89, 86]),
  { type: 'biomass', capacity: 'small', eff: [88, 84, 80], table: 'Table 3' },
  { type: 'biomass', capacity: 'large', eff: [91, 88, 86], table: 'Table 3', crossChecked: true },
  { type: 'gas_non_condensing', capacity: 'all', eff: [96, 94, 92], table: 'Table 4', crossChecked: true },
  { type: 'gas_condensing', capacity: 'all', eff: [103, 101, 98], table: 'Table 4', crossChecked: true },
  { type: 'oil', capacity: 'all', eff: [95, 93, 90], table: 'Table 4', crossChecked: true },
  { type: 'pulverised_coal', capacity: 'all', eff: [92, 90, 88], table: 'Table 4', crossChecked: true },
  { type: 'electric', capacity: 'all', eff: [undefined, undefined, 97], table: 'clause 5.2', crossChecked: true },
];

const LABEL: Record<BoilerType, string> = {
  stoker_coal: 'stoker-fired coal',
  cfb_coal: 'circulating fluidised bed coal',
  pulverised_coal: 'pulverised coal',
  gas_non_condensing: 'natural gas, non-condensing',
  gas_condensing: 'natural gas, condensing (net calorific value basis, may exceed 100 %)',
  oil: 'oil (light or heavy)',
  biomass: 'biomass',
  electric: 'electric (limit value only)',
};

function levelsOf(row: BoilerRow, assumed: string[]): GradeLevels {
  const what = [LABEL[row.type], row.coalClass?.replace('_', ' '), row.capacity === 'all' ? undefined : row.capacity];
  const cite: Citation = {
    standard: 'GB 24500',
    edition: '2020',
    table: `${row.table}, ${what.filter(Boolean).join(', ')}`,
    // a grade picked with an assumed nameplate field is not a confirmed figure for this boiler
    confidence: assumed.length ? 'derived' : row.crossChecked ? 'confirmed' : 'transcribed',
    note: [
      row.crossChecked
        ? 'two independent transcriptions agree'
        : 'one transcription of the table, not checked against the text',
      ...assumed,
    ].join('; '),
  };
  const [grade1, grade2, grade3] = row.eff;
  return { grade1, grade2, grade3, unit: '%', higherIsBetter: true, cite };
}

export interface BoilerKey {
  boilerType?: string;
  coalClass?: string;
  /** steam boilers: rated evaporation, t/h */
  ratedOutputTph?: number;
  /** hot-water boilers: rated heat output, MW */
  ratedHeatMw?: number;
}

export function boilerLookup(k: BoilerKey): Lookup<GradeLevels> {
  if (k.boilerType === undefined)
    return noRow('NAMEPLATE_MISSING', `boiler needs boilerType (${BOILER_TYPES.join(', ')})`);
  const alias = ALIASES[k.boilerType];
  const type = alias?.type ?? (k.boilerType as BoilerType);
  if (!BOILER_TYPES.includes(type))
    return noRow(
      'NAMEPLATE_UNKNOWN_TYPE',
      `GB 24500-2020 has no table for boilerType ${k.boilerType} (known: ${BOILER_TYPES.join(', ')})`,
    );
  const assumed: string[] = [];
  let coalClass: CoalClass | undefined;
  if (type === 'stoker_coal' || type === 'cfb_coal') {
    if (k.coalClass === undefined) {
      coalClass = 'bituminous_III';
      assumed.push('coalClass not on the nameplate: bituminous III assumed');
    } else if (!COAL_CLASSES.includes(k.coalClass as CoalClass))
      return noRow('NAMEPLATE_UNKNOWN_TYPE', `coalClass must be one of ${COAL_CLASSES.join(', ')}, not ${k.coalClass}`);
    else coalClass = k.coalClass as CoalClass;
  }
  let capacity: BoilerRow['capacity'] = 'all';
  if (type === 'stoker_coal' || type === 'biomass') {
    const [tphLimit, mwLimit] = type === 'stoker_coal' ? [20, 14] : [10, 7];
    const tph = alias?.tph ?? k.ratedOutputTph;
    if (tph !== undefined && Number.isFinite(tph)) capacity = tph > tphLimit ? 'large' : 'small';
    else if (k.ratedHeatMw !== undefined && Number.isFinite(k.ratedHeatMw))
      capacity = k.ratedHeatMw > mwLimit ? 'large' : 'small';
    else
      return noRow(
        'NAMEPLATE_MISSING',
        `${type} boiler needs ratedOutputTph (steam) or ratedHeatMw (hot water): GB 24500-2020 grades it by capacity`,
      );
  }
  const row = BOILER_ROWS.find((r) => r.type === type && r.coalClass === coalClass && r.capacity === capacity);
  if (!row)
    return noRow(
      'NAMEPLATE_UNKNOWN_TYPE',
      `GB 24500-2020 has no ${LABEL[type]} row for ${coalClass?.replace('_', ' ') ?? 'this boiler'}`,
    );
  return found(levelsOf(row, assumed));
}

export function boilerGrades(
  boilerType: string | undefined,
  ratedOutputTph: number | undefined,
  extra: Omit<BoilerKey, 'boilerType' | 'ratedOutputTph'> = {},
): GradeLevels | undefined {
  const l = boilerLookup({ boilerType, ratedOutputTph, ...extra });
  return l.ok ? l.value : undefined;
}

const named = (boilerType: string, ratedOutputTph?: number) =>
  boilerGrades(boilerType, ratedOutputTph, { coalClass: boilerType.includes('coal') ? 'bituminous_III' : undefined })!;

/** The rows BASELINES.md names, by the keys the project used before (coal rows: bituminous III). */
export const BOILER_TABLE = {
  stoker_coal_le20: named('stoker_coal', 20),
  stoker_coal_gt20: named('stoker_coal', 21),
  cfb: named('cfb_coal'),
  pulverised_coal: named('pulverised_coal'),
  gas_non_condensing: named('gas_non_condensing'),
  gas_condensing: named('gas_condensing'),
  oil: named('oil'),
  biomass_gt10: named('biomass', 11),
  electric: named('electric'),
} satisfies Record<string, GradeLevels>;

export type BoilerTableKey = keyof typeof BOILER_TABLE;
