import type { Alert, AlertState, AlertTransition, DeviceSpec, FloodEvent } from '#contracts';
import { ALERT_HISTORY_LIMITS, MAX_SHELVE_MS } from '#contracts';
import type { ClearEvent, OpenEvent } from '#detection';
import { DomainError } from '../http/domain-error.js';

/** ISA-18.2 / EEMUA 191 figures (BASELINES.md, alarm management). */
export const ALARM_LIMITS = {
  chatterTransitions: 3,
  chatterWindowMs: 60_000,
  staleMs: 24 * 3_600_000,
  floodWindowMs: 10 * 60_000,
  floodStart: 10,
  floodEnd: 5,
};

/** A refused alert action: no such alert (404), or one its state does not allow (409). */
export class AlertError extends DomainError {
  constructor(status: 400 | 404 | 409, message: string) {
    super(status, message);
  }
}

export interface BookChange {
  alerts: Alert[];
  floods: FloodEvent[];
}

/** Appends audit entries, keeping the first and the latest ones (ALERT_HISTORY_LIMITS) and counting the rest. */
export function appendHistory(a: Alert, entries: AlertTransition[]): void {
  a.history.push(...entries);
  const { first, last } = ALERT_HISTORY_LIMITS;
  const over = a.history.length - first - last;
  if (over > 0) {
    a.history.splice(first, over);
    a.historyElided = (a.historyElided ?? 0) + over;
  }
}

const key = (plantId: string, deviceId: string, rule: string) => `${plantId}/${deviceId}/${rule}`;
const isActive = (a: Alert) => a.state !== 'resolved';

/**
 * The alert lifecycle, without I/O: one open alert per (device, rule); open → acknowledged → resolved (automatic
 * on clear or manual with a comment); shelving with a reason and a time limit; chattering, stale and flood
 * detection. `now` is passed in (wall clock for user actions), so every rule is testable.
 */
export class AlertBook {
  private readonly byId = new Map<string, Alert>();
  private readonly active = new Map<string, Alert>();
  /** data times of recent open/clear transitions per (device, rule), for chattering */
  private readonly transitions = new Map<string, number[]>();
  private readonly flooding = new Map<string, boolean>();
  /** creation times of recent alerts per plant, for the flood rule */
  private readonly created = new Map<string, number[]>();
  private seq = 0;

  /**
   * `newId` names a new alert; by default `al-{time}-{sequence}`, the sequence restored from the alerts loaded. Where
   * several processes raise alerts into one store (scale-out mode), each passes ids that cannot collide.
   */
  constructor(alerts: Alert[] = [], floods: FloodEvent[] = [], newId?: (now: number) => string) {
    if (newId) this.newId = newId;
    this.adopt(alerts, floods);
  }

  /** Takes over alerts (and the plants' flood episodes, oldest first) kept elsewhere, e.g. at start. */
  adopt(alerts: Alert[], floods: FloodEvent[] = []): void {
    const plants = new Set<string>();
    for (const a of alerts) {
      this.byId.set(a.id, a);
      if (isActive(a)) this.active.set(key(a.plantId, a.deviceId, a.rule), a);
      this.createdIn(a.plantId).push(a.history[0].at);
      plants.add(a.plantId);
      const n = Number(a.id.split('-').pop());
      if (Number.isFinite(n)) this.seq = Math.max(this.seq, n);
    }
    for (const p of plants) this.createdIn(p).sort((x, y) => x - y);
    for (const f of floods) this.flooding.set(f.plantId, f.active);
  }

  /** Lets go of every alert of the plants `inScope` selects (their owner is now another process). */
  forget(inScope: (plantId: string) => boolean): void {
    for (const [id, a] of this.byId) if (inScope(a.plantId)) this.byId.delete(id);
    for (const [k, a] of this.active) if (inScope(a.plantId)) this.active.delete(k);
    for (const k of this.transitions.keys()) if (inScope(k.slice(0, k.indexOf('/')))) this.transitions.delete(k);
    for (const p of this.flooding.keys()) if (inScope(p)) this.flooding.delete(p);
    for (const p of this.created.keys()) if (inScope(p)) this.created.delete(p);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  private newId = (now: number): string => `al-${now.toString(36)}-${++this.seq}`;

  list(): Alert[] {
    return [...this.byId.values()];
  }

  get(id: string): Alert {
    const a = this.byId.get(id);
    if (!a) throw new AlertError(404, `no alert ${id}`);
    return a;
  }

  isFlooding(plantId: string): boolean {
    return this.flooding.get(plantId) ?? false;
  }

  /** A detection event opened a condition. */
  open(device: DeviceSpec, e: OpenEvent, now: number): BookChange {
    const k = key(device.plantId, device.id, e.rule);
    const chattering = this.transition(k, e.ts);
    const existing = this.active.get(k);
    if (existing) {
      // the condition came back before its alert was closed (a suppressed clear while chattering)
      existing.evidence = e.evidence;
      if (chattering && !existing.flags.chattering) return this.flag(existing, 'chattering', now);
      return { alerts: [], floods: [] };
    }
    const a: Alert = {
      id: this.newId(now),
      plantId: device.plantId,
      deviceId: device.id,
      class: device.class,
      rule: e.rule,
      kind: e.kind,
      priority: e.priority,
      state: 'open',
      openedAt: e.ts,
      message: e.message,
      evidence: e.evidence,
      flags: e.unverifiedBaseline ? { unverifiedBaseline: true } : {},
      history: [{ state: 'open', at: now, by: 'system', comment: e.message.en }],
      updatedAt: now,
    };
    if (chattering) a.flags.chattering = true;
    this.byId.set(a.id, a);
    this.active.set(k, a);
    this.createdIn(device.plantId).push(now);
    return { alerts: [a], floods: this.floodCheck(device.plantId, now) };
  }

  /** A detection event cleared a condition: resolve automatically, unless the alert is chattering. */
  clear(device: DeviceSpec, e: ClearEvent, now: number): BookChange {
    const k = key(device.plantId, device.id, e.rule);
    const chattering = this.transition(k, e.ts);
    const a = this.active.get(k);
    if (!a) return { alerts: [], floods: [] };
    if (chattering || a.flags.chattering) {
      // suppressed: a flapping condition stays one open alert, flagged, instead of a stream of new ones
      return a.flags.chattering ? { alerts: [], floods: [] } : this.flag(a, 'chattering', now);
    }
    a.clearedAt = e.ts;
    return { alerts: [this.move(a, 'resolved', now, 'system', 'condition cleared')], floods: [] };
  }

  acknowledge(id: string, by: string, comment: string | undefined, now: number): Alert {
    const a = this.get(id);
    if (a.state !== 'open')
      throw new AlertError(409, `alert ${id} is ${a.state}; only an open alert can be acknowledged`);
    return this.move(a, 'acknowledged', now, by, comment);
  }

  resolve(id: string, by: string, comment: string | undefined, now: number): Alert {
    const a = this.get(id);
    if (!comment?.trim()) throw new AlertError(400, 'resolving by hand needs a comment');
    if (a.state === 'resolved') throw new AlertError(409, `alert ${id} is already resolved`);
    a.shelved = undefined;
    return this.move(a, 'resolved', now, by, comment);
  }

  shelve(id: string, by: string, reason: string | undefined, durationMs: number, now: number): Alert {
    const a = this.get(id);
    if (!reason?.trim()) throw new AlertError(400, 'shelving needs a reason');
    if (!(Number.isFinite(durationMs) && durationMs > 0 && durationMs <= MAX_SHELVE_MS))
      throw new AlertError(400, `shelving needs a duration in (0, ${MAX_SHELVE_MS}] ms`);
    if (a.state !== 'open' && a.state !== 'acknowledged')
      throw new AlertError(409, `alert ${id} is ${a.state}; only an open or acknowledged alert can be shelved`);
    a.shelved = { until: now + durationMs, reason, by, resume: a.state };
    return this.move(a, 'shelved', now, by, `${reason} (until ${new Date(now + durationMs).toISOString()})`);
  }

  unshelve(id: string, by: string, comment: string | undefined, now: number): Alert {
    const a = this.get(id);
    if (a.state !== 'shelved' || !a.shelved) throw new AlertError(409, `alert ${id} is not shelved`);
    const resume = a.shelved.resume;
    a.shelved = undefined;
    return this.move(a, resume, now, by, comment ?? 'unshelved');
  }

  /** Periodic housekeeping: expired shelving, stale alerts, flood end. */
  tick(now: number): BookChange {
    const changed: Alert[] = [];
    for (const a of this.active.values()) {
      if (a.state === 'shelved' && a.shelved && now >= a.shelved.until)
        changed.push(this.unshelve(a.id, 'system', 'shelving time limit reached', now));
      else if (!a.flags.stale && now - a.history[0].at >= ALARM_LIMITS.staleMs) {
        a.flags.stale = true;
        a.updatedAt = now;
        changed.push(a);
      }
    }
    const floods: FloodEvent[] = [];
    for (const plantId of this.flooding.keys()) floods.push(...this.floodCheck(plantId, now));
    return { alerts: changed, floods };
  }

  private createdIn(plantId: string): number[] {
    let t = this.created.get(plantId);
    if (!t) this.created.set(plantId, (t = []));
    return t;
  }

  private move(a: Alert, state: AlertState, now: number, by: string, comment?: string): Alert {
    a.state = state;
    a.updatedAt = now;
    appendHistory(a, [{ state, at: now, by, ...(comment ? { comment } : {}) }]);
    if (state === 'resolved') this.active.delete(key(a.plantId, a.deviceId, a.rule));
    return a;
  }

  private flag(a: Alert, flag: 'chattering', now: number): BookChange {
    a.flags[flag] = true;
    a.updatedAt = now;
    return { alerts: [a], floods: [] };
  }

  /** Records a transition; true when there have been ≥ 3 in the last minute (data time). */
  private transition(k: string, ts: number): boolean {
    const list = this.transitions.get(k) ?? [];
    list.push(ts);
    while (list.length && ts - list[0] > ALARM_LIMITS.chatterWindowMs) list.shift();
    this.transitions.set(k, list);
    return list.length >= ALARM_LIMITS.chatterTransitions;
  }

  /** Flood: > 10 new alerts in the plant in 10 minutes (wall clock of creation); it ends below 5. */
  private floodCheck(plantId: string, now: number): FloodEvent[] {
    const times = this.createdIn(plantId);
    while (times.length && now - times[0] > ALARM_LIMITS.floodWindowMs) times.shift();
    const count = times.length;
    const was = this.flooding.get(plantId) ?? false;
    if (!was && count > ALARM_LIMITS.floodStart) {
      this.flooding.set(plantId, true);
      return [{ plantId, active: true, at: now, count }];
    }
    if (was && count < ALARM_LIMITS.floodEnd) {
      this.flooding.set(plantId, false);
      return [{ plantId, active: false, at: now, count }];
    }
    return [];
  }
}
