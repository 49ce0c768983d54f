import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { LIVE_BATCH_MS, type DeviceKpi, type DeviceSpec, type Reading } from '#contracts';
import {
  createContext,
  initialState,
  paramsWith,
  step,
  type DetectionEvent,
  type DetectorContext,
  type DeviceState,
  type KpiEvent,
} from '#detection';
import { energyRate } from '#equipment';
import { FleetRegistry } from '../fleet/fleet-registry.js';
import { ReadingsBus } from '../bus/readings-bus.js';
import { LiveGateway } from '../live/live.gateway.js';
import { AlertService } from '../alerts/alert.service.js';
import { CONFIG, LOGGER } from '../tokens.js';
import type { AppConfig } from '../config/config.js';
import type { Logger } from '../logger.js';

const PERSIST_MS = 30_000;
const MAX_EARLY = 100_000;

/**
 * Runs the pure detection core on every accepted reading: one context and one state per device, events to the
 * alert service, KPIs to the console (coalesced per device like readings). The states (learned baselines included)
 * are saved every 30 s and at shutdown, and restored at start.
 */
@Injectable()
export class DetectionRunner implements OnApplicationBootstrap, OnModuleDestroy {
  /** per plant, per device: the detector built for the device's current spec, and its state */
  private readonly slots = new Map<string, Map<string, Slot>>();
  private params?: ReturnType<typeof paramsWith>;
  /** states restored from the last run, taken by each device's first slot */
  private saved: Record<string, unknown> = {};
  private readonly latest = new Map<string, DeviceKpi>();
  private pending = new Map<string, Map<string, DeviceKpi>>();
  private early: Reading[] = [];
  private ready = false;
  private dirty = false;
  readonly counters = { readings: 0, droppedBeforeStart: 0, events: 0 };
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly fleet: FleetRegistry,
    bus: ReadingsBus,
    private readonly alerts: AlertService,
    private readonly live: LiveGateway,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {
    bus.subscribe((rs) => this.onReadings(rs));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.alerts.ready;
    this.params = paramsWith(this.config.detectFitMinutes * 60_000, this.config.detectCalibrateMinutes * 60_000);
    this.saved = { ...this.alerts.detectionState };
    let restored = 0;
    for (const d of this.fleet.devices()) if (this.slotFor(d).restored) restored++;
    this.log.info({ devices: this.fleet.devices().length, restored }, 'detection started');
    this.ready = true;
    const early = this.early;
    this.early = [];
    this.onReadings(early);
    this.timers.push(setInterval(() => this.flush(), LIVE_BATCH_MS));
    this.timers.push(setInterval(() => void this.persist(), PERSIST_MS));
  }

  async onModuleDestroy(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    await this.persist();
  }

  /** Latest KPI per device (REST /api/kpis and a console's first paint). */
  kpis(plantId?: string): DeviceKpi[] {
    return [...this.latest.values()].filter((k) => !plantId || k.plantId === plantId);
  }

  private onReadings(rs: readonly Reading[]): void {
    if (!this.ready) {
      for (const r of rs)
        if (this.early.length < MAX_EARLY) this.early.push(r);
        else this.counters.droppedBeforeStart++;
      return;
    }
    for (const r of rs) {
      const spec = this.fleet.device(r.plantId, r.deviceId);
      if (!spec) continue;
      let slot = this.slots.get(r.plantId)?.get(r.deviceId);
      // a device added or changed through the fleet API since: its detector is built (again) from the new spec
      if (slot?.spec !== spec) slot = this.slotFor(spec).slot;
      this.counters.readings++;
      const { events, state } = step(slot.ctx, r, slot.state);
      slot.state = state;
      this.dirty = true;
      if (events.length) this.handle(spec, r, events);
      else if (!this.latest.has(slot.key)) this.instant(slot.ctx, r);
    }
  }

  /** The detector for a device's spec; its state from the last run (or the previous spec) when it still fits. */
  private slotFor(spec: DeviceSpec): { slot: Slot; restored: boolean } {
    const key = `${spec.plantId}/${spec.id}`;
    let plant = this.slots.get(spec.plantId);
    if (!plant) this.slots.set(spec.plantId, (plant = new Map()));
    const ctx = createContext(spec, this.params);
    const fresh = initialState(ctx);
    const before = (this.saved[key] ?? plant.get(spec.id)?.state) as DeviceState | undefined;
    delete this.saved[key];
    // a state saved for another nameplate or parameter set does not fit: learn again
    const fits =
      before?.v === 1 &&
      before.win.sums.length === fresh.win.sums.length &&
      before.drift.coef.length === fresh.drift.coef.length;
    const slot: Slot = { key, spec, ctx, state: fits ? before : fresh };
    plant.set(spec.id, slot);
    return { slot, restored: fits };
  }

  private handle(device: DeviceSpec, r: Reading, events: readonly DetectionEvent[]): void {
    for (const e of events) {
      this.counters.events++;
      if (e.type === 'kpi') this.queueKpi(toKpi(device, e, r));
      else if (e.type === 'open') void this.alerts.onOpen(device, e).catch((err: Error) => this.fail(err));
      else void this.alerts.onClear(device, e).catch((err: Error) => this.fail(err));
    }
  }

  /** Before a device's first window closes, its KPI from the single reading, so a console is not blank. */
  private instant(ctx: DetectorContext, r: Reading): void {
    const sums = new Array<number>(ctx.profile.channels.length).fill(0);
    if (!ctx.profile.add(r.metrics, r.ts, sums, 0)) return;
    const kpi = ctx.profile.kpi(sums);
    if (!Number.isFinite(kpi.value)) return;
    this.queueKpi(toKpi(ctx.device, { type: 'kpi', ts: r.ts, kpi, drift: { phase: 'fit' } }, r));
  }

  private queueKpi(k: DeviceKpi): void {
    this.latest.set(`${k.plantId}/${k.deviceId}`, k);
    let plant = this.pending.get(k.plantId);
    if (!plant) this.pending.set(k.plantId, (plant = new Map()));
    plant.set(k.deviceId, k);
  }

  private flush(): void {
    if (!this.pending.size) return;
    const batches = this.pending;
    this.pending = new Map();
    for (const [plantId, byDevice] of batches) this.live.emitToPlant(plantId, 'kpis', [...byDevice.values()]);
  }

  private async persist(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    try {
      const states: Record<string, DeviceState> = {};
      for (const plant of this.slots.values())
        for (const [deviceId, slot] of plant) {
          // a device deleted from the fleet: its detector, state and last KPI go with it
          if (this.fleet.device(slot.spec.plantId, deviceId)) {
            states[slot.key] = slot.state;
            continue;
          }
          plant.delete(deviceId);
          this.latest.delete(slot.key);
        }
      await this.alerts.saveDetection(states);
    } catch (e) {
      this.dirty = true;
      this.fail(e as Error);
    }
  }

  private fail(e: Error): void {
    this.log.error({ err: e.message }, 'detection: could not record an event');
  }
}

interface Slot {
  /** `{plantId}/{deviceId}`, the key of saved states and of the latest KPIs */
  key: string;
  spec: DeviceSpec;
  ctx: DetectorContext;
  state: DeviceState;
}

function toKpi(device: DeviceSpec, e: KpiEvent, r: Reading): DeviceKpi {
  const k = e.kpi;
  const round = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? undefined : Number(v.toFixed(4)));
  const levels = k.levels
    ? Object.fromEntries(
        Object.entries(k.levels)
          .filter(([, v]) => v !== undefined)
          .map(([n, v]) => [n, round(v)]),
      )
    : undefined;
  const energy = energyRate(r);
  return {
    plantId: device.plantId,
    deviceId: device.id,
    class: device.class,
    ts: e.ts,
    name: kpiName(device),
    value: round(k.value) ?? NaN,
    unit: k.unit,
    grade: k.grade,
    ndrc: k.ndrc,
    limit: round(k.limit),
    levels,
    higherIsBetter: k.higherIsBetter,
    unverified: k.cite !== undefined && k.cite.confidence !== 'confirmed',
    citation: k.cite ? `${k.cite.standard} (${k.cite.edition}) ${k.cite.table}` : undefined,
    drift: { phase: e.drift.phase, z: round(e.drift.z) },
    energy: { kgcePerH: Number(energy.kgcePerH.toFixed(2)), kgCo2PerH: Number(energy.kgCo2PerH.toFixed(2)) },
  };
}

const NAMES: Record<string, { en: string; zh: string }> = {};
function kpiName(d: DeviceSpec): { en: string; zh: string } {
  return (NAMES[d.class] ??= createContext(d).profile.kpiName);
}
