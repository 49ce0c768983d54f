export { createContext, initialState, step } from './detector.js';
export { DEFAULT_PARAMS, paramsWith, type DetectionParams, type CusumScale } from './params.js';
export type * from './types.js';
