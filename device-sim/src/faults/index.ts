export * from './spec.js';
export { healthAt } from './efficiency.js';
export { applySensorFaults, newSensorMemory, type SensorMemory } from './sensor.js';
export { applyTransportFaults, type Outgoing } from './transport.js';
