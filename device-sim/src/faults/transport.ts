import type { DevicePayloadV1 } from '#contracts';
import { isActive, type ActiveFault } from './spec.js';

/** One message to send for a reading. `body` is a payload, or raw text when the payload is deliberately broken. */
export interface Outgoing {
  body: DevicePayloadV1 | string;
  /** data time at which it is due: the reading's time, later for a late message */
  dueTs: number;
  /** send with a wrong password */
  badCredentials?: boolean;
}

/** Applies transport faults (skew, malformed, wrong credentials, duplicate, late) to one reading. Pure. */
export function applyTransportFaults(faults: readonly ActiveFault[], payload: DevicePayloadV1): Outgoing[] {
  const ts = payload.ts as number;
  let body: DevicePayloadV1 | string = payload;
  let dueTs = ts;
  let badCredentials = false;
  let copies = 1;
  for (const f of faults) {
    if (!isActive(f, ts)) continue;
    switch (f.type) {
      case 'clock_skew':
        if (typeof body !== 'string') body = { ...body, ts: ts + f.skewMs };
        break;
      case 'late':
        dueTs = Math.max(dueTs, ts + f.delayMs);
        break;
      case 'duplicate':
        copies = 2;
        break;
      case 'wrong_credentials':
        badCredentials = true;
        break;
      case 'malformed':
        body = malform(body, f.mode);
        break;
      default:
        break;
    }
  }
  const one: Outgoing = badCredentials ? { body, dueTs, badCredentials } : { body, dueTs };
  return copies === 2 ? [one, { ...one }] : [one];
}

function malform(body: DevicePayloadV1 | string, mode: ActiveFault['mode']): DevicePayloadV1 | string {
  if (typeof body === 'string') return body;
  if (mode === 'json') {
    const text = JSON.stringify(body);
    return text.slice(0, Math.max(1, Math.floor(text.length / 2)));
  }
  const metrics: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body.metrics))
    metrics[k] = mode === 'schema' ? v.value : { value: v.value, unit: 'furlong' };
  return JSON.stringify({ ...body, metrics });
}
