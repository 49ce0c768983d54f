/**
 * The levels of the plan: NDRC/MIIT 能效标杆水平 (benchmark) and 基准水平 (baseline) of unit-product energy
 * consumption per key field (重点领域), as data a plant engineer or regulator can check against the document and
 * replace.
 *
 * Where the figures come from: the primary documents (发改产业〔2021〕1609号 and 发改产业〔2023〕723号) could not be
 * read when these tables were written. Every value carries its own confidence:
 * - confirmed: the same figure in two independent sources (the project's reference notes and a secondary source
 *   quoting the document);
 * - transcribed: from one secondary transcription of the document's table (the project's reference notes),
 *   not checked against the document;
 * - recalled: written from memory of the document's table, no source at hand: check before relying on it.
 * Anything not `confirmed` is shown with an "unverified level" marker on the regulator's page.
 */
export type LevelConfidence = 'confirmed' | 'transcribed' | 'recalled';

export type PlanEdition = 2021 | 2023;

export const PLAN_DOCUMENTS: Record<PlanEdition, { number: string; title: string }> = {
  2021: { number: '发改产业〔2021〕1609号', title: '高耗能行业重点领域能效标杆水平和基准水平（2021年版）' },
  2023: { number: '发改产业〔2023〕723号', title: '工业重点领域能效标杆水平和基准水平（2023年版）' },
};

/** One row of a field's table: a process route or size class with its two levels (lower is better for all). */
export interface LevelRow {
  /** stable id of the row inside its field, e.g. 'gt_800_tpd' */
  id: string;
  zh: string;
  en: string;
  /** 标杆水平: the advanced level, 30 % of capacity by 2025 */
  benchmark: number;
  /** 基准水平: the floor every line must reach by 2025 (the 2021 fields) */
  baseline: number;
  confidence: LevelConfidence;
  note?: string;
}

/** The indicator the levels are set on and the standard it is computed by. */
export interface Indicator {
  zh: string;
  en: string;
  /** e.g. 'kgce/t', 'kgoe/t', 'kWh/t', 'kgce/weight box', 'kgce/m²' */
  unit: string;
  /** what the unit-product consumption is measured in: the energy numerator's unit */
  energy: 'kgce' | 'kgoe' | 'kWh_ac';
  /** the product unit of the denominator */
  product: 't' | 'weight_box' | 'm2' | 't_energy_factor';
  /** the GB standard (unit-product energy consumption limit) that defines the boundary and the calculation */
  standard: string;
}

export interface KeyField {
  /** stable id, e.g. 'cement_clinker' */
  id: string;
  zh: string;
  en: string;
  /** industry (国民经济行业) class of GB/T 4754-2017, 4 digits, for grouping (codes written from memory: check) */
  industry: string;
  edition: PlanEdition;
  indicator: Indicator;
  /** the year by which capacity below 基准 is to be upgraded or retired (2025 for the 2021 list, 2026 for the 2023 additions) */
  deadline: 2025 | 2026;
  /**
   * the rows; empty when the figures could not be transcribed (the field is known to be in the document but no
   * value is shipped rather than an invented one): capacity of such a field is reported as "no level"
   */
  rows: LevelRow[];
  /** why `rows` is empty, or anything a reader must know about the field */
  note?: string;
}
