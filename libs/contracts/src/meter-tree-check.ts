import type { DeviceLedger, DeviceSpec, PlantSpec, VirtualMeterSpec } from './fleet.js';
import { ID_PATTERN } from './topics.js';

/** Why a fleet's meter tree or virtual meters were refused; each problem line starts with one of these. */
export const METER_TREE_REASONS = {
  LEDGER_INVALID: 'a device\'s "ledger" is not an object of account, parent, lossBand, category',
  LEDGER_BAND_INVALID: 'lossBand must be [lowest, highest] %, finite, lowest < highest, within -100..100',
  LEDGER_PARENT_UNKNOWN: 'ledger.parent names no device of the same plant',
  LEDGER_TREE_CYCLE: 'following ledger.parent comes back to where it started',
  VIRTUAL_METERS_INVALID: 'a plant\'s "ledger.virtualMeters" must be a list of {id, formula, category}',
  VIRTUAL_METER_ID_INVALID: "a virtual meter's id is not a valid id, or repeats a device's or another virtual meter's",
  VIRTUAL_METER_FORMULA: 'the formula does not parse (its own reason follows)',
  VIRTUAL_METER_UNKNOWN_METER: 'the formula reads an id that is no device or virtual meter of the plant',
  VIRTUAL_METER_CYCLE: 'virtual meters read each other in a circle',
  CATEGORY_UNKNOWN: 'not an energy category of the ledger',
} as const;
export type MeterTreeReason = keyof typeof METER_TREE_REASONS;

/** What the check needs from the ledger library (kept out of contracts): the formula parser and the categories. */
export interface MeterTreeRules {
  /** the meter ids a formula reads; throws an error with a `reason` (FORMULA_SYNTAX, …) when it does not parse */
  formulaReads?: (src: string) => string[];
  categories?: readonly string[];
}

const line = (at: string, reason: MeterTreeReason, detail: string) => `${at}: ${reason}: ${detail}`;

/** Problems of one device's `ledger` record on its own (shape and band); references are checked fleet-wide. */
export function checkDeviceLedger(l: unknown, at: string, rules: MeterTreeRules = {}): string[] {
  if (l === undefined) return [];
  if (!l || typeof l !== 'object' || Array.isArray(l)) return [line(at, 'LEDGER_INVALID', 'not an object')];
  const d = l as Partial<Record<keyof DeviceLedger, unknown>>;
  const out: string[] = [];
  if (d.account !== undefined && typeof d.account !== 'boolean')
    out.push(line(at, 'LEDGER_INVALID', 'ledger.account must be true or false'));
  if (d.parent !== undefined && (typeof d.parent !== 'string' || !ID_PATTERN.test(d.parent)))
    out.push(line(at, 'LEDGER_PARENT_UNKNOWN', 'ledger.parent must be a device id'));
  if (d.lossBand !== undefined) {
    const b = d.lossBand;
    const ok =
      Array.isArray(b) &&
      b.length === 2 &&
      b.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= -100 && x <= 100) &&
      (b[0] as number) < (b[1] as number);
    if (!ok) out.push(line(at, 'LEDGER_BAND_INVALID', `ledger.lossBand ${JSON.stringify(b)}`));
  }
  if (d.category !== undefined && (typeof d.category !== 'string' || !known(d.category, rules)))
    out.push(line(at, 'CATEGORY_UNKNOWN', `ledger.category ${JSON.stringify(d.category)}`));
  return out;
}

const known = (c: string, rules: MeterTreeRules) => !rules.categories || rules.categories.includes(c);

/**
 * Every problem of the plants' meter trees at once: parents that are no device of the plant, parent chains that
 * loop, and virtual meters with a bad id, category or formula, reading unknown meters, or reading each other in a
 * circle. Records that are not objects are left to the fleet check's own lines.
 */
export function checkMeterTrees(
  plants: ReadonlyArray<PlantSpec | null>,
  devices: ReadonlyArray<DeviceSpec | null>,
  rules: MeterTreeRules = {},
): string[] {
  const out: string[] = [];
  const ids = new Map<string, Set<string>>();
  const parentOf = new Map<string, string>();
  devices.forEach((d) => {
    if (!d || typeof d.id !== 'string' || typeof d.plantId !== 'string') return;
    (ids.get(d.plantId) ?? ids.set(d.plantId, new Set()).get(d.plantId)!).add(d.id);
  });
  devices.forEach((d, i) => {
    const parent = (d?.ledger as { parent?: unknown } | undefined)?.parent;
    if (!d || typeof parent !== 'string' || !ID_PATTERN.test(parent)) return;
    const at = `devices[${i}] (${d.id})`;
    if (parent === d.id) out.push(line(at, 'LEDGER_TREE_CYCLE', `${d.id} is its own parent`));
    else if (!ids.get(d.plantId)?.has(parent))
      out.push(line(at, 'LEDGER_PARENT_UNKNOWN', `no device ${parent} in plant ${d.plantId}`));
    else parentOf.set(`${d.plantId}/${d.id}`, `${d.plantId}/${parent}`);
  });
  const reported = new Set<string>();
  for (const start of parentOf.keys()) {
    const path = [start];
    for (let k = parentOf.get(start); k; k = parentOf.get(k)) {
      const loop = path.indexOf(k);
      if (loop >= 0) {
        const cycle = path.slice(loop);
        const name = [...cycle].sort().join(',');
        if (!reported.has(name)) {
          reported.add(name);
          const [plant] = k.split('/');
          const ids = [...cycle, k].map((x) => x.slice(plant!.length + 1));
          out.push(line(`plant ${plant}`, 'LEDGER_TREE_CYCLE', ids.join(' → ')));
        }
        break;
      }
      path.push(k);
    }
  }
  plants.forEach((p, i) => {
    if (!p || typeof p.id !== 'string' || p.ledger === undefined) return;
    out.push(...checkVirtualMeters(p.ledger, ids.get(p.id) ?? new Set(), `plants[${i}] (${p.id})`, rules));
  });
  return out;
}

function checkVirtualMeters(ledger: unknown, devices: Set<string>, at: string, rules: MeterTreeRules): string[] {
  const vms = (ledger as { virtualMeters?: unknown } | null)?.virtualMeters;
  if (!ledger || typeof ledger !== 'object' || (vms !== undefined && !Array.isArray(vms)))
    return [line(at, 'VIRTUAL_METERS_INVALID', 'ledger.virtualMeters must be a list')];
  const out: string[] = [];
  const reads = new Map<string, string[]>();
  ((vms ?? []) as Array<Partial<VirtualMeterSpec> | null>).forEach((vm, j) => {
    const where = `${at}.ledger.virtualMeters[${j}]${vm && typeof vm.id === 'string' ? ` (${vm.id})` : ''}`;
    if (!vm || typeof vm !== 'object') return void out.push(line(where, 'VIRTUAL_METERS_INVALID', 'not an object'));
    if (typeof vm.id !== 'string' || !ID_PATTERN.test(vm.id) || devices.has(vm.id) || reads.has(vm.id))
      out.push(line(where, 'VIRTUAL_METER_ID_INVALID', `id ${JSON.stringify(vm.id)}`));
    if (typeof vm.category !== 'string' || !known(vm.category, rules))
      out.push(line(where, 'CATEGORY_UNKNOWN', `category ${JSON.stringify(vm.category)}`));
    if (typeof vm.formula !== 'string' || !vm.formula.trim())
      return void out.push(line(where, 'VIRTUAL_METER_FORMULA', 'formula must be a non-empty string'));
    if (!rules.formulaReads || typeof vm.id !== 'string') return;
    try {
      reads.set(vm.id, rules.formulaReads(vm.formula));
    } catch (e) {
      const reason = (e as { reason?: string }).reason ?? 'FORMULA_SYNTAX';
      out.push(line(where, 'VIRTUAL_METER_FORMULA', `${reason}: ${(e as Error).message.replace(`${reason}: `, '')}`));
    }
  });
  for (const [id, rs] of reads)
    for (const r of rs)
      if (!devices.has(r) && !reads.has(r))
        out.push(line(`${at} virtual meter ${id}`, 'VIRTUAL_METER_UNKNOWN_METER', `reads ${r}`));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]): void => {
    if (state.get(id) === 'done' || !reads.has(id)) return;
    if (state.get(id) === 'visiting') {
      out.push(line(`${at} virtual meter ${path[0]}`, 'VIRTUAL_METER_CYCLE', [...path, id].join(' → ')));
      return;
    }
    state.set(id, 'visiting');
    for (const r of reads.get(id)!) visit(r, [...path, id]);
    state.set(id, 'done');
  };
  for (const id of reads.keys()) visit(id, []);
  return out;
}
