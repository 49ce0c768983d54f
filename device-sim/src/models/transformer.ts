import { noisy, r, type Metrics, type Model } from './types.js';

/** share of the load loss that is stray (eddy) loss, which falls as resistance rises */
const STRAY = 0.1;

/**
 * Distribution transformer (GB 20052 loss model): LV load P_LV = β·S_N·cos φ; the HV side adds the losses
 * P0 + β²·Pk. Health h scales the losses by 1/h (a 5 % drop shows as 1/0.95 more loss). Metering is class 0.2S.
 *
 * With an ambient (realistic regimes): Pk is the test figure referred to 75 °C (GB/T 1094.1 / IEC 60076-1); at
 * winding temperature θ the I²R part scales with copper resistance (235 + θ)/(235 + 75) and the stray part
 * inversely (IEC 60076-1 loss correction), so a cold winter night loses less than a summer afternoon. The winding
 * sits at ambient + its rise, 65 K at rated loss for ONAN (GB/T 1094.2 / IEC 60076-2), the top oil at ambient +
 * 55 K·(loss ratio)^0.8 (IEC 60076-7 steady state; the oil's hours-long time constant is not modelled).
 */
export const transformer: Model = ({ device, load, health, rng, op }): Metrics => {
  const sN = device.nameplate.ratedKva ?? 1000;
  const p0 = device.nameplate.p0Kw ?? 0.83;
  const pk = device.nameplate.pkKw ?? 10.3;
  const pf = 0.9;
  const lv = load * sN * pf;
  const ambient = op?.ambientC;
  const ratio0 = (p0 + load * load * pk) / (p0 + pk);
  let pkAt = pk;
  if (ambient !== undefined) {
    const theta = ambient + 65 * ratio0 ** 0.8;
    pkAt = pk * ((1 - STRAY) * ((235 + theta) / 310) + STRAY * (310 / (235 + theta)));
  }
  const loss = (p0 + load * load * pkAt) / health;
  const uLv = 400;
  const iLv = (load * sN * 1000) / (Math.sqrt(3) * uLv);
  // top-oil rise ∝ total loss (IEC 60076-7 steady state, exponent ≈ 0.8 for ONAN); 55 K rise at rated loss
  const rise = 55 * (loss / (p0 + pk)) ** 0.8;
  const out = {
    lv_power: { value: r(noisy(rng, lv, 0.0002), 3), unit: 'kW' },
    hv_power: { value: r(noisy(rng, lv + loss, 0.0002), 3), unit: 'kW' },
    power_factor: { value: pf, unit: '1' },
    voltage: { value: r(noisy(rng, uLv, 0.001), 1), unit: 'V' },
    current: { value: r(noisy(rng, iLv, 0.002), 1), unit: 'A' },
    oil_temperature: { value: r((ambient ?? 20) + rise + rng.normal(0, 0.3), 1), unit: '°C' },
  };
  if (ambient === undefined) return out;
  return { ...out, ambient_temperature: { value: r(ambient + rng.normal(0, 0.2), 1), unit: '°C' } };
};
