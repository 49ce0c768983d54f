import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { loadFleet } from '../fleet/fleet-file.js';
import { loadScenario } from './scenario-file.js';
import { scenarioDevices } from './run.js';
import { resolveFault } from '../faults/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const demo = loadFleet(join(root, 'fleets/demo.json'));

describe('the fleet and scenario files shipped with the simulator', () => {
  it.each(readdirSync(join(root, 'fleets')))('fleets/%s is a valid fleet', (f) => {
    expect(loadFleet(join(root, 'fleets', f)).devices.length).toBeGreaterThan(0);
  });

  it.each(readdirSync(join(root, 'scenarios')))('scenarios/%s is valid against the demo fleet', (f) => {
    const s = loadScenario(join(root, 'scenarios', f));
    const ids = scenarioDevices(s, demo).map((d) => d.id);
    for (const [i, spec] of s.faults.entries()) {
      expect(ids).toContain(spec.device);
      expect(() => resolveFault(spec, 0, `f${i}`)).not.toThrow();
    }
    for (const e of s.expect) expect(ids).toContain(e.device);
  });
});
