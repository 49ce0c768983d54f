import { found, lerp, noRow, type Citation, type Confidence, type GradeLevels, type Lookup } from './types.js';

/**
 * GB 19153-2019 《容积式空气压缩机能效限定值及能效等级》: unit input specific power of positive-displacement air
 * compressor packages, kW/(m³/min), at full load (the standard's figure is measured loaded), grades 1 / 2 / 3,
 * by type, drive motor rated power, rated discharge pressure (MPa gauge) and cooling (air or liquid).
 *
 * What is encoded (rows read from one machine-readable transcription of the standard's tables, pages 5-7):
 * - Table 1, general-purpose oil-injected rotary, fixed speed (一般用喷油回转, 工频): 1.5-200 kW, 0.3/0.5/0.7/0.8/1.0/
 *   1.25 MPa, air-cooled, and liquid-cooled from 18.5 kW (the standard has no liquid-cooled figure below);
 * - Table 2, oil-injected rotary, variable speed (一般用变转速喷油回转): the 22 kW row only;
 * - Table 3, general-purpose reciprocating piston (一般用往复活塞): 5.5, 7.5, 11 and 15 kW, 0.4-1.4 MPa.
 * Not yet encoded (the standard has them; a nameplate that needs them fails with NAMEPLATE_NOT_ENCODED): Table 1
 * above 200 kW, the rest of Table 2, the rest of Table 3, and any other types of the standard (e.g. oil-free).
 *
 * API (stable):
 * - `compressorLookup({ kind?, ratedKw, pressureMpa?, cooling? })` → `Lookup<GradeLevels>`; kind defaults to
 *   'oil_injected_rotary', pressure to 0.8 MPa and cooling to air; a grade that used a default is cited `derived`
 *   with the default named.
 *   A pressure between two listed pressures is interpolated linearly and a power between two encoded rows takes the
 *   next lower row (the less strict limit, since specific power falls with size): both cited `derived`, rules of
 *   this project, not of the standard.
 * - `compressorGrades(...)` → `GradeLevels | undefined`; `COMPRESSOR_ROWS`: every stored row.
 *
 * The 200 kW, 0.8 MPa row (air 6.0 / 6.5 / 7.2, liquid 5.8 / 6.2 / 6.9) agrees with BASELINES.md and is
 * `confirmed`; the rest is `transcribed`.
 */
export const COMPRESSOR_KINDS = ['oil_injected_rotary', 'oil_injected_rotary_vsd', 'piston'] as const;
export type CompressorKind = (typeof COMPRESSOR_KINDS)[number];
export type Cooling = 'air' | 'liquid';

type Six = [number, number, number, number, number, number];
type Seven = [number, number, number, number, number, number, number];

export interface CompressorRow {
  kind: CompressorKind;
  ratedKw: number;
  cooling: Cooling;
  /** discharge pressures, MPa, of the columns */
  pressures: readonly number[];
  /** specific power per grade (0 = grade 1) and pressure column */
  sp: [number[], number[], number[]];
  table: string;
}

const ROTARY_P = [0.3, 0.5, 0.7, 0.8, 1.0, 1.25] as const;
const PISTON_P = [0.4, 0.5, 0.7, 0.8, 1.0, 1.25, 1.4] as const;

// Table 1: [kW, air g1, air g2, air g3, liquid g1, liquid g2, liquid g3]; liquid '-' below 18.5 kW
// prettier-ignore
const FIXED: Array<[number, Six, Six, Six, Six?, Six?, Six?]> = [
  [1.5, [5.8, 7.1, 8.8, 9.6, 11.0, 12.5], [6.5, 7.8, 9.7, 10.6, 12.2, 13.8], [7.4, 8.9, 11.0, 12.0, 13.8, 15.8]],
  [2.2, [5.6, 6.8, 8.4, 9.2, 10.5, 11.8], [6.2, 7.5, 9.3, 10.1, 11.6, 13.1], [7.0, 8.5, 10.5, 11.5, 13.2, 15.0]],
  [3, [5.4, 6.5, 8.1, 8.8, 10.0, 11.2], [5.9, 7.2, 8.9, 9.7, 11.1, 12.5], [6.7, 8.2, 10.0, 11.0, 12.6, 14.3]],
  [4, [5.2, 6.2, 7.8, 8.4, 9.6, 10.7], [5.7, 6.9, 8.5, 9.3, 10.6, 12.0], [6.4, 7.9, 9.6, 10.6, 12.0, 13.7]],
  [5.5, [5.0, 6.0, 7.5, 8.1, 9.2, 10.3], [5.5, 6.7, 8.2, 9.0, 10.2, 11.5], [6.1, 7.6, 9.2, 10.2, 11.5, 13.1]],
  [7.5, [4.8, 5.8, 7.2, 7.8, 8.8, 9.9], [5.2, 6.4, 7.9, 8.7, 9.7, 11.0], [5.8, 7.2, 8.8, 9.8, 11.0, 12.6]],
  [11, [4.6, 5.6, 6.9, 7.5, 8.5, 9.5], [5.0, 6.1, 7.6, 8.3, 9.3, 10.6], [5.5, 6.8, 8.4, 9.4, 10.5, 12.1]],
  [15, [4.4, 5.4, 6.7, 7.2, 8.2, 9.2], [4.8, 5.9, 7.3, 8.0, 9.0, 10.3], [5.3, 6.5, 8.1, 9.0, 10.1, 11.7]],
  [18.5, [4.3, 5.3, 6.5, 7.0, 8.0, 9.0], [4.7, 5.7, 7.1, 7.8, 8.7, 10.0], [5.2, 6.3, 7.9, 8.7, 9.8, 11.4],
    [4.1, 5.1, 6.2, 6.7, 7.7, 8.6], [4.5, 5.5, 6.8, 7.5, 8.3, 9.6], [5.0, 6.1, 7.6, 8.4, 9.4, 11.0]],
  [22, [4.2, 5.2, 6.4, 6.9, 7.8, 8.8], [4.6, 5.6, 7.0, 7.6, 8.5, 9.7], [5.1, 6.2, 7.7, 8.5, 9.5, 11.1],
    [4.0, 5.0, 6.1, 6.6, 7.5, 8.4], [4.4, 5.4, 6.7, 7.3, 8.1, 9.3], [4.9, 6.0, 7.4, 8.2, 9.1, 10.7]],
  [30, [4.2, 5.1, 6.3, 6.8, 7.6, 8.6], [4.5, 5.5, 6.8, 7.4, 8.3, 9.5], [5.0, 6.1, 7.5, 8.3, 9.2, 10.7],
    [4.0, 4.9, 6.0, 6.5, 7.3, 8.2], [4.3, 5.3, 6.5, 7.1, 7.9, 9.1], [4.8, 5.9, 7.2, 8.0, 8.8, 10.3]],
  [37, [4.1, 5.0, 6.2, 6.7, 7.4, 8.4], [4.4, 5.4, 6.7, 7.3, 8.1, 9.3], [4.9, 6.0, 7.4, 8.1, 9.0, 10.4],
    [3.9, 4.8, 5.9, 6.4, 7.1, 8.0], [4.2, 5.2, 6.4, 7.0, 7.7, 8.9], [4.7, 5.8, 7.1, 7.8, 8.6, 10.0]],
  [45, [4.0, 5.0, 6.1, 6.6, 7.3, 8.3], [4.3, 5.4, 6.6, 7.1, 8.0, 9.1], [4.8, 5.9, 7.3, 7.9, 8.8, 10.1],
    [3.8, 4.8, 5.8, 6.3, 7.0, 7.9], [4.1, 5.2, 6.3, 6.8, 7.6, 8.7], [4.6, 5.7, 7.0, 7.6, 8.4, 9.7]],
  [55, [3.9, 4.9, 6.0, 6.5, 7.2, 8.2], [4.2, 5.3, 6.5, 7.0, 7.8, 8.9], [4.7, 5.8, 7.2, 7.7, 8.6, 9.9],
    [3.7, 4.7, 5.7, 6.2, 6.9, 7.8], [4.0, 5.1, 6.2, 6.7, 7.4, 8.5], [4.5, 5.6, 6.9, 7.4, 8.2, 9.5]],
  [75, [3.8, 4.7, 5.9, 6.3, 7.0, 8.0], [4.1, 5.1, 6.4, 6.8, 7.6, 8.7], [4.6, 5.6, 7.0, 7.5, 8.4, 9.6],
    [3.6, 4.5, 5.7, 6.1, 6.7, 7.6], [3.9, 4.9, 6.2, 6.5, 7.3, 8.3], [4.4, 5.4, 6.8, 7.2, 8.1, 9.2]],
  [90, [3.8, 4.7, 5.8, 6.2, 6.9, 7.9], [4.1, 5.1, 6.3, 6.7, 7.5, 8.6], [4.6, 5.6, 6.9, 7.4, 8.3, 9.5],
    [3.6, 4.5, 5.6, 6.0, 6.6, 7.5], [3.9, 4.9, 6.1, 6.4, 7.2, 8.2], [4.4, 5.4, 6.7, 7.1, 8.0, 9.1]],
  [110, [3.7, 4.6, 5.7, 6.1, 6.8, 7.8], [4.0, 5.0, 6.2, 6.6, 7.4, 8.5], [4.5, 5.5, 6.8, 7.3, 8.2, 9.4],
    [3.5, 4.4, 5.5, 5.9, 6.5, 7.4], [3.8, 4.8, 6.0, 6.3, 7.1, 8.1], [4.3, 5.3, 6.6, 7.0, 7.9, 9.0]],
  [132, [3.7, 4.6, 5.7, 6.1, 6.8, 7.7], [4.0, 5.0, 6.2, 6.6, 7.4, 8.4], [4.5, 5.5, 6.8, 7.3, 8.2, 9.3],
    [3.5, 4.4, 5.5, 5.9, 6.5, 7.3], [3.8, 4.8, 6.0, 6.3, 7.1, 8.0], [4.3, 5.3, 6.6, 7.0, 7.9, 8.9]],
  [160, [3.6, 4.6, 5.6, 6.0, 6.7, 7.6], [3.9, 5.0, 6.1, 6.5, 7.3, 8.3], [4.4, 5.5, 6.7, 7.2, 8.1, 9.2],
    [3.4, 4.4, 5.4, 5.8, 6.4, 7.2], [3.7, 4.8, 5.9, 6.2, 7.0, 7.9], [4.2, 5.3, 6.5, 6.9, 7.8, 8.8]],
  [200, [3.6, 4.5, 5.6, 6.0, 6.7, 7.5], [3.9, 4.9, 6.1, 6.5, 7.3, 8.2], [4.4, 5.4, 6.7, 7.2, 8.1, 9.1],
    [3.4, 4.3, 5.4, 5.8, 6.4, 7.1], [3.7, 4.7, 5.9, 6.2, 7.0, 7.8], [4.2, 5.2, 6.5, 6.9, 7.8, 8.7]],
];

// Table 2 (variable speed): 22 kW only
// prettier-ignore
const VSD: Array<[number, Six, Six, Six, Six, Six, Six]> = [
  [22, [4.5, 5.6, 6.8, 7.3, 8.3, 9.3], [4.9, 6.0, 7.3, 7.9, 9.0, 10.2], [5.5, 6.6, 8.1, 8.9, 10.1, 11.6],
    [4.3, 5.4, 6.5, 7.0, 8.0, 8.9], [4.7, 5.8, 7.0, 7.6, 8.7, 9.8], [5.3, 6.4, 7.8, 8.6, 9.7, 11.2]],
];

// Table 3 (piston), no cooling split; the 0.25 MPa column is '-' for these sizes
// prettier-ignore
const PISTON: Array<[number, Seven, Seven, Seven]> = [
  [5.5, [6.3, 6.9, 8.0, 8.6, 9.5, 10.0, 10.5], [6.8, 7.4, 8.7, 9.4, 10.2, 10.7, 11.3], [7.4, 8.2, 9.4, 10.2, 11.2, 12.3, 12.9]],
  [7.5, [6.2, 6.7, 7.7, 8.3, 9.3, 9.8, 10.2], [6.7, 7.2, 8.4, 9.1, 10.0, 10.5, 11.0], [7.4, 8.0, 9.2, 9.8, 10.8, 12.0, 12.7]],
  [11, [6.0, 6.5, 7.3, 7.9, 8.9, 9.5, 10.0], [6.5, 7.0, 8.0, 8.8, 9.6, 10.2, 10.8], [7.2, 7.8, 8.8, 9.4, 10.4, 11.7, 12.4]],
  [15, [5.8, 6.3, 7.1, 7.7, 8.6, 9.2, 9.8], [6.3, 6.8, 7.7, 8.5, 9.3, 9.9, 10.5], [6.9, 7.6, 8.4, 8.9, 10.1, 11.3, 12.1]],
];

function build(): CompressorRow[] {
  const rows: CompressorRow[] = [];
  const rotary = (kind: CompressorKind, table: string, r: [number, Six, Six, Six, Six?, Six?, Six?]) => {
    const [ratedKw, a1, a2, a3, l1, l2, l3] = r;
    rows.push({ kind, ratedKw, cooling: 'air', pressures: ROTARY_P, sp: [a1, a2, a3], table });
    if (l1 && l2 && l3) rows.push({ kind, ratedKw, cooling: 'liquid', pressures: ROTARY_P, sp: [l1, l2, l3], table });
  };
  FIXED.forEach((r) => rotary('oil_injected_rotary', 'Table 1 (oil-injected rotary, fixed speed)', r));
  VSD.forEach((r) => rotary('oil_injected_rotary_vsd', 'Table 2 (oil-injected rotary, variable speed)', r));
  for (const [ratedKw, g1, g2, g3] of PISTON)
    for (const cooling of ['air', 'liquid'] as const)
      rows.push({ kind: 'piston', ratedKw, cooling, pressures: PISTON_P, sp: [g1, g2, g3], table: 'Table 3 (piston)' });
  return rows;
}

export const COMPRESSOR_ROWS: CompressorRow[] = build();

export interface CompressorKey {
  kind?: string;
  ratedKw?: number;
  /** rated discharge pressure, MPa (gauge) */
  pressureMpa?: number;
  /** 'water' is read as liquid cooling */
  cooling?: string;
}

export function compressorLookup(k: CompressorKey): Lookup<GradeLevels> {
  const assumed: string[] = [];
  const kind = (k.kind ?? 'oil_injected_rotary') as CompressorKind;
  if (k.kind === undefined)
    assumed.push('compressorKind not on the nameplate: oil-injected rotary, fixed speed assumed');
  if (!COMPRESSOR_KINDS.includes(kind))
    return noRow(
      'NAMEPLATE_NOT_ENCODED',
      `GB 19153-2019 rows for compressorKind ${k.kind} are not encoded (encoded: ${COMPRESSOR_KINDS.join(', ')})`,
    );
  const cooling: Cooling = k.cooling === 'water' || k.cooling === 'liquid' ? 'liquid' : 'air';
  if (k.cooling !== undefined && !['air', 'water', 'liquid'].includes(k.cooling))
    return noRow('NAMEPLATE_UNKNOWN_TYPE', `cooling must be air, water or liquid, not ${k.cooling}`);
  if (k.cooling === undefined) assumed.push('cooling not on the nameplate: air assumed');
  const p = k.pressureMpa ?? 0.8;
  if (k.pressureMpa === undefined) assumed.push('pressureMpa not on the nameplate: 0.8 MPa assumed');
  if (k.ratedKw === undefined || !Number.isFinite(k.ratedKw))
    return noRow('NAMEPLATE_MISSING', 'compressor needs ratedKw');
  const kw = k.ratedKw;
  const ofKind = COMPRESSOR_ROWS.filter((r) => r.kind === kind);
  const rows = ofKind.filter((r) => r.cooling === cooling);
  if (!rows.length || kw < rows[0].ratedKw - 1e-9) {
    const min = ofKind[0].ratedKw;
    if (kw >= min - 1e-9)
      return noRow('NAMEPLATE_UNKNOWN_TYPE', `GB 19153-2019 has no liquid-cooled ${kind} row at ${kw} kW`);
    return noRow('NAMEPLATE_NOT_ENCODED', `GB 19153-2019 ${kind} rows below ${min} kW are not encoded`);
  }
  if (kw > rows[rows.length - 1].ratedKw + 1e-9)
    return noRow(
      'NAMEPLATE_NOT_ENCODED',
      `GB 19153-2019 ${kind} rows above ${rows[rows.length - 1].ratedKw} kW are not encoded`,
    );
  const exact = rows.find((r) => Math.abs(r.ratedKw - kw) < 1e-9);
  const row = exact ?? [...rows].reverse().find((r) => r.ratedKw < kw)!;
  if (!exact) assumed.push(`${kw} kW is not a row: the next lower row (${row.ratedKw} kW) applies`);
  const ps = row.pressures;
  if (p < ps[0] - 1e-9 || p > ps[ps.length - 1] + 1e-9)
    return noRow(
      'NAMEPLATE_OUT_OF_RANGE',
      `GB 19153-2019 ${row.table} covers ${ps[0]}-${ps[ps.length - 1]} MPa, not ${p}`,
    );
  const j = ps.findIndex((x) => x >= p - 1e-9);
  const onColumn = Math.abs(ps[j] - p) < 1e-9;
  const at = (g: number) =>
    onColumn ? row.sp[g][j] : Number(lerp(p, ps[j - 1], ps[j], row.sp[g][j - 1], row.sp[g][j]).toFixed(3));
  if (!onColumn) assumed.push(`${p} MPa is not a column: interpolated linearly between ${ps[j - 1]} and ${ps[j]} MPa`);
  const confirmed = kind === 'oil_injected_rotary' && row.ratedKw === 200 && ps[j] === 0.8 && onColumn;
  // interpolated, or picked with an assumed nameplate field: not a figure of the standard for this compressor
  const confidence: Confidence = assumed.length ? 'derived' : confirmed ? 'confirmed' : 'transcribed';
  const cite: Citation = {
    standard: 'GB 19153',
    edition: '2019',
    table: `${row.table}, ${row.ratedKw} kW, ${cooling}-cooled, ${onColumn ? p : `${ps[j - 1]}-${ps[j]}`} MPa`,
    confidence,
    note: [
      confirmed
        ? 'two independent transcriptions agree'
        : 'one transcription of the table, not checked against the text',
      'rated at full load: judge loaded running only',
      ...assumed,
    ].join('; '),
  };
  return found({ grade1: at(0), grade2: at(1), grade3: at(2), unit: 'kW/(m³/min)', higherIsBetter: false, cite });
}

export function compressorGrades(k: CompressorKey): GradeLevels | undefined {
  const l = compressorLookup(k);
  return l.ok ? l.value : undefined;
}
