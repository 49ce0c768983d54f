export { complianceReport, TARGETS, type ReportInput } from './report.js';
export { levelOf, capacityOf, LEVEL_RULE } from './levels.js';
export * from './plan/index.js';
