import type { EquipmentClass, Nameplate } from '#contracts';
import { Rng } from '../rng.js';
import type { SimDeviceSpec } from '../device.js';
import type { SimFleet, SimGatewaySpec } from './fleet-file.js';

export interface GenerateOptions {
  devices: number;
  gateways: number;
  plants?: number;
  seed?: number;
  /** give every device and gateway a secret (MQTT password) */
  secrets?: boolean;
}

/** Class mix of a generated fleet: motor-heavy, as in an industrial park's equipment register. */
const MIX: Array<[EquipmentClass, number]> = [
  ['motor', 0.4],
  ['pump', 0.2],
  ['fan', 0.1],
  ['compressor', 0.1],
  ['transformer', 0.1],
  ['boiler', 0.05],
  ['kiln', 0.05],
];

/** Nameplates from the rows of BASELINES.md (IE3 efficiencies, GB 20052 grade-3 losses). */
const MOTORS: Nameplate[] = [
  { ratedKw: 7.5, ratedEfficiency: 90.4, poles: 4 },
  { ratedKw: 15, ratedEfficiency: 92.1, poles: 4 },
  { ratedKw: 55, ratedEfficiency: 94.6, poles: 4 },
  { ratedKw: 110, ratedEfficiency: 95.4, poles: 4 },
];
const TRANSFORMERS: Nameplate[] = [
  { ratedKva: 630, transformerType: 'oil', core: 'silicon', p0Kw: 0.57, pkKw: 6.2 },
  { ratedKva: 1000, transformerType: 'oil', core: 'silicon', p0Kw: 0.83, pkKw: 10.3 },
  { ratedKva: 630, transformerType: 'dry', core: 'silicon', insulation: 'F', p0Kw: 1.07, pkKw: 5.88 },
  { ratedKva: 1000, transformerType: 'dry', core: 'silicon', insulation: 'F', p0Kw: 1.415, pkKw: 8.13 },
];
const OTHERS: Record<string, Nameplate[]> = {
  pump: [
    { ratedKw: 37, ratedFlow: 200, ratedHead: 45 },
    { ratedKw: 75, ratedFlow: 400, ratedHead: 50 },
  ],
  fan: [
    { ratedKw: 30, ratedFlow: 600 },
    { ratedKw: 75, ratedFlow: 1500 },
  ],
  compressor: [
    { ratedKw: 110, ratedFlow: 18, cooling: 'air' },
    { ratedKw: 200, ratedFlow: 32, cooling: 'water' },
  ],
  boiler: [
    { boilerType: 'stoker_coal', fuel: 'coal', ratedOutputTph: 20 },
    { boilerType: 'gas_non_condensing', fuel: 'gas', ratedOutputTph: 10 },
  ],
  kiln: [{ product: 'cement_clinker', ratedOutputTph: 210 }],
};

const hex = (rng: Rng, bytes: number): string =>
  Array.from({ length: bytes }, () =>
    Math.floor(rng.next() * 256)
      .toString(16)
      .padStart(2, '0'),
  ).join('');

/** A deterministic synthetic fleet for load tests: plants, gateways spread over them, devices over gateways. */
export function generateFleet(o: GenerateOptions): SimFleet {
  const rng = new Rng(o.seed ?? 1);
  const nPlants = Math.max(1, o.plants ?? Math.ceil(o.gateways / 10));
  const plants = Array.from({ length: nPlants }, (_, i) => ({
    id: `plant-${i + 1}`,
    name: `Load test plant ${i + 1}`,
    nameZh: `压测工厂${i + 1}`,
    region: '610100',
  }));
  const gateways: SimGatewaySpec[] = Array.from({ length: Math.max(0, o.gateways) }, (_, i) => ({
    id: `gw-${String(i + 1).padStart(3, '0')}`,
    plantId: plants[i % nPlants].id,
    ...(o.secrets ? { secret: hex(rng, 16) } : {}),
  }));
  const width = String(o.devices).length;
  const devices: SimDeviceSpec[] = Array.from({ length: o.devices }, (_, i) => {
    const cls = pickClass(rng.next());
    const plates = cls === 'motor' ? MOTORS : cls === 'transformer' ? TRANSFORMERS : OTHERS[cls];
    const gw = gateways.length ? gateways[i % gateways.length] : undefined;
    const d: SimDeviceSpec = {
      id: `d${String(i + 1).padStart(width, '0')}`,
      plantId: gw ? gw.plantId : plants[i % nPlants].id,
      class: cls,
      name: `${cls} ${i + 1}`,
      nameplate: { ...plates[Math.floor(rng.next() * plates.length)] },
    };
    if (gw) d.gatewayId = gw.id;
    if (o.secrets) d.secret = hex(rng, 16);
    return d;
  });
  return { plants, gateways, devices };
}

function pickClass(u: number): EquipmentClass {
  let acc = 0;
  for (const [cls, share] of MIX) if (u < (acc += share)) return cls;
  return 'motor';
}
