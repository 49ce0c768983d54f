import type { DeviceSpec, FleetSpec, PlantSpec } from '#contracts';
import type { Bucket } from '../../apps/server/src/store/telemetry-store.js';

/**
 * A synthetic fleet for the ledger benchmark: `plants` plants of one enterprise, each with a kiln, two boilers,
 * four transformers (sub-meters, `account: false`) and motors, pumps, fans and compressors for the rest.
 */
export function benchFleet(devices: number, plants: number): FleetSpec {
  const ps: PlantSpec[] = Array.from({ length: plants }, (_, i) => ({
    id: `plant-${i + 1}`,
    name: `Plant ${i + 1}`,
    nameZh: `${i + 1}号工厂`,
    region: '610100',
    enterprise: 'bench-group',
  }));
  const ds: DeviceSpec[] = [];
  const cycle = ['motor', 'pump', 'fan', 'compressor'] as const;
  for (let n = 0; n < devices; n++) {
    const plantId = ps[n % plants]!.id;
    const k = Math.floor(n / plants);
    const d: DeviceSpec =
      k === 0
        ? { id: `kiln-${k}`, plantId, class: 'kiln', name: 'kiln', nameplate: { product: 'cement_clinker' } }
        : k <= 2
          ? { id: `boiler-${k}`, plantId, class: 'boiler', name: 'boiler', nameplate: { fuel: 'bituminous' } }
          : k <= 6
            ? {
                id: `tx-${k}`,
                plantId,
                class: 'transformer',
                name: 'transformer',
                nameplate: {},
                ledger: { account: false },
              }
            : { id: `m-${k}`, plantId, class: cycle[k % 4]!, name: 'drive', nameplate: {} };
    ds.push(d);
  }
  return { plants: ps, devices: ds };
}

const agg = (mean: number, spread: number, count: number) => ({
  mean: round(mean),
  min: round(mean - spread),
  max: round(mean + spread),
  count,
});
const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * One device's 1-minute windows over one UTC hour, with the fields its meters send for the ledger: the kWh register
 * and the power for every device (transformers: HV-side power), gas and fuel flow with their heating values for
 * fired units, and their output; `extra` more fields per window model the other metrics a meter sends.
 */
export function hourBuckets(d: DeviceSpec, hourStart: number, kwh0: number, extra: number): Bucket[] {
  const kw = d.class === 'kiln' ? 3000 : d.class === 'boiler' ? 400 : d.class === 'transformer' ? 800 : 90;
  const out: Bucket[] = [];
  for (let m = 0; m < 60; m++) {
    const ts = hourStart + m * 60_000;
    const e0 = kwh0 + (kw * m) / 60;
    const values: Bucket['values'] = {
      energy: { mean: round(e0 + kw / 120), min: round(e0), max: round(e0 + kw / 60), count: 60 },
      [d.class === 'transformer' ? 'hv_power' : 'active_power']: agg(kw, kw * 0.05, 60),
    };
    if (d.class === 'kiln') {
      values.gas_flow = agg(2500, 50, 60);
      values.gas_ncv = agg(35_000, 100, 60);
      values.fuel_flow = agg(25_000, 500, 60);
      values.output_rate = agg(200, 5, 60);
    } else if (d.class === 'boiler') {
      values.gas_flow = agg(700, 20, 60);
      values.gas_ncv = agg(35_000, 100, 60);
      values.steam_flow = agg(10, 0.5, 60);
    }
    for (let x = 0; x < extra; x++) values[`extra_${x}`] = agg(100 + x, 1, 60);
    out.push({ ts, values });
  }
  return out;
}

/** kW of a device's register growth, as hourBuckets writes it */
export const kwOf = (d: DeviceSpec) =>
  d.class === 'kiln' ? 3000 : d.class === 'boiler' ? 400 : d.class === 'transformer' ? 800 : 90;
