import { noisy, r, type Metrics, type Model } from './types.js';

const T_REF_K = 293.15; // ISO 1217 reference inlet temperature, 20 °C
const MIN = 60_000;

/**
 * Oil-injected screw compressor at 0.8 MPa (GB 19153-2019 rates specific power there, at full load). Health h
 * scales power by 1/h.
 *
 * The flow meter is a thermal mass meter reading standard m³/min at 20 °C: the compressor moves a fixed inlet
 * volume, so standard flow ∝ 293.15 K / T_inlet while power per inlet volume stays put, and specific power per
 * standard m³ rises ≈ 0.34 %/K with inlet temperature (the rule of thumb "1 % per 3 K", Carbon Trust CTG050).
 * The intake is the machine room's air: outdoor + a room rise.
 *
 * Control (US DOE, Improving Compressed Air System Performance, 2003, part-load curves; approximate):
 * - `load_unload`: cycles between loaded (full flow, full power) and unloaded (no air, `unloadedPower` × full
 *   power once the sump has blown down, ≈ 40 s); the loaded share of a cycle is the demand, cycles are shortest
 *   (3 min) at half demand;
 * - `modulating`: inlet valve throttling, P ≈ (0.68 + 0.32·d)·P_full;
 * - `vsd`: P ≈ 1.04·(0.08 + 0.92·d)·P_full down to 20 % speed;
 * - the legacy steady regime: a window-average curve, specific power × (1 + 0.25·(1 − β)).
 */
export const compressor: Model = ({ device, ts, load, health, rng, op }): Metrics => {
  const ratedKw = device.nameplate.ratedKw ?? 200;
  const ratedFlow = device.nameplate.ratedFlow ?? 32; // m3/min
  const inletC = op?.ambientC !== undefined ? op.ambientC + op.roomRiseC : undefined;
  // the intake air temperature the compressor's controller reports
  const ambient = { value: r((inletC ?? 18) + rng.normal(0, 0.3), 1), unit: '°C' };
  if (!op?.control) {
    // legacy steady regime: the exact formulas and random draws of before
    const flow = ratedFlow * load;
    const sp = ((ratedKw / ratedFlow) * (1 + 0.25 * (1 - load))) / health;
    return {
      active_power: { value: r(noisy(rng, flow * sp, 0.003), 2), unit: 'kW' },
      air_flow: { value: r(noisy(rng, flow, 0.005), 3), unit: 'm3/min' },
      discharge_pressure: { value: r(0.8 + rng.normal(0, 0.003), 4), unit: 'MPa' },
      ambient_temperature: ambient,
      power_factor: { value: r(0.88 + 0.02 * load, 3), unit: '1' },
    };
  }
  if (!op.on)
    return {
      active_power: { value: 0, unit: 'kW' },
      air_flow: { value: 0, unit: 'm3/min' },
      discharge_pressure: { value: r(Math.max(0, 0.75 + rng.normal(0, 0.003)), 4), unit: 'MPa' },
      ambient_temperature: ambient,
    };
  const massFactor = inletC !== undefined ? T_REF_K / (273.15 + inletC) : 1;
  const fullKw = ratedKw / health;
  const d = Math.min(1, Math.max(0, load));
  let kw: number;
  let fad: number; // free air delivery, inlet m³/min
  let pressure: number;
  if (op.control === 'load_unload') {
    const cycleMs = Math.min(20 * MIN, (3 * MIN) / Math.max(0.05, 4 * d * (1 - d)));
    const pos = (ts % cycleMs) / cycleMs;
    const loaded = pos < d || d >= 0.98;
    if (loaded) {
      kw = fullKw;
      fad = ratedFlow;
      pressure = 0.75 + (0.1 * pos) / Math.max(d, 1e-6); // pressure rises to the unload set point
    } else {
      const since = (pos - d) * cycleMs;
      const blowdown = Math.exp(-since / 15_000); // sump blowdown, ≈ 40 s to settle
      kw = fullKw * (op.unloadedPower + (0.7 - op.unloadedPower) * blowdown);
      fad = 0;
      pressure = 0.85 - (0.1 * (pos - d)) / Math.max(1 - d, 1e-6);
    }
  } else if (op.control === 'modulating') {
    kw = fullKw * (0.68 + 0.32 * d);
    fad = ratedFlow * d;
    pressure = 0.8;
  } else {
    const s = Math.max(0.2, d);
    kw = fullKw * 1.04 * (0.08 + 0.92 * s);
    fad = ratedFlow * s;
    pressure = 0.8;
  }
  return {
    active_power: { value: r(noisy(rng, kw, 0.003), 2), unit: 'kW' },
    air_flow: { value: r(Math.max(0, noisy(rng, fad * massFactor, 0.005)), 3), unit: 'm3/min' },
    discharge_pressure: { value: r(pressure + rng.normal(0, 0.003), 4), unit: 'MPa' },
    ambient_temperature: ambient,
    power_factor: { value: r(fad > 0 ? 0.88 : 0.55, 3), unit: '1' },
  };
};
