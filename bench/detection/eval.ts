import type { DeviceSpec, EquipmentClass } from '#contracts';
import { createContext, initialState, step, DEFAULT_PARAMS, type DetectionParams, type DeviceState } from '#detection';
import { isEfficiencyFault, readings, type Fault, type Scenario } from './scenarios.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface SuiteOptions {
  devices: DeviceSpec[];
  replicates: number;
  /** healthy test days per replicate */
  healthyDays: number;
  intervalMs: number;
  params?: DetectionParams;
  faults?: Fault[];
  /** end each efficiency-fault run at its first detection (faster; the class checks' later alerts are not seen) */
  stopAtDetection?: boolean;
}

export const ALL_FAULTS: Fault[] = [
  { type: 'step', drop: 0.02 },
  { type: 'step', drop: 0.05 },
  { type: 'step', drop: 0.1 },
  { type: 'drift', perDay: 0.005 },
  { type: 'drift', perDay: 0.01 },
  { type: 'drift', perDay: 0.02 },
  { type: 'healthy' },
  { type: 'stuck' },
  { type: 'gaps' },
  { type: 'impossible' },
];

export const faultLabel = (f: Fault): string =>
  f.type === 'step' ? `step ${f.drop * 100}%` : f.type === 'drift' ? `drift ${f.perDay * 100}%/d` : f.type;

export interface Outcome {
  cls: EquipmentClass;
  fault: string;
  runs: number;
  detected: number;
  delaysMs: number[];
  /** efficiency or drift alerts raised while the device was healthy (before onset, or with no fault) */
  falseAlarms: number;
  healthyMs: number;
  /** efficiency / drift alerts during a sensor fault (must be 0) */
  sensorEfficiencyAlerts: number;
  dataQualityAlerts: number;
  priorities: Record<string, number>;
  /** rules that fired after the onset of an efficiency fault */
  rules: Record<string, number>;
  readings: number;
}

/** Learns a device once (fit + calibration), then replays each fault from a copy of the learned state. */
export function runSuite(o: SuiteOptions): Outcome[] {
  const params = o.params ?? DEFAULT_PARAMS;
  // learning counts operating data: half a day more than fit + calibration covers start-up settling (a kiln's 4 h)
  const learnMs = params.drift.fitMs + params.drift.calibrateMs + 12 * HOUR;
  const faults = o.faults ?? ALL_FAULTS;
  const results = new Map<string, Outcome>();
  for (let rep = 0; rep < o.replicates; rep++) {
    for (const device of o.devices) {
      const ctx = createContext(device, params);
      const start = Date.UTC(2026, 0, 5) + rep * 7 * DAY;
      let learned = initialState(ctx);
      const learn: Scenario = {
        device,
        fault: { type: 'healthy' },
        start,
        learnMs,
        testMs: 0,
        onsetMs: 0,
        intervalMs: o.intervalMs,
        seed: 1000 + rep,
      };
      for (const r of readings(learn)) learned = step(ctx, r, learned).state;
      const snapshot = JSON.stringify(learned);
      faults.forEach((fault, fi) => {
        const key = `${device.class}|${faultLabel(fault)}`;
        let out = results.get(key);
        if (!out) {
          out = {
            cls: device.class,
            fault: faultLabel(fault),
            runs: 0,
            detected: 0,
            delaysMs: [],
            falseAlarms: 0,
            healthyMs: 0,
            sensorEfficiencyAlerts: 0,
            dataQualityAlerts: 0,
            priorities: {},
            rules: {},
            readings: 0,
          };
          results.set(key, out);
        }
        const testStart = start + learnMs;
        // onset at an arbitrary time of day (not aligned to windows or shifts), after some healthy hours
        const onsetMs = fault.type === 'healthy' ? Infinity : 2 * HOUR + ((rep * 7 + fi * 5) % 24) * HOUR + 12_345;
        const testMs =
          fault.type === 'healthy' ? o.healthyDays * DAY : fault.type === 'drift' ? onsetMs + 4 * DAY : onsetMs + DAY;
        const sc: Scenario = {
          device,
          fault,
          start: testStart,
          learnMs: 0,
          testMs,
          onsetMs: fault.type === 'healthy' ? testMs : onsetMs,
          intervalMs: o.intervalMs,
          seed: 5000 + rep * 100 + fi,
        };
        let s = JSON.parse(snapshot) as DeviceState;
        const onset = testStart + onsetMs;
        let detectedAt = -1;
        out.runs++;
        for (const r of readings(sc)) {
          out.readings++;
          const res = step(ctx, r, s);
          s = res.state;
          for (const e of res.events) {
            if (e.type !== 'open') continue;
            out.priorities[e.priority] = (out.priorities[e.priority] ?? 0) + 1;
            if (e.kind === 'data_quality') {
              if (r.ts >= onset) out.dataQualityAlerts++;
              continue;
            }
            if (r.ts < onset || fault.type === 'healthy') out.falseAlarms++;
            else if (isEfficiencyFault(fault)) {
              out.rules[e.rule] = (out.rules[e.rule] ?? 0) + 1;
              if (detectedAt < 0) detectedAt = r.ts;
            } else out.sensorEfficiencyAlerts++;
          }
          // a drift scenario ends when found; steps run on, so the class checks' alerts count in the priority mix
          if (detectedAt >= 0 && (fault.type === 'drift' || o.stopAtDetection)) break;
        }
        out.healthyMs += Math.min(testMs, onsetMs) - params.windowMs;
        if (detectedAt >= 0) {
          out.detected++;
          out.delaysMs.push(detectedAt - onset);
        }
      });
    }
  }
  return [...results.values()];
}

const median = (a: number[]) => {
  if (!a.length) return NaN;
  const s = [...a].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)];
};

const fmtDelay = (ms: number) =>
  !Number.isFinite(ms)
    ? '—'
    : ms < 2 * HOUR
      ? `${(ms / 60_000).toFixed(0)} min`
      : ms < 2 * DAY
        ? `${(ms / HOUR).toFixed(1)} h`
        : `${(ms / DAY).toFixed(2)} d`;

/** The table the harness prints: one row per class and scenario. */
export function table(rows: Outcome[]): string {
  const lines = [
    '| class | scenario | runs | recall | median delay | max delay | false alarms / 100 device-days | efficiency alerts on sensor faults | data-quality alerts | rules fired after onset |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const efficiency = r.fault.startsWith('step') || r.fault.startsWith('drift');
    const sensor = ['stuck', 'gaps', 'impossible'].includes(r.fault);
    const fa = r.healthyMs > 0 ? ((100 * r.falseAlarms) / (r.healthyMs / DAY)).toFixed(2) : '—';
    lines.push(
      `| ${r.cls} | ${r.fault} | ${r.runs} | ${efficiency ? `${r.detected}/${r.runs}` : '—'} | ${efficiency ? fmtDelay(median(r.delaysMs)) : '—'} | ${efficiency ? fmtDelay(Math.max(...r.delaysMs, -Infinity)) : '—'} | ${fa} (${r.falseAlarms} in ${(r.healthyMs / DAY).toFixed(1)} d) | ${sensor ? r.sensorEfficiencyAlerts : '—'} | ${sensor ? r.dataQualityAlerts : '—'} | ${
        Object.entries(r.rules)
          .map(([k, v]) => `${k}×${v}`)
          .join(' ') || '—'
      } |`,
    );
  }
  return lines.join('\n');
}

/** Totals over all rows: healthy device-days and false alarms. */
export function totals(rows: Outcome[]): { falseAlarms: number; deviceDays: number; sensorEfficiencyAlerts: number } {
  return rows.reduce(
    (t, r) => ({
      falseAlarms: t.falseAlarms + r.falseAlarms,
      deviceDays: t.deviceDays + r.healthyMs / DAY,
      sensorEfficiencyAlerts: t.sensorEfficiencyAlerts + r.sensorEfficiencyAlerts,
    }),
    { falseAlarms: 0, deviceDays: 0, sensorEfficiencyAlerts: 0 },
  );
}
