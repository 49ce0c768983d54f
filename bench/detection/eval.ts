/**
 * The detection evaluation: labelled scenarios on the simulator's realistic operating regimes, driven through a
 * detector in-process, in data time.
 *
 * Run:   npm run eval:detection                 default set (regime 'realistic', seeds 1-3), writes docs/detection.md
 *        npm run eval:detection -- --holdout    held-out set (regime 'holdout': other shifts, climate and meter
 *                                               errors; seeds 101-103), its own block in docs/detection.md
 *        options: --seeds=1,2,3  --classes=motor,boiler  --interval=10 (seconds between readings)  --no-write
 *                 --details (every false alarm with plant time, rule, and how long the unit had been running);
 *                 a run with --seeds, --classes or --interval never writes the docs
 * In code: `runEval(options, factory)` (eval-summary.ts) with any `DetectorFactory`; `coreDetector` (core-adapter.ts) wraps the pure
 * detection core (#detection). A new core changes core-adapter.ts only.
 *
 * Each (device, seed) runs three branches from the same start: a learning week unlike the test period (by seed: a
 * low-load week, the Spring Festival / National Day holiday week, or a week with a three-day maintenance stop), then
 * - healthy: 7 days of test, with a one-day maintenance stop on the fourth, so that every class restarts; every
 *   non-data-quality alert that opens there is a false alarm;
 * - step (`stepsPerSeed` runs at different onsets): a 5 % efficiency step at a random operating time in the first
 *   test days, run until the first alert or 48 h of operating data;
 * - drift (`driftsPerSeed` runs): 1 %/day of data time from a random time on the first test day, until the first
 *   alert or 5 days of operating data.
 * A fault waits until the unit has run `learnOperatingHours` since learning began (a unit that stood through its
 * learning week has no baseline yet). Motors metered on input power only run the healthy branch alone: their
 * efficiency is not observable (BASELINES.md). Delays count operating data only (the unit running, as the
 * simulator knows it), not calendar time.
 */
import type { DeviceSpec, Reading, RegimeSpec } from '#contracts';
import { SimDevice } from '#device-sim';
import { toReading } from './scenarios.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** What the harness needs of a detector: one reading in, alert transitions out. */
export interface EvalEvent {
  type: 'open' | 'clear';
  rule: string;
  /** 'data_quality' alerts are counted apart; every other kind is an efficiency verdict */
  kind: string;
  /** diagnostics for `--verbose`: what raised the alert (state, residual, chart); not scored */
  detail?: string;
}
export interface EvalDetector {
  step(r: Reading): EvalEvent[];
}
/** Makes a fresh detector for one run; `run` is given so test detectors can be built against the labels. */
export type DetectorFactory = (device: DeviceSpec, run: RunSpec) => EvalDetector;

export type Branch = 'healthy' | 'step' | 'drift';
export type LearnVariant = 'low-load' | 'holiday' | 'maintenance-stop';

export interface RunSpec {
  device: DeviceSpec;
  regime: RegimeSpec;
  seed: number;
  variant: LearnVariant;
  branch: Branch;
  /** data time of the first reading (start of learning) */
  start: number;
  /** start of the test period (end of learning) */
  testStart: number;
  /** fault onset (Infinity for healthy) */
  onset: number;
  /** last data time simulated */
  end: number;
  /** operating data after onset at which a fault run gives up */
  horizonOperatingMs: number;
}

export interface EvalOptions {
  devices: DeviceSpec[];
  seeds: number[];
  /** 'realistic' or 'holdout' regimes for every device (a device's own regime in the fleet file is ignored) */
  regime: 'realistic' | 'holdout';
  intervalMs: number;
  learnDays: number;
  healthyDays: number;
  stepDrop: number;
  driftPerDay: number;
  stepHorizonHours: number;
  driftHorizonHours: number;
  /** step and drift runs per (device, seed), each at its own onset */
  stepsPerSeed: number;
  driftsPerSeed: number;
  /**
   * a fault waits until the unit has run this long since learning began: a baseline needs operating data to
   * exist (a unit that stood through its whole learning week learns in the test week), and a fault before it
   * can only be seen by a class check
   */
  learnOperatingHours: number;
}

export const DEFAULT_EVAL: Omit<EvalOptions, 'devices'> = {
  seeds: [1, 2, 3],
  regime: 'realistic',
  intervalMs: 10_000,
  learnDays: 7,
  healthyDays: 7,
  stepDrop: 0.05,
  driftPerDay: 0.01,
  stepHorizonHours: 48,
  driftHorizonHours: 120,
  stepsPerSeed: 7,
  driftsPerSeed: 2,
  learnOperatingHours: 72,
};
export const HOLDOUT_SEEDS = [101, 102, 103];

/** Learning weeks by variant and set, plant-local dates. */
const LEARN_START: Record<'realistic' | 'holdout', Record<LearnVariant, string>> = {
  // the holiday weeks: Spring Festival 17-23 Feb and National Day 1-7 Oct, so that the test starts on a working day
  realistic: { 'low-load': '2026-03-09', holiday: '2026-02-17', 'maintenance-stop': '2026-06-01' },
  holdout: { 'low-load': '2026-11-09', holiday: '2026-10-01', 'maintenance-stop': '2026-04-13' },
};
const VARIANTS: LearnVariant[] = ['low-load', 'holiday', 'maintenance-stop'];

const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);
/** deterministic fraction in [0, 1) per seed, device and purpose */
function frac(seed: number, key: string): number {
  let h = 2166136261 ^ seed;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return ((h ^ (h >>> 12)) >>> 0) / 4294967296;
}

/** The runs of an evaluation: every device × seed × branch, with its learning week and fault onset. */
export function planRuns(o: EvalOptions): RunSpec[] {
  const runs: RunSpec[] = [];
  o.seeds.forEach((seed, si) => {
    const variant = VARIANTS[si % VARIANTS.length];
    // plant-local midnight (UTC+8) of the learning week's first day
    const start = Date.parse(`${LEARN_START[o.regime][variant]}T00:00:00Z`) - 8 * HOUR;
    const testStart = start + o.learnDays * DAY;
    const learnTo = isoDay(testStart - DAY + 8 * HOUR);
    const from = isoDay(start + 8 * HOUR);
    const learning: RegimeSpec['periods'] =
      variant === 'low-load'
        ? [{ from, to: learnTo, mode: 'reduced', factor: 0.55 }]
        : variant === 'maintenance-stop'
          ? [{ from: isoDay(start + 2 * DAY + 8 * HOUR), to: isoDay(start + 4 * DAY + 8 * HOUR), mode: 'off' }]
          : []; // the holiday week is in the regime's own calendar
    // a maintenance day in the test week, so that every class restarts there (kilns and fans seldom stop otherwise)
    const maintenance = isoDay(testStart + 3 * DAY + 8 * HOUR);
    const periods = [...learning, { from: maintenance, to: maintenance, mode: 'off' as const }];
    for (const device of o.devices) {
      const regime: RegimeSpec = { base: o.regime, periods };
      const base = { device, regime, seed, variant, start, testStart };
      runs.push({
        ...base,
        branch: 'healthy',
        onset: Infinity,
        end: testStart + o.healthyDays * DAY,
        horizonOperatingMs: 0,
      });
      // a motor metered on input power only cannot show its efficiency (BASELINES.md): healthy branch only
      if (device.class === 'motor' && !device.driver) continue;
      // onsets at arbitrary times (not aligned to windows or shifts); a step waits for the unit to run
      for (let j = 0; j < o.stepsPerSeed; j++) {
        const key = j === 0 ? `${device.id}/step` : `${device.id}/step/${j}`;
        const stepOnset = testStart + 6 * HOUR + Math.floor(frac(seed, key) * 2 * DAY) + 12_345;
        runs.push({
          ...base,
          branch: 'step',
          onset: stepOnset,
          end: stepOnset + o.stepHorizonHours * HOUR * 3 + 6 * DAY,
          horizonOperatingMs: o.stepHorizonHours * HOUR,
        });
      }
      for (let j = 0; j < o.driftsPerSeed; j++) {
        const key = j === 0 ? `${device.id}/drift` : `${device.id}/drift/${j}`;
        const driftOnset = testStart + Math.floor(frac(seed, key) * DAY) + 54_321;
        runs.push({
          ...base,
          branch: 'drift',
          onset: driftOnset,
          end: driftOnset + o.driftHorizonHours * HOUR * 2 + 3 * DAY,
          horizonOperatingMs: o.driftHorizonHours * HOUR,
        });
      }
    }
  });
  return runs;
}

/** One labelled reading: what the detector sees, and the truth the harness scores against. */
export interface Labelled {
  reading: Reading;
  /** the unit is running (compressors: loaded or unloaded) */
  operating: boolean;
  /** efficiency multiplier applied by the fault (1 = healthy) */
  health: number;
  /** the fault's onset as applied (a step waits for the unit to run) */
  onset: number;
}

/**
 * The readings of a run in time order with their labels. A step's onset is moved to the first operating reading at
 * or after the planned time, so that a fault is never injected into a stopped unit.
 */
export function* labelledReadings(
  run: RunSpec,
  o: Pick<EvalOptions, 'intervalMs' | 'stepDrop' | 'driftPerDay'> & Partial<Pick<EvalOptions, 'learnOperatingHours'>>,
): Generator<Labelled> {
  const sim = new SimDevice({ ...run.device, regime: run.regime }, run.seed, 'eval');
  const learnMs = (o.learnOperatingHours ?? 0) * HOUR;
  let onset = run.onset;
  let fixed = false;
  let operatingMs = 0;
  for (let ts = run.start; ts < run.end; ts += o.intervalMs) {
    const operating = sim.operating(ts).on;
    if (!fixed && ts >= onset) {
      // the fault waits for the unit to have run its learning data, and a step for the unit to run
      if (operatingMs >= learnMs && (operating || run.branch !== 'step')) fixed = true;
      else onset = ts + o.intervalMs;
    }
    if (operating) operatingMs += o.intervalMs;
    let health = 1;
    if (ts >= onset && run.branch === 'step') health = 1 - o.stepDrop;
    if (ts >= onset && run.branch === 'drift') health = Math.max(0.5, 1 - (o.driftPerDay * (ts - onset)) / DAY);
    sim.health = health;
    const p = sim.reading(ts)!; // no sensor faults here, so never a dropout
    yield { reading: toReading(run.device, ts, p.metrics), operating, health, onset };
  }
}

export interface RunResult {
  run: RunSpec;
  /** actual onset (a step waits for the unit to run) */
  onset: number;
  /** healthy test time, ms, and the part of it with an efficiency alert open */
  healthyMs: number;
  openMs: number;
  falseAlarms: number;
  /** each false alarm: when, which rule, and what the unit was doing (minutes since it started; -1 stopped) */
  alarms: Array<{ ts: number; rule: string; runningMin: number }>;
  dataQualityAlerts: number;
  /** healthy test time with the unit running, ms, and its starts there (the regime the detector faced) */
  operatingMs: number;
  starts: number;
  /** operating data from onset to the first alert after it; undefined = not found within the horizon */
  delayOperatingMs?: number;
  /** an efficiency alert was already open at onset (a fault can hide behind it) */
  openAtOnset: boolean;
  readings: number;
  /** every efficiency alert transition (learning included), for `--verbose` diagnosis */
  log: { ts: number; type: 'open' | 'clear'; rule: string; detail?: string }[];
}

/** Drives one run through a detector and scores it. */
export function runOne(run: RunSpec, o: EvalOptions, factory: DetectorFactory): RunResult {
  const det = factory(run.device, run);
  const open = new Set<string>();
  const res: RunResult = {
    run,
    onset: run.onset,
    healthyMs: 0,
    openMs: 0,
    falseAlarms: 0,
    alarms: [],
    dataQualityAlerts: 0,
    operatingMs: 0,
    starts: 0,
    openAtOnset: false,
    readings: 0,
    log: [],
  };
  let operatingAfter = 0;
  let prevTs = -1;
  let onsetSeen = false;
  let wasOperating = true;
  let startedAt = -Infinity;
  for (const l of labelledReadings(run, o)) {
    const ts = l.reading.ts;
    res.onset = l.onset;
    res.readings++;
    const afterOnset = ts >= l.onset;
    if (afterOnset && !onsetSeen) {
      onsetSeen = true;
      res.openAtOnset = open.size > 0;
    }
    // time since the previous reading is scored with the state that held over it
    if (prevTs >= 0) {
      const dt = ts - prevTs;
      if (prevTs >= run.testStart && prevTs < l.onset) {
        res.healthyMs += dt;
        if (open.size) res.openMs += dt;
        if (l.operating) res.operatingMs += dt;
        if (l.operating && !wasOperating) res.starts++;
      }
      // only the part of the interval after the onset counts
      if (afterOnset && l.operating) operatingAfter += Math.min(dt, ts - l.onset);
    }
    prevTs = ts;
    if (l.operating && !wasOperating) startedAt = ts;
    wasOperating = l.operating;
    for (const e of det.step(l.reading)) {
      if (e.kind === 'data_quality') {
        if (e.type === 'open' && ts >= run.testStart) res.dataQualityAlerts++;
        continue;
      }
      res.log.push({ ts, type: e.type, rule: e.rule, detail: e.detail });
      if (e.type === 'clear') {
        open.delete(e.rule);
        continue;
      }
      open.add(e.rule);
      if (ts < run.testStart) continue;
      if (!afterOnset) {
        res.falseAlarms++;
        res.alarms.push({ ts, rule: e.rule, runningMin: l.operating ? Math.round((ts - startedAt) / 60_000) : -1 });
      } else if (res.delayOperatingMs === undefined) res.delayOperatingMs = operatingAfter;
    }
    if (run.branch !== 'healthy' && (res.delayOperatingMs !== undefined || operatingAfter >= run.horizonOperatingMs))
      break;
  }
  return res;
}
