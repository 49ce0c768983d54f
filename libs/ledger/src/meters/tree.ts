import type { Expr } from './formula.js';
import { CATEGORIES } from '../categories.js';
import { FormulaError, evaluateFormula, parseFormula, referencedMeters } from './formula.js';

/** A meter in the plant's tree: a main meter with its sub-meters, and the loss band its balance must stay in. */
export interface MeterNode {
  id: string;
  children?: readonly string[];
  /** loss (parent − Σ children) / parent in %, allowed band; default 0-5 % */
  lossBand?: { minPct: number; maxPct: number };
}

export const DEFAULT_LOSS_BAND = { minPct: 0, maxPct: 5 };

export type BalanceStatus = 'ok' | 'loss_high' | 'loss_negative' | 'no_data';

export interface Balance {
  parent: string;
  parentValue?: number;
  childrenSum?: number;
  /** parent − Σ children, in the meters' unit */
  loss?: number;
  lossPct?: number;
  status: BalanceStatus;
  /** children with no value for the period (balance not computed) */
  missing: string[];
}

/**
 * Master/sub-meter balance for one period. Loss above the band's maximum is `loss_high` (a leak, an unmetered
 * consumer); below the minimum `loss_negative` (children read more than the parent: a meter fault or a wrong tree).
 */
export function balanceOf(node: MeterNode, values: ReadonlyMap<string, number>): Balance {
  const band = node.lossBand ?? DEFAULT_LOSS_BAND;
  const children = node.children ?? [];
  const parentValue = values.get(node.id);
  const missing = children.filter((c) => values.get(c) === undefined);
  if (parentValue === undefined || missing.length || parentValue <= 0)
    return {
      parent: node.id,
      ...(parentValue !== undefined ? { parentValue } : {}),
      status: 'no_data',
      missing: parentValue === undefined ? [node.id, ...missing] : missing,
    };
  const childrenSum = children.reduce((s, c) => s + values.get(c)!, 0);
  const loss = parentValue - childrenSum;
  const lossPct = (loss / parentValue) * 100;
  const status: BalanceStatus = lossPct > band.maxPct ? 'loss_high' : lossPct < band.minPct ? 'loss_negative' : 'ok';
  return { parent: node.id, parentValue, childrenSum, loss, lossPct, status, missing: [] };
}

/** Balances of every node with children. */
export function balances(tree: readonly MeterNode[], values: ReadonlyMap<string, number>): Balance[] {
  return tree.filter((n) => n.children?.length).map((n) => balanceOf(n, values));
}

export interface VirtualMeter {
  id: string;
  formula: string;
}

export interface CompiledVirtualMeters {
  /** in evaluation order: a virtual meter may read another */
  order: Array<{ id: string; expr: Expr; reads: string[] }>;
}

/** Parses virtual meters and orders them; a cycle, a duplicate id or a bad formula throws FormulaError. */
export function compileVirtualMeters(vms: readonly VirtualMeter[]): CompiledVirtualMeters {
  const parsed = new Map<string, { expr: Expr; reads: string[] }>();
  for (const vm of vms) {
    if (parsed.has(vm.id)) throw new FormulaError('FORMULA_SYNTAX', `virtual meter ${vm.id} defined twice`);
    const expr = parseFormula(vm.formula);
    parsed.set(vm.id, { expr, reads: [...referencedMeters(expr)] });
  }
  const order: CompiledVirtualMeters['order'] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]) => {
    const p = parsed.get(id);
    if (!p || state.get(id) === 'done') return;
    if (state.get(id) === 'visiting')
      throw new FormulaError('FORMULA_SYNTAX', `virtual meters form a cycle: ${[...path, id].join(' → ')}`);
    state.set(id, 'visiting');
    for (const r of p.reads) visit(r, [...path, id]);
    state.set(id, 'done');
    order.push({ id, ...p });
  };
  for (const vm of vms) visit(vm.id, []);
  return { order };
}

/** The values of all virtual meters for one period, added to the physical meters' values. */
export function evaluateVirtualMeters(
  compiled: CompiledVirtualMeters,
  physical: ReadonlyMap<string, number>,
): Map<string, number> {
  const values = new Map(physical);
  for (const vm of compiled.order) values.set(vm.id, evaluateFormula(vm.expr, values));
  return values;
}

/** What the fleet check (libs/contracts checkMeterTrees) needs from the ledger: its own formula parser and categories. */
export const METER_TREE_RULES = {
  formulaReads: (src: string): string[] => [...referencedMeters(parseFormula(src))],
  categories: CATEGORIES.map((c) => c.id),
};
