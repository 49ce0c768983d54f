import type { DeviceSpec, MeterBalance, PlantSpec, VirtualMeterValue } from '#contracts';
import { DEFAULT_LOSS_BAND, FormulaError, balanceOf, compileVirtualMeters, evaluateVirtualMeters } from '#ledger';

/** A parent meter of the plant's tree with its sub-meters, band and category. */
export interface TreeParent {
  parent: string;
  children: string[];
  category: string;
  band: [number, number];
}

/** The category a balance compares when the parent names none. */
export const DEFAULT_TREE_CATEGORY = 'electricity';

/** The plant's parent meters (devices that some device names as `ledger.parent`), children in fleet order. */
export function treeOf(devices: readonly DeviceSpec[]): TreeParent[] {
  const byId = new Map(devices.map((d) => [d.id, d]));
  const out = new Map<string, TreeParent>();
  for (const d of devices) {
    const p = d.ledger?.parent;
    const parent = p !== undefined && p !== d.id ? byId.get(p) : undefined;
    if (!parent) continue;
    let node = out.get(parent.id);
    if (!node) {
      const band = parent.ledger?.lossBand ?? [DEFAULT_LOSS_BAND.minPct, DEFAULT_LOSS_BAND.maxPct];
      node = {
        parent: parent.id,
        children: [],
        category: parent.ledger?.category ?? DEFAULT_TREE_CATEGORY,
        band: [band[0], band[1]],
      };
      out.set(parent.id, node);
    }
    node.children.push(d.id);
  }
  return [...out.values()];
}

/** Quantities of one period: category → meter id → quantity in the category's unit. */
export type PeriodQuantities = ReadonlyMap<string, ReadonlyMap<string, number>>;

const EMPTY: ReadonlyMap<string, number> = new Map();

/** Every parent's balance over one period (libs/ledger balanceOf), in the parent's category. */
export function balancesOf(tree: readonly TreeParent[], q: PeriodQuantities): MeterBalance[] {
  return tree.map((t) => {
    const b = balanceOf(
      { id: t.parent, children: t.children, lossBand: { minPct: t.band[0], maxPct: t.band[1] } },
      q.get(t.category) ?? EMPTY,
    );
    return {
      parent: t.parent,
      children: t.children,
      category: t.category,
      ...(b.parentValue !== undefined ? { parentValue: b.parentValue } : {}),
      ...(b.childrenSum !== undefined ? { childrenSum: b.childrenSum } : {}),
      ...(b.loss !== undefined ? { loss: b.loss } : {}),
      ...(b.lossPct !== undefined ? { lossPct: b.lossPct } : {}),
      band: t.band,
      status: b.status,
      ...(b.status !== 'no_data' ? { inBand: b.status === 'ok' } : {}),
      missing: b.missing,
    };
  });
}

/**
 * The plant's virtual meters over one period, each over the quantities of its own category. A formula that cannot
 * be evaluated (a meter it reads had no figure, a division by 0) gives no value and says why; one that does not
 * compile (only possible for a fleet changed after its check) is reported on every meter of the plant.
 */
export function virtualMetersOf(plant: PlantSpec, q: PeriodQuantities): VirtualMeterValue[] {
  const vms = plant.ledger?.virtualMeters ?? [];
  if (!vms.length) return [];
  let compiled: ReturnType<typeof compileVirtualMeters>;
  try {
    compiled = compileVirtualMeters(vms);
  } catch (e) {
    return vms.map((v) => ({ ...v, problem: (e as Error).message }));
  }
  const categoryOf = new Map(vms.map((v) => [v.id, v.category]));
  const out = new Map<string, VirtualMeterValue>();
  // evaluated one at a time in dependency order, each with the values of its category and the virtual meters so far
  const known = new Map<string, number>();
  for (const step of compiled.order) {
    const vm = vms.find((v) => v.id === step.id)!;
    const values = new Map([...(q.get(categoryOf.get(step.id)!) ?? EMPTY), ...known]);
    try {
      const v = evaluateVirtualMeters({ order: [step] }, values).get(step.id)!;
      known.set(step.id, v);
      out.set(step.id, { ...vm, value: v });
    } catch (e) {
      if (!(e instanceof FormulaError)) throw e;
      out.set(step.id, { ...vm, problem: e.message });
    }
  }
  return vms.map((v) => out.get(v.id)!);
}
