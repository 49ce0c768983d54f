import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { partitionOf, type Alert, type AlertQuery, type FloodEvent } from '#contracts';
import { AlertError } from '../alerts/alert-book.js';
import { AlertRemote, filterAlerts, type AlertCommand } from '../alerts/alert-command.js';
import { DomainError } from '../http/domain-error.js';
import type { StateDb } from '../state/state-db.js';
import { readingsKey, replyKey, type CommandEntry, type CommandReply } from './log-entries.js';

/** how long the API waits for the owner's answer (a takeover after a crash takes about two rebalance ticks) */
export const REPLY_TIMEOUT_MS = 5_000;
/** the owner applies an action only this long after it was sent, so that it can still answer before the API gives up */
const APPLY_WINDOW_MS = 4_000;

/**
 * Alerts as an API process sees them in scale-out mode: read fresh from the state store (the owners write every
 * change there before they broadcast it), and acted on by the owner of the alert's plant. An action is a command
 * entry (field `c`) in the plant's partition stream, so the owner applies it in order with the readings; the owner
 * answers on `qw:reply:{id}`. No answer in time: 503 OWNER_UNAVAILABLE, and the owner will not apply it later.
 */
export class RoutedAlerts extends AlertRemote {
  constructor(
    private readonly state: StateDb,
    private readonly redis: Redis,
    private readonly partitions: number,
    private readonly timeoutMs = REPLY_TIMEOUT_MS,
  ) {
    super();
  }

  async list(filter: AlertQuery): Promise<Alert[]> {
    let q = this.state.db.selectFrom('alerts').select('doc');
    if (filter.plantId) q = q.where('plant_id', '=', filter.plantId);
    if (filter.deviceId) q = q.where('device_id', '=', filter.deviceId);
    const rows = await q.execute();
    return filterAlerts(
      rows.map((r) => JSON.parse(r.doc) as Alert),
      filter,
    );
  }

  async get(id: string): Promise<Alert> {
    const row = await this.state.db.selectFrom('alerts').select('doc').where('id', '=', id).executeTakeFirst();
    if (!row) throw new AlertError(404, `no alert ${id}`);
    return JSON.parse(row.doc) as Alert;
  }

  async floods(): Promise<FloodEvent[]> {
    const rows = await this.state.db.selectFrom('alert_floods').select('doc').orderBy('seq').execute();
    return rows.map((r) => JSON.parse(r.doc) as FloodEvent);
  }

  async act(plantId: string, cmd: AlertCommand): Promise<Alert> {
    const rid = randomUUID();
    const entry: CommandEntry = { rid, plantId, deadline: Date.now() + Math.min(APPLY_WINDOW_MS, this.timeoutMs), cmd };
    // BLPOP blocks its connection: one of its own per waiting action (operator actions are few)
    const waiter = this.redis.duplicate();
    try {
      try {
        await this.redis.xadd(readingsKey(partitionOf(plantId, this.partitions)), '*', 'c', JSON.stringify(entry));
      } catch (e) {
        throw new DomainError(503, `alert actions are unavailable: ${(e as Error).message}`, 'LOG_UNAVAILABLE');
      }
      const got = await waiter.blpop(replyKey(rid), Math.ceil(this.timeoutMs / 1000)).catch(() => null);
      if (!got)
        throw new DomainError(
          503,
          `no process answered for plant ${plantId} in time; the action was not applied, try again`,
          'OWNER_UNAVAILABLE',
        );
      const reply = JSON.parse(got[1]) as CommandReply;
      if (reply.ok) return reply.alert;
      throw new DomainError(reply.status, reply.message);
    } finally {
      waiter.disconnect();
    }
  }
}
