import { boilerGrades } from '../baselines/boilers.js';
import { kilnGrades } from '../baselines/kilns.js';
import { pumpGrades } from '../baselines/machines.js';
import { classLookup } from '../baselines/nameplate.js';
import { pumpHydraulicKw } from '../kpi/machines.js';
import { judge, type ProfileFactory } from './types.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

/**
 * GB 24500 grades are thermal efficiency at rated output in steady state (tested per GB/T 10180): the class check
 * runs only within this band of rated steam flow (our choice of band) and only in steady state.
 */
export const BOILER_RATED_BAND: readonly [number, number] = [0.7, 1.1];

/** Boiler: channels [heat output kW, fuel heat input kW, steam]. KPI = direct-method efficiency (GB/T 10180-2017). */
export const boilerProfile: ProfileFactory = (d) => {
  const rated = d.nameplate.ratedOutputTph ?? 20;
  const grades = boilerGrades(d.nameplate.boilerType, rated);
  const condensing = d.nameplate.boilerType === 'gas_condensing';
  const ratedHeatKw = (rated * 1000 * 2300) / 3600;
  return {
    cls: 'boiler',
    kpiName: { en: 'Thermal efficiency', zh: '热效率' },
    channels: ['heat_output_kw', 'fuel_heat_kw', 'steam_flow'],
    driverNames: ['1', 'output/rated', '(output/rated)²'],
    range: [{ index: 0, name: 'output/rated', bin: 0.1 }],
    observable: true,
    watch: ['steam_flow', 'fuel_flow', 'gas_flow'],
    checkWindows: 5,
    highShortfall: 0.03,
    // a cold start heats the water and the setting before steam flows at pressure; fuel leads steam by minutes
    // after a firing change, so a window's output/input ratio is meaningless until both have settled
    states: { settleMs: 60 * MIN, transientStep: 0.08, transientHoldMs: 15 * MIN },
    add(m, _ts, s, i) {
      if (m.steam_flow === undefined || m.steam_enthalpy === undefined || m.feedwater_enthalpy === undefined)
        return false;
      const bd =
        m.blowdown_flow && m.blowdown_enthalpy ? m.blowdown_flow * (m.blowdown_enthalpy - m.feedwater_enthalpy) : 0;
      s[i] += ((m.steam_flow * (m.steam_enthalpy - m.feedwater_enthalpy) + bd) * 1000) / 3600;
      s[i + 1] += ((m.fuel_flow ?? 0) * (m.fuel_ncv ?? 0) + (m.gas_flow ?? 0) * (m.gas_ncv ?? 0)) / 3600;
      s[i + 2] += m.steam_flow;
      return true;
    },
    kpi(mean) {
      const eta = mean[1] > 0 ? (100 * mean[0]) / mean[1] : NaN;
      const load = mean[2] / rated;
      const inBand = load >= BOILER_RATED_BAND[0] && load <= BOILER_RATED_BAND[1];
      return judge(eta, load, grades, '%', true, grades?.grade3, inBand);
    },
    drift(mean, x, p) {
      // efficiency falls at low firing: input is not linear in output
      const o = mean[0] / ratedHeatKw;
      x[0] = 1;
      x[1] = o;
      x[2] = o * o;
      p[0] = mean[2] / rated;
      return mean[2] > 0.05 * rated ? mean[1] : NaN;
    },
    operating(mean) {
      const load = mean[2] / rated;
      return { running: load > 0.05 || mean[1] > 0.02 * ratedHeatKw, load, unloaded: false };
    },
    impossible(m) {
      const out = (m.steam_flow ?? 0) * ((m.steam_enthalpy ?? 0) - (m.feedwater_enthalpy ?? 0)) * 1000;
      const inp = (m.fuel_flow ?? 0) * (m.fuel_ncv ?? 0) + (m.gas_flow ?? 0) * (m.gas_ncv ?? 0);
      if (out < 0) return 'steam enthalpy below feedwater enthalpy';
      if (out > 0 && inp > 0 && out / inp > (condensing ? 1.1 : 1.0)) return 'efficiency above 100 %';
      if (out > 0.1 * rated * 1e6 && inp === 0) return 'steam without fuel';
      return undefined;
    },
  };
};

/**
 * Kiln: channels [output t/h, fuel kgce/h, electricity kW, waste-heat kW]. The KPI shown is kgce/t over the last
 * hour, an indicator; the NDRC 基准 / GB 16780 figures are unit-product consumption over a statistical period (a
 * year), so the class check judges the period's totals when the period closes (`period`).
 */
export const kilnProfile: ProfileFactory = (d, o) => {
  const rated = d.nameplate.ratedOutputTph ?? 200;
  const grades = kilnGrades(d.nameplate.product);
  const kj = o.factors.kjPerKgce.value;
  const e = o.factors.electricityKgcePerKwh.value;
  const kgce = (mean: readonly number[]) => mean[1] + (mean[2] - mean[3]) * e;
  return {
    cls: 'kiln',
    kpiName: { en: 'Energy per tonne (hourly indicator)', zh: '单位产品能耗（小时指标）' },
    channels: ['output_rate', 'fuel_kgce_h', 'active_power', 'waste_heat_power'],
    driverNames: ['1', 'output_rate'],
    range: [{ index: 0, name: 'output/rated', bin: 0.1 }],
    observable: true,
    watch: ['output_rate', 'fuel_flow', 'gas_flow', 'active_power'],
    // the hourly figure the console shows: instantaneous ratios of a kiln are noisy (BASELINES: hourly / daily)
    checkWindows: 60,
    highShortfall: 0.05,
    // after a stop the kiln is heated up and the feed ramped for hours before it runs at a representative point
    states: { settleMs: 4 * HOUR, transientStep: 0.12, transientHoldMs: 30 * MIN },
    period: {
      unit: 'year',
      totals: (mean) => [kgce(mean), mean[0]],
      judge: (v) => judge(v, 1, grades, 'kgce/t', false, grades?.baseline ?? grades?.grade3, true),
    },
    add(m, _ts, s, i) {
      if (m.output_rate === undefined || m.active_power === undefined) return false;
      s[i] += m.output_rate;
      s[i + 1] += ((m.fuel_flow ?? 0) * (m.fuel_ncv ?? 0) + (m.gas_flow ?? 0) * (m.gas_ncv ?? 0)) / kj;
      s[i + 2] += m.active_power;
      s[i + 3] += m.waste_heat_power ?? 0;
      return true;
    },
    kpi(mean) {
      const v = mean[0] > 0 ? kgce(mean) / mean[0] : NaN;
      const limit = grades?.baseline ?? grades?.grade3;
      // an hourly figure is an indicator, never held to the yearly level in real time
      return judge(v, mean[0] / rated, grades, 'kgce/t', false, limit, false);
    },
    drift(mean, x, p) {
      x[0] = 1;
      x[1] = mean[0];
      p[0] = mean[0] / rated;
      return mean[0] > 0.1 * rated ? kgce(mean) : NaN;
    },
    operating: (mean) => ({ running: mean[0] > 0.1 * rated, load: mean[0] / rated, unloaded: false }),
    impossible(m) {
      if ((m.output_rate ?? 0) > 2 * rated) return 'output above twice rated';
      if ((m.output_rate ?? 0) > 0.3 * rated && (m.fuel_flow ?? 0) + (m.gas_flow ?? 0) === 0)
        return 'output without fuel';
      return undefined;
    },
  };
};

/** GB 19153 rates specific power at full load: loaded running near rated delivery (our band). */
export const COMPRESSOR_FULL_LOAD = 0.85;
/** A reading delivering less than this share of rated flow is unloaded running. */
const UNLOADED_FLOW = 0.15;

/**
 * Air compressor: channels [P loaded, Q loaded, loaded share, ambient sum, ambient count, P]. Under load/unload
 * control a window mixes loaded and unloaded running (unloaded draws ≈ 25-30 % with no air), so the KPI, the
 * class check and the drift check use loaded readings only: specific power kW/(m³/min) (GB 19153-2019). Drift:
 * loaded specific power against delivery and inlet (ambient) temperature (compression work ∝ absolute inlet T).
 */
export const compressorProfile: ProfileFactory = (d) => {
  const ratedKw = d.nameplate.ratedKw ?? 200;
  const ratedFlow = d.nameplate.ratedFlow ?? 32;
  // the nameplate's own GB 19153 row (kind, power, pressure, cooling); none: shown, not graded
  const row = classLookup('compressor', d.nameplate);
  const grades = row?.ok ? row.value : undefined;
  return {
    cls: 'compressor',
    kpiName: { en: 'Specific power (loaded)', zh: '比功率（加载）' },
    channels: ['loaded_power', 'loaded_flow', 'loaded_share', 'ambient', 'ambient_n', 'active_power'],
    driverNames: ['1', 'q', 'q²', 'ambient'],
    range: [
      { index: 0, name: 'q', bin: 0.1 },
      { index: 1, name: 'ambient', bin: 5 },
    ],
    observable: true,
    watch: ['active_power', 'air_flow'],
    checkWindows: 5,
    highShortfall: 0.05,
    states: { settleMs: 2 * MIN, transientStep: 0.15, transientHoldMs: 2 * MIN },
    add(m, _ts, s, i) {
      const p = m.active_power;
      const q = m.air_flow;
      if (p === undefined || q === undefined) return false;
      if (q > UNLOADED_FLOW * ratedFlow) {
        s[i] += p;
        s[i + 1] += q;
        s[i + 2] += 1;
      }
      if (m.ambient_temperature !== undefined) {
        s[i + 3] += m.ambient_temperature;
        s[i + 4] += 1;
      }
      s[i + 5] += p;
      return true;
    },
    kpi(mean) {
      if (!(mean[2] > 0)) return judge(NaN, 0, grades, 'kW/(m³/min)', false, grades?.grade3, false);
      const q = mean[1] / mean[2] / ratedFlow;
      const sp = mean[0] / mean[1];
      return judge(sp, q, grades, 'kW/(m³/min)', false, grades?.grade3, q >= COMPRESSOR_FULL_LOAD);
    },
    drift(mean, x, p) {
      if (!(mean[2] >= 0.2)) return NaN;
      const q = mean[1] / mean[2] / ratedFlow;
      const amb = mean[4] > 0 ? mean[3] / mean[4] : 0;
      x[0] = 1;
      x[1] = q;
      x[2] = q * q;
      x[3] = amb;
      p[0] = q;
      p[1] = amb;
      return mean[0] / mean[1];
    },
    operating(mean) {
      const share = mean[2];
      return {
        running: mean[5] > 0.05 * ratedKw,
        load: share > 0 ? mean[1] / share / ratedFlow : 0,
        unloaded: share < 0.2,
      };
    },
    impossible(m) {
      const p = m.active_power ?? 0;
      const q = m.air_flow ?? 0;
      // isothermal work to 0.8 MPa(g) is ≈ 3.7 kW per m³/min: less input than that cannot deliver the air
      if (q > 0.2 * ratedFlow && p / q < 3.0) return 'specific power below the isothermal limit';
      if (p > 2 * ratedKw) return 'input above twice rated';
      return undefined;
    },
  };
};

/** Pump: channels [P, hydraulic kW, Q]. KPI = wire-to-water efficiency ρgQH/P, % (or kWh/m³ without head). */
export const pumpProfile: ProfileFactory = (d) => {
  const ratedFlow = d.nameplate.ratedFlow ?? 400;
  const ratedKw = d.nameplate.ratedKw ?? 75;
  const grades = pumpGrades(d.nameplate.minEfficiency as number | undefined);
  return {
    cls: 'pump',
    kpiName: { en: 'Efficiency (wire-to-water)', zh: '机组效率' },
    channels: ['active_power', 'hydraulic_kw', 'water_flow'],
    driverNames: ['1', 'hydraulic_kw', 'q', 'q²'],
    range: [{ index: 0, name: 'q', bin: 0.1 }],
    observable: true,
    watch: ['active_power', 'water_flow'],
    checkWindows: 5,
    highShortfall: 0.05,
    states: { settleMs: 2 * MIN, transientStep: 0.15, transientHoldMs: 2 * MIN },
    add(m, _ts, s, i) {
      if (m.active_power === undefined || m.water_flow === undefined) return false;
      s[i] += m.active_power;
      s[i + 1] += m.head !== undefined ? pumpHydraulicKw(m.water_flow, m.head) : 0;
      s[i + 2] += m.water_flow;
      return true;
    },
    kpi(mean) {
      const q = mean[2] / ratedFlow;
      if (mean[1] === 0) return judge(mean[0] / mean[2], q, undefined, 'kWh/m³', false, undefined, false);
      return judge((100 * mean[1]) / mean[0], q, grades, '%', true, grades?.grade3, q >= 0.5);
    },
    drift(mean, x, p) {
      x[0] = 1;
      x[1] = mean[1];
      x[2] = mean[2] / ratedFlow;
      x[3] = x[2] * x[2];
      p[0] = x[2];
      return mean[2] > 0.1 * ratedFlow ? mean[0] : NaN;
    },
    operating: (mean) => ({
      running: mean[2] > 0.05 * ratedFlow || mean[0] > 0.05 * ratedKw,
      load: mean[2] / ratedFlow,
      unloaded: false,
    }),
    impossible(m) {
      const p = m.active_power ?? 0;
      if (m.head !== undefined && m.water_flow !== undefined && p > 0.5) {
        if (pumpHydraulicKw(m.water_flow, m.head) / p > 0.95) return 'efficiency above 95 %';
      }
      if (p < -0.5) return 'negative input power';
      return undefined;
    },
  };
};

/** Fan: channels [P, q, q³] (q = Q/Q_rated). KPI = specific fan power kW/(m³/s); drift on the affinity law. */
export const fanProfile: ProfileFactory = (d) => {
  const ratedFlow = d.nameplate.ratedFlow ?? 1500;
  const ratedKw = d.nameplate.ratedKw ?? 75;
  return {
    cls: 'fan',
    kpiName: { en: 'Specific fan power', zh: '单位风量功率' },
    channels: ['active_power', 'q', 'q3'],
    driverNames: ['1', 'q', 'q³'],
    range: [{ index: 0, name: 'q', bin: 0.1 }],
    observable: true,
    watch: ['active_power', 'air_flow'],
    checkWindows: 5,
    highShortfall: 0.05,
    states: { settleMs: 2 * MIN, transientStep: 0.15, transientHoldMs: 2 * MIN },
    add(m, _ts, s, i) {
      if (m.active_power === undefined || m.air_flow === undefined) return false;
      const q = m.air_flow / ratedFlow;
      s[i] += m.active_power;
      s[i + 1] += q;
      s[i + 2] += q * q * q;
      return true;
    },
    kpi(mean) {
      const sfp = mean[1] > 0 ? mean[0] / ((mean[1] * ratedFlow) / 60) : NaN;
      return judge(sfp, mean[1], undefined, 'kW/(m³/s)', false, undefined, false);
    },
    drift(mean, x, p) {
      x[0] = 1;
      x[1] = mean[1];
      x[2] = mean[2];
      p[0] = mean[1];
      return mean[1] > 0.1 ? mean[0] : NaN;
    },
    operating: (mean) => ({ running: mean[1] > 0.05 || mean[0] > 0.05 * ratedKw, load: mean[1], unloaded: false }),
    impossible(m) {
      if ((m.active_power ?? 0) > 2.5 * ratedKw) return 'input above 2.5 × rated';
      if ((m.active_power ?? 0) < -0.5) return 'negative input power';
      return undefined;
    },
  };
};
