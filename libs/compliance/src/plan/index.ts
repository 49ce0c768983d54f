import { FIELDS_2021 } from './fields-2021.js';
import { FIELDS_2023 } from './fields-2023.js';
import type { KeyField, LevelRow } from './types.js';

export * from './types.js';
export { FIELDS_2021, FIELDS_2023 };

/** Every key field of the plan's documents, the 2021 list first. */
export const KEY_FIELDS: readonly KeyField[] = [...FIELDS_2021, ...FIELDS_2023];

const BY_ID = new Map(KEY_FIELDS.map((k) => [k.id, k]));

export const keyField = (id: string): KeyField | undefined => BY_ID.get(id);

/** The row of a field a line is judged on: the named one, or the only one. */
export function levelRow(field: KeyField, rowId?: string): LevelRow | undefined {
  if (rowId !== undefined) return field.rows.find((r) => r.id === rowId);
  return field.rows.length === 1 ? field.rows[0] : undefined;
}

export type PlanLevel = 'benchmark' | 'baseline' | 'below';

/** Where a unit-product consumption stands (lower is better): at 标杆, at or above 基准, or below 基准. */
export function levelOfValue(value: number, row: LevelRow): PlanLevel {
  if (value <= row.benchmark) return 'benchmark';
  if (value <= row.baseline) return 'baseline';
  return 'below';
}

/** What is wrong with a line's key field or row, as the fleet check lists it (none: the line can be judged). */
export function lineLevelProblems(l: { field: string; row?: string }): string[] {
  const k = keyField(l.field);
  if (!k) return [`field ${l.field} is not a key field of the plan (${KEY_FIELDS.map((x) => x.id).join(', ')})`];
  if (l.row !== undefined && !k.rows.some((r) => r.id === l.row))
    return [`row ${l.row} is not a row of ${l.field} (${k.rows.map((r) => r.id).join(', ') || 'no rows'})`];
  if (l.row === undefined && k.rows.length > 1)
    return [`${l.field} has several rows: name one (${k.rows.map((r) => r.id).join(', ')})`];
  return [];
}
