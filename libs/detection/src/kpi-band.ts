import { DRIFT_Z, type EquipmentClass } from '#contracts';
import { covered } from './drift.js';
import { predict } from './regression.js';
import type { DetectorContext, DeviceState } from './types.js';

/**
 * How a class's KPI follows from the energy input y its drift model predicts, at the window's observed output:
 * - `efficiency`: KPI = output / input, and y is the input (or proportional to it): motor η = P₂/P₁ (y = P₁/P_N),
 *   boiler η (y = fuel heat), pump wire-to-water η (y = P);
 * - `specific`: KPI = input / output: specific energy of a motor on a throughput (y = P₁/P_N), kiln kgce/t (y =
 *   kgce/h), compressor kW/(m³/min) (y = specific power referred to 20 °C: the same inlet temperature cancels), fan
 *   kW/(m³/s), pump kWh/m³ without head (y = P);
 * - `loss`: y is the loss ΔP and KPI = output / (output + ΔP): the transformer's P_LV/P_HV.
 */
export type KpiInverse = 'efficiency' | 'specific' | 'loss';

export function kpiInverse(cls: EquipmentClass, higherIsBetter: boolean): KpiInverse {
  if (cls === 'transformer') return 'loss';
  return higherIsBetter ? 'efficiency' : 'specific';
}

/** The KPI the window would show with input `yAt` instead of the observed `yObs`, its output unchanged. */
export function kpiAtInput(kind: KpiInverse, kpi: number, yObs: number, yAt: number): number {
  if (kind === 'efficiency') return (kpi * yObs) / yAt;
  if (kind === 'specific') return (kpi * yAt) / yObs;
  // η = out / (out + ΔP): the output is η·ΔP/(1 − η)
  const out = (kpi * yObs) / (1 - kpi);
  return out / (out + yAt);
}

/** Why a window has no band (docs/detection.md): the read-out names it. */
export type BandReason =
  'NOT_OBSERVABLE' | 'LEARNING' | 'NO_SPREAD' | 'OFF' | 'UNLOADED' | 'OUTSIDE_BASELINE' | 'NO_DATA';

export type KpiBand = { expected: number; lo: number; hi: number } | { reason: BandReason };

/**
 * The band the drift check judges a window against, in KPI terms: the learned model's input ŷ at the window's
 * drivers, widened by the learned bias ± DRIFT_Z σ of the 1-minute chart's relative residual (the console marks a
 * unit outside its band at the same |z|), turned into the KPI at the window's observed output. `means`: the
 * window's channel means as the class profile sums them. Pure.
 */
export function kpiBand(ctx: DetectorContext, drift: DeviceState['drift'], means: readonly number[]): KpiBand {
  const profile = ctx.profile;
  if (profile.observable !== true) return { reason: 'NOT_OBSERVABLE' };
  if (drift.phase !== 'monitor') return { reason: 'LEARNING' };
  const sigma = drift.scales[0]?.sigma ?? 0;
  if (!(sigma > 0)) return { reason: 'NO_SPREAD' };
  const op = profile.operating(means);
  if (!op.running) return { reason: 'OFF' };
  if (op.unloaded) return { reason: 'UNLOADED' };
  const k = profile.kpi(means);
  const x: number[] = [];
  const pt: number[] = [];
  const y = profile.drift(means, x, pt);
  if (!Number.isFinite(y) || !Number.isFinite(k.value) || y <= 0) return { reason: 'NO_DATA' };
  if (!covered(ctx, drift.cells, pt, ctx.params.drift.coverMinWindows)) return { reason: 'OUTSIDE_BASELINE' };
  const yhat = predict(drift.coef, x);
  const scale = profile.driftScale ? profile.driftScale(x) : yhat;
  const bias = drift.scales[0].bias;
  const kind = kpiInverse(profile.cls, k.higherIsBetter);
  const at = (r: number) => kpiAtInput(kind, k.value, y, yhat + scale * r);
  const [a, b] = [at(bias - DRIFT_Z * sigma), at(bias + DRIFT_Z * sigma)];
  const expected = at(bias);
  if (![a, b, expected].every((v) => Number.isFinite(v) && v > 0)) return { reason: 'NO_DATA' };
  return { expected, lo: Math.min(a, b), hi: Math.max(a, b) };
}
