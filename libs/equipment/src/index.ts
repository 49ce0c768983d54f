export * from './baselines/types.js';
export * from './baselines/motors.js';
export * from './baselines/transformers.js';
export * from './baselines/boilers.js';
export * from './baselines/kilns.js';
export * from './baselines/machines.js';
export * from './baselines/compressors.js';
export * from './baselines/nameplate.js';
export * from './kpi/electrical.js';
export * from './kpi/thermal.js';
export * from './kpi/machines.js';
export * from './kpi/energy.js';
export * from './factors.js';
export { profileFor, type ClassProfile, type KpiResult, type ProfileOptions } from './profiles/index.js';
export type { OperatingPoint, OperatingState, RangeDriver, StateRules } from './profiles/types.js';
export { registerEntry } from './register.js';

/** Version of the baseline tables: stored with every alert's evidence so a later table change is traceable. */
export const BASELINE_VERSION = 'baselines-2026.1';
