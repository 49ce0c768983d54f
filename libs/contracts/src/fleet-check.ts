import { isEquipmentClass } from './equipment-classes.js';
import {
  PROCESS_DRIVER_METRICS,
  type DeviceSpec,
  type EnterpriseSpec,
  type GatewaySpec,
  type PlantSpec,
  type ReaderSpec,
} from './fleet.js';
import { usccProblem } from './uscc.js';
import { ID_PATTERN } from './topics.js';
import { checkDeviceLedger, checkMeterTrees, type MeterTreeRules } from './meter-tree-check.js';
import { ProductionLineSchema, type ProductionLineSpec } from './plan-compliance.js';

/** What a reader of a fleet file adds to the shared checks (the server: credentials; the simulator: schedules). */
export interface FleetCheckExtras<D, G> {
  device?: (d: D, at: string) => string[];
  gateway?: (g: G, at: string) => string[];
  reader?: (r: ReaderSpec, at: string) => string[];
  /** production lines: the server checks the key field and row against the plan's tables (libs/compliance) */
  line?: (l: ProductionLineSpec, at: string) => string[];
  /** the formula parser and categories the meter-tree check uses (libs/ledger); without them formulas are not parsed */
  meters?: MeterTreeRules;
}

/** Longest area name a fleet may give (a display label, not an id). */
export const AREA_MAX = 64;
/** printable: no C0 control character nor DEL (a label is shown, not interpreted) */
const printable = (a: string) => [...a].every((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f);
const areaOk = (a: unknown) => typeof a === 'string' && a.trim().length > 0 && a.length <= AREA_MAX && printable(a);

/** Problems of one device record, given the known plant ids. */
export function checkDeviceRecord(
  d: Partial<DeviceSpec> | null,
  plantIds: Set<string>,
  at: string,
  meters: MeterTreeRules = {},
): string[] {
  if (!d || typeof d !== 'object') return [`${at}: not an object`];
  const problems: string[] = [];
  if (typeof d.id !== 'string' || !ID_PATTERN.test(d.id)) problems.push(`${at}: bad id`);
  if (typeof d.plantId !== 'string' || !plantIds.has(d.plantId)) problems.push(`${at}: unknown plantId ${d.plantId}`);
  if (!isEquipmentClass(d.class)) problems.push(`${at}: unknown class ${d.class}`);
  if (typeof d.nameplate !== 'object' || d.nameplate === null) problems.push(`${at}: needs a nameplate`);
  if (d.area !== undefined && !areaOk(d.area)) problems.push(`${at}: area must be 1-${AREA_MAX} printable characters`);
  if (d.gatewayId !== undefined && (typeof d.gatewayId !== 'string' || !ID_PATTERN.test(d.gatewayId)))
    problems.push(`${at}: bad gatewayId`);
  if (d.driver !== undefined) {
    const dr = d.driver as Partial<NonNullable<DeviceSpec['driver']>> | null;
    if (!dr || !(PROCESS_DRIVER_METRICS as readonly unknown[]).includes(dr.metric))
      problems.push(`${at}: driver.metric must be one of ${PROCESS_DRIVER_METRICS.join(', ')}`);
    else if (dr.rated !== undefined && !(typeof dr.rated === 'number' && dr.rated > 0))
      problems.push(`${at}: driver.rated must be a positive number`);
    else if (dr.rated === undefined && dr.metric !== 'shaft_power')
      problems.push(`${at}: driver.rated (the driver at rated duty) is needed for ${dr.metric}`);
  }
  problems.push(...checkDeviceLedger(d.ledger, at, meters));
  return problems;
}

/**
 * Every problem of a fleet document at once: plants, devices and gateways, ids, references between them. One
 * check for the one fleet format that the server's registry and the simulator both read.
 */
export function checkFleetDoc<D extends DeviceSpec, G extends GatewaySpec>(
  doc: unknown,
  extras: FleetCheckExtras<D, G> = {},
): string[] {
  const f = doc as {
    enterprises?: unknown;
    plants?: unknown;
    devices?: unknown;
    gateways?: unknown;
    readers?: unknown;
    lines?: unknown;
  } | null;
  if (!f || !Array.isArray(f.plants) || !Array.isArray(f.devices)) return ['needs "plants" and "devices" arrays'];
  if (f.gateways !== undefined && !Array.isArray(f.gateways)) return ['"gateways" must be an array'];
  if (f.readers !== undefined && !Array.isArray(f.readers)) return ['"readers" must be an array'];
  if (f.enterprises !== undefined && !Array.isArray(f.enterprises)) return ['"enterprises" must be an array'];
  if (f.lines !== undefined && !Array.isArray(f.lines)) return ['"lines" must be an array'];
  const problems: string[] = [];
  const enterpriseIds = checkEnterprises((f.enterprises ?? []) as Array<EnterpriseSpec | null>, problems);
  const plantIds = new Set<string>();
  (f.plants as Array<PlantSpec | null>).forEach((p, i) => {
    if (!p || typeof p.id !== 'string' || !ID_PATTERN.test(p.id)) problems.push(`plants[${i}]: bad id`);
    else if (plantIds.has(p.id)) problems.push(`plants[${i}]: duplicate id ${p.id}`);
    else plantIds.add(p.id);
    if (p?.region !== undefined && !REGION_PATTERN.test(p.region))
      problems.push(`plants[${i}]: region ${JSON.stringify(p.region)} is not a 6-digit administrative division code`);
    if (f.enterprises !== undefined && p?.enterprise !== undefined && !enterpriseIds.has(p.enterprise))
      problems.push(`plants[${i}]: enterprise ${p.enterprise} is not in the enterprises list`);
  });
  const gateways = (f.gateways ?? []) as Array<G | null>;
  // devices and gateways share one id namespace per plant: both log in as `{plantId}/{id}`
  const names = new Set<string>();
  (f.devices as Array<D | null>).forEach((d, i) => {
    const at = `devices[${i}]${d && typeof d.id === 'string' ? ` (${d.id})` : ''}`;
    problems.push(...checkDeviceRecord(d, plantIds, at, extras.meters));
    if (d && extras.device) problems.push(...extras.device(d, at));
    if (
      d?.gatewayId !== undefined &&
      f.gateways &&
      !gateways.some((g) => g?.plantId === d.plantId && g.id === d.gatewayId)
    )
      problems.push(`${at}: gateway ${d.gatewayId} is not in the gateways list of plant ${d.plantId}`);
    const key = `${d?.plantId}/${d?.id}`;
    if (names.has(key)) problems.push(`${at}: duplicate device`);
    names.add(key);
  });
  gateways.forEach((g, i) => {
    const at = `gateways[${i}]${g && typeof g.id === 'string' ? ` (${g.id})` : ''}`;
    if (!g || typeof g.id !== 'string' || !ID_PATTERN.test(g.id)) problems.push(`${at}: bad id`);
    if (!g || !plantIds.has(g.plantId)) problems.push(`${at}: unknown plantId ${g?.plantId}`);
    if (g && extras.gateway) problems.push(...extras.gateway(g, at));
    const key = `${g?.plantId}/${g?.id}`;
    if (names.has(key)) problems.push(`${at}: id already used by a device or gateway of this plant`);
    names.add(key);
  });
  const readers = new Set<string>();
  ((f.readers ?? []) as Array<ReaderSpec | null>).forEach((r, i) => {
    const at = `readers[${i}]${r && typeof r.id === 'string' ? ` (${r.id})` : ''}`;
    if (!r || typeof r.id !== 'string' || !ID_PATTERN.test(r.id)) problems.push(`${at}: bad id`);
    else if (readers.has(r.id)) problems.push(`${at}: duplicate id ${r.id}`);
    else readers.add(r.id);
    if (r?.plantId !== undefined && !plantIds.has(r.plantId)) problems.push(`${at}: unknown plantId ${r.plantId}`);
    if (r && extras.reader) problems.push(...extras.reader(r, at));
  });
  checkLines((f.lines ?? []) as unknown[], plantIds, names, problems, extras.line);
  problems.push(...checkMeterTrees(f.plants as Array<PlantSpec | null>, f.devices as Array<D | null>, extras.meters));
  return problems;
}

const REGION_PATTERN = /^\d{6}$/;

function checkEnterprises(list: Array<EnterpriseSpec | null>, problems: string[]): Set<string> {
  const ids = new Set<string>();
  list.forEach((e, i) => {
    const at = `enterprises[${i}]${e && typeof e.id === 'string' ? ` (${e.id})` : ''}`;
    if (!e || typeof e.id !== 'string' || !ID_PATTERN.test(e.id)) problems.push(`${at}: bad id`);
    else if (ids.has(e.id)) problems.push(`${at}: duplicate id ${e.id}`);
    else ids.add(e.id);
    if (!e || typeof e.name !== 'string' || !e.name) problems.push(`${at}: needs a name`);
    const bad = typeof e?.uscc === 'string' ? usccProblem(e.uscc) : 'length';
    if (bad)
      problems.push(`${at}: uscc ${JSON.stringify(e?.uscc)} is not a valid 统一社会信用代码 (${bad}; GB 32100-2015)`);
    if (typeof e?.region !== 'string' || !REGION_PATTERN.test(e.region))
      problems.push(`${at}: region must be a 6-digit administrative division code`);
  });
  return ids;
}

/** Production lines: the record's shape, a known plant, the device it is measured by, unique ids per plant. */
function checkLines(
  list: unknown[],
  plantIds: Set<string>,
  devices: Set<string>,
  problems: string[],
  extra?: (l: ProductionLineSpec, at: string) => string[],
): void {
  const seen = new Set<string>();
  list.forEach((x, i) => {
    const r = ProductionLineSchema.safeParse(x);
    const at = `lines[${i}]${r.success ? ` (${r.data.id})` : ''}`;
    if (!r.success) {
      for (const issue of r.error.issues) problems.push(`${at}: ${issue.path.join('.') || 'line'}: ${issue.message}`);
      return;
    }
    const l = r.data;
    if (!plantIds.has(l.plantId)) problems.push(`${at}: unknown plantId ${l.plantId}`);
    else if (!devices.has(`${l.plantId}/${l.device ?? l.id}`))
      problems.push(`${at}: no device ${l.device ?? l.id} in plant ${l.plantId} to measure the line by`);
    if (seen.has(`${l.plantId}/${l.id}`)) problems.push(`${at}: duplicate line`);
    seen.add(`${l.plantId}/${l.id}`);
    if (extra) problems.push(...extra(l, at));
  });
}
