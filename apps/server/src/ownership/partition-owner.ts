import { randomInt } from 'node:crypto';
import type { Redis } from 'ioredis';
import { partitionOf, type Alert, type FloodEvent, type Reading } from '#contracts';
import { ALARM_LIMITS } from '../alerts/alert-book.js';
import type { AlertService } from '../alerts/alert.service.js';
import type { DetectionRunner } from '../detection/detection.runner.js';
import { DomainError } from '../http/domain-error.js';
import type { Logger } from '../logger.js';
import type { StateDb } from '../state/state-db.js';
import { compareIds, decodeEntry, readingsKey, replyKey, type CommandEntry, type CommandReply } from './log-entries.js';
import type { Checkpoint, PartitionLocks } from './partition-locks.js';
import { rebalance } from './rebalance.js';
import { ReorderBuffer } from './reorder.js';

export interface OwnerDeps {
  runner: Pick<DetectionRunner, 'judge' | 'adopt' | 'statesOf' | 'drop'>;
  alerts: Pick<AlertService, 'adopt' | 'release' | 'execute' | 'holds' | 'settled' | 'ownPlants'>;
  state: StateDb;
  /** the plants of the fleet */
  plants: () => string[];
  /** a new ownership connection (one per life: after losing one, the process joins again with a new one) */
  locks: () => PartitionLocks;
  /** replies and trimming */
  redis: Redis;
  /** blocking reads: a connection of its own */
  reader: Redis;
  log: Logger;
}

export interface OwnerOptions {
  partitions: number;
  tickMs?: number;
  checkpointMs?: number;
  /** a partition is checkpointed after this many entries even before `checkpointMs` */
  checkpointEntries?: number;
  blockMs?: number;
  readCount?: number;
  /** how long a reading waits in the log for an earlier one of its device appended late by another ingest process */
  reorderMs?: number;
}

interface Owned {
  /** the id of the last entry read (`0-0`: none yet) */
  lastId: string;
  /** readings judged since the last checkpoint */
  applied: number;
  /** readings read and not yet judged, put back in each device's time order */
  buffer: ReorderBuffer;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One detection process's share of the plant partitions (SCALE.md, "Ownership"): it holds a partition while it
 * holds that partition's advisory lock, judges the partition's readings log in order from its checkpoint, applies
 * the alert actions routed into it, and checkpoints (detector states + last entry id, one transaction) every second
 * or `checkpointEntries` entries, then trims the stream below the checkpoint. Taking a partition loads its checkpoint
 * and its plants' alerts; giving one up checkpoints it first. Replaying from a checkpoint is exact: the states are
 * those after the checkpointed entry, and an alert raised again finds its open alert (one per device and rule).
 */
export class PartitionOwner {
  private locks?: PartitionLocks;
  private readonly owned = new Map<number, Owned>();
  private readonly offset: number;
  private timers: NodeJS.Timeout[] = [];
  private loop?: Promise<void>;
  private stopped = false;
  private ticking = false;
  private checkpointPending = false;
  private writes: Promise<void> = Promise.resolve();
  private readonly o: Required<OwnerOptions>;
  readonly counters = { entries: 0, readings: 0, commands: 0, expired: 0, bad: 0, taken: 0, given: 0, checkpoints: 0 };

  constructor(
    private readonly d: OwnerDeps,
    options: OwnerOptions,
  ) {
    this.o = {
      tickMs: 1000,
      checkpointMs: 1000,
      checkpointEntries: 5000,
      blockMs: 500,
      readCount: 1000,
      reorderMs: 1000,
      ...options,
    };
    this.offset = randomInt(this.o.partitions);
  }

  /** the partitions this process owns now */
  partitions(): number[] {
    return [...this.owned.keys()].sort((a, b) => a - b);
  }

  /** whether the ownership connection is up (readiness of the detection role) */
  get connected(): boolean {
    return this.locks?.alive === true;
  }

  async start(): Promise<void> {
    await this.join();
    await this.tick();
    this.timers.push(setInterval(() => void this.tick(), this.o.tickMs));
    this.timers.push(setInterval(() => void this.checkpoint(), this.o.checkpointMs));
    this.loop = this.readLoop();
  }

  /** Orderly stop: every partition checkpointed and let go, so another process resumes exactly here. */
  async stop(): Promise<void> {
    this.halt();
    await this.loop;
    for (const p of this.partitions()) await this.give(p).catch((e: Error) => this.fail('giving up', e));
    await this.locks?.close();
  }

  /** Stops at once, checkpointing nothing and releasing nothing: what a killed process does (tests). */
  halt(): void {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
  }

  private async join(): Promise<void> {
    const locks = this.d.locks();
    locks.onLost((why) => this.lost(why));
    await locks.connect();
    this.locks = locks;
  }

  /** the ownership connection is gone, and its locks with it: stop judging at once, join again at the next tick */
  private lost(why: string): void {
    if (this.stopped) return;
    const scope = this.scope(new Set(this.owned.keys()));
    this.owned.clear();
    this.d.alerts.ownPlants(() => false);
    this.d.runner.drop(scope);
    this.d.alerts.release(scope);
    this.d.log.error({ why }, 'detection ownership: connection lost, every partition given up');
  }

  private async tick(): Promise<void> {
    if (this.ticking || this.stopped) return;
    this.ticking = true;
    try {
      if (!this.locks?.alive) await this.join();
      const locks = this.locks!;
      const plan = rebalance({
        partitions: this.o.partitions,
        members: await locks.members(),
        mine: new Set(this.owned.keys()),
        held: await locks.held(),
        offset: this.offset,
      });
      for (const p of plan.release) await this.give(p);
      for (const p of plan.acquire) if (!this.stopped && (await locks.tryLock(p))) await this.take(p, locks);
    } catch (e) {
      this.fail('rebalance', e as Error);
    } finally {
      this.ticking = false;
    }
  }

  private async take(p: number, locks: PartitionLocks): Promise<void> {
    try {
      const cp = await locks.load(p);
      const { alerts, floods } = await this.plantAlerts(p);
      this.d.alerts.adopt(alerts, floods);
      this.d.runner.adopt(cp ? (JSON.parse(cp.states) as Record<string, unknown>) : {});
      const from = cp?.lastId ?? '0-0';
      this.owned.set(p, { lastId: from, applied: 0, buffer: new ReorderBuffer(from) });
      this.d.alerts.ownPlants(this.scope(new Set(this.owned.keys())));
      this.counters.taken++;
      this.d.log.info({ partition: p, from: cp?.lastId ?? '0-0', alerts: alerts.length }, 'partition taken');
    } catch (e) {
      // nothing half-taken: let the lock go, another tick (or process) tries again
      const scope = this.scope(new Set([p]));
      this.d.runner.drop(scope);
      this.d.alerts.release(scope);
      await locks.unlock(p).catch(() => undefined);
      throw e;
    }
  }

  /** checkpoints the partition, then lets it go (its states, alerts and lock) */
  private give(p: number): Promise<void> {
    return this.serially(async () => {
      // what is still held is judged now: the next owner would otherwise read it again from the checkpoint
      const held = this.owned.get(p)?.buffer.drain() ?? [];
      if (held.length) this.judge(held);
      const cp = this.capture(p);
      if (!cp) return;
      this.owned.delete(p);
      this.d.alerts.ownPlants(this.scope(new Set(this.owned.keys())));
      try {
        await this.d.alerts.settled();
        await this.locks!.save([cp], Date.now());
        await this.trim([cp]);
      } finally {
        const scope = this.scope(new Set([p]));
        this.d.runner.drop(scope);
        this.d.alerts.release(scope);
        await this.locks!.unlock(p).catch(() => undefined);
        this.counters.given++;
        this.d.log.info({ partition: p, at: cp.lastId }, 'partition given up');
      }
    });
  }

  /** the partition's states and last entry, taken at one instant (the read loop does not run in between) */
  private capture(p: number): Checkpoint | undefined {
    const o = this.owned.get(p);
    if (!o) return undefined;
    o.applied = 0;
    return {
      partition: p,
      lastId: o.buffer.checkpointId,
      states: JSON.stringify(this.d.runner.statesOf(this.scope(new Set([p])))),
    };
  }

  /** every partition with entries applied since its last checkpoint; skipped while one is already under way */
  private checkpoint(): Promise<void> {
    if (this.checkpointPending || !this.locks?.alive) return Promise.resolve();
    this.checkpointPending = true;
    return this.serially(async () => {
      this.checkpointPending = false;
      const locks = this.locks;
      const due = [...this.owned].filter(([, o]) => o.applied > 0).map(([p]) => this.capture(p)!);
      if (!due.length || !locks?.alive) return;
      try {
        // the alerts the checkpointed readings raised are written first: a replay must find them
        await this.d.alerts.settled();
        await locks.save(due, Date.now());
        this.counters.checkpoints++;
        await this.trim(due);
      } catch (e) {
        for (const c of due) {
          const o = this.owned.get(c.partition);
          if (o) o.applied++;
        }
        this.fail('checkpoint', e as Error);
      }
    });
  }

  /**
   * Checkpoints are captured and written one after another, never side by side: a checkpoint captured earlier and
   * written later would move a partition back below where its stream has been trimmed.
   */
  private serially(job: () => Promise<void>): Promise<void> {
    const run = this.writes.then(job);
    this.writes = run.catch((e: Error) => this.fail('checkpoint', e));
    return run;
  }

  /** what is checkpointed will not be read again: the streams keep entries from the checkpoint on */
  private async trim(cps: readonly Checkpoint[]): Promise<void> {
    const pipe = this.d.redis.pipeline();
    for (const c of cps) if (c.lastId !== '0-0') pipe.xtrim(readingsKey(c.partition), 'MINID', c.lastId);
    await pipe.exec().catch((e: Error) => this.fail('trim', e));
  }

  private async readLoop(): Promise<void> {
    while (!this.stopped) {
      const parts = this.partitions();
      if (!parts.length) {
        await sleep(100);
        continue;
      }
      let res: Array<[string, Array<[string, string[]]>]> | null;
      try {
        res = (await this.d.reader.xread(
          'COUNT',
          this.o.readCount,
          'BLOCK',
          this.o.blockMs,
          'STREAMS',
          ...parts.map(readingsKey),
          ...parts.map((p) => this.owned.get(p)!.lastId),
        )) as Array<[string, Array<[string, string[]]>]> | null;
      } catch (e) {
        if (!this.stopped) this.fail('read', e as Error);
        await sleep(500);
        continue;
      }
      if (this.stopped) return;
      let checkpointNow = false;
      for (const [key, entries] of res ?? []) {
        const p = Number(key.slice(key.lastIndexOf(':') + 1));
        for (const [id, fields] of entries) {
          const o = this.owned.get(p);
          if (!o) break; // given up (or lost) while reading
          if (compareIds(id, o.lastId) <= 0) continue; // taken again meanwhile, from a later checkpoint
          o.buffer.add(id, this.apply(fields));
          o.lastId = id;
        }
      }
      const now = Date.now();
      for (const o of this.owned.values()) {
        const due = o.buffer.release(now, this.o.reorderMs);
        if (!due.length) continue;
        this.judge(due);
        o.applied += due.length;
        if (o.applied >= this.o.checkpointEntries) checkpointNow = true;
      }
      if (checkpointNow) void this.checkpoint();
    }
  }

  /** an entry's readings (to be judged once in order); a command is applied at once */
  private apply(fields: string[]): Reading[] {
    this.counters.entries++;
    const e = decodeEntry(fields);
    if ('readings' in e) return e.readings;
    if ('command' in e) void this.command(e.command);
    else {
      this.counters.bad++;
      this.d.log.warn({ why: e.bad }, 'readings log: an entry skipped');
    }
    return [];
  }

  private judge(rs: Reading[]): void {
    this.counters.readings += rs.length;
    this.d.runner.judge(rs);
  }

  private async command(c: CommandEntry): Promise<void> {
    // past its deadline the API has answered 503 ("not applied"): applying it now would contradict that
    if (Date.now() > c.deadline) {
      this.counters.expired++;
      return;
    }
    this.counters.commands++;
    let reply: CommandReply;
    try {
      if (!this.d.alerts.holds(c.cmd.id)) await this.adoptOne(c.cmd.id);
      reply = { ok: true, alert: await this.d.alerts.execute(c.cmd) };
    } catch (e) {
      reply =
        e instanceof DomainError
          ? { ok: false, status: e.status, message: e.message }
          : { ok: false, status: 500, message: 'the alert action failed' };
      if (!(e instanceof DomainError)) this.fail('alert action', e as Error);
    }
    const key = replyKey(c.rid);
    await this.d.redis
      .multi()
      .lpush(key, JSON.stringify(reply))
      .expire(key, 60)
      .exec()
      .catch((e: Error) => this.fail('reply', e));
  }

  /** an alert not held (a resolved one is not loaded with its partition), if its plant is owned here */
  private async adoptOne(id: string): Promise<void> {
    const row = await this.d.state.db.selectFrom('alerts').select('doc').where('id', '=', id).executeTakeFirst();
    const a = row && (JSON.parse(row.doc) as Alert);
    if (a && this.owned.has(partitionOf(a.plantId, this.o.partitions))) this.d.alerts.adopt([a], []);
  }

  /** the partition's plants' alerts still active or created within the flood window, and their flood episodes */
  private async plantAlerts(p: number): Promise<{ alerts: Alert[]; floods: FloodEvent[] }> {
    const plants = this.d.plants().filter((id) => partitionOf(id, this.o.partitions) === p);
    if (!plants.length) return { alerts: [], floods: [] };
    const since = Date.now() - ALARM_LIMITS.floodWindowMs;
    const db = this.d.state.db;
    const rows = await db.selectFrom('alerts').select('doc').where('plant_id', 'in', plants).execute();
    const alerts = rows
      .map((r) => JSON.parse(r.doc) as Alert)
      .filter((a) => a.state !== 'resolved' || a.history[0].at >= since);
    const floodRows = await db
      .selectFrom('alert_floods')
      .select('doc')
      .where('plant_id', 'in', plants)
      .orderBy('seq')
      .execute();
    return { alerts, floods: floodRows.map((r) => JSON.parse(r.doc) as FloodEvent) };
  }

  private scope(parts: ReadonlySet<number>): (plantId: string) => boolean {
    return (plantId) => parts.has(partitionOf(plantId, this.o.partitions));
  }

  private fail(what: string, e: Error): void {
    this.d.log.error({ err: e.message }, `detection ownership: ${what} failed`);
  }
}
