import { parseTelemetryTopic, topics } from '#contracts';

/** Id remapping for replays: device (and gateway) ids, plant ids. Unmapped ids pass through. */
export interface Remap {
  devices?: Record<string, string>;
  plants?: Record<string, string>;
  /** added to every payload timestamp (epoch ms), e.g. to bring old data into the accepted window */
  shiftMs?: number;
}

const map = (m: Record<string, string> | undefined, id: string): string => m?.[id] ?? id;

/** Parses `a=b,c=d` into a mapping. */
export function parseMapping(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (text ?? '').split(',').filter(Boolean)) {
    const [from, to] = pair.split('=');
    if (!from || !to) throw new Error(`mapping: cannot read "${pair}" (use old=new,old2=new2)`);
    out[from.trim()] = to.trim();
  }
  return out;
}

export const isIdentity = (r: Remap): boolean =>
  !r.shiftMs && !Object.keys(r.devices ?? {}).length && !Object.keys(r.plants ?? {}).length;

/**
 * Applies a remap to one message. The payload is rewritten only when it must be (a gateway batch naming
 * remapped devices, or shifted timestamps); otherwise its bytes pass through untouched, broken ones included.
 */
export function remapMessage(topic: string, payload: Buffer, r: Remap): { topic: string; payload: Buffer } {
  if (isIdentity(r)) return { topic, payload };
  const t = parseTelemetryTopic(topic);
  if (!t) return { topic, payload };
  const plant = map(r.plants, t.plantId);
  const newTopic =
    t.kind === 'device'
      ? topics.deviceTelemetry(plant, map(r.devices, t.deviceId))
      : topics.gatewayTelemetry(plant, map(r.devices, t.gatewayId));
  const rewriteBody = !!r.shiftMs || (t.kind === 'gateway' && Object.keys(r.devices ?? {}).length > 0);
  if (!rewriteBody) return { topic: newTopic, payload };
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(payload.toString('utf8')) as Record<string, unknown>;
  } catch {
    return { topic: newTopic, payload };
  }
  const shift = (x: Record<string, unknown>) => {
    if (r.shiftMs && typeof x.ts === 'number') x.ts += r.shiftMs;
    else if (r.shiftMs && typeof x.ts === 'string') x.ts = new Date(Date.parse(x.ts) + r.shiftMs).toISOString();
  };
  if (Array.isArray(doc.readings))
    for (const item of doc.readings as Array<Record<string, unknown>>) {
      if (!item || typeof item !== 'object') continue;
      if (typeof item.device === 'string') item.device = map(r.devices, item.device);
      shift(item);
    }
  else shift(doc);
  return { topic: newTopic, payload: Buffer.from(JSON.stringify(doc)) };
}
