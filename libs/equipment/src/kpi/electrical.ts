import { partLoadFactor } from '../baselines/motors.js';

/** Motors: load factor β ≈ P1·η_N / P_N (shaft power is not metered; BASELINES: field estimate). */
export function motorLoadFactor(p1Kw: number, ratedKw: number, ratedEfficiencyPct: number): number {
  return (p1Kw * (ratedEfficiencyPct / 100)) / ratedKw;
}

export interface MotorEstimate {
  /** load factor, 1 */
  beta: number;
  /** estimated efficiency at this load, % */
  efficiencyPct: number;
  /** estimated shaft power P2, kW */
  shaftKw: number;
}

/**
 * Motor efficiency estimated from input power: β from P1, then η = η_N × part-load factor(β). It cannot see an
 * efficiency loss by itself (a worse motor draws more P1 and looks more loaded): that is the drift check's job.
 */
export function motorEfficiency(p1Kw: number, ratedKw: number, ratedEfficiencyPct: number): MotorEstimate {
  const beta = motorLoadFactor(p1Kw, ratedKw, ratedEfficiencyPct);
  const efficiencyPct = ratedEfficiencyPct * partLoadFactor(beta);
  return { beta, efficiencyPct, shaftKw: (p1Kw * efficiencyPct) / 100 };
}

/** Transformers: expected loss at load factor β, kW: P0 + β²·Pk (GB 20052 loss model). */
export function transformerExpectedLoss(beta: number, p0Kw: number, pkKw: number): number {
  return p0Kw + beta * beta * pkKw;
}

/** Efficiency at β and cosφ, %: η = β·S_N·cosφ / (β·S_N·cosφ + P0 + β²·Pk). */
export function transformerEfficiencyAt(
  beta: number,
  ratedKva: number,
  cosPhi: number,
  p0Kw: number,
  pkKw: number,
): number {
  const out = beta * ratedKva * cosPhi;
  return (100 * out) / (out + transformerExpectedLoss(beta, p0Kw, pkKw));
}

/** The load factor of highest efficiency: β = √(P0/Pk). */
export function transformerOptimalLoad(p0Kw: number, pkKw: number): number {
  return Math.sqrt(p0Kw / pkKw);
}

export interface TransformerMeasured {
  /** ΔP = P_HV − P_LV, kW */
  lossKw: number;
  /** load factor from the LV side: P_LV / (S_N·cosφ), 1 */
  beta: number;
  /** P_LV / P_HV, % */
  efficiencyPct: number;
}

/** Loss measured by meters on both sides. */
export function transformerMeasured(hvKw: number, lvKw: number, ratedKva: number, cosPhi: number): TransformerMeasured {
  const pf = cosPhi > 0.05 ? cosPhi : 0.9;
  return { lossKw: hvKw - lvKw, beta: lvKw / (ratedKva * pf), efficiencyPct: hvKw > 0 ? (100 * lvKw) / hvKw : 0 };
}
