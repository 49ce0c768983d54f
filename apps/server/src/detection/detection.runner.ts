import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import {
  LIVE_BATCH_MS,
  type DetectionAuditEntry,
  type DeviceKpi,
  type DeviceSpec,
  type Reading,
  type RegisterEntry,
} from '#contracts';
import {
  createContext,
  fallenSilent,
  forgetSilence,
  heard,
  initialState,
  newSilenceWatch,
  silenceClear,
  silenceOpen,
  paramsWith,
  relearn,
  step,
  type DetectionEvent,
  type DetectorContext,
  type DeviceState,
} from '#detection';
import { registerEntry } from '#equipment';
import { toKpi } from './kpi-of.js';
import { DetectionAudit } from './detection-audit.js';
import { FleetRegistry } from '../fleet/fleet-registry.js';
import { ReadingsBus } from '../bus/readings-bus.js';
import { LiveGateway } from '../live/live.gateway.js';
import { AlertService } from '../alerts/alert.service.js';
import { CONFIG, LOGGER } from '../tokens.js';
import type { AppConfig } from '../config/config.js';
import { rolesOf } from '../config/roles.js';
import type { Logger } from '../logger.js';
import type { Stoppable } from '../lifecycle/shutdown.js';

const PERSIST_MS = 30_000;
const MAX_EARLY = 100_000;

/**
 * Runs the pure detection core on every accepted reading: one context and one state per device, events to the
 * alert service, KPIs to the console (coalesced per device like readings). The states (learned baselines included)
 * are saved every 30 s and at shutdown, and restored at start.
 */
@Injectable()
export class DetectionRunner implements OnApplicationBootstrap, Stoppable {
  /** per plant, per device: the detector built for the device's current spec, and its state */
  private readonly slots = new Map<string, Map<string, Slot>>();
  private params?: ReturnType<typeof paramsWith>;
  /** states restored from the last run, taken by each device's first slot */
  private saved: Record<string, unknown> = {};
  private readonly latest = new Map<string, DeviceKpi>();
  /** wall-clock receipt per device, for "no data" alerts on a timer (the core sees a gap only when data resumes) */
  private readonly silence = newSilenceWatch();
  private pending = new Map<string, Map<string, DeviceKpi>>();
  private early: Reading[] = [];
  /** `bus`: every reading of this process (all-in-one); `log`: the owned partitions' readings, fed by their owner */
  private feed: 'bus' | 'log' = 'bus';
  private ready = false;
  private dirty = false;
  readonly counters = { readings: 0, droppedBeforeStart: 0, events: 0, warmUp: 0 };
  private timers: NodeJS.Timeout[] = [];
  private readonly audit: DetectionAudit;
  private markStarted!: () => void;
  /** resolves once the saved states are restored and readings flow to the detectors */
  readonly started = new Promise<void>((resolve) => (this.markStarted = resolve));

  constructor(
    private readonly fleet: FleetRegistry,
    bus: ReadingsBus,
    private readonly alerts: AlertService,
    private readonly live: LiveGateway,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {
    this.audit = new DetectionAudit(config.dataDir);
    // a process without the detection role (api) keeps the runner for its reads only: it judges nothing
    if (!rolesOf(config).detection) return;
    bus.subscribe((rs) => {
      if (this.feed === 'bus') this.onReadings(rs);
    });
    // a console joining gets the latest KPI of its plants at once, instead of waiting for the next window
    live.kpiSnapshot = (plantIds) => this.kpis().filter((k) => plantIds.includes(k.plantId));
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!rolesOf(this.config).detection) return this.markStarted();
    await this.alerts.ready;
    await this.audit.load();
    this.params = paramsWith(this.config.detectFitMinutes * 60_000, this.config.detectCalibrateMinutes * 60_000);
    this.saved = { ...this.alerts.detectionState };
    let restored = 0;
    const now = Date.now();
    // scale-out: states and "no data" alerts come with each partition this process takes (adopt)
    for (const d of this.feed === 'bus' ? this.fleet.devices() : []) {
      const { slot, restored: fits } = this.slotFor(d);
      if (!fits) continue;
      restored++;
      // a device that was live before a restart has the silence time from the boot to come back (devices reconnect,
      // gateways replay), and then raises its "no data" alert like any other
      if (slot.state.lastTs >= 0) this.silence.lastSeen.set(slot.key, now);
    }
    // "no data" alerts still open from before: the device's next reading resolves them
    this.noteSilent();
    this.log.info({ devices: this.fleet.devices().length, restored }, 'detection started');
    this.ready = true;
    const early = this.early;
    this.early = [];
    this.onReadings(early);
    this.timers.push(setInterval(() => this.flush(), LIVE_BATCH_MS));
    if (this.feed === 'bus') this.timers.push(setInterval(() => void this.persist(), PERSIST_MS));
    const silenceMs = this.config.silenceMs;
    this.timers.push(setInterval(() => this.checkSilence(silenceMs), Math.min(10_000, Math.ceil(silenceMs / 4))));
    this.markStarted();
  }

  /** called by the ShutdownCoordinator in its step (lifecycle/shutdown.ts) */

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    if (this.feed === 'bus') await this.persist();
    await this.audit.close();
  }

  /**
   * Scale-out mode: readings come from the readings log of the partitions this process owns (ownership/), not from
   * the in-process bus, and states are kept in the partitions' checkpoints instead of every 30 s. Call before start.
   */
  useLog(): void {
    this.feed = 'log';
  }

  /** scale-out: judges readings of an owned partition, in log order */
  judge(rs: readonly Reading[]): void {
    this.onReadings(rs);
  }

  /** scale-out: takes the states of a partition's devices from its checkpoint; their silence time starts now */
  adopt(states: Record<string, unknown>): void {
    const now = Date.now();
    for (const [key, state] of Object.entries(states)) {
      const [plantId, deviceId] = key.split('/');
      const spec = this.fleet.device(plantId, deviceId);
      if (!spec) continue;
      this.saved[key] = state;
      const { slot, restored } = this.slotFor(spec);
      if (restored && slot.state.lastTs >= 0) this.silence.lastSeen.set(slot.key, now);
    }
    this.noteSilent();
  }

  /** scale-out: the current states of the devices of the plants `inScope` selects (for a checkpoint) */
  statesOf(inScope: (plantId: string) => boolean): Record<string, DeviceState> {
    const states: Record<string, DeviceState> = {};
    for (const [plantId, plant] of this.slots)
      if (inScope(plantId)) for (const slot of plant.values()) states[slot.key] = slot.state;
    return states;
  }

  /** scale-out: forgets the detectors, KPIs and silence watch of plants another process now owns */
  drop(inScope: (plantId: string) => boolean): void {
    for (const [plantId, plant] of this.slots) {
      if (!inScope(plantId)) continue;
      for (const slot of plant.values()) {
        this.latest.delete(slot.key);
        forgetSilence(this.silence, slot.key);
      }
      this.slots.delete(plantId);
      this.pending.delete(plantId);
    }
  }

  /** "no data" alerts still open: the device's next reading resolves them */
  private noteSilent(): void {
    for (const a of this.alerts.list({ state: 'open,acknowledged,shelved' }))
      if (a.rule === 'dq.silent') this.silence.silent.add(`${a.plantId}/${a.deviceId}`);
  }

  /** Whether a device has a learned (or learning) state from an earlier run: the demo warms up only the others. */
  hasState(plantId: string, deviceId: string): boolean {
    const slot = this.slots.get(plantId)?.get(deviceId);
    return slot !== undefined && slot.state.lastTs >= 0;
  }

  /** Whether the device has a baseline to learn (not a unit whose efficiency its meters cannot observe). */
  learns(plantId: string, deviceId: string): boolean {
    const spec = this.fleet.device(plantId, deviceId);
    return spec !== undefined && this.slotFor(spec).slot.ctx.profile.observable === true;
  }

  /** Whether the device's own baseline has been learned and is monitoring. */
  monitoring(plantId: string, deviceId: string): boolean {
    return this.slots.get(plantId)?.get(deviceId)?.state.drift.phase === 'monitor';
  }

  /** The device's detector context and learned baseline (the KPI trend draws the band it judges against). */
  baselineOf(plantId: string, deviceId: string): { ctx: DetectorContext; drift: DeviceState['drift'] } | undefined {
    const slot = this.slots.get(plantId)?.get(deviceId);
    return slot && { ctx: slot.ctx, drift: slot.state.drift };
  }

  /** Starts a device's detector afresh (nothing learned), e.g. before feeding it a longer history. */
  forget(plantId: string, deviceId: string): void {
    const slot = this.slots.get(plantId)?.get(deviceId);
    if (slot) slot.state = initialState(slot.ctx);
  }

  /**
   * Feeds a device history (simulated at first start, or replayed) through its detector at speed, before live
   * data: the baseline learns from it. Its events are not alerts (the history is not the plant's present).
   */
  warmUp(rs: Iterable<Reading>): number {
    let n = 0;
    const now = Date.now();
    for (const r of rs) {
      const spec = this.fleet.device(r.plantId, r.deviceId);
      if (!spec) continue;
      if (heard(this.silence, `${r.plantId}/${r.deviceId}`, now))
        void this.alerts.onClear(spec, silenceClear(now)).catch((err: Error) => this.fail(err));
      let slot = this.slots.get(r.plantId)?.get(r.deviceId);
      if (slot?.spec !== spec) slot = this.slotFor(spec).slot;
      slot.state = step(slot.ctx, r, slot.state).state;
      n++;
    }
    this.counters.warmUp += n;
    this.dirty = true;
    return n;
  }

  /**
   * After maintenance: the device's baseline is learned again from its next operating data. Audited (who, why,
   * when); an open drift alert is cleared since the baseline it was judged against is gone. Returns false for an
   * unknown device.
   */
  async relearn(plantId: string, deviceId: string, by: string, reason: string): Promise<DetectionAuditEntry | false> {
    const spec = this.fleet.device(plantId, deviceId);
    if (!spec) return false;
    let slot = this.slots.get(plantId)?.get(deviceId);
    if (slot?.spec !== spec) slot = this.slotFor(spec).slot;
    const entry: DetectionAuditEntry = { action: 'relearn', plantId, deviceId, by, reason, at: Date.now() };
    await this.audit.append(entry);
    const events = relearn(slot.ctx, slot.state, Math.max(0, slot.state.lastTs));
    this.dirty = true;
    for (const e of events) if (e.type === 'clear') await this.alerts.onClear(spec, e);
    this.log.info({ plantId, deviceId, by, reason }, 'detection: baseline re-learn');
    return entry;
  }

  auditTrail(plantId?: string, deviceId?: string): DetectionAuditEntry[] {
    return this.audit.list(plantId, deviceId);
  }

  /** The plant's equipment register findings (nameplate grades, e.g. a motor's IE class against GB 18613). */
  register(plantId?: string): RegisterEntry[] {
    return this.fleet
      .devices()
      .filter((d) => !plantId || d.plantId === plantId)
      .map(registerEntry);
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
    const now = Date.now();
    for (const r of rs) {
      const spec = this.fleet.device(r.plantId, r.deviceId);
      if (!spec) continue;
      if (heard(this.silence, `${r.plantId}/${r.deviceId}`, now))
        void this.alerts.onClear(spec, silenceClear(now)).catch((err: Error) => this.fail(err));
      let slot = this.slots.get(r.plantId)?.get(r.deviceId);
      // a device added or changed through the fleet API since: its detector is built (again) from the new spec
      if (slot?.spec !== spec) slot = this.slotFor(spec).slot;
      this.counters.readings++;
      const { events, state } = step(slot.ctx, r, slot.state);
      slot.state = state;
      this.dirty = true;
      if (events.length) this.handle(slot.ctx, r, events);
      else if (!this.latest.has(slot.key)) this.instant(slot.ctx, r);
    }
  }

  /** Wall-clock ticker: devices silent for longer than `silenceMs` raise a "no data" alert now. */
  private checkSilence(silenceMs: number): void {
    const now = Date.now();
    for (const { key, since } of fallenSilent(this.silence, now, silenceMs)) {
      const [plantId, deviceId] = key.split('/');
      const spec = this.fleet.device(plantId, deviceId);
      if (!spec) {
        forgetSilence(this.silence, key);
        continue;
      }
      void this.alerts.onOpen(spec, silenceOpen(spec, since, now, silenceMs)).catch((err: Error) => this.fail(err));
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
      before?.v === 2 &&
      before.win.sums.length === fresh.win.sums.length &&
      before.drift.coef.length === fresh.drift.coef.length;
    const slot: Slot = { key, spec, ctx, state: fits ? before : fresh };
    plant.set(spec.id, slot);
    return { slot, restored: fits };
  }

  private handle(ctx: DetectorContext, r: Reading, events: readonly DetectionEvent[]): void {
    const device = ctx.device;
    for (const e of events) {
      this.counters.events++;
      if (e.type === 'kpi') this.queueKpi(toKpi(ctx, e, r));
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
    const state = ctx.profile.operating(sums).running ? 'starting' : 'off';
    const judgement =
      ctx.profile.observable === true
        ? { status: 'not_judged' as const, reason: 'NO_DATA' as const }
        : { status: 'not_observable' as const, reason: ctx.profile.observable };
    this.queueKpi(toKpi(ctx, { type: 'kpi', ts: r.ts, kpi, drift: { phase: 'fit' }, state, judgement }, r));
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
    for (const [plantId, byDevice] of batches) this.live.emitInFrames(plantId, 'kpis', [...byDevice.values()]);
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
          forgetSilence(this.silence, slot.key);
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
