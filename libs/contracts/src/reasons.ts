/** Why an inbound message or reading was rejected. Each code is something a person can act on. */
export const REJECT_REASONS = {
  MALFORMED_JSON: 'payload is not valid UTF-8 JSON',
  SCHEMA: 'payload does not follow the telemetry schema (see docs/telemetry.md)',
  UNKNOWN_DEVICE: 'device is not registered in the fleet',
  UNKNOWN_METRIC: 'metric name is not in the catalogue',
  UNIT: 'unit is not accepted for this metric',
  IMPLAUSIBLE_VALUE: 'value is outside the physically plausible range of the metric',
  MISSING_METRIC: "a metric the device's class requires is missing",
  TIMESTAMP_SKEW: 'timestamp too far in the future or too old',
  OVERSIZE: 'message larger than the configured maximum',
  NOT_AUTHORIZED: 'client may not publish to this topic',
  BAD_CREDENTIALS: 'unknown client or wrong secret',
  BAD_TOPIC: 'topic does not follow the topic layout',
} as const;

export type RejectReason = keyof typeof REJECT_REASONS;
