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
export type { Indicator, KeyField, LevelConfidence, LevelRow, PlanEdition } from '#contracts';
import type { PlanDocuments } from '#contracts';

export const PLAN_DOCUMENTS: PlanDocuments = {
  2021: { number: '发改产业〔2021〕1609号', title: '高耗能行业重点领域能效标杆水平和基准水平（2021年版）' },
  2023: { number: '发改产业〔2023〕723号', title: '工业重点领域能效标杆水平和基准水平（2023年版）' },
};
