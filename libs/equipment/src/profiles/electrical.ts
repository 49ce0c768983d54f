import type { MetricName, ProcessDriverMetric } from '#contracts';
import { motorGrades, partLoadFactor } from '../baselines/motors.js';
import { transformerRow, TRANSFORMER_LOSS_MARGIN, type CoreKind } from '../baselines/transformers.js';
import type { GradeLevels } from '../baselines/types.js';
import { transformerExpectedLoss } from '../kpi/electrical.js';
import { judge, scaleLevels, type ClassProfile, type ProfileFactory } from './types.js';

const MIN = 60_000;

/** Specific-energy units of a motor's process driver (input kW per driver unit). */
const DRIVER_UNIT: Record<Exclude<ProcessDriverMetric, 'shaft_power'>, string> = {
  output_rate: 'kWh/t',
  water_flow: 'kWh/m³',
  air_flow: 'kW/(m³/min)',
  steam_flow: 'kWh/t',
};

/** GB 18613's figure is the efficiency at rated load: the class check runs only near it (our band). */
const MOTOR_RATED_BAND: readonly [number, number] = [0.75, 1.15];

const MOTOR_STATES = { settleMs: 2 * MIN, transientStep: 0.15, transientHoldMs: 2 * MIN };

/**
 * Motor. A meter on the motor sees input power P1 only: a loss of efficiency draws more P1 and looks like more
 * load, so efficiency is NOT observable from it (BASELINES.md: motors). Without a process driver the KPI is the
 * measured input power, not judged; the installed motor's IE class is a register finding (`registerEntry`).
 * With `driver.metric = 'shaft_power'` the efficiency P2/P1 is measured and held to GB 18613 near rated load;
 * with a throughput or flow the KPI is specific energy and the drift check judges P1 against the driver.
 */
export const motorProfile: ProfileFactory = (d) => {
  const ratedKw = d.nameplate.ratedKw ?? 55;
  const etaN = d.nameplate.ratedEfficiency ?? motorGrades(ratedKw).grade3!;
  const pMax = (2.5 * ratedKw) / (etaN / 100);
  const driver = d.driver;
  const base = {
    cls: 'motor' as const,
    watch: ['active_power'] as MetricName[],
    checkWindows: 5,
    highShortfall: 0.02,
    states: MOTOR_STATES,
    impossible(m: Partial<Record<MetricName, number>>) {
      const p = m.active_power ?? 0;
      if (p < -0.01 * ratedKw) return 'negative input power';
      if (p > pMax) return 'input power above 2.5 × rated';
      if (driver?.metric === 'shaft_power' && (m.shaft_power ?? 0) > Math.max(0.5, p)) return 'shaft power above input';
      return undefined;
    },
  };
  if (!driver) {
    const profile: ClassProfile = {
      ...base,
      kpiName: { en: 'Input power (measured)', zh: '输入功率（实测）' },
      channels: ['active_power'],
      driverNames: [],
      range: [],
      observable: 'INPUT_POWER_ONLY',
      add(m, _ts, s, i) {
        if (m.active_power === undefined) return false;
        s[i] += m.active_power;
        return true;
      },
      kpi: (mean) => judge(mean[0], mean[0] / ratedKw, undefined, 'kW', false, undefined, false),
      drift: () => NaN,
      operating: (mean) => ({ running: mean[0] > 0.05 * ratedKw, load: mean[0] / ratedKw, unloaded: false }),
    };
    return profile;
  }
  const metric = driver.metric;
  const rated = driver.rated ?? ratedKw;
  const shaft = metric === 'shaft_power';
  const grades = motorGrades(ratedKw);
  // accuracy classes of the input-power and shaft-power (torque) meters, %; 0.5 each when not given
  const motorMeterBand =
    (((d.nameplate.inputMeterClass as number | undefined) ?? 0.5) +
      ((d.nameplate.driverMeterClass as number | undefined) ?? 0.5)) /
    100;
  return {
    ...base,
    kpiName: shaft ? { en: 'Efficiency P2/P1', zh: '效率 P2/P1' } : { en: 'Specific energy', zh: '单位能耗' },
    channels: ['active_power', metric],
    // input against a cubic in the driver: constant losses, load losses ∝ β² (IEC 60034-2-1's segregated losses)
    // and the curvature stray-load loss and a driven machine's own curve add
    driverNames: ['1', `${metric}/rated`, `(${metric}/rated)²`, `(${metric}/rated)³`],
    range: [{ index: 0, name: `${metric}/rated`, bin: 0.1 }],
    observable: true,
    watch: ['active_power', metric],
    add(m, _ts, s, i) {
      const p = m.active_power;
      const x = m[metric];
      if (p === undefined || x === undefined) return false;
      s[i] += p;
      s[i + 1] += x;
      return true;
    },
    kpi(mean) {
      const load = mean[1] / rated;
      if (!shaft) {
        const v = mean[1] > 0 ? mean[0] / mean[1] : NaN;
        return judge(v, load, undefined, DRIVER_UNIT[metric], false, undefined, false);
      }
      const at: GradeLevels = scaleLevels(grades, partLoadFactor(load));
      const eta = mean[0] > 0 ? (100 * mean[1]) / mean[0] : NaN;
      const inBand = load >= MOTOR_RATED_BAND[0] && load <= MOTOR_RATED_BAND[1];
      const r = judge(eta, load, at, '%', true, at.grade3, inBand);
      if (r.limit !== undefined && Number.isFinite(eta)) {
        // GB/T 755 (IEC 60034-1) Table 20 tolerance on a stated efficiency, −0.15·(1 − η) up to 150 kW and
        // −0.1·(1 − η) above, and what the input and shaft-power meters' accuracy classes allow
        const tol = (ratedKw <= 150 ? 0.15 : 0.1) * (100 - r.limit);
        r.limit = (r.limit - tol) * (1 - motorMeterBand);
        r.shortfall = (r.limit - eta) / r.limit;
        // within that band a measurement cannot tell the motor from one on its grade 3 line: it is not shown below
        if (r.grade === 'below' && eta >= r.limit) r.grade = 3;
      }
      return r;
    },
    drift(mean, x, p) {
      const q = mean[1] / rated;
      x[0] = 1;
      x[1] = q;
      x[2] = q * q;
      x[3] = q * q * q;
      p[0] = q;
      const y = mean[0] / ratedKw;
      return q > 0.05 && y > 0.02 ? y : NaN;
    },
    operating: (mean) => ({ running: mean[0] > 0.05 * ratedKw, load: mean[1] / rated, unloaded: false }),
  };
};

/** Ambient taken for the transformer's winding temperature when none is metered, °C (IEC 60076-2 yearly mean). */
const NO_AMBIENT = 20;
/** Copper's resistance temperature constant, °C, and the reference temperature of Pk, °C (IEC 60076-1 §11.4). */
const CU = 235;
const T_REF = 75;

/**
 * Transformer: channels [P_HV, P_LV, cosφ, ambient sum, ambient count]. KPI = efficiency P_LV/P_HV. The loss is a
 * small difference of two large readings: the class check (loss > 1.1 × (P0 + β²·Pk)) counts only the part of
 * the loss beyond what the two meters' accuracy classes allow (|ε_HV|·P_HV + |ε_LV|·P_LV, default class 0.2S on
 * both sides). Drift: loss against 1, β and β²·k(θ) (`lossDrivers`): no-load loss, the two meters' fixed ratio
 * error (which adds a term proportional to the throughput, β), and load loss at the winding's temperature.
 */
export const transformerProfile: ProfileFactory = (d) => {
  const sN = d.nameplate.ratedKva ?? 1000;
  const row = transformerRow(d.nameplate.transformerType ?? 'oil', (d.nameplate.core as CoreKind) ?? 'silicon', sN);
  const p0 = d.nameplate.p0Kw ?? row?.p0[2] ?? 0.01 * sN * 0.083;
  const pk = d.nameplate.pkKw ?? row?.pk[2] ?? 0.0103 * sN;
  const aHv = (d.nameplate.hvMeterClass ?? 0.2) / 100;
  const aLv = (d.nameplate.lvMeterClass ?? 0.2) / 100;
  const rise = (d.nameplate.windingRiseK as number | undefined) ?? 65;
  const stray = (d.nameplate.strayLossShare as number | undefined) ?? 0.1;
  const eff = (lv: number, loss: number) => (100 * lv) / (lv + loss);
  return {
    cls: 'transformer',
    kpiName: { en: 'Efficiency', zh: '效率' },
    channels: ['hv_power', 'lv_power', 'power_factor', 'ambient', 'ambient_n'],
    driverNames: ['1', 'beta', 'beta²·k(theta)'],
    // the nameplate's P0 and Pk (the test report's, within GB/T 1094.1's +15 % loss tolerance, or the grade
    // table's), and no ratio error, give or take what the two meters' accuracy classes allow
    prior: { mean: [p0, 0, pk], sd: [0.2 * p0, 0.5 * (aHv + aLv) * sN * 0.9, 0.2 * pk] },
    driftScale: (x) => p0 + pk * x[2],
    range: [{ index: 0, name: 'beta', bin: 0.1 }],
    observable: true,
    watch: ['hv_power', 'lv_power'],
    checkWindows: 5,
    highShortfall: 0.25,
    states: { settleMs: 5 * MIN, transientStep: 0.2, transientHoldMs: 2 * MIN },
    add(m, _ts, s, i) {
      if (m.hv_power === undefined || m.lv_power === undefined) return false;
      s[i] += m.hv_power;
      s[i + 1] += m.lv_power;
      s[i + 2] += m.power_factor && m.power_factor > 0.05 ? m.power_factor : 0.9;
      if (m.ambient_temperature !== undefined) {
        s[i + 3] += m.ambient_temperature;
        s[i + 4] += 1;
      }
      return true;
    },
    kpi(mean) {
      const [hv, lv, pf] = mean;
      const beta = lv / (sN * pf);
      const loss = hv - lv;
      const value = hv > 0 ? (100 * lv) / hv : NaN;
      const expected = transformerExpectedLoss(beta, p0, pk) * TRANSFORMER_LOSS_MARGIN;
      const r = judge(value, beta, undefined, '%', true, undefined, beta >= 0.1);
      if (row) {
        // graded on measured loss within the same 1.1 margin (meter accuracy and the loss tolerance of GB 1094.1)
        const m = TRANSFORMER_LOSS_MARGIN;
        const lvl = [0, 1, 2].map((g) => eff(lv, m * transformerExpectedLoss(beta, row.p0[g], row.pk[g])));
        const levels: GradeLevels = {
          grade1: lvl[0],
          grade2: lvl[1],
          grade3: lvl[2],
          unit: '%',
          higherIsBetter: true,
          cite: row.cite,
        };
        Object.assign(r, judge(value, beta, levels, '%', true, undefined, beta >= 0.1));
      }
      // only the loss beyond the meters' combined accuracy is evidence against the class limit
      const band = aHv * Math.abs(hv) + aLv * Math.abs(lv);
      r.limit = eff(lv, expected + band);
      r.shortfall = (loss - band) / expected - 1;
      return r;
    },
    drift(mean, x, p) {
      const beta = mean[1] / (sN * mean[2]);
      const amb = mean[4] > 0 ? mean[3] / mean[4] : NO_AMBIENT;
      lossDrivers(x, beta, amb, { p0, pk, rise, stray });
      p[0] = beta;
      return beta > 0.02 ? mean[0] - mean[1] : NaN;
    },
    operating(mean) {
      const beta = mean[1] / (sN * mean[2]);
      return { running: mean[0] > 0.2 * p0, load: beta, unloaded: false };
    },
    impossible(m) {
      const hv = m.hv_power ?? 0;
      const lv = m.lv_power ?? 0;
      if (lv > hv + 0.005 * Math.abs(hv) + 0.5) return 'LV power above HV power';
      if (hv - lv > 0.2 * sN) return 'loss above 20 % of rating';
      return undefined;
    },
  };
};

/**
 * Drivers of a transformer's measured loss ΔP = P_HV − P_LV: [1, β, β²·k(θ)].
 * - 1: no-load loss, independent of load;
 * - β: each meter's fixed ratio error ε (within its accuracy class) adds ε·P to its reading, so ΔP carries
 *   (ε_HV − ε_LV)·β·S_N·cos φ: a 0.1 % difference is ≈ 25 % of the loss at β = 0.5 (BASELINES.md); it is learned;
 * - β²·k(θ): load loss at the winding temperature θ, referred from 75 °C as IEC 60076-1 §11.4 does: the I²R part
 *   × (235 + θ)/(235 + 75) (copper), the additional (stray) part × (235 + 75)/(235 + θ); stray share
 *   `nameplate.strayLossShare` (from the test report; 0.1 when absent, a typical figure). θ = ambient +
 *   rise·(loss ratio)^0.8, the rated average winding rise (65 K for ONAN oil, GB/T 1094.2 / IEC 60076-2;
 *   `nameplate.windingRiseK` for dry-type units, e.g. 100 K class F) and the loss-ratio exponent of IEC 60076-7.
 *   The temperature coefficient is physics, not learned: one learning week's weather cannot pin down an ambient
 *   interaction (a learned one extrapolated wildly into the next week).
 */
export function lossDrivers(
  x: number[],
  beta: number,
  ambient: number,
  t: { p0: number; pk: number; rise: number; stray: number },
): void {
  const ratio = (t.p0 + beta * beta * t.pk) / (t.p0 + t.pk);
  const k = (CU + ambient + t.rise * ratio ** 0.8) / (CU + T_REF);
  x[0] = 1;
  x[1] = beta;
  x[2] = beta * beta * ((1 - t.stray) * k + t.stray / k);
}
