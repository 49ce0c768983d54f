import { found, noRow, type Citation, type Confidence, type GradeLevels, type Lookup } from './types.js';

/**
 * GB 19153-2019 《容积式空气压缩机能效限定值及能效等级》: specific power of positive-displacement air compressor
 * packages, kW/(m³/min), grades 1 / 2 / 3, by type, drive motor rated power, rated discharge pressure (MPa gauge)
 * and, for the rotary tables, cooling (air or liquid).
 *
 * Encoded, every row and column of one machine-readable transcription of the standard's tables (it gives the
 * standard's page numbers; a '-' in the table is `null` here, written `_` below):
 * - Table 1 (pp. 5-7), general-purpose oil-injected rotary, fixed speed (一般用喷油回转, screw / sliding vane /
 *   scroll alike): 28 ratings 1.5-630 kW × 0.3/0.5/0.7/0.8/1.0/1.25 MPa, air-cooled; liquid-cooled from 18.5 kW;
 * - Table 2 (pp. 8-10), oil-injected rotary, variable speed (一般用变转速喷油回转): 21 ratings 2.2-315 kW, same
 *   columns, liquid-cooled from 18.5 kW;
 * - Table 3 (pp. 11-12), general-purpose reciprocating piston (一般用往复活塞): 18 ratings 0.75-75 kW ×
 *   0.25/0.4/0.5/0.7/0.8/1.0/1.25/1.4 MPa, no cooling split;
 * - Table 4 (pp. 12-13), fully oil-free reciprocating piston (全无油润滑往复活塞): 0.55-15 kW × 0.4-1.4 MPa.
 * Not encoded (a nameplate that needs them fails with NAMEPLATE_NOT_ENCODED): Table 4 at 18.5 and 22 kW (the
 * transcription lists those rows with every cell empty) and the standard's table for direct-coupled portable piston
 * compressors (直联便携式往复活塞, 0.55-22 kW per a secondary summary of the scope; not in the transcription).
 * Not covered by GB 19153 at all (NAMEPLATE_UNKNOWN_TYPE): oil-free rotary (screw, scroll) and dynamic
 * (centrifugal) compressors.
 *
 * Between table entries: a rated power or pressure that is not a row or column takes the next higher one (向上靠档,
 * the rule the transcription's own evaluator states as the standard's; no clause text was at hand to check it).
 * For power that is the stricter row, for pressure the more lenient column. Such a grade is cited `derived`.
 *
 * API (stable):
 * - `compressorLookup({ kind?, ratedKw, pressureMpa?, cooling? })` → `Lookup<GradeLevels>`; kind defaults to
 *   'oil_injected_rotary', pressure to 0.8 MPa and cooling (rotary tables only) to air; a grade that used a default
 *   is cited `derived` with the default named.
 * - `compressorGrades(...)` → `GradeLevels | undefined`; `COMPRESSOR_ROWS`: every stored row; `COMPRESSOR_TABLES`:
 *   each table's columns, scope and pages.
 *
 * The Table 1 200 kW, 0.8 MPa cells (air 6.0 / 6.5 / 7.2, liquid 5.8 / 6.2 / 6.9) agree with BASELINES.md and are
 * `confirmed`; every other cell is `transcribed`.
 */
export const COMPRESSOR_KINDS = [
  'oil_injected_rotary',
  'oil_injected_rotary_vsd',
  'piston',
  'oil_free_piston',
] as const;
export type CompressorKind = (typeof COMPRESSOR_KINDS)[number];
export type Cooling = 'air' | 'liquid';

/** kinds the standard has a table for that is not encoded here */
const NOT_ENCODED_KINDS: Record<string, string> = {
  portable_piston: 'the table for direct-coupled portable piston compressors (直联便携式往复活塞)',
};
/** kinds outside the standard's scope (displacement compressors with the types above only) */
const NOT_COVERED_KINDS: Record<string, string> = {
  oil_free_rotary: 'oil-free rotary (screw, scroll) compressors',
  centrifugal: 'centrifugal (dynamic) compressors',
};

type Cells = Array<number | null>;

export interface CompressorTable {
  table: string;
  pages: string;
  /** discharge pressures, MPa, of the columns */
  pressures: readonly number[];
  /** the ratings the standard's table spans, kW */
  scopeKw: readonly [number, number];
  /** ratings the standard lists but the transcription leaves empty */
  notTranscribedKw: readonly number[];
  /** the rotary tables have air- and liquid-cooled columns; the piston tables do not */
  coolingSplit: boolean;
  /** what the figure is, for the citation note */
  basis: string;
}

const FULL_LOAD = 'rated at full load: judge loaded running only';

export const COMPRESSOR_TABLES: Record<CompressorKind, CompressorTable> = {
  oil_injected_rotary: {
    table: 'Table 1 (oil-injected rotary, fixed speed)',
    pages: '5-7',
    pressures: [0.3, 0.5, 0.7, 0.8, 1.0, 1.25],
    scopeKw: [1.5, 630],
    notTranscribedKw: [],
    coolingSplit: true,
    basis: FULL_LOAD,
  },
  oil_injected_rotary_vsd: {
    table: 'Table 2 (oil-injected rotary, variable speed)',
    pages: '8-10',
    pressures: [0.3, 0.5, 0.7, 0.8, 1.0, 1.25],
    scopeKw: [2.2, 315],
    notTranscribedKw: [],
    coolingSplit: true,
    // GB 19153-2019 4.2, as summarised by a secondary source: not checked against the text
    basis:
      'the variable-speed figure is a load-weighted specific power over several load points (clause 4.2, per a ' +
      'secondary summary): compare weighted loaded running, not one instant',
  },
  piston: {
    table: 'Table 3 (reciprocating piston)',
    pages: '11-12',
    pressures: [0.25, 0.4, 0.5, 0.7, 0.8, 1.0, 1.25, 1.4],
    scopeKw: [0.75, 75],
    notTranscribedKw: [],
    coolingSplit: false,
    basis: FULL_LOAD,
  },
  oil_free_piston: {
    table: 'Table 4 (oil-free reciprocating piston)',
    pages: '12-13',
    pressures: [0.4, 0.5, 0.7, 0.8, 1.0, 1.25, 1.4],
    scopeKw: [0.55, 22],
    notTranscribedKw: [18.5, 22],
    coolingSplit: false,
    basis: FULL_LOAD,
  },
};

export interface CompressorRow {
  kind: CompressorKind;
  ratedKw: number;
  /** 'any' for the piston tables, which have no cooling split */
  cooling: Cooling | 'any';
  /** discharge pressures, MPa, of the columns */
  pressures: readonly number[];
  /** specific power per grade (0 = grade 1) and pressure column; null where the table has '-' */
  sp: [Cells, Cells, Cells];
  table: string;
}

const _ = null; // a '-' cell of the standard's table: no figure for this rating and pressure

// Tables 1 and 2: [kW, air g1, air g2, air g3, liquid g1, liquid g2, liquid g3] over 0.3-1.25 MPa; the liquid-cooled
// columns are '-' below 18.5 kW
type RotaryRow = [number, Cells, Cells, Cells, Cells?, Cells?, Cells?];
// Tables 3 and 4: [kW, g1, g2, g3] over the table's pressure columns
type PistonRow = [number, Cells, Cells, Cells];

// prettier-ignore
const FIXED: RotaryRow[] = [
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
  [250, [3.6, 4.5, 5.5, 5.9, 6.6, 7.4], [3.9, 4.9, 6.0, 6.4, 7.2, 8.1], [4.4, 5.4, 6.6, 7.1, 8.0, 9.0],
    [3.4, 4.3, 5.3, 5.7, 6.3, 7.0], [3.7, 4.7, 5.8, 6.1, 6.9, 7.7], [4.2, 5.2, 6.4, 6.8, 7.7, 8.6]],
  [315, [3.5, 4.5, 5.5, 5.9, 6.6, 7.4], [3.8, 4.9, 6.0, 6.4, 7.2, 8.1], [4.3, 5.4, 6.6, 7.1, 8.0, 9.0],
    [3.3, 4.3, 5.3, 5.7, 6.3, 7.0], [3.6, 4.7, 5.8, 6.1, 6.9, 7.7], [4.1, 5.2, 6.4, 6.8, 7.7, 8.6]],
  [355, [3.5, 4.4, 5.4, 5.8, 6.5, 7.3], [3.8, 4.8, 5.9, 6.3, 7.1, 8.0], [4.3, 5.3, 6.5, 7.0, 7.9, 8.9],
    [3.3, 4.2, 5.2, 5.6, 6.2, 6.9], [3.6, 4.6, 5.7, 6.0, 6.8, 7.6], [4.1, 5.1, 6.3, 6.7, 7.6, 8.5]],
  [400, [3.5, 4.4, 5.4, 5.8, 6.5, 7.3], [3.8, 4.8, 5.9, 6.3, 7.1, 8.0], [4.3, 5.3, 6.5, 7.0, 7.9, 8.9],
    [3.3, 4.2, 5.2, 5.6, 6.2, 6.9], [3.6, 4.6, 5.7, 6.0, 6.8, 7.6], [4.1, 5.1, 6.3, 6.7, 7.6, 8.5]],
  [450, [3.5, 4.4, 5.4, 5.8, 6.5, 7.3], [3.8, 4.8, 5.9, 6.3, 7.1, 8.0], [4.3, 5.3, 6.5, 7.0, 7.9, 8.9],
    [3.3, 4.2, 5.2, 5.6, 6.2, 6.9], [3.6, 4.6, 5.7, 6.0, 6.8, 7.6], [4.1, 5.1, 6.3, 6.7, 7.6, 8.5]],
  [500, [3.5, 4.4, 5.4, 5.8, 6.5, 7.3], [3.8, 4.8, 5.9, 6.3, 7.1, 8.0], [4.3, 5.3, 6.5, 7.0, 7.9, 8.9],
    [3.3, 4.2, 5.2, 5.6, 6.2, 6.9], [3.6, 4.6, 5.7, 6.0, 6.8, 7.6], [4.1, 5.1, 6.3, 6.7, 7.6, 8.5]],
  [560, [3.5, 4.4, 5.4, 5.8, 6.5, 7.3], [3.8, 4.8, 5.9, 6.3, 7.1, 8.0], [4.3, 5.3, 6.5, 7.0, 7.9, 8.9],
    [3.3, 4.2, 5.2, 5.6, 6.2, 6.9], [3.6, 4.6, 5.7, 6.0, 6.8, 7.6], [4.1, 5.1, 6.3, 6.7, 7.6, 8.5]],
  [630, [3.5, 4.4, 5.4, 5.8, 6.5, 7.3], [3.8, 4.8, 5.9, 6.3, 7.1, 8.0], [4.3, 5.3, 6.5, 7.0, 7.9, 8.9],
    [3.3, 4.2, 5.2, 5.6, 6.2, 6.9], [3.6, 4.6, 5.7, 6.0, 6.8, 7.6], [4.1, 5.1, 6.3, 6.7, 7.6, 8.5]],
];

// prettier-ignore
const VSD: RotaryRow[] = [
  [2.2, [6.1, 7.4, 9.1, 10.0, 11.4, 12.8], [6.8, 8.2, 10.1, 11.1, 12.7, 14.3], [7.8, 9.5, 11.7, 12.8, 14.7, 16.6]],
  [3, [5.9, 7.1, 8.8, 9.6, 10.8, 12.1], [6.5, 7.9, 9.7, 10.7, 12.0, 13.6], [7.4, 9.1, 11.1, 12.3, 13.9, 15.8]],
  [4, [5.7, 6.7, 8.4, 9.1, 10.4, 11.5], [6.3, 7.5, 9.3, 10.1, 11.5, 12.9], [7.1, 8.7, 10.6, 11.7, 13.2, 15.0]],
  [5.5, [5.4, 6.5, 8.1, 8.8, 9.9, 11.1], [5.9, 7.2, 8.9, 9.8, 11.0, 12.4], [6.7, 8.3, 10.1, 11.2, 12.6, 14.3]],
  [7.5, [5.2, 6.3, 7.8, 8.5, 9.5, 10.6], [5.6, 6.9, 8.5, 9.4, 10.5, 11.8], [6.3, 7.8, 9.5, 10.6, 11.9, 13.7]],
  [11, [5.0, 6.0, 7.4, 8.0, 9.1, 10.1], [5.4, 6.6, 8.0, 8.9, 10.0, 11.3], [6.0, 7.4, 9.0, 10.1, 11.3, 13.0]],
  [15, [4.8, 5.8, 7.2, 7.7, 8.8, 9.8], [5.2, 6.3, 7.8, 8.5, 9.6, 10.9], [5.7, 7.1, 8.7, 9.7, 10.8, 12.5]],
  [18.5, [4.6, 5.7, 6.9, 7.4, 8.5, 9.5], [5.0, 6.1, 7.5, 8.1, 9.3, 10.5], [5.6, 6.8, 8.4, 9.2, 10.4, 12.0],
    [4.4, 5.5, 6.6, 7.1, 8.2, 9.1], [4.8, 5.9, 7.2, 7.8, 8.9, 10.1], [5.4, 6.5, 8.1, 8.9, 10.0, 11.6]],
  [22, [4.5, 5.6, 6.8, 7.3, 8.3, 9.3], [4.9, 6.0, 7.3, 7.9, 9.0, 10.2], [5.5, 6.6, 8.1, 8.9, 10.1, 11.6],
    [4.3, 5.4, 6.5, 7.0, 8.0, 8.9], [4.7, 5.8, 7.0, 7.6, 8.7, 9.8], [5.3, 6.4, 7.8, 8.6, 9.7, 11.2]],
  [30, [4.4, 5.5, 6.6, 7.1, 8.0, 9.1], [4.8, 5.9, 7.1, 7.7, 8.7, 9.9], [5.3, 6.5, 7.9, 8.7, 9.8, 11.2],
    [4.2, 5.3, 6.3, 6.8, 7.7, 8.7], [4.6, 5.7, 6.8, 7.4, 8.4, 9.5], [5.1, 6.3, 7.6, 8.4, 9.4, 10.8]],
  [37, [4.3, 5.4, 6.5, 7.0, 7.8, 8.9], [4.7, 5.8, 7.0, 7.6, 8.5, 9.7], [5.2, 6.4, 7.8, 8.5, 9.5, 10.9],
    [4.1, 5.2, 6.2, 6.7, 7.5, 8.5], [4.5, 5.6, 6.7, 7.3, 8.1, 9.3], [5.0, 6.2, 7.5, 8.2, 9.1, 10.5]],
  [45, [4.2, 5.3, 6.4, 6.9, 7.7, 8.7], [4.6, 5.7, 6.9, 7.5, 8.3, 9.5], [5.1, 6.3, 7.7, 8.3, 9.3, 10.6],
    [4.0, 5.1, 6.1, 6.6, 7.4, 8.3], [4.4, 5.5, 6.6, 7.2, 8.0, 9.1], [4.9, 6.1, 7.4, 8.0, 8.9, 10.2]],
  [55, [4.1, 5.2, 6.3, 6.8, 7.6, 8.6], [4.5, 5.6, 6.8, 7.3, 8.2, 9.3], [5.0, 6.2, 7.6, 8.1, 9.1, 10.4],
    [3.9, 5.0, 6.0, 6.5, 7.3, 8.2], [4.3, 5.4, 6.5, 7.0, 7.9, 8.9], [4.8, 6.0, 7.3, 7.8, 8.7, 10.0]],
  [75, [4.0, 5.0, 6.2, 6.6, 7.4, 8.4], [4.4, 5.4, 6.7, 7.1, 8.0, 9.1], [4.9, 6.0, 7.4, 7.9, 8.9, 10.1],
    [3.8, 4.8, 6.0, 6.4, 7.1, 8.0], [4.2, 5.2, 6.5, 6.9, 7.7, 8.7], [4.7, 5.8, 7.2, 7.6, 8.6, 9.7]],
  [90, [4.0, 5.0, 6.1, 6.5, 7.3, 8.3], [4.4, 5.4, 6.6, 7.0, 7.9, 9.0], [4.9, 6.0, 7.3, 7.8, 8.8, 10.0],
    [3.8, 4.8, 5.9, 6.3, 7.0, 7.9], [4.2, 5.2, 6.4, 6.8, 7.6, 8.6], [4.7, 5.8, 7.1, 7.5, 8.5, 9.6]],
  [110, [3.9, 4.9, 6.0, 6.4, 7.2, 8.2], [4.3, 5.3, 6.5, 6.9, 7.8, 8.9], [4.8, 5.9, 7.2, 7.7, 8.7, 9.9],
    [3.7, 4.7, 5.8, 6.2, 6.9, 7.8], [4.1, 5.1, 6.3, 6.7, 7.5, 8.5], [4.6, 5.7, 7.0, 7.4, 8.4, 9.5]],
  [132, [3.9, 4.9, 6.0, 6.4, 7.2, 8.1], [4.3, 5.3, 6.5, 6.9, 7.8, 8.8], [4.8, 5.9, 7.2, 7.7, 8.7, 9.8],
    [3.7, 4.7, 5.8, 6.2, 6.9, 7.7], [4.1, 5.1, 6.3, 6.7, 7.5, 8.4], [4.6, 5.7, 7.0, 7.4, 8.4, 9.4]],
  [160, [3.8, 4.9, 5.9, 6.3, 7.1, 8.0], [4.2, 5.3, 6.4, 6.8, 7.7, 8.7], [4.7, 5.9, 7.1, 7.6, 8.6, 9.7],
    [3.6, 4.7, 5.7, 6.1, 6.8, 7.6], [4.0, 5.1, 6.2, 6.6, 7.4, 8.3], [4.5, 5.7, 6.9, 7.3, 8.3, 9.3]],
  [200, [3.8, 4.8, 5.9, 6.3, 7.1, 7.9], [4.2, 5.2, 6.4, 6.8, 7.7, 8.6], [4.7, 5.8, 7.1, 7.6, 8.6, 9.6],
    [3.6, 4.6, 5.7, 6.1, 6.8, 7.5], [4.0, 5.0, 6.2, 6.6, 7.4, 8.2], [4.5, 5.6, 6.9, 7.3, 8.3, 9.2]],
  [250, [3.8, 4.8, 5.8, 6.2, 7.0, 7.8], [4.2, 5.2, 6.3, 6.7, 7.6, 8.5], [4.7, 5.8, 7.0, 7.5, 8.5, 9.5],
    [3.6, 4.6, 5.6, 6.0, 6.7, 7.4], [4.0, 5.0, 6.1, 6.5, 7.3, 8.1], [4.5, 5.6, 6.8, 7.2, 8.2, 9.1]],
  [315, [3.7, 4.8, 5.8, 6.2, 7.0, 7.8], [4.1, 5.2, 6.3, 6.7, 7.6, 8.5], [4.6, 5.8, 7.0, 7.5, 8.5, 9.5],
    [3.5, 4.6, 5.6, 6.0, 6.7, 7.4], [3.9, 5.0, 6.1, 6.5, 7.3, 8.1], [4.4, 5.6, 6.8, 7.2, 8.2, 9.1]],
];

// prettier-ignore
const PISTON: PistonRow[] = [
  [0.75, [7.2, 8.7, 9.3, 10.6, 11.1, 11.9, 12.6, 13.2], [7.8, 9.2, 10.0, 11.7, 12.2, 12.8, 13.5, 14.2], [8.5, 10.1, 11.0, 12.8, 13.5, 14.8, 15.6, 16.3]],
  [1.1, [6.7, 8.0, 8.6, 9.6, 10.2, 11.3, 12.0, 12.6], [7.2, 8.6, 9.3, 10.7, 11.2, 12.2, 12.9, 13.5], [8.0, 9.4, 10.3, 12.1, 12.8, 14.0, 14.9, 15.6]],
  [1.5, [6.5, 7.7, 8.4, 9.4, 9.9, 10.8, 11.7, 12.3], [7.0, 8.3, 9.0, 10.2, 10.7, 11.6, 12.6, 13.2], [7.5, 9.1, 9.9, 11.5, 12.3, 13.2, 14.4, 15.0]],
  [2.2, [5.9, 7.1, 7.6, 8.9, 9.4, 10.1, 11.1, 11.7], [6.4, 7.6, 8.2, 9.7, 10.2, 10.9, 11.9, 12.5], [6.9, 8.4, 9.2, 10.7, 11.3, 12.4, 13.7, 14.3]],
  [3, [_, 6.8, 7.3, 8.6, 9.2, 9.9, 10.7, 11.3], [_, 7.3, 7.9, 9.4, 9.9, 10.7, 11.5, 12.1], [_, 8.0, 8.8, 10.2, 10.9, 12.0, 13.4, 14.0]],
  [4, [_, 6.4, 7.1, 8.3, 8.8, 9.6, 10.1, 10.7], [_, 6.9, 7.6, 9.0, 9.5, 10.3, 10.9, 11.5], [_, 7.6, 8.4, 9.7, 10.4, 11.5, 12.5, 13.2]],
  [5.5, [_, 6.3, 6.9, 8.0, 8.6, 9.5, 10.0, 10.5], [_, 6.8, 7.4, 8.7, 9.4, 10.2, 10.7, 11.3], [_, 7.4, 8.2, 9.4, 10.2, 11.2, 12.3, 12.9]],
  [7.5, [_, 6.2, 6.7, 7.7, 8.3, 9.3, 9.8, 10.2], [_, 6.7, 7.2, 8.4, 9.1, 10.0, 10.5, 11.0], [_, 7.4, 8.0, 9.2, 9.8, 10.8, 12.0, 12.7]],
  [11, [_, 6.0, 6.5, 7.3, 7.9, 8.9, 9.5, 10.0], [_, 6.5, 7.0, 8.0, 8.8, 9.6, 10.2, 10.8], [_, 7.2, 7.8, 8.8, 9.4, 10.4, 11.7, 12.4]],
  [15, [_, 5.8, 6.3, 7.1, 7.7, 8.6, 9.2, 9.8], [_, 6.3, 6.8, 7.7, 8.5, 9.3, 9.9, 10.5], [_, 6.9, 7.6, 8.4, 8.9, 10.1, 11.3, 12.1]],
  [18.5, [_, _, 6.2, 6.7, 7.0, 7.9, 8.3, _], [_, _, 6.6, 7.1, 7.4, 8.3, 9.0, _], [_, _, 7.3, 7.6, 8.0, 8.9, 10.0, _]],
  [22, [_, _, _, 6.6, 6.9, 7.8, 8.2, _], [_, _, _, 7.0, 7.3, 8.2, 8.9, _], [_, _, _, 7.5, 7.9, 8.9, 9.9, _]],
  [30, [_, _, _, 6.4, 6.8, 7.7, 8.1, _], [_, _, _, 6.8, 7.2, 8.1, 8.8, _], [_, _, _, 7.4, 7.8, 8.8, 9.8, _]],
  [37, [_, _, _, 6.3, 6.7, 7.6, 8.0, _], [_, _, _, 6.7, 7.1, 8.0, 8.7, _], [_, _, _, 7.3, 7.7, 8.7, 9.7, _]],
  [45, [_, _, _, 6.2, 6.6, 7.4, 7.9, _], [_, _, _, 6.6, 7.0, 7.9, 8.6, _], [_, _, _, 7.2, 7.6, 8.6, 9.6, _]],
  [55, [_, _, _, 6.1, 6.5, 7.2, 7.8, _], [_, _, _, 6.5, 6.9, 7.8, 8.5, _], [_, _, _, 7.1, 7.5, 8.5, 9.5, _]],
  [63, [_, _, _, 6.1, 6.5, 7.2, 7.8, _], [_, _, _, 6.5, 6.9, 7.8, 8.5, _], [_, _, _, 7.1, 7.5, 8.5, 9.5, _]],
  [75, [_, _, _, 6.0, 6.4, 7.1, 7.7, _], [_, _, _, 6.5, 6.8, 7.7, 8.4, _], [_, _, _, 7.0, 7.4, 8.4, 9.4, _]],
];

// prettier-ignore
const OIL_FREE_PISTON: PistonRow[] = [
  [0.55, [10.0, 10.5, 12.0, 12.8, 14.5, _, _], [10.7, 11.2, 12.8, 13.6, 15.4, _, _], [11.9, 12.7, 14.4, 15.2, 16.8, _, _]],
  [0.75, [9.7, 10.2, 11.4, 12.0, 13.6, _, _], [10.3, 10.9, 12.1, 12.8, 14.5, _, _], [11.5, 12.3, 13.6, 14.4, 16.1, _, _]],
  [1.1, [9.1, 9.4, 10.6, 11.3, 12.7, _, _], [9.7, 10.0, 11.3, 12.0, 13.5, _, _], [10.8, 11.3, 12.8, 13.6, 15.0, _, _]],
  [1.5, [8.7, 9.2, 10.2, 10.9, 11.8, _, _], [9.3, 9.8, 10.9, 11.6, 12.6, _, _], [10.4, 11.1, 12.4, 13.2, 14.3, _, _]],
  [2.2, [8.0, 8.4, 9.4, 10.0, 11.0, 11.7, 12.2], [8.5, 9.0, 10.0, 10.6, 11.7, 12.4, 13.2], [9.5, 10.1, 11.3, 12.0, 13.0, 14.6, 15.6]],
  [3, [7.6, 8.2, 9.1, 9.7, 10.6, 11.5, 12.0], [8.1, 8.7, 9.7, 10.3, 11.3, 12.2, 12.9], [9.0, 9.8, 11.0, 11.6, 12.2, 14.3, 15.3]],
  [4, [7.2, 7.8, 8.6, 9.2, 10.3, 10.9, 11.6], [7.7, 8.3, 9.2, 9.8, 10.9, 11.6, 12.3], [8.6, 9.3, 10.5, 11.1, 11.6, 13.6, 14.6]],
  [5.5, [7.2, 7.5, 8.5, 8.9, 10.1, 10.6, 11.2], [7.7, 8.0, 9.0, 9.5, 10.8, 11.2, 12.0], [8.5, 9.1, 10.2, 10.8, 11.5, 13.2, 14.3]],
  [7.5, [7.0, 7.3, 8.2, 8.6, 9.8, 10.4, 10.9], [7.5, 7.8, 8.7, 9.2, 10.3, 11.1, 12.0], [8.3, 8.8, 10.0, 10.6, 11.2, 13.1, 14.1]],
  [11, [6.9, 7.1, 7.9, 8.4, 9.4, 9.9, 10.3], [7.3, 7.6, 8.4, 8.9, 10.0, 10.5, 11.0], [8.1, 8.6, 9.7, 10.3, 11.0, 12.3, 12.9]],
  [15, [6.6, 6.9, 7.7, 8.2, 9.1, 9.6, 10.0], [7.0, 7.4, 8.2, 8.7, 9.7, 10.2, 10.6], [7.8, 8.3, 9.5, 10.1, 10.7, 11.8, 12.5]],
];

function build(): CompressorRow[] {
  const rows: CompressorRow[] = [];
  const rotary = (kind: CompressorKind, data: RotaryRow[]) => {
    const { pressures, table } = COMPRESSOR_TABLES[kind];
    for (const [ratedKw, a1, a2, a3, l1, l2, l3] of data) {
      rows.push({ kind, ratedKw, cooling: 'air', pressures, sp: [a1, a2, a3], table });
      if (l1 && l2 && l3) rows.push({ kind, ratedKw, cooling: 'liquid', pressures, sp: [l1, l2, l3], table });
    }
  };
  const piston = (kind: CompressorKind, data: PistonRow[]) => {
    const { pressures, table } = COMPRESSOR_TABLES[kind];
    for (const [ratedKw, g1, g2, g3] of data)
      rows.push({ kind, ratedKw, cooling: 'any', pressures, sp: [g1, g2, g3], table });
  };
  rotary('oil_injected_rotary', FIXED);
  rotary('oil_injected_rotary_vsd', VSD);
  piston('piston', PISTON);
  piston('oil_free_piston', OIL_FREE_PISTON);
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

const EPS = 1e-9;

function kindOf(kind: string | undefined): Lookup<CompressorKind> {
  if (kind === undefined || (COMPRESSOR_KINDS as readonly string[]).includes(kind))
    return found((kind ?? 'oil_injected_rotary') as CompressorKind);
  if (Object.hasOwn(NOT_ENCODED_KINDS, kind))
    return noRow('NAMEPLATE_NOT_ENCODED', `GB 19153-2019 has ${NOT_ENCODED_KINDS[kind]}; it is not encoded yet`);
  if (Object.hasOwn(NOT_COVERED_KINDS, kind))
    return noRow('NAMEPLATE_UNKNOWN_TYPE', `GB 19153-2019 does not cover ${NOT_COVERED_KINDS[kind]}`);
  const known = [...COMPRESSOR_KINDS, ...Object.keys(NOT_ENCODED_KINDS), ...Object.keys(NOT_COVERED_KINDS)];
  return noRow('NAMEPLATE_UNKNOWN_TYPE', `compressorKind ${kind} is not one of ${known.join(', ')}`);
}

export function compressorLookup(k: CompressorKey): Lookup<GradeLevels> {
  const assumed: string[] = [];
  const kindL = kindOf(k.kind);
  if (!kindL.ok) return kindL;
  const kind = kindL.value;
  if (k.kind === undefined)
    assumed.push('compressorKind not on the nameplate: oil-injected rotary, fixed speed assumed');
  const t = COMPRESSOR_TABLES[kind];
  if (k.cooling !== undefined && !['air', 'water', 'liquid'].includes(k.cooling))
    return noRow('NAMEPLATE_UNKNOWN_TYPE', `cooling must be air, water or liquid, not ${k.cooling}`);
  const cooling: Cooling = k.cooling === 'water' || k.cooling === 'liquid' ? 'liquid' : 'air';
  if (t.coolingSplit && k.cooling === undefined) assumed.push('cooling not on the nameplate: air assumed');
  const p = k.pressureMpa ?? 0.8;
  if (k.pressureMpa === undefined) assumed.push('pressureMpa not on the nameplate: 0.8 MPa assumed');
  if (k.ratedKw === undefined || !Number.isFinite(k.ratedKw))
    return noRow('NAMEPLATE_MISSING', 'compressor needs ratedKw');
  const kw = k.ratedKw;
  const [minKw, maxKw] = t.scopeKw;
  if (kw < minKw - EPS || kw > maxKw + EPS)
    return noRow('NAMEPLATE_OUT_OF_RANGE', `GB 19153-2019 ${t.table} covers ${minKw}-${maxKw} kW, not ${kw}`);

  // the table's ratings (whatever the cooling), then the next one up: 向上靠档
  const ofKind = COMPRESSOR_ROWS.filter((r) => r.kind === kind);
  const ratings = [...new Set([...ofKind.map((r) => r.ratedKw), ...t.notTranscribedKw])].sort((a, b) => a - b);
  const rating = ratings.find((x) => x >= kw - EPS)!;
  if (t.notTranscribedKw.includes(rating))
    return noRow(
      'NAMEPLATE_NOT_ENCODED',
      `GB 19153-2019 ${t.table} row ${rating} kW is not encoded (no transcribed figures)`,
    );
  const row = ofKind.find((r) => r.ratedKw === rating && (r.cooling === 'any' || r.cooling === cooling));
  if (!row)
    return noRow('NAMEPLATE_UNKNOWN_TYPE', `GB 19153-2019 ${t.table} has no ${cooling}-cooled row at ${rating} kW`);
  if (Math.abs(rating - kw) > EPS)
    assumed.push(`${kw} kW is not a row: the next higher row (${rating} kW) applies (向上靠档)`);

  const ps = row.pressures;
  if (p < ps[0] - EPS || p > ps[ps.length - 1] + EPS)
    return noRow(
      'NAMEPLATE_OUT_OF_RANGE',
      `GB 19153-2019 ${t.table} covers ${ps[0]}-${ps[ps.length - 1]} MPa, not ${p}`,
    );
  const j = ps.findIndex((x) => x >= p - EPS);
  if (Math.abs(ps[j] - p) > EPS)
    assumed.push(`${p} MPa is not a column: the next higher column (${ps[j]} MPa) applies (向上靠档)`);
  const [g1, g2, g3] = row.sp.map((g) => g[j]);
  if (g1 === null || g2 === null || g3 === null)
    return noRow(
      'NAMEPLATE_OUT_OF_RANGE',
      `GB 19153-2019 ${t.table} has no figure ('-') for ${rating} kW at ${ps[j]} MPa`,
    );

  const confirmed = kind === 'oil_injected_rotary' && rating === 200 && ps[j] === 0.8;
  // picked by the between-rows rule or with an assumed nameplate field: not the standard's figure for this compressor
  const confidence: Confidence = assumed.length ? 'derived' : confirmed ? 'confirmed' : 'transcribed';
  const cite: Citation = {
    standard: 'GB 19153',
    edition: '2019',
    table: `${t.table}, ${rating} kW, ${t.coolingSplit ? `${cooling}-cooled, ` : ''}${ps[j]} MPa`,
    confidence,
    note: [
      confirmed
        ? 'two independent transcriptions agree'
        : `one transcription of the table (pp. ${t.pages}), not checked against the text`,
      t.basis,
      ...(assumed.some((a) => a.includes('向上靠档'))
        ? ['向上靠档: the between-rows rule the transcription states as the standard’s, not checked against the text']
        : []),
      ...assumed,
    ].join('; '),
  };
  return found({ grade1: g1, grade2: g2, grade3: g3, unit: 'kW/(m³/min)', higherIsBetter: false, cite });
}

export function compressorGrades(k: CompressorKey): GradeLevels | undefined {
  const l = compressorLookup(k);
  return l.ok ? l.value : undefined;
}
