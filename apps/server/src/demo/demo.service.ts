import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { startFleet, type RegimeLibrary, type RunningFleet } from '#device-sim';
import { mqttUsername, type DeviceSpec } from '#contracts';
import { FleetRegistry, loadFleetFile } from '../fleet/fleet-registry.js';
import { MqttFront } from '../broker/mqtt-front.js';
import { DetectionRunner } from '../detection/detection.runner.js';
import { demoHistory } from './demo-history.js';
import { CONFIG, LOGGER } from '../tokens.js';
import type { AppConfig } from '../config/config.js';
import type { Logger } from '../logger.js';
import type { Stoppable } from '../lifecycle/shutdown.js';

/** Days of simulated history the demo learns from (weekends and stops hold no operating data: then more). */
const HISTORY_DAYS = [3, 7, 14];
/** History is simulated at one reading per 10 s: enough for learning, and a fortnight of it takes seconds. */
const HISTORY_INTERVAL_MS = 10_000;

/**
 * Runs the simulated demo plant in-process, publishing over real MQTT/TCP to the embedded broker. At first start
 * (no learned state yet) each demo device's detector first learns from simulated history, so a fault injected
 * into the demo raises its alert within minutes. It logs in as a device only with the fleet file's own secret, and only
 * while that is still the device's secret: a device created through the API, or whose secret was rotated, belongs
 * to a real meter from then on, and the demo leaves it alone.
 */
@Injectable()
export class DemoService implements OnApplicationBootstrap, Stoppable {
  private running?: RunningFleet;
  private stopping = false;
  private starting?: Promise<void>;

  constructor(
    private readonly fleet: FleetRegistry,
    private readonly broker: MqttFront,
    private readonly detection: DetectionRunner,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  /**
   * The demo learns and starts in the background: the platform is ready, and ingests real meters, before it. Learning
   * runs in slices that give way to the event loop, so ingest latency does not wait behind it.
   */
  onApplicationBootstrap(): void {
    this.starting = this.start().catch((e: Error) => this.log.error({ err: e.message }, 'demo plant not started'));
  }

  private async start(): Promise<void> {
    await this.detection.started;
    // the registry keeps only hashes; the demo devices' plaintext secrets come from the (demo) fleet file itself
    // and so do its named operating regimes and load schedules, which only the simulator reads
    const file = loadFleetFile(this.config.fleetFile) as ReturnType<typeof loadFleetFile> & RegimeLibrary;
    const secrets = new Map<string, string>();
    for (const d of file.devices) if (d.secret) secrets.set(mqttUsername(d.plantId, d.id), d.secret);
    const authOff = this.config.mqttAuth === 'off';
    const canLogIn = (d: DeviceSpec) => {
      const username = mqttUsername(d.plantId, d.id);
      return authOff || (secrets.has(username) && this.fleet.hasFleetFileSecret(username));
    };
    const devices = this.fleet.devices().filter(canLogIn);
    const left = this.fleet.devices().filter((d) => !canLogIn(d));
    if (left.length)
      this.log.info(
        { devices: left.map((d) => mqttUsername(d.plantId, d.id)) },
        'demo plant: devices created or given new secrets through the API are left to their own meters',
      );
    await this.learnFromHistory(devices, file);
    if (this.stopping) return;
    try {
      this.running = await startFleet({
        brokerUrl: this.broker.deviceUrl,
        fleet: { plants: this.fleet.plants(), devices, schedules: file.schedules, regimes: file.regimes },
        intervalMs: this.config.demoIntervalMs,
        seed: 1,
        runId: 'demo',
        credentials: (id, plantId) => {
          const username = mqttUsername(plantId, id);
          const password = secrets.get(username);
          return password ? { username, password } : undefined;
        },
      });
    } catch (e) {
      // the demo is a convenience: it must never be what stops the platform from starting
      this.log.error({ err: (e as Error).message }, 'demo plant not started');
      return;
    }
    // a secret rotated or a device deleted while running: the demo's session has been ended, and it stays ended
    this.fleet.onChange(({ username }) => {
      const d = devices.find((x) => mqttUsername(x.plantId, x.id) === username);
      if (d && this.running)
        void this.running.retire(d.id).then(
          (was) => was && this.log.info({ username }, 'demo plant: device retired'),
          (err: Error) => this.log.warn({ err, username }, 'demo plant: retiring a device failed'),
        );
    });
    this.log.info({ devices: devices.length }, 'demo plant started');
  }

  /** Feeds simulated history to each simulated device that has not learned yet, a day at a time until it has. */
  private async learnFromHistory(simulated: readonly DeviceSpec[], lib: RegimeLibrary): Promise<void> {
    const t = performance.now();
    const end = Date.now() - 60_000;
    let readings = 0;
    let devices = 0;
    for (const d of simulated) {
      if (this.detection.hasState(d.plantId, d.id) || !this.detection.learns(d.plantId, d.id)) continue;
      devices++;
      // longer histories only when the shorter did not hold enough operating data (stops, weekends)
      for (const days of HISTORY_DAYS) {
        this.detection.forget(d.plantId, d.id);
        const history = demoHistory(d, end, days, HISTORY_INTERVAL_MS, lib);
        for (let slice = takeSlice(history); slice.length; slice = takeSlice(history)) {
          if (this.stopping) return;
          readings += this.detection.warmUp(slice);
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
        if (this.detection.monitoring(d.plantId, d.id)) break;
      }
    }
    if (devices)
      this.log.info(
        { devices, readings, ms: Math.round(performance.now() - t) },
        'demo plant: detectors learned from simulated history',
      );
  }

  /** called by the ShutdownCoordinator in its step (lifecycle/shutdown.ts) */

  async stop(): Promise<void> {
    this.stopping = true;
    await this.starting;
    await this.running?.stop();
  }

  /** the running demo fleet, for live fault injection (sim-control) */
  get runningFleet(): RunningFleet | undefined {
    return this.running;
  }
}

/** Readings simulated per slice of warm-up: a few milliseconds of work between two turns of the event loop. */
const SLICE = 1_000;

function takeSlice<T>(it: Iterator<T>): T[] {
  const out: T[] = [];
  while (out.length < SLICE) {
    const r = it.next();
    if (r.done) break;
    out.push(r.value);
  }
  return out;
}
