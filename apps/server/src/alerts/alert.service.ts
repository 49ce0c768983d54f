import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional, type OnModuleInit } from '@nestjs/common';
import type { Alert, AlertQuery, DeviceSpec, FloodEvent } from '#contracts';
import type { ClearEvent, OpenEvent } from '#detection';
import { LiveGateway } from '../live/live.gateway.js';
import { LOGGER, PROCESS_ROLES } from '../tokens.js';
import { ALL_ROLES, type ProcessRoles } from '../config/roles.js';
import type { Logger } from '../logger.js';
import { AlertStore } from './alert-store.js';
import { AlertBook, type BookChange } from './alert-book.js';
import { AlertRemote, filterAlerts, type AlertCommand } from './alert-command.js';
import type { Stoppable } from '../lifecycle/shutdown.js';

const TICK_MS = 5_000;

/**
 * Alerts as a service: the lifecycle (AlertBook), persisted through the AlertStore port, pushed live.
 *
 * In scale-out mode (an AlertRemote is provided) the book holds only the alerts of the plants this process owns for
 * detection (`adopt` / `release`), with ids unique across processes; what the API asks (`query`, `find`, `act`) goes
 * to the remote: the state store for reads, the owning process for actions.
 */
@Injectable()
export class AlertService implements OnModuleInit, Stoppable {
  private book = new AlertBook();
  private floods: FloodEvent[] = [];
  /** the detection state loaded at start, handed to the detection runner once */
  detectionState: Record<string, unknown> = {};
  private resolveReady!: () => void;
  readonly ready = new Promise<void>((r) => (this.resolveReady = r));
  private timer?: NodeJS.Timeout;
  private readonly listeners: Array<(change: BookChange) => Promise<void>> = [];
  /** scale-out mode: changes still being written, which a checkpoint waits for */
  private readonly inflight = new Set<Promise<void>>();

  constructor(
    @Inject(AlertStore) private readonly store: AlertStore,
    private readonly live: LiveGateway,
    @Inject(LOGGER) private readonly log: Logger,
    @Optional() @Inject(PROCESS_ROLES) private readonly roles: ProcessRoles = ALL_ROLES,
    @Optional() @Inject(AlertRemote) private readonly remote?: AlertRemote,
  ) {}

  async onModuleInit(): Promise<void> {
    this.live.alarmed = (plantId, deviceId) => this.alarmedUnits().has(`${plantId}/${deviceId}`);
    if (this.remote) {
      // scale-out: nothing is loaded here; each partition's alerts come with the partition (adopt)
      this.book = new AlertBook([], [], (now) => `al-${now.toString(36)}-${randomUUID()}`);
      this.ownedPlants = () => false; // until the partition owner takes its first partitions
      if (this.roles.detection) this.timer = setInterval(() => void this.apply(this.book.tick(Date.now())), TICK_MS);
      this.resolveReady();
      return;
    }
    const c = await this.store.load();
    this.book = new AlertBook(c.alerts, c.floods);
    this.floods = c.floods;
    this.detectionState = c.detection;
    this.log.info({ alerts: c.alerts.length, devices: Object.keys(c.detection).length }, 'alerts loaded');
    // shelving that runs out, floods that end: changes the process that judges the plants makes (detection)
    if (this.roles.detection) this.timer = setInterval(() => void this.apply(this.book.tick(Date.now())), TICK_MS);
    this.resolveReady();
  }

  /** called by the ShutdownCoordinator in its step (lifecycle/shutdown.ts) */

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.store.close();
  }

  private alarmedCache = { at: 0, units: new Set<string>() };
  /** units with an open or acknowledged alert, as the console marks them (shelved ones are out of the way) */
  private alarmedUnits(): Set<string> {
    const now = Date.now();
    if (now - this.alarmedCache.at < 250) return this.alarmedCache.units;
    const units = new Set<string>();
    for (const a of this.book?.list() ?? [])
      if (a.state === 'open' || a.state === 'acknowledged') units.add(`${a.plantId}/${a.deviceId}`);
    this.alarmedCache = { at: now, units };
    return units;
  }

  /** the alerts this process holds (all of them in all-in-one mode) */
  list(filter: AlertQuery): Alert[] {
    return filterAlerts(this.book.list(), filter);
  }

  /** every alert matching, wherever it is held (the API's list) */
  query(filter: AlertQuery): Promise<Alert[]> {
    return this.remote ? this.remote.list(filter) : Promise.resolve(this.list(filter));
  }

  /** one alert, wherever it is held; AlertError 404 when there is none */
  async find(id: string): Promise<Alert> {
    return this.remote ? this.remote.get(id) : this.book.get(id);
  }

  floodList(): Promise<FloodEvent[]> {
    return this.remote ? this.remote.floods() : Promise.resolve(this.floods);
  }

  /** An operator's action, carried out by whichever process holds the alert's plant. */
  act(plantId: string, cmd: AlertCommand): Promise<Alert> {
    return this.remote ? this.remote.act(plantId, cmd) : this.execute(cmd);
  }

  /** Carries out an action on this process's book (AlertError when the alert or its state does not allow it). */
  execute(cmd: AlertCommand): Promise<Alert> {
    switch (cmd.op) {
      case 'acknowledge':
        return this.acknowledge(cmd.id, cmd.by, cmd.comment);
      case 'resolve':
        return this.resolve(cmd.id, cmd.by, cmd.comment);
      case 'unshelve':
        return this.unshelve(cmd.id, cmd.by, cmd.comment);
      case 'shelve':
        return this.shelve(cmd.id, cmd.by, cmd.reason, cmd.durationMs);
    }
  }

  /** scale-out: takes over the alerts (and flood episodes) of plants this process now owns */
  adopt(alerts: Alert[], floods: FloodEvent[]): void {
    this.book.adopt(
      alerts.filter((a) => !this.book.has(a.id)),
      floods,
    );
  }

  /** scale-out: lets go of the alerts of plants another process now owns */
  release(inScope: (plantId: string) => boolean): void {
    this.book.forget(inScope);
    this.floods = this.floods.filter((f) => !inScope(f.plantId));
  }

  holds(id: string): boolean {
    return this.book.has(id);
  }

  /** scale-out: the plants whose alerts this process raises now (every plant in all-in-one mode) */
  private ownedPlants: (plantId: string) => boolean = () => true;

  ownsPlant(plantId: string): boolean {
    return this.ownedPlants(plantId);
  }

  /** scale-out: set by the partition owner whenever the partitions it owns change */
  ownPlants(inScope: (plantId: string) => boolean): void {
    this.ownedPlants = inScope;
  }

  /** scale-out: resolves once every change made so far is written (a checkpoint must not get ahead of its alerts) */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.inflight]);
  }

  get(id: string): Alert {
    return this.book.get(id);
  }

  floodEvents(): FloodEvent[] {
    return this.floods;
  }

  onOpen(device: DeviceSpec, e: OpenEvent): Promise<void> {
    return this.apply(this.book.open(device, e, Date.now()));
  }

  onClear(device: DeviceSpec, e: ClearEvent): Promise<void> {
    return this.apply(this.book.clear(device, e, Date.now()));
  }

  async acknowledge(id: string, by: string, comment?: string): Promise<Alert> {
    return this.one(this.book.acknowledge(id, by, comment, Date.now()));
  }

  async resolve(id: string, by: string, comment?: string): Promise<Alert> {
    return this.one(this.book.resolve(id, by, comment, Date.now()));
  }

  async shelve(id: string, by: string, reason: string | undefined, durationMs: number): Promise<Alert> {
    return this.one(this.book.shelve(id, by, reason, durationMs, Date.now()));
  }

  async unshelve(id: string, by: string, comment?: string): Promise<Alert> {
    return this.one(this.book.unshelve(id, by, comment, Date.now()));
  }

  /**
   * Called with every change while it is being persisted, and awaited before it is broadcast (e.g. the webhook
   * outbox). A listener must not assume the change is on disk yet.
   */
  onChange(listener: (change: BookChange) => Promise<void>): void {
    this.listeners.push(listener);
  }

  saveDetection(states: Record<string, unknown>): Promise<void> {
    return this.store.saveDetection(states);
  }

  private async one(a: Alert): Promise<Alert> {
    await this.apply({ alerts: [a], floods: [] });
    return a;
  }

  /**
   * Persists the change and hands it to the listeners at the same time, and broadcasts only once all of that is
   * done: what a client sees is durable, and so is what is owed to the webhook subscribers. If any of it fails,
   * nothing is broadcast and the error goes to the caller.
   */
  private apply(change: BookChange): Promise<void> {
    if (!this.remote) return this.write(change);
    const p = this.write(change);
    this.inflight.add(p);
    const done = () => void this.inflight.delete(p);
    p.then(done, done);
    return p;
  }

  private async write(change: BookChange): Promise<void> {
    await Promise.all([
      ...change.alerts.map((a) => this.store.saveAlert(a)),
      ...change.floods.map((f) => this.store.saveFlood(f)),
      ...this.listeners.map((l) => l(change)),
    ]);
    for (const f of change.floods) {
      this.floods.push(f);
      this.log.warn(f, f.active ? 'alarm flood' : 'alarm flood ended');
      this.live.emitToPlant(f.plantId, 'flood', f);
    }
    for (const a of change.alerts) this.live.emitToPlant(a.plantId, 'alert', a);
  }
}
