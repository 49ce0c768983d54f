import { readFileSync } from 'node:fs';
import type { FleetSpec } from '#contracts';
import { runSuite, table, totals } from './eval.js';

/**
 * The small CI suite of the detection harness: one device per class, the default learning (1 d fit + 1 d
 * calibration), the labelled scenarios replayed in data time. The full suite is `npm run eval:detection`.
 */
describe('detection harness (small suite)', () => {
  it('finds 5 % and 10 % steps within minutes, 2 %/day drifts, and never calls a sensor fault an efficiency loss', () => {
    const fleet = JSON.parse(readFileSync('device-sim/fleets/demo.json', 'utf8')) as FleetSpec;
    const one = fleet.devices.filter((d, i, all) => all.findIndex((x) => x.class === d.class) === i);
    const rows = runSuite({
      devices: one,
      replicates: 1,
      healthyDays: 1,
      intervalMs: 10_000,
      stopAtDetection: true,
      faults: [
        { type: 'step', drop: 0.05 },
        { type: 'step', drop: 0.1 },
        { type: 'drift', perDay: 0.02 },
        { type: 'healthy' },
        { type: 'stuck' },
        { type: 'impossible' },
      ],
    });
    console.log(`detection harness, small suite\n${table(rows)}`);
    const efficiency = rows.filter((x) => x.fault.startsWith('step') || x.fault.startsWith('drift'));
    // a motor metered on input power only cannot show an efficiency loss (it looks like more load): never judged
    for (const r of efficiency.filter((x) => x.cls === 'motor')) expect(r.detected).toBe(0);
    for (const r of efficiency.filter((x) => x.cls !== 'motor'))
      expect(`${r.cls} ${r.fault}: ${r.detected}/${r.runs}`).toBe(`${r.cls} ${r.fault}: ${r.runs}/${r.runs}`);
    // a 5 % step within 15 minutes of data
    for (const r of rows.filter((x) => x.fault === 'step 5%' && x.cls !== 'motor'))
      expect(Math.max(...r.delaysMs)).toBeLessThanOrEqual(15 * 60_000);
    expect(totals(rows).sensorEfficiencyAlerts).toBe(0);
    for (const r of rows.filter((x) => ['stuck', 'impossible'].includes(x.fault)))
      expect(r.dataQualityAlerts).toBeGreaterThan(0);
  });
});
