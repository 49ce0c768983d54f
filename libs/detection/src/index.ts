export { createContext, initialState, relearn, step } from './detector.js';
export { periodStart } from './period-check.js';
export { DEFAULT_PARAMS, paramsWith, type DetectionParams, type CusumScale } from './params.js';
export type * from './types.js';
export {
  newSilenceWatch,
  heard,
  fallenSilent,
  forgetSilence,
  silenceOpen,
  silenceClear,
  type SilenceWatch,
} from './silence.js';
export { kpiBand, kpiAtInput, kpiInverse, type KpiBand, type BandReason, type KpiInverse } from './kpi-band.js';
