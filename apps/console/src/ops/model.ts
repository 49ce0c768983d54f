import type { ConsoleDevice, DeviceKpi, FleetSnapshot, PlantSpec, Reading } from '#contracts';
import { deviceStatus, statusRank, STATUS_ORDER, type Status } from './status.js';

/** Latest KPI values kept per unit for its sparkline (one per KPI window). */
const SPARK = 30;

export interface Unit {
  key: string;
  device: ConsoleDevice;
  latest?: Reading;
  kpi?: DeviceKpi;
  spark: number[];
  status: Status;
}

export const unitKey = (plantId: string, deviceId: string) => `${plantId}/${deviceId}`;

/**
 * What the console knows of the fleet: units with their newest reading, KPI and display state. A snapshot after a
 * reconnect is merged in place (no full re-render), and the state of every unit is recomputed only on a tick or
 * when its inputs change.
 */
export class Model {
  readonly units = new Map<string, Unit>();
  readonly plants = new Map<string, PlantSpec>();
  /** whether a unit has an active (open or acknowledged) alert; set by the alerts panel */
  alarmed: (key: string) => boolean = () => false;

  /** Merges a join snapshot; returns true when the set of units changed. */
  merge(s: FleetSnapshot, now: number): boolean {
    let changed = false;
    this.plants.clear();
    for (const p of s.plants) this.plants.set(p.id, p);
    const seen = new Set<string>();
    for (const d of s.devices) {
      const key = unitKey(d.device.plantId, d.device.id);
      seen.add(key);
      let u = this.units.get(key);
      if (!u) {
        u = { key, device: d.device, spark: [], status: 'stale' };
        this.units.set(key, u);
        changed = true;
      }
      u.device = d.device;
      if (d.latest && (!u.latest || u.latest.ts <= d.latest.ts)) u.latest = d.latest;
    }
    for (const k of [...this.units.keys()])
      if (!seen.has(k)) {
        this.units.delete(k);
        changed = true;
      }
    for (const k of s.kpis ?? []) this.kpi(k);
    this.restate(now);
    return changed;
  }

  reading(r: Reading): Unit | undefined {
    const u = this.units.get(unitKey(r.plantId, r.deviceId));
    if (u && (!u.latest || u.latest.ts <= r.ts)) u.latest = r;
    return u;
  }

  kpi(k: DeviceKpi): Unit | undefined {
    const u = this.units.get(unitKey(k.plantId, k.deviceId));
    if (!u) return undefined;
    if (u.kpi?.ts !== k.ts && Number.isFinite(k.value)) {
      u.spark.push(k.value);
      if (u.spark.length > SPARK) u.spark.shift();
    }
    u.kpi = k;
    return u;
  }

  /** Recomputes every unit's display state; returns true when any changed. */
  restate(now: number): boolean {
    let changed = false;
    for (const u of this.units.values()) {
      const s = deviceStatus({ lastTs: u.latest?.ts, kpi: u.kpi, alarm: this.alarmed(u.key), now });
      if (s !== u.status) {
        u.status = s;
        changed = true;
      }
    }
    return changed;
  }

  /** Units that pass the filter, exceptions first, then by plant and name. */
  list(f: Filter): Unit[] {
    const q = f.search.trim().toLowerCase();
    return [...this.units.values()]
      .filter(
        (u) =>
          (!f.plantId || u.device.plantId === f.plantId) &&
          (!f.cls || u.device.class === f.cls) &&
          (!f.status || u.status === f.status) &&
          (!q || u.device.name.toLowerCase().includes(q) || u.device.id.toLowerCase().includes(q)),
      )
      .sort(
        (a, b) =>
          statusRank(a.status) - statusRank(b.status) ||
          a.device.plantId.localeCompare(b.device.plantId, undefined, { numeric: true }) ||
          a.device.name.localeCompare(b.device.name, undefined, { numeric: true }),
      );
  }

  /** Count of units per state, for one plant or all. */
  counts(plantId?: string): Record<Status, number> {
    const c = Object.fromEntries(STATUS_ORDER.map((s) => [s, 0])) as Record<Status, number>;
    for (const u of this.units.values()) if (!plantId || u.device.plantId === plantId) c[u.status]++;
    return c;
  }
}

export interface Filter {
  plantId?: string;
  cls?: string;
  status?: Status;
  search: string;
}
