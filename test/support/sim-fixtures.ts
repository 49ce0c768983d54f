import type { SimDeviceSpec } from '#device-sim';

/**
 * One device of every class (two boilers: coal and gas), with the nameplates of the baselines, in the steady regime
 * (schedule load, always running, ideal meters): the physics identities are checked without regime effects.
 */
export const CLASS_DEVICES: SimDeviceSpec[] = [
  {
    id: 'm1',
    plantId: 'p1',
    class: 'motor',
    name: 'm',
    regime: 'steady',
    nameplate: { ratedKw: 55, ratedEfficiency: 94.6, poles: 4 },
  },
  {
    id: 't1',
    plantId: 'p1',
    class: 'transformer',
    name: 't',
    regime: 'steady',
    nameplate: { ratedKva: 1000, p0Kw: 0.83, pkKw: 10.3 },
  },
  {
    id: 'b1',
    plantId: 'p1',
    class: 'boiler',
    name: 'b',
    regime: 'steady',
    nameplate: { fuel: 'coal', ratedOutputTph: 20 },
  },
  {
    id: 'b2',
    plantId: 'p1',
    class: 'boiler',
    name: 'b',
    regime: 'steady',
    nameplate: { fuel: 'gas', ratedOutputTph: 10 },
  },
  { id: 'k1', plantId: 'p1', class: 'kiln', name: 'k', regime: 'steady', nameplate: { ratedOutputTph: 210 } },
  {
    id: 'c1',
    plantId: 'p1',
    class: 'compressor',
    name: 'c',
    regime: 'steady',
    nameplate: { ratedKw: 200, ratedFlow: 32 },
  },
  {
    id: 'u1',
    plantId: 'p1',
    class: 'pump',
    name: 'u',
    regime: 'steady',
    nameplate: { ratedKw: 75, ratedFlow: 400, ratedHead: 50 },
  },
  { id: 'f1', plantId: 'p1', class: 'fan', name: 'f', regime: 'steady', nameplate: { ratedKw: 75, ratedFlow: 1500 } },
];
