import { readFileSync } from 'node:fs';
import type { DeviceSpec, FleetSpec } from '#contracts';
import { createContext, initialState, step, DEFAULT_PARAMS } from '#detection';
import { readings } from './scenarios.js';
import { runSuite, table, totals } from './eval.js';

/**
 * `npm run eval:detection [replicates] [healthyDays]`: the full labelled suite on the demo fleet's devices, then a
 * healthy 1,000-device plant for one day. Everything runs in data time.
 */
const DAY = 86_400_000;
const replicates = Number(process.argv[2] ?? 3);
const healthyDays = Number(process.argv[3] ?? 10);
const intervalMs = 10_000;
const fleet = JSON.parse(
  readFileSync(new URL('../../../device-sim/fleets/demo.json', import.meta.url), 'utf8'),
) as FleetSpec;

const t0 = performance.now();
const rows = runSuite({ devices: fleet.devices, replicates, healthyDays, intervalMs });
const n = rows.reduce((a, r) => a + r.readings, 0);
console.log(
  `\nDetection evaluation: ${fleet.devices.length} devices × ${replicates} replicates, readings every ${intervalMs / 1000} s, learning ${DEFAULT_PARAMS.drift.fitMs / DAY} d fit + ${DEFAULT_PARAMS.drift.calibrateMs / DAY} d calibration\n`,
);
console.log(table(rows));
const t = totals(rows);
console.log(
  `\nall classes: ${t.falseAlarms} false alarms in ${t.deviceDays.toFixed(0)} healthy device-days = ${((100 * t.falseAlarms) / t.deviceDays).toFixed(2)} per 100 device-days; efficiency alerts on sensor faults: ${t.sensorEfficiencyAlerts}`,
);
const prio: Record<string, number> = {};
for (const r of rows) for (const [k, v] of Object.entries(r.priorities)) prio[k] = (prio[k] ?? 0) + v;
const tot = Object.values(prio).reduce((a, b) => a + b, 0);
console.log(
  `priority mix of all alerts raised: ${Object.entries(prio)
    .map(([k, v]) => `${k} ${((100 * v) / tot).toFixed(0)} %`)
    .join(', ')}`,
);
console.log(`(${n.toLocaleString('en-US')} test readings in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);

// A healthy plant of 1,000 devices (copies of the demo devices with their own noise), one monitored day.
const plantSize = Number(process.env.QW_EVAL_PLANT ?? 1000);
const t1 = performance.now();
const base = fleet.devices;
let opened = 0;
const byKind: Record<string, number> = {};
const learnMs = DEFAULT_PARAMS.drift.fitMs + DEFAULT_PARAMS.drift.calibrateMs + DEFAULT_PARAMS.windowMs;
for (let i = 0; i < plantSize; i++) {
  const device: DeviceSpec = { ...base[i % base.length], id: `u${i}` };
  const ctx = createContext(device, DEFAULT_PARAMS);
  let s = initialState(ctx);
  const start = Date.UTC(2026, 2, 2);
  for (const r of readings({
    device,
    fault: { type: 'healthy' },
    start,
    learnMs,
    testMs: DAY,
    onsetMs: DAY,
    intervalMs,
    seed: 90_000 + i,
  })) {
    const res = step(ctx, r, s);
    s = res.state;
    if (r.ts < start + learnMs) continue;
    for (const e of res.events)
      if (e.type === 'open') {
        opened++;
        byKind[e.kind] = (byKind[e.kind] ?? 0) + 1;
      }
  }
}
const per10 = opened / 144;
console.log(
  `\nhealthy ${plantSize}-device plant, one day after learning: ${opened} new alerts (${JSON.stringify(byKind)}) = ${per10.toFixed(3)} per 10 minutes; target < 1 per 10 minutes: ${per10 < 1 ? 'met' : 'NOT met'} (${((performance.now() - t1) / 1000).toFixed(0)} s)`,
);
