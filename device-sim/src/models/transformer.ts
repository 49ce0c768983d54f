import { noisy, r, type Model } from './types.js';

/** Distribution transformer: LV load from β·S_N·cosφ; HV side adds P0 + β²·Pk (GB 20052 loss model). */
export const transformer: Model = ({ device, load, health, rng }) => {
  const sN = device.nameplate.ratedKva ?? 1000;
  const p0 = device.nameplate.p0Kw ?? 0.83;
  const pk = device.nameplate.pkKw ?? 10.3;
  const pf = 0.9;
  const lv = load * sN * pf;
  const loss = (p0 + load * load * pk) / health; // a 5 % efficiency-health drop shows as 1/0.95 more loss
  return {
    lv_power: { value: r(noisy(rng, lv, 0.0005), 2), unit: 'kW' },
    hv_power: { value: r(noisy(rng, lv + loss, 0.0005), 2), unit: 'kW' },
    power_factor: { value: pf, unit: '1' },
    oil_temperature: { value: r(35 + 40 * load * load + rng.normal(0, 0.3), 1), unit: '°C' },
  };
};
