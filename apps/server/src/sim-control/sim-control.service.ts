import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { IncomingMessage } from 'node:http';
import { Inject, Injectable, Optional, type OnModuleInit } from '@nestjs/common';
import { type ActiveFault, type FaultSpec, type SimRunInfo, type SimStatus } from '#contracts';
import {
  fleetCredentials,
  fleetGateways,
  importCsv,
  loadFleet,
  openRecording,
  parseMapping,
  parseScenario,
  recordingText,
  replay,
  runScenario,
  scenarioDevices,
  type Remap,
  type ScenarioHandle,
  type SimFleet,
} from '#device-sim';
import { FleetRegistry } from '../fleet/fleet-registry.js';
import { MqttFront } from '../broker/mqtt-front.js';
import { DemoService } from '../demo/demo.service.js';
import { CONFIG, LOGGER } from '../tokens.js';
import type { AppConfig } from '../config/config.js';
import type { Logger } from '../logger.js';
import { ControlError } from './control-error.js';
import { receiveUpload } from './upload.js';
import { inspectRecording, UNKNOWN_LISTED } from './inspect-recording.js';
import type { Stoppable } from '../lifecycle/shutdown.js';
import { FaultLog } from './fault-log.js';

interface RunEntry {
  info: SimRunInfo;
  abort: AbortController;
  handle?: ScenarioHandle;
  done: Promise<void>;
  /** `plantId/id` of every device or gateway the run publishes as */
  targets: Set<string>;
}

export interface ReplayParams {
  speed: number | 'max';
  map?: string;
  plantMap?: string;
  retime?: boolean;
}

const MAX_RUNS_KEPT = 50;

/** which plants the caller may drive (the guard's scope); everything when omitted */
export type PlantFilter = (plantId: string) => boolean;
const ALL: PlantFilter = () => true;
const plantOf = (key: string): string => key.slice(0, key.indexOf('/'));
/** scenarios, replays and uploads under way at once: each holds MQTT connections and a temp file or a fleet */
export const MAX_ACTIVE_RUNS = 4;
/** an uploaded recording is streamed to a temp file up to this size (larger ones: the device-sim CLI) */
export const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;
/** a CSV is grouped and sorted by time, so it is read whole: a smaller limit */
export const MAX_CSV_BYTES = 8 * 1024 * 1024;
/** how long a stop or a shutdown waits for a run to close its connections */
const STOP_WAIT_MS = 2_000;

const waitAtMost = (p: Promise<void>, ms: number) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    // settled either way: a run that failed has stopped too (a bare finally would leave its rejection unhandled)
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    p.then(done, done);
  });

/**
 * Hosts simulator runs inside the platform: scenarios and replays against the embedded broker, and live faults
 * for the demo plant. Runs publish over real MQTT/TCP like any meter, so they exercise the whole ingest path.
 */
@Injectable()
export class SimControlService implements OnModuleInit, Stoppable {
  private readonly runs = new Map<string, RunEntry>();
  private seq = 0;
  private uploading = 0;

  constructor(
    private readonly fleet: FleetRegistry,
    private readonly broker: MqttFront,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
    private readonly faultLog: FaultLog,
    @Optional() private readonly demo?: DemoService,
  ) {
    faultLog.source(() => [...this.runs.values()].flatMap((r) => this.info(r).faults ?? []));
  }

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

  /** uploads wait here while they run; what a crash left behind is removed at start */
  private get uploadDir(): string {
    return join(this.config.dataDir, 'sim-uploads');
  }

  onModuleInit(): void {
    rmSync(this.uploadDir, { recursive: true, force: true });
  }

  private get brokerUrl(): string {
    return this.broker.deviceUrl;
  }

  private simFleet(): SimFleet {
    this.fromFile();
    return { plants: this.fleet.plants(), devices: this.fleet.devices(), ...this.library };
  }

  status(within: PlantFilter = ALL): SimStatus {
    const demo = this.demo?.runningFleet;
    return {
      mqttPort: this.broker.port,
      demo:
        demo && this.demoWithin(within)
          ? { runId: demo.runId, devices: demo.devices.length, faults: demo.faults() }
          : null,
      runs: [...this.runs.values()].filter((r) => this.runWithin(r, within)).map((r) => this.info(r)),
    };
  }

  run(id: string, within: PlantFilter = ALL): SimRunInfo {
    return this.info(this.ownRun(id, within));
  }

  /** a run whose every target the caller may drive; others do not exist for them */
  private ownRun(id: string, within: PlantFilter): RunEntry {
    const r = this.runs.get(id);
    if (!r || !this.runWithin(r, within)) throw new ControlError('NO_SUCH_RUN', `no run ${id}`);
    return r;
  }

  private runWithin(r: RunEntry, within: PlantFilter): boolean {
    return [...r.targets].every((t) => within(plantOf(t)));
  }

  /** the demo plant's faults: a caller who may drive every plant it simulates */
  private demoWithin(within: PlantFilter): boolean {
    const demo = this.demo?.runningFleet;
    return !!demo && demo.devices.every((d) => within(d.spec.plantId));
  }

  /** targets outside the caller's scope are refused like unknown ones (existence not confirmed) */
  private checkWithin(targets: Set<string>, within: PlantFilter): void {
    const outside = [...targets].filter((t) => !within(plantOf(t)));
    if (outside.length)
      throw new ControlError('UNKNOWN_DEVICE', `no device ${outside.slice(0, UNKNOWN_LISTED).join(', ')}`);
  }

  private info(r: RunEntry): SimRunInfo {
    return r.handle ? { ...r.info, faults: r.handle.faults() } : { ...r.info };
  }

  startScenario(doc: unknown, within: PlantFilter = ALL): SimRunInfo {
    this.admit();
    let scenario;
    try {
      scenario = parseScenario(doc);
    } catch (e) {
      throw new ControlError('BAD_REQUEST', (e as Error).message);
    }
    if (scenario.fleet)
      throw new ControlError('BAD_REQUEST', 'scenario: the platform runs scenarios on its own fleet; drop "fleet"');
    let targets: Set<string>;
    try {
      targets = new Set(scenarioDevices(scenario, this.simFleet()).map((d) => `${d.plantId}/${d.id}`));
    } catch (e) {
      throw new ControlError('UNKNOWN_DEVICE', (e as Error).message);
    }
    this.checkWithin(targets, within);
    this.checkFree(targets);
    const entry = this.track('scenario', scenario.name, targets, async (signal, e) => {
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

  /**
   * Receives an uploaded recording (or CSV) into a temp file, checks it whole before anything is sent (readable,
   * every target registered and loggable-in, none driven by another run) and starts replaying it from the file.
   */
  async startReplay(req: IncomingMessage, p: ReplayParams, within: PlantFilter = ALL): Promise<SimRunInfo> {
    this.admit();
    let remap: Remap;
    try {
      remap = { devices: parseMapping(p.map), plants: parseMapping(p.plantMap) };
    } catch (e) {
      throw new ControlError('BAD_REQUEST', (e as Error).message);
    }
    const csv = (req.headers['content-type'] ?? '').includes('csv');
    mkdirSync(this.uploadDir, { recursive: true });
    const file = join(this.uploadDir, `${randomUUID()}.jsonl`);
    this.uploading++;
    let started = false;
    try {
      await receiveUpload(req, file, csv ? MAX_CSV_BYTES : MAX_UPLOAD_BYTES);
      if (csv) await writeFile(file, recordingText(this.readCsv(await readFile(file, 'utf8'))));
      const { count, targets } = await inspectRecording(file, remap, {
        known: (kind, plantId, id) =>
          kind === 'device' ? !!this.fleet.device(plantId, id) : !!this.fleet.gateway(plantId, id),
        loggable: (plantId, id) => this.config.mqttAuth !== 'required' || !!this.secret(plantId, id),
      });
      this.checkWithin(targets, within);
      this.checkFree(targets);
      const rec = await openRecording(file, 'upload');
      const entry = this.track('replay', `${count} messages`, targets, async (signal, e) => {
        try {
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
        } finally {
          await rm(file, { force: true });
        }
      });
      started = true;
      return this.info(entry);
    } finally {
      this.uploading--;
      if (!started) await rm(file, { force: true });
    }
  }

  private readCsv(text: string) {
    try {
      return importCsv(text, 'upload');
    } catch (e) {
      throw new ControlError('BAD_RECORDING', (e as Error).message);
    }
  }

  /** At most MAX_ACTIVE_RUNS scenarios, replays and uploads at once. */
  private admit(): void {
    const running = [...this.runs.values()].filter((r) => r.info.state === 'running').length;
    if (running + this.uploading >= MAX_ACTIVE_RUNS)
      throw new ControlError(
        'TOO_MANY_RUNS',
        `${running} runs and ${this.uploading} uploads under way, at most ${MAX_ACTIVE_RUNS}: stop one (POST /api/sim/runs/:id/stop) or wait`,
      );
  }

  /** Two runs publishing as one device would interleave its readings: one run per device. */
  private checkFree(targets: Set<string>): void {
    for (const r of this.runs.values()) {
      if (r.info.state !== 'running') continue;
      const busy = [...targets].filter((t) => r.targets.has(t));
      if (busy.length)
        throw new ControlError(
          'DEVICE_BUSY',
          `run ${r.info.id} already drives ${busy.slice(0, UNKNOWN_LISTED).join(', ')}`,
        );
    }
  }

  async stopRun(id: string, within: PlantFilter = ALL): Promise<SimRunInfo> {
    const r = this.ownRun(id, within);
    r.abort.abort();
    await waitAtMost(r.done, STOP_WAIT_MS);
    return this.info(r);
  }

  inject(runId: string | undefined, fault: FaultSpec, within: PlantFilter = ALL): ActiveFault | { queued: FaultSpec } {
    if (!fault || typeof fault !== 'object') throw new ControlError('BAD_REQUEST', 'body needs a "fault" object');
    try {
      if (!runId || runId === 'demo') {
        const demo = this.demo?.runningFleet;
        if (!demo || !this.demoWithin(within))
          throw new ControlError('DEMO_OFF', 'the demo plant is not running (QW_DEMO=false)');
        const active = demo.inject(fault);
        this.faultLog.injected(active);
        return active;
      }
      const r = this.ownRun(runId, within);
      if (!r.handle || r.info.state !== 'running')
        throw new ControlError('BAD_REQUEST', `run ${runId} is not a running scenario`);
      r.handle.inject(fault);
      return { queued: fault };
    } catch (e) {
      if (e instanceof ControlError) throw e;
      throw new ControlError('BAD_REQUEST', (e as Error).message);
    }
  }

  clear(runId: string | undefined, device?: string, within: PlantFilter = ALL): { cleared: number } {
    if (runId && runId !== 'demo')
      throw new ControlError('BAD_REQUEST', 'faults can be cleared on the demo plant only');
    const demo = this.demo?.runningFleet;
    if (!demo || !this.demoWithin(within))
      throw new ControlError('DEMO_OFF', 'the demo plant is not running (QW_DEMO=false)');
    this.faultLog.cleared(device, Date.now());
    return { cleared: demo.clear({ device }) };
  }

  /** called by the ShutdownCoordinator in its step (lifecycle/shutdown.ts) */

  async stop(): Promise<void> {
    for (const r of this.runs.values()) r.abort.abort();
    await waitAtMost(
      Promise.all([...this.runs.values()].map((r) => r.done)).then(() => undefined),
      STOP_WAIT_MS,
    );
  }

  private track(
    kind: SimRunInfo['kind'],
    name: string,
    targets: Set<string>,
    body: (s: AbortSignal, e: RunEntry) => Promise<boolean>,
  ): RunEntry {
    const id = `${kind === 'scenario' ? 'scn' : 'rpl'}-${Date.now().toString(36)}-${++this.seq}`;
    const abort = new AbortController();
    const entry: RunEntry = {
      info: { id, kind, name, state: 'running', startedAt: Date.now() },
      abort,
      done: Promise.resolve(),
      targets,
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
