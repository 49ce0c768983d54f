/** A unit's display state is judged the same way by the server (its summaries) and the console: one definition. */
export {
  DRIFT_Z,
  STALE_MS,
  STATUS_ORDER,
  STATUS_SHAPE,
  belowLimit,
  deviceStatus,
  gradable,
  margin,
  statusRank,
  type Status,
} from '#contracts';
