import { Inject, Injectable, Optional, type OnModuleDestroy } from '@nestjs/common';
import type { ActiveFault, FaultSpec, SimRunInfo, SimStatus } from '#contracts';
import {
  fleetCredentials,
  fleetGateways,
  importCsv,
  loadFleet,
  parseMapping,
  parseRecording,
  parseScenario,
  replay,
  runScenario,
  type ScenarioHandle,
  type SimFleet,
} from '#device-sim';
import { FleetRegistry } from '../fleet/fleet-registry.js';
import { BrokerService } from '../broker/broker.service.js';
import { DemoService } from '../demo/demo.service.js';
import { CONFIG, LOGGER } from '../tokens.js';
import type { AppConfig } from '../config/config.js';
import type { Logger } from '../logger.js';

/** A client mistake in a control request (becomes HTTP 400/404 in the controller). */
export class ControlError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 = 400,
  ) {
    super(message);
  }
}

interface RunEntry {
  info: SimRunInfo;
  abort: AbortController;
  handle?: ScenarioHandle;
  done: Promise<void>;
}

export interface ReplayParams {
  speed: number | 'max';
  map?: string;
  plantMap?: string;
  retime?: boolean;
}

const MAX_RUNS_KEPT = 50;

/**
 * Hosts simulator runs inside the platform: scenarios and replays against the embedded broker, and live faults
 * for the demo plant. Runs publish over real MQTT/TCP like any meter, so they exercise the whole ingest path.
 */
@Injectable()
export class SimControlService implements OnModuleDestroy {
  private readonly runs = new Map<string, RunEntry>();
  private seq = 0;

  constructor(
    private readonly fleet: FleetRegistry,
    private readonly broker: BrokerService,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
    @Optional() private readonly demo?: DemoService,
  ) {}

  private secretsByKey?: Map<string, string>;
  /** the fleet file's named regimes and schedules, which only the simulator reads (the registry keeps none) */
  private library: Pick<SimFleet, 'regimes' | 'schedules'> = {};

  /**
   * Plaintext secrets of simulated devices and gateways, read from the fleet file (demo and lab fleets carry them;
   * the registry keeps none), so runs log in like the meters they stand for. Keys are `plantId/id`.
   */
  private secret(plantId: string, id: string): string | undefined {
    return this.fromFile().get(`${plantId}/${id}`);
  }

  /** Reads the fleet file once: its secrets, and its named regimes and schedules. */
  private fromFile(): Map<string, string> {
    if (!this.secretsByKey) {
      this.secretsByKey = new Map();
      try {
        const f = loadFleet(this.config.fleetFile);
        for (const x of [...f.devices, ...fleetGateways(f)])
          if (x.secret) this.secretsByKey.set(`${x.plantId}/${x.id}`, x.secret);
        this.library = { regimes: f.regimes, schedules: f.schedules };
      } catch (e) {
        this.log.warn(
          { err: (e as Error).message },
          'sim-control: fleet file unreadable; runs connect without secrets',
        );
      }
    }
    return this.secretsByKey;
  }

  private credentials = (plantId: string, id: string) => fleetCredentials(plantId, id, this.secret(plantId, id));

  private get brokerUrl(): string {
    return `mqtt://127.0.0.1:${this.broker.port}`;
  }

  private simFleet(): SimFleet {
    this.fromFile();
    return { plants: this.fleet.plants(), devices: this.fleet.devices(), ...this.library };
  }

  status(): SimStatus {
    const demo = this.demo?.runningFleet;
    return {
      demo: demo ? { runId: demo.runId, devices: demo.devices.length, faults: demo.faults() } : null,
      runs: [...this.runs.values()].map((r) => this.info(r)),
    };
  }

  run(id: string): SimRunInfo {
    const r = this.runs.get(id);
    if (!r) throw new ControlError(`no run ${id}`, 404);
    return this.info(r);
  }

  private info(r: RunEntry): SimRunInfo {
    return r.handle ? { ...r.info, faults: r.handle.faults() } : { ...r.info };
  }

  startScenario(doc: unknown): SimRunInfo {
    let scenario;
    try {
      scenario = parseScenario(doc);
    } catch (e) {
      throw new ControlError((e as Error).message);
    }
    if (scenario.fleet) throw new ControlError('scenario: the platform runs scenarios on its own fleet; drop "fleet"');
    const entry = this.track('scenario', scenario.name, async (signal, e) => {
      const r = await runScenario(scenario, {
        brokerUrl: this.brokerUrl,
        fleet: this.simFleet(),
        runId: e.info.id,
        now: Date.now(),
        signal,
        credentials: (d) => this.credentials(d.spec.plantId, d.spec.id),
        onStart: (h) => (e.handle = h),
      });
      e.info.result = { from: r.from, to: r.to, devices: r.devices.length, ...r.stats };
      return r.aborted;
    });
    return this.info(entry);
  }

  startReplay(body: string, contentType: string, p: ReplayParams): SimRunInfo {
    let rec;
    try {
      rec = contentType.includes('csv') ? importCsv(body, 'upload') : parseRecording(body, 'upload');
      if (p.speed !== 'max' && !(p.speed >= 1 && p.speed <= 10_000)) throw new Error('speed: 1 to 10000, or max');
    } catch (e) {
      throw new ControlError((e as Error).message);
    }
    const remap = { devices: parseMapping(p.map), plants: parseMapping(p.plantMap) };
    const entry = this.track('replay', `${rec.messages.length} messages`, async (signal, e) => {
      const r = await replay({
        brokerUrl: this.brokerUrl,
        ...rec,
        speed: p.speed,
        remap,
        retime: p.retime,
        signal,
        runId: e.info.id,
        credentials: this.credentials,
      });
      e.info.result = { ...r };
      return r.aborted;
    });
    return this.info(entry);
  }

  async stop(id: string): Promise<SimRunInfo> {
    const r = this.runs.get(id);
    if (!r) throw new ControlError(`no run ${id}`, 404);
    r.abort.abort();
    await r.done;
    return this.info(r);
  }

  inject(runId: string | undefined, fault: FaultSpec): ActiveFault | { queued: FaultSpec } {
    if (!fault || typeof fault !== 'object') throw new ControlError('body needs a "fault" object');
    try {
      if (!runId || runId === 'demo') {
        const demo = this.demo?.runningFleet;
        if (!demo) throw new ControlError('the demo plant is not running (QW_DEMO=false)', 404);
        return demo.inject(fault);
      }
      const r = this.runs.get(runId);
      if (!r) throw new ControlError(`no run ${runId}`, 404);
      if (!r.handle || r.info.state !== 'running') throw new ControlError(`run ${runId} is not a running scenario`);
      r.handle.inject(fault);
      return { queued: fault };
    } catch (e) {
      if (e instanceof ControlError) throw e;
      throw new ControlError((e as Error).message);
    }
  }

  clear(runId: string | undefined, device?: string): { cleared: number } {
    if (runId && runId !== 'demo') throw new ControlError('faults can be cleared on the demo plant only');
    const demo = this.demo?.runningFleet;
    if (!demo) throw new ControlError('the demo plant is not running (QW_DEMO=false)', 404);
    return { cleared: demo.clear({ device }) };
  }

  async onModuleDestroy(): Promise<void> {
    for (const r of this.runs.values()) r.abort.abort();
    await Promise.all([...this.runs.values()].map((r) => r.done));
  }

  private track(
    kind: SimRunInfo['kind'],
    name: string,
    body: (s: AbortSignal, e: RunEntry) => Promise<boolean>,
  ): RunEntry {
    const id = `${kind === 'scenario' ? 'scn' : 'rpl'}-${Date.now().toString(36)}-${++this.seq}`;
    const abort = new AbortController();
    const entry: RunEntry = {
      info: { id, kind, name, state: 'running', startedAt: Date.now() },
      abort,
      done: Promise.resolve(),
    };
    entry.done = body(abort.signal, entry).then(
      (aborted) => {
        entry.info.state = aborted ? 'stopped' : 'done';
        entry.info.endedAt = Date.now();
        this.log.info({ run: id, kind, result: entry.info.result }, 'simulator run ended');
      },
      (err: Error) => {
        entry.info.state = 'failed';
        entry.info.error = err.message;
        entry.info.endedAt = Date.now();
        this.log.warn({ run: id, kind, err: err.message }, 'simulator run failed');
      },
    );
    this.runs.set(id, entry);
    this.prune();
    this.log.info({ run: id, kind, name }, 'simulator run started');
    return entry;
  }

  private prune(): void {
    const finished = [...this.runs.values()].filter((r) => r.info.state !== 'running');
    for (const r of finished.slice(0, Math.max(0, this.runs.size - MAX_RUNS_KEPT))) this.runs.delete(r.info.id);
  }
}
