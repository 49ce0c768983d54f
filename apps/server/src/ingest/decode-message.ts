import { DEFAULT_TIMESTAMP_POLICY, decodeTelemetry, type DecodeResult, type ParsedTopic } from '#contracts';
import type { FleetRegistry } from '../fleet/fleet-registry.js';

/**
 * Decodes a message's payload against the fleet as ingest does: used when it arrives, and again when the spool
 * reads it back from disk, so the two can never disagree on what a message holds.
 */
export function decodeMessage(
  fleet: FleetRegistry,
  topic: ParsedTopic,
  payload: Uint8Array,
  receivedAt: number,
  maxAgeMs = DEFAULT_TIMESTAMP_POLICY.maxAgeMs,
): DecodeResult {
  return decodeTelemetry(payload, {
    topic,
    now: receivedAt,
    policy: { ...DEFAULT_TIMESTAMP_POLICY, maxAgeMs },
    lookupDevice: (p, d) => fleet.device(p, d),
  });
}
