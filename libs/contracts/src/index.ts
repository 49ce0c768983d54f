export * from './units.js';
export * from './equipment-classes.js';
export * from './topics.js';
export * from './reasons.js';
export * from './fleet.js';
export * from './telemetry.js';
export * from './socket-events.js';
export * from './alerts.js';
