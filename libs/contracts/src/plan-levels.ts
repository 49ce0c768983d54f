import { z } from 'zod';

/**
 * The levels of the plan as the API answers them (GET /api/regulator/levels; the data is libs/compliance/src/plan):
 * NDRC/MIIT 能效标杆水平 (benchmark) and 基准水平 (baseline) of unit-product energy consumption per key field
 * (重点领域). Every value carries its own confidence:
 * - confirmed: the same figure in two independent sources;
 * - transcribed: from one secondary transcription of the document's table, not checked against the document;
 * - recalled: written from memory of the document's table, no source at hand: check before relying on it.
 */
export const LEVEL_CONFIDENCES = ['confirmed', 'transcribed', 'recalled'] as const;
export type LevelConfidence = (typeof LEVEL_CONFIDENCES)[number];

export const PLAN_EDITIONS = [2021, 2023] as const;
export type PlanEdition = (typeof PLAN_EDITIONS)[number];

/** One row of a field's table: a process route or size class with its two levels (lower is better for all). */
export const LevelRowSchema = z.object({
  /** stable id of the row inside its field, e.g. 'gt_800_tpd' */
  id: z.string(),
  zh: z.string(),
  en: z.string(),
  /** 标杆水平: the advanced level, 30 % of capacity by 2025 */
  benchmark: z.number(),
  /** 基准水平: the floor every line must reach by 2025 (the 2021 fields) */
  baseline: z.number(),
  confidence: z.enum(LEVEL_CONFIDENCES),
  note: z.string().optional(),
});
export type LevelRow = z.infer<typeof LevelRowSchema>;

/** The indicator the levels are set on and the standard it is computed by. */
export const IndicatorSchema = z.object({
  zh: z.string(),
  en: z.string(),
  /** e.g. 'kgce/t', 'kgoe/t', 'kWh/t', 'kgce/weight box', 'kgce/m²' */
  unit: z.string(),
  /** what the unit-product consumption is measured in: the energy numerator's unit */
  energy: z.enum(['kgce', 'kgoe', 'kWh_ac']),
  /** the product unit of the denominator */
  product: z.enum(['t', 'weight_box', 'm2', 't_energy_factor']),
  /** the GB standard (unit-product energy consumption limit) that defines the boundary and the calculation */
  standard: z.string(),
});
export type Indicator = z.infer<typeof IndicatorSchema>;

export const KeyFieldSchema = z.object({
  /** stable id, e.g. 'cement_clinker' */
  id: z.string(),
  zh: z.string(),
  en: z.string(),
  /** industry (国民经济行业) class of GB/T 4754-2017, 4 digits, for grouping (codes written from memory: check) */
  industry: z.string(),
  edition: z.literal(PLAN_EDITIONS),
  indicator: IndicatorSchema,
  /** the year by which capacity below 基准 is to be upgraded or retired (2025 for the 2021 list, 2026 for the 2023 additions) */
  deadline: z.literal([2025, 2026]),
  /**
   * the rows; empty when the figures could not be transcribed (the field is known to be in the document but no
   * value is shipped rather than an invented one): capacity of such a field is reported as "no level"
   */
  rows: z.array(LevelRowSchema),
  /** why `rows` is empty, or anything a reader must know about the field */
  note: z.string().optional(),
});
export type KeyField = z.infer<typeof KeyFieldSchema>;

const PlanDocumentSchema = z.object({ number: z.string(), title: z.string() });
/** the plan's documents by edition */
export const PlanDocumentsSchema = z.object({ 2021: PlanDocumentSchema, 2023: PlanDocumentSchema });
export type PlanDocuments = z.infer<typeof PlanDocumentsSchema>;

/** GET /api/regulator/levels: the plan's documents and levels as shipped. */
export const PlanLevelsSchema = z
  .object({ documents: PlanDocumentsSchema, fields: z.array(KeyFieldSchema) })
  .meta({ id: 'PlanLevels' });
export type PlanLevels = z.infer<typeof PlanLevelsSchema>;
