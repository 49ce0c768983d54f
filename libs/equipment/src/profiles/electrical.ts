import { motorGrades, partLoadFactor } from '../baselines/motors.js';
import { transformerRow, TRANSFORMER_LOSS_MARGIN, type CoreKind } from '../baselines/transformers.js';
import type { GradeLevels } from '../baselines/types.js';
import { transformerExpectedLoss } from '../kpi/electrical.js';
import { judge, scaleLevels, type ProfileFactory } from './types.js';

/**
 * Motor: channels [P1, schedule load]. KPI = efficiency estimated from load (η_N × part-load factor(β)).
 * Drift: P1/P_N against the plant's schedule load — a motor meter has no output quantity, so an efficiency
 * loss shows only as more input for the same duty.
 */
export const motorProfile: ProfileFactory = (d, o) => {
  const ratedKw = d.nameplate.ratedKw ?? 55;
  const etaN = d.nameplate.ratedEfficiency ?? motorGrades(ratedKw).grade3!;
  const grades = motorGrades(ratedKw);
  const pMax = (2.5 * ratedKw) / (etaN / 100);
  return {
    cls: 'motor',
    kpiName: { en: 'Efficiency (est.)', zh: '效率（估算）' },
    channels: ['active_power', 'schedule_load'],
    driverNames: ['1', 'schedule_load', 'schedule_load²'],
    watch: ['active_power'],
    checkWindows: 5,
    highShortfall: 0.02,
    add(m, ts, s, i) {
      const p = m.active_power;
      if (p === undefined) return false;
      s[i] += p;
      s[i + 1] += o.schedule(ts);
      return true;
    },
    kpi(mean) {
      const beta = (mean[0] * etaN) / 100 / ratedKw;
      const f = partLoadFactor(beta);
      const at: GradeLevels = scaleLevels(grades, f);
      return judge(etaN * f, beta, at, '%', true, at.grade3, beta >= 0.25 && beta <= 1.15);
    },
    drift(mean, x) {
      x[0] = 1;
      x[1] = mean[1];
      x[2] = mean[1] * mean[1];
      const y = mean[0] / ratedKw;
      return y > 0.05 ? y : NaN;
    },
    impossible(m) {
      const p = m.active_power ?? 0;
      if (p < -0.01 * ratedKw) return 'negative input power';
      if (p > pMax) return 'input power above 2.5 × rated';
      return undefined;
    },
  };
};

/**
 * Transformer: channels [P_HV, P_LV, cosφ]. KPI = efficiency P_LV/P_HV; class levels are the efficiencies the
 * grade-1/2/3 losses would give at the same load. Class check: measured loss > 1.1 × (P0 + β²·Pk) from the
 * nameplate (or the grade-3 row). Drift: loss against β².
 */
export const transformerProfile: ProfileFactory = (d) => {
  const sN = d.nameplate.ratedKva ?? 1000;
  const row = transformerRow(d.nameplate.transformerType ?? 'oil', (d.nameplate.core as CoreKind) ?? 'silicon', sN);
  const p0 = d.nameplate.p0Kw ?? row?.p0[2] ?? 0.01 * sN * 0.083;
  const pk = d.nameplate.pkKw ?? row?.pk[2] ?? 0.0103 * sN;
  const eff = (lv: number, loss: number) => (100 * lv) / (lv + loss);
  return {
    cls: 'transformer',
    kpiName: { en: 'Efficiency', zh: '效率' },
    channels: ['hv_power', 'lv_power', 'power_factor'],
    driverNames: ['1', 'beta²'],
    watch: ['hv_power', 'lv_power'],
    checkWindows: 5,
    highShortfall: 0.25,
    add(m, _ts, s, i) {
      if (m.hv_power === undefined || m.lv_power === undefined) return false;
      s[i] += m.hv_power;
      s[i + 1] += m.lv_power;
      s[i + 2] += m.power_factor && m.power_factor > 0.05 ? m.power_factor : 0.9;
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
      r.limit = eff(lv, expected);
      r.shortfall = loss / expected - 1;
      return r;
    },
    drift(mean, x) {
      const beta = mean[1] / (sN * mean[2]);
      x[0] = 1;
      x[1] = beta * beta;
      return beta > 0.02 ? mean[0] - mean[1] : NaN;
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
