import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { startFleet, type RunningFleet } from '#device-sim';
import { mqttUsername } from '#contracts';
import { FleetRegistry, loadFleetFile } from '../fleet/fleet-registry.js';
import { BrokerService } from '../broker/broker.service.js';
import { DetectionRunner } from '../detection/detection.runner.js';
import { demoHistory } from './demo-history.js';
import { CONFIG, LOGGER } from '../tokens.js';
import type { AppConfig } from '../config/config.js';
import type { Logger } from '../logger.js';

/** Days of simulated history the demo learns from (weekends and stops hold no operating data: then more). */
const HISTORY_DAYS = [3, 7, 14];
/** History is simulated at one reading per 10 s: enough for learning, and a fortnight of it takes seconds. */
const HISTORY_INTERVAL_MS = 10_000;

/**
 * Runs the simulated demo plant in-process, publishing over real MQTT/TCP to the embedded broker. At first start
 * (no learned state yet) each demo device's detector first learns from simulated history, so a fault injected
 * into the demo raises its alert within minutes.
 */
@Injectable()
export class DemoService implements OnApplicationBootstrap, OnModuleDestroy {
  private running?: RunningFleet;

  constructor(
    private readonly fleet: FleetRegistry,
    private readonly broker: BrokerService,
    private readonly detection: DetectionRunner,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.detection.started;
    this.learnFromHistory();
    // the registry keeps only hashes; the demo devices' plaintext secrets come from the (demo) fleet file itself
    const secrets = new Map<string, string>();
    for (const d of loadFleetFile(this.config.fleetFile).devices) if (d.secret) secrets.set(d.id, d.secret);
    const plantOf = new Map(this.fleet.devices().map((d) => [d.id, d.plantId]));
    this.running = await startFleet({
      brokerUrl: `mqtt://127.0.0.1:${this.broker.port}`,
      fleet: { plants: this.fleet.plants(), devices: this.fleet.devices() },
      intervalMs: this.config.demoIntervalMs,
      seed: 1,
      runId: 'demo',
      credentials: (id) => {
        const secret = secrets.get(id);
        return secret ? { username: mqttUsername(plantOf.get(id)!, id), password: secret } : undefined;
      },
    });
    this.log.info({ devices: this.fleet.devices().length }, 'demo plant started');
  }

  /** Feeds simulated history to each device that has not learned yet, a day at a time until it has. */
  private learnFromHistory(): void {
    const t = performance.now();
    const end = Date.now() - 60_000;
    let readings = 0;
    let devices = 0;
    for (const d of this.fleet.devices()) {
      if (this.detection.hasState(d.plantId, d.id) || !this.detection.learns(d.plantId, d.id)) continue;
      devices++;
      // longer histories only when the shorter did not hold enough operating data (stops, weekends)
      for (const days of HISTORY_DAYS) {
        this.detection.forget(d.plantId, d.id);
        readings += this.detection.warmUp(demoHistory(d, end, days, HISTORY_INTERVAL_MS));
        if (this.detection.monitoring(d.plantId, d.id)) break;
      }
    }
    if (devices)
      this.log.info(
        { devices, readings, ms: Math.round(performance.now() - t) },
        'demo plant: detectors learned from simulated history',
      );
  }

  async onModuleDestroy(): Promise<void> {
    await this.running?.stop();
  }

  /** the running demo fleet, for live fault injection (sim-control) */
  get runningFleet(): RunningFleet | undefined {
    return this.running;
  }
}
