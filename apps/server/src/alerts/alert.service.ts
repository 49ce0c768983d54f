import { Inject, Injectable, Optional, type OnModuleInit } from '@nestjs/common';
import type { Alert, DeviceSpec, FloodEvent } from '#contracts';
import type { ClearEvent, OpenEvent } from '#detection';
import { LiveGateway } from '../live/live.gateway.js';
import { LOGGER, PROCESS_ROLES } from '../tokens.js';
import { ALL_ROLES, type ProcessRoles } from '../config/roles.js';
import type { Logger } from '../logger.js';
import { AlertStore } from './alert-store.js';
import { AlertBook, type BookChange } from './alert-book.js';
import type { Stoppable } from '../lifecycle/shutdown.js';

const TICK_MS = 5_000;

/** Alerts as a service: the lifecycle (AlertBook), persisted through the AlertStore port, pushed live. */
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

  constructor(
    @Inject(AlertStore) private readonly store: AlertStore,
    private readonly live: LiveGateway,
    @Inject(LOGGER) private readonly log: Logger,
    @Optional() @Inject(PROCESS_ROLES) private readonly roles: ProcessRoles = ALL_ROLES,
  ) {}

  async onModuleInit(): Promise<void> {
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

  list(filter: { plantId?: string; deviceId?: string; state?: string; priority?: string; kind?: string }): Alert[] {
    return this.book
      .list()
      .filter(
        (a) =>
          (!filter.plantId || a.plantId === filter.plantId) &&
          (!filter.deviceId || a.deviceId === filter.deviceId) &&
          (!filter.state || filter.state.split(',').includes(a.state)) &&
          (!filter.priority || filter.priority.split(',').includes(a.priority)) &&
          (!filter.kind || filter.kind.split(',').includes(a.kind)),
      )
      .sort((x, y) => (y.updatedAt ?? 0) - (x.updatedAt ?? 0));
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
  private async apply(change: BookChange): Promise<void> {
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
