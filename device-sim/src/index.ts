export { SimDevice } from './device.js';
export { startFleet, type FleetRunOptions, type RunningFleet } from './fleet-runner.js';
export { Rng, deviceSeed } from './rng.js';
export { shiftLoad } from './schedule.js';
export { MODELS } from './models/index.js';
