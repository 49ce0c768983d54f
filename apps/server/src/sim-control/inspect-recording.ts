import { parseTelemetryTopic } from '#contracts';
import { openRecording, remapMessage, type Remap } from '#device-sim';
import { ControlError } from './control-error.js';

/** how many unknown or busy targets a refusal names (and, reading a recording, when it stops) */
export const UNKNOWN_LISTED = 10;

/** What the platform knows of a replay's targets: registered, and able to log in as them. */
export interface ReplayTargets {
  known(kind: 'device' | 'gateway', plantId: string, id: string): boolean;
  loggable(plantId: string, id: string): boolean;
}

/**
 * One pass over an uploaded recording before anything is sent: its messages must parse and name devices the
 * platform can act as. Refuses with BAD_RECORDING, UNKNOWN_DEVICE or NO_CREDENTIALS; otherwise the message count
 * and the `plant/device` keys it targets.
 */
export async function inspectRecording(
  file: string,
  remap: Remap,
  platform: ReplayTargets,
): Promise<{ count: number; targets: Set<string> }> {
  const targets = new Set<string>();
  const unknown = new Set<string>();
  const noSecret = new Set<string>();
  let count = 0;
  try {
    const rec = await openRecording(file, 'upload');
    for await (const m of rec.messages) {
      count++;
      const t = parseTelemetryTopic(remapMessage(m.topic, Buffer.alloc(0), { ...remap, shiftMs: 0 }).topic);
      if (!t) continue; // not a telemetry topic: the broker's ACL decides, as for any client
      const id = t.kind === 'device' ? t.deviceId : t.gatewayId;
      const key = `${t.plantId}/${id}`;
      if (targets.has(key) || unknown.has(key) || noSecret.has(key)) continue;
      if (!platform.known(t.kind, t.plantId, id)) unknown.add(key);
      else if (!platform.loggable(t.plantId, id)) noSecret.add(key);
      else targets.add(key);
      if (unknown.size >= UNKNOWN_LISTED) break;
    }
  } catch (e) {
    throw new ControlError('BAD_RECORDING', (e as Error).message);
  }
  const list = (s: Set<string>) => [...s].join(', ');
  if (unknown.size)
    throw new ControlError(
      'UNKNOWN_DEVICE',
      `the recording targets devices the platform does not know: ${list(unknown)} (register them, or map them with map=old=new)`,
    );
  if (noSecret.size)
    throw new ControlError(
      'NO_CREDENTIALS',
      `the fleet file holds no secret for ${list(noSecret)}, so the platform cannot publish as them; replay with the device-sim CLI and --fleet`,
    );
  return { count, targets };
}
