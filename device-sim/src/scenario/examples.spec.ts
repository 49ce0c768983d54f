import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { loadFleet } from '../fleet/fleet-file.js';
import { loadScenario, scenarioFleetPath } from './scenario-file.js';
import { scenarioDevices } from './run.js';
import { resolveFault } from '../faults/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const demo = loadFleet(join(root, 'fleets/demo.json'));

describe('the fleet and scenario files shipped with the simulator', () => {
  it.each(readdirSync(join(root, 'fleets')))('fleets/%s is a valid fleet', (f) => {
    expect(loadFleet(join(root, 'fleets', f)).devices.length).toBeGreaterThan(0);
  });

  it.each(readdirSync(join(root, 'scenarios')))('scenarios/%s is valid against its fleet', (f) => {
    const s = loadScenario(join(root, 'scenarios', f));
    const fleetPath = scenarioFleetPath(s);
    const fleet = fleetPath ? loadFleet(fleetPath) : demo;
    const ids = scenarioDevices(s, fleet).map((d) => d.id);
    // a scenario runs beside the demo plant: its devices are its own, in a plant the demo fleet declares
    for (const d of scenarioDevices(s, fleet)) {
      expect(demo.plants.map((p) => p.id)).toContain(d.plantId);
      expect(demo.devices.some((x) => x.plantId === d.plantId && x.id === d.id)).toBe(false);
    }
    for (const [i, spec] of s.faults.entries()) {
      expect(ids).toContain(spec.device);
      expect(() => resolveFault(spec, 0, `f${i}`)).not.toThrow();
    }
    for (const e of s.expect) expect(ids).toContain(e.device);
  });
});
