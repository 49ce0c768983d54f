import { noisy, r, type Model } from './types.js';

/**
 * Distribution transformer (GB 20052 loss model): LV load P_LV = β·S_N·cos φ; the HV side adds the losses
 * P0 + β²·Pk. Health h scales the losses by 1/h (a 5 % drop shows as 1/0.95 more loss). Metering is class 0.2S.
 */
export const transformer: Model = ({ device, load, health, rng }) => {
  const sN = device.nameplate.ratedKva ?? 1000;
  const p0 = device.nameplate.p0Kw ?? 0.83;
  const pk = device.nameplate.pkKw ?? 10.3;
  const pf = 0.9;
  const lv = load * sN * pf;
  const loss = (p0 + load * load * pk) / health;
  const uLv = 400;
  const iLv = (load * sN * 1000) / (Math.sqrt(3) * uLv);
  // top-oil rise ∝ total loss (IEC 60076-7 steady state, exponent ≈ 0.8 for ONAN); 55 K rise at rated loss
  const rise = 55 * (loss / (p0 + pk)) ** 0.8;
  return {
    lv_power: { value: r(noisy(rng, lv, 0.0002), 3), unit: 'kW' },
    hv_power: { value: r(noisy(rng, lv + loss, 0.0002), 3), unit: 'kW' },
    power_factor: { value: pf, unit: '1' },
    voltage: { value: r(noisy(rng, uLv, 0.001), 1), unit: 'V' },
    current: { value: r(noisy(rng, iLv, 0.002), 1), unit: 'A' },
    oil_temperature: { value: r(20 + rise + rng.normal(0, 0.3), 1), unit: '°C' },
  };
};
