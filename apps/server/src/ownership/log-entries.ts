import { partitionOf, type Alert, type Reading } from '#contracts';
import type { AlertCommand } from '../alerts/alert-command.js';

/** Redis keys of scale-out mode: one readings stream per plant partition, one reply list per routed command. */
export const readingsKey = (partition: number): string => `qw:readings:${partition}`;
export const replyKey = (requestId: string): string => `qw:reply:${requestId}`;

/** An alert action routed to the owner of its plant; `deadline` (epoch ms): after it the sender has given up. */
export interface CommandEntry {
  rid: string;
  plantId: string;
  deadline: number;
  cmd: AlertCommand;
}

/** The owner's answer: the alert after the action, or the refusal the AlertBook gave (status as over HTTP). */
export type CommandReply = { ok: true; alert: Alert } | { ok: false; status: number; message: string };

export type LogEntry = { readings: Reading[] } | { command: CommandEntry } | { bad: string };

/** A message's readings per partition of their plants (one stream entry per partition). */
export function byPartition(readings: readonly Reading[], partitions: number): Map<number, Reading[]> {
  const out = new Map<number, Reading[]>();
  for (const r of readings) {
    const p = partitionOf(r.plantId, partitions);
    let list = out.get(p);
    if (!list) out.set(p, (list = []));
    list.push(r);
  }
  return out;
}

const OPS = new Set(['acknowledge', 'resolve', 'shelve', 'unshelve']);
const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/**
 * One stream entry's fields (`r`: readings JSON, `c`: a command JSON) as the owner applies it. The stream is written
 * by qinwatt processes only, but an entry that does not parse is reported, never thrown: one bad entry must not
 * stop a partition.
 */
export function decodeEntry(fields: readonly string[]): LogEntry {
  const field = (name: string) => {
    for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
    return undefined;
  };
  try {
    const r = field('r');
    if (r !== undefined) {
      const readings = JSON.parse(r) as unknown;
      return Array.isArray(readings) ? { readings: readings as Reading[] } : { bad: 'r is not an array' };
    }
    const c = field('c');
    if (c === undefined) return { bad: 'neither r nor c' };
    const e = JSON.parse(c) as Partial<CommandEntry>;
    const cmd = e.cmd as Partial<AlertCommand> | undefined;
    if (!isText(e.rid) || !isText(e.plantId) || typeof e.deadline !== 'number' || !cmd || !OPS.has(cmd.op ?? ''))
      return { bad: 'malformed command' };
    if (!isText(cmd.id) || !isText(cmd.by)) return { bad: 'command without alert id or user' };
    return { command: e as CommandEntry };
  } catch (err) {
    return { bad: (err as Error).message };
  }
}

/** Orders two Redis stream ids (`{ms}-{seq}`): negative, zero or positive as `a` is before, equal to or after `b`. */
export function compareIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(Number);
  const [bm, bs] = b.split('-').map(Number);
  return am !== bm ? am - bm : (as ?? 0) - (bs ?? 0);
}
