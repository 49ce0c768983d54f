import { z } from 'zod';

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
  CLIENT_ID_REJECTED:
    'CONNECT refused: the client id is longer than 128 characters or (authentication on) not the user name or `{user name}/{tag}`',
  CONNECT_THROTTLED:
    'CONNECT refused for now: too many failed logins from this address or for this user name, too many secret checks waiting, or the connection cap reached; retry later',
  BAD_TOPIC: 'topic does not follow the topic layout',
  DROPPED_QOS0: 'QoS 0 message dropped because the spool was full (send QoS 1 to be slowed down instead)',
  DECODE_FAILED:
    'the platform failed while decoding this message (a fault on its side, please report it): acknowledged and kept here so it does not block the readings behind it',
  STORE_REJECTED:
    'acknowledged, then refused by the time-series store (older than its retention, a field type conflict): kept here so it does not hold up the readings behind it',
} as const;

export type RejectReason = keyof typeof REJECT_REASONS;

/** Sent on a client's errors topic (`topics.deviceErrors` / `topics.gatewayErrors`) for every rejection. */
export interface ErrorNotice {
  reason: RejectReason;
  detail: string;
  /** server time of the rejection, epoch ms */
  ts: number;
  /** the message's topic */
  topic: string;
  /** position of the reading inside a gateway batch */
  index?: number;
  deviceId?: string;
}

/** A rejected message as kept by the dead-letter store and served by `GET /api/dead-letters`. */
export const DeadLetterSchema = z
  .object({
    /** increasing sequence number; also the paging cursor */
    id: z.number().int(),
    /** server time of receipt, epoch ms */
    receivedAt: z.number(),
    topic: z.string(),
    clientId: z.string(),
    /** the authenticated identity (`{plantId}/{id}`), when there was one */
    username: z.string().optional(),
    plantId: z.string().optional(),
    deviceId: z.string().optional(),
    reason: z.enum(Object.keys(REJECT_REASONS) as [RejectReason]),
    detail: z.string(),
    index: z.number().int().optional(),
    /** raw payload, base64; payloads over 16 KiB are truncated (see `size`) */
    payload: z.string(),
    size: z.number().int(),
    truncated: z.boolean().optional(),
  })
  .meta({ id: 'DeadLetter' });
export type DeadLetter = z.infer<typeof DeadLetterSchema>;

export const DeadLetterPageSchema = z
  .object({
    items: z.array(DeadLetterSchema),
    /** pass as `cursor` to get the next page; absent on the last page */
    nextCursor: z.number().int().optional(),
    /** dead letters dropped, oldest first, to keep the store within its cap */
    dropped: z.number().int(),
  })
  .meta({ id: 'DeadLetterPage' });
export type DeadLetterPage = z.infer<typeof DeadLetterPageSchema>;
