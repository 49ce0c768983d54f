export { complianceReport, TARGETS, type ReportInput } from './report.js';
export { levelOf, capacityOf, LEVEL_RULE } from './levels.js';
export * from './plan/index.js';
export {
  planComplianceReport,
  fieldShares,
  PLAN_TARGETS,
  COMPLETENESS_THRESHOLD,
  KGCE_PER_KGOE,
  type LineMonth,
  type PlanReportInput,
} from './plan-report.js';
export { planPeriods, type PlanPeriodSpan } from './plan-periods.js';
export { indicator, monitoringReport, MONITORING_THRESHOLDS, type MonitoringInput } from './monitoring/indicators.js';
