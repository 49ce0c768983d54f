import type { Ratio, Row, Spread } from './report.js';

/** The middle value (the lower middle of an even count: a figure some run actually measured). */
function medianIndex(values: readonly number[]): number {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  return order[Math.floor((order.length - 1) / 2)][1];
}

/**
 * One figure over the runs: the median run's value and note, and the lowest and highest of the runs that measured
 * it. `n` counts those runs; a figure no run measured stays null.
 */
function combine<T extends { value: number | null; note?: string }>(of: readonly T[]): T & { spread?: Spread } {
  const measured = of.filter((x) => x.value !== null && Number.isFinite(x.value));
  if (measured.length === 0) return { ...of[0] };
  const values = measured.map((x) => x.value!);
  const mid = measured[medianIndex(values)];
  if (of.length === 1) return { ...mid };
  return { ...mid, spread: { min: Math.min(...values), max: Math.max(...values), n: measured.length } };
}

const key = (r: Row) => `${r.stage}\u0000${r.figure}`;

/** The table of several runs: every row's median with the spread, rows in the order the first run gave them. */
export function medianRows(runs: readonly Row[][]): Row[] {
  const order: string[] = [];
  const byKey = new Map<string, Row[]>();
  for (const rows of runs)
    for (const r of rows) {
      const k = key(r);
      if (!byKey.has(k)) {
        byKey.set(k, []);
        order.push(k);
      }
      byKey.get(k)!.push(r);
    }
  return order.map((k) => combine(byKey.get(k)!));
}

/** Each ratio is taken within one run (same-run figures only), then its median over the runs. */
export function medianRatios(runs: readonly Ratio[][]): Ratio[] {
  if (runs.length === 0) return [];
  return runs[0].map((r, i) => combine(runs.map((run) => run[i]).filter((x) => x?.name === r.name)));
}
