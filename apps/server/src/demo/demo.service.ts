import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { startFleet, type RegimeLibrary, type RunningFleet } from '#device-sim';
import { mqttUsername } from '#contracts';
import { FleetRegistry, loadFleetFile } from '../fleet/fleet-registry.js';
import { BrokerService } from '../broker/broker.service.js';
import { CONFIG, LOGGER } from '../tokens.js';
import type { AppConfig } from '../config/config.js';
import type { Logger } from '../logger.js';

/** Runs the simulated demo plant in-process, publishing over real MQTT/TCP to the embedded broker. */
@Injectable()
export class DemoService implements OnApplicationBootstrap, OnModuleDestroy {
  private running?: RunningFleet;

  constructor(
    private readonly fleet: FleetRegistry,
    private readonly broker: BrokerService,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // the registry keeps only hashes; the demo devices' plaintext secrets come from the (demo) fleet file itself
    // and so do its named operating regimes and load schedules, which only the simulator reads
    const file = loadFleetFile(this.config.fleetFile) as ReturnType<typeof loadFleetFile> & RegimeLibrary;
    const secrets = new Map<string, string>();
    for (const d of file.devices) if (d.secret) secrets.set(d.id, d.secret);
    const plantOf = new Map(this.fleet.devices().map((d) => [d.id, d.plantId]));
    this.running = await startFleet({
      brokerUrl: `mqtt://127.0.0.1:${this.broker.port}`,
      fleet: {
        plants: this.fleet.plants(),
        devices: this.fleet.devices(),
        schedules: file.schedules,
        regimes: file.regimes,
      },
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

  async onModuleDestroy(): Promise<void> {
    await this.running?.stop();
  }

  /** the running demo fleet, for live fault injection (sim-control) */
  get runningFleet(): RunningFleet | undefined {
    return this.running;
  }
}
