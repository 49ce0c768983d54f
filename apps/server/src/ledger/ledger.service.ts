import { join } from 'node:path';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DateTime } from 'luxon';
import type {
  LedgerBalanceResponse,
  LedgerChange,
  LedgerGranularity,
  LedgerLevel,
  LedgerQuery as LedgerQueryParams,
  LedgerReason,
  LedgerPeriod,
  LedgerResponse,
  LoggedEntry,
  ManualEntry,
  PlantSpec,
} from '#contracts';
import {
  CATEGORIES,
  DEFAULT_ZONE,
  compare,
  periodOfLabel,
  periodsBetween,
  previousPeriod,
  samePeriodLastYear,
  type Period,
} from '#ledger';
import { CONFIG, LOGGER } from '../tokens.js';
import type { AppConfig } from '../config/config.js';
import type { Logger } from '../logger.js';
import { FleetRegistry } from '../fleet/fleet-registry.js';
import { TelemetryStore } from '../store/telemetry-store.js';
import { ReadingsBus } from '../bus/readings-bus.js';
import { DayCache, localDate, type PlantDay } from './day-cache.js';
import { LedgerLog } from './ledger-log.js';
import { assemblePeriod, Converter, type Scope } from './assemble.js';
import { dayRows } from './day-rows.js';
import { Pricing } from './pricing.js';
import { DomainError } from '../http/domain-error.js';
import { SNAP_MS } from './register-events.js';
import { channelsOf } from './channels.js';
import { balancesOf, treeOf, virtualMetersOf, type PeriodQuantities } from './meter-tree.js';
import type { Stoppable } from '../lifecycle/shutdown.js';

/** A ledger query the ledger cannot answer, with its reason code (docs/ledger.md). */
export class LedgerQueryError extends DomainError {
  constructor(p: { reason: LedgerReason; field?: string; detail: string }) {
    super(400, p.detail, undefined, [{ path: p.field ?? '', code: p.reason, message: p.detail }]);
  }
}

/** a ledger query as GET /api/ledger takes it (LedgerQuerySchema); the comparisons are optional to callers */
export type LedgerQuery = Omit<LedgerQueryParams, 'compare'> & { compare?: boolean };

const MAX_PERIODS = 3000;
const LOG_MAX_BYTES = 64 * 1024 * 1024;

/** The province (GB/T 2260, `610000`) of a 6-digit region code, for the grid factor. */
const provinceOf = (region?: string) => (region && /^\d{6}$/.test(region) ? `${region.slice(0, 2)}0000` : undefined);

/** A region code covers the codes that start with it once its trailing pairs of zeros are dropped (610000 ⊃ 610100). */
const inRegion = (region: string, code?: string) =>
  code !== undefined && code.startsWith(region.replace(/(00)+$/, '') || region);

/**
 * The energy and carbon ledger over the platform's data: physical figures per device and 15-minute period from the
 * store's rollups (DayCache), the entries made by hand and the site's factors from the ledger log (LedgerLog),
 * converted with the factors valid on each day and summed to the periods and level asked for.
 */
@Injectable()
export class LedgerService implements OnModuleInit, Stoppable {
  readonly zone = DEFAULT_ZONE;
  readonly days: DayCache;
  readonly log: LedgerLog;

  constructor(
    @Inject(CONFIG) config: AppConfig,
    private readonly fleet: FleetRegistry,
    @Inject(TelemetryStore) store: TelemetryStore,
    private readonly bus: ReadingsBus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    const dir = join(config.dataDir, 'ledger');
    this.log = new LedgerLog(join(dir, 'entries.jsonl'), LOG_MAX_BYTES);
    this.days = new DayCache(
      dir,
      store,
      (p) => this.fleet.devices(p),
      this.zone,
      Date.now,
      () => this.log.all(),
    );
  }

  onModuleInit(): void {
    this.log.load();
    // a late reading recomputes its day once the store holds it (a day read before that would lack it)
    this.bus.onStored((rs) => this.days.noteReadings(rs));
    this.logger.info({ entries: this.log.all().length }, 'ledger log loaded');
  }

  /** called by the ShutdownCoordinator in its step (lifecycle/shutdown.ts) */

  stop(): Promise<void> {
    return this.log.close();
  }

  today(): string {
    return localDate(Date.now(), this.zone);
  }

  async addEntry(entry: ManualEntry): Promise<LoggedEntry> {
    const logged = await this.log.append(entry, Date.now());
    this.logger.info({ seq: logged.seq, kind: logged.kind, by: logged.by }, 'ledger entry');
    return logged;
  }

  /** The plant-local dates an entry changes (a factor: its affected range; a month's output: the month). */
  affected(e: LoggedEntry): { from: string; to?: string } {
    switch (e.kind) {
      case 'factor':
        return e.affected!;
      case 'receipt':
        return { from: e.date };
      case 'tariff':
      case 'price':
        return { from: e.validFrom, ...(e.validTo ? { to: e.validTo } : {}) };
      case 'correction':
        return { from: e.date, to: nextDay(e.date) };
      case 'output':
        return e.period.length === 7
          ? { from: `${e.period}-01`, to: DateTime.fromISO(`${e.period}-01`).plus({ months: 1 }).toISODate()! }
          : { from: e.period, to: nextDay(e.period) };
      case 'meter_reading': {
        // the interval before and after the reading changes: from the previous reading to the next one
        const d = localDate(e.tsMs!, this.zone);
        return { from: DateTime.fromISO(d).minus({ days: 62 }).toISODate()!, to: nextDay(d) };
      }
      case 'meter_swap':
      case 'meter_rollover': {
        // the fall it explains may be up to SNAP_MS from its time; a modulus, or a swap ending one, carries forward
        const from = localDate(e.tsMs! - SNAP_MS, this.zone);
        const carries =
          e.kind === 'meter_rollover' ||
          e.rollover !== undefined ||
          this.log.all().some((x) => x.kind === 'meter_rollover' && x.plantId === e.plantId && x.meterId === e.meterId);
        return carries ? { from } : { from, to: nextDay(localDate(e.tsMs! + SNAP_MS, this.zone)) };
      }
    }
  }

  private plantsOf(level: LedgerLevel, id: string, plantId?: string): PlantSpec[] {
    const plants = this.fleet.plants();
    switch (level) {
      case 'device':
        return plants.filter((p) => p.id === plantId);
      case 'plant':
        return plants.filter((p) => p.id === id);
      case 'enterprise':
        return plants.filter((p) => (p.enterprise ?? p.id) === id);
      case 'region':
        return plants.filter((p) => inRegion(id, p.region));
    }
  }

  private scope(level: LedgerLevel, id: string, plants: PlantSpec[]): Scope {
    const pl = plants.map((p) => ({ id: p.id, ...(provinceOf(p.region) ? { province: provinceOf(p.region) } : {}) }));
    if (level === 'device') return { plants: pl, include: (_p, d) => d === id };
    // only accounting meters add up: a sub-meter's energy is metered again at its consumers
    return {
      plants: pl,
      include: (p, d) => this.fleet.device(p, d)?.ledger?.account !== false,
    };
  }

  periods(q: Pick<LedgerQuery, 'granularity' | 'from' | 'to'>): Period[] {
    let first: Period;
    let last: Period;
    try {
      first = periodOfLabel(q.from, q.granularity, this.zone);
      last = periodOfLabel(q.to, q.granularity, this.zone);
    } catch (e) {
      throw new LedgerQueryError({ reason: 'PERIOD_INVALID', detail: (e as Error).message });
    }
    if (last.start < first.start) throw new LedgerQueryError({ reason: 'PERIOD_INVALID', detail: 'to is before from' });
    const n = Math.round((last.end - first.start) / approxMs(q.granularity));
    if (n > MAX_PERIODS)
      throw new LedgerQueryError({
        reason: 'RANGE_TOO_LONG',
        detail: `${n} ${q.granularity} periods asked for; at most ${MAX_PERIODS} in one request`,
      });
    return periodsBetween(first.start, last.end, q.granularity, this.zone);
  }

  /**
   * A subject's figures per period. `sees` narrows an enterprise or region to the plants the caller may see: an
   * enterprise registered in one prefecture may run plants in another, whose figures that prefecture's regulator
   * must not get.
   */
  async query(q: LedgerQuery, sees: (plantId: string) => boolean = () => true): Promise<LedgerResponse> {
    const plants = this.plantsOf(q.level, q.id, q.plantId).filter((p) => sees(p.id));
    if (!plants.length)
      throw new LedgerQueryError({
        reason: q.level === 'device' ? 'PLANT_UNKNOWN' : 'FIELD_INVALID',
        detail: `no ${q.level === 'device' ? 'plant ' + (q.plantId ?? '(plantId missing)') : q.level + ' ' + q.id}`,
      });
    if (q.level === 'device' && !this.fleet.device(plants[0]!.id, q.id) && !this.isManualMeter(plants[0]!.id, q.id))
      throw new LedgerQueryError({ reason: 'DEVICE_UNKNOWN', detail: `no device ${q.id} in plant ${plants[0]!.id}` });
    const periods = this.periods(q);
    const scope = this.scope(q.level, q.id, plants);
    const conv = new Converter(this.log.book());
    const pricing = new Pricing(this.log.all(), this.zone);
    const problems: string[] = [];
    const meterProblems: LedgerResponse['problems'] = [];
    const load = this.loader(plants, meterProblems);
    const one = async (p: Period): Promise<LedgerPeriod> =>
      assemblePeriod(p, await load(p), this.log.all(), scope, conv, CATEGORIES, problems, pricing);
    const out: LedgerPeriod[] = [];
    for (const p of periods) {
      const cur = await one(p);
      if (q.compare) {
        cur.mom = change(cur, await one(previousPeriod(p)));
        cur.yoy = change(cur, await one(samePeriodLastYear(p)));
      }
      out.push(cur);
    }
    const devices = new Set<string>();
    for (const pl of plants)
      for (const d of this.fleet.devices(pl.id)) if (scope.include(pl.id, d.id)) devices.add(`${pl.id}/${d.id}`);
    return {
      level: q.level,
      id: q.id,
      granularity: q.granularity,
      zone: this.zone,
      devices: [...devices].sort(),
      periods: out,
      problems: [
        ...meterProblems,
        ...problems.map((detail) => ({ deviceId: detail.split(' ')[0]!, reason: 'FACTOR_NOT_FOUND', t: 0, detail })),
      ],
    };
  }

  /**
   * The plant's meter tree over the periods asked for: each parent meter's balance against its sub-meters and the
   * virtual meters' values, from every meter's physical quantities (sub-meters included; entries made by hand applied).
   */
  async balance(q: {
    plantId: string;
    granularity: LedgerGranularity;
    from: string;
    to: string;
  }): Promise<LedgerBalanceResponse> {
    const plant = this.fleet.plants().find((p) => p.id === q.plantId);
    if (!plant) throw new LedgerQueryError({ reason: 'PLANT_UNKNOWN', detail: `no plant ${q.plantId}` });
    const tree = treeOf(this.fleet.devices(plant.id));
    const load = this.loader([plant], []);
    const periods = [];
    for (const p of this.periods(q)) {
      const quantities = await this.quantities(p, await load(p));
      periods.push({
        label: p.label,
        start: p.start,
        end: p.end,
        balances: balancesOf(tree, quantities),
        virtualMeters: virtualMetersOf(plant, quantities),
      });
    }
    return { plantId: plant.id, granularity: q.granularity, zone: this.zone, periods };
  }

  /** Every meter's quantity per category over a period (the sum of its 15-minute figures inside the period). */
  private quantities(p: Period, days: Awaited<ReturnType<typeof this.dayWithRows>>[]): PeriodQuantities {
    const out = new Map<string, Map<string, number>>();
    for (const { day, rows } of days) {
      const idx = day.periods.flatMap((s, i) => (s.start >= p.start && s.end <= p.end ? [i] : []));
      if (!idx.length) continue;
      for (const row of rows) {
        const m = out.get(row.category) ?? out.set(row.category, new Map()).get(row.category)!;
        m.set(row.deviceId, (m.get(row.deviceId) ?? 0) + idx.reduce((s, i) => s + row.q[i]!, 0));
      }
    }
    return out;
  }

  /** the categories a meter has a register of: a device's energy register, or a meter read by hand */
  registersOf(plantId: string, meterId: string): string[] | undefined {
    const d = this.fleet.device(plantId, meterId);
    const ids = CATEGORIES.map((c) => c.id);
    if (d) return channelsOf(d, ids).flatMap((c) => (c.register ? [c.category] : []));
    const manual = this.log
      .all()
      .flatMap((e) =>
        e.kind === 'meter_reading' && e.plantId === plantId && e.meterId === meterId ? [e.category] : [],
      );
    return manual.length ? [...new Set(manual)] : undefined;
  }

  private isManualMeter(plantId: string, id: string): boolean {
    return this.log.all().some((e) => e.kind === 'meter_reading' && e.plantId === plantId && e.meterId === id);
  }

  /** Loads (once per query) the plant-days a period spans, with the manual entries applied. */
  private loader(plants: PlantSpec[], problems: LedgerResponse['problems']) {
    const cache = new Map<string, Awaited<ReturnType<typeof this.dayWithRows>>>();
    const now = Date.now();
    return async (p: Period) => {
      const out = [];
      for (const date of datesIn(p, this.zone)) {
        if (DateTime.fromISO(date, { zone: this.zone }).toMillis() > now) break;
        for (const pl of plants) {
          const k = `${pl.id}|${date}`;
          let d = cache.get(k);
          if (!d) {
            cache.set(k, (d = await this.dayWithRows(pl, date)));
            for (const dev of d.day.devices)
              for (const pr of dev.problems) if (problems.length < 20) problems.push({ deviceId: dev.deviceId, ...pr });
          }
          out.push(d);
        }
      }
      return out;
    };
  }

  private async dayWithRows(pl: PlantSpec, date: string) {
    const day: PlantDay = await this.days.get(pl.id, date);
    const province = provinceOf(pl.region);
    return { day, ...(province ? { province } : {}), ...dayRows(day, this.log.all()) };
  }
}

function change(cur: LedgerPeriod, prev: LedgerPeriod): LedgerChange {
  const k = compare(cur.kgce, prev.kgce);
  const t = compare(cur.tCo2, prev.tCo2);
  const c = cur.cost !== undefined && prev.cost !== undefined ? compare(cur.cost, prev.cost) : undefined;
  return {
    previous: {
      kgce: prev.kgce,
      tCo2: prev.tCo2,
      tCo2Biogenic: prev.tCo2Biogenic,
      ...(prev.cost !== undefined ? { cost: prev.cost } : {}),
    },
    ...(k.changePct !== undefined ? { kgcePct: k.changePct } : {}),
    ...(t.changePct !== undefined ? { tCo2Pct: t.changePct } : {}),
    ...(c?.changePct !== undefined ? { costPct: c.changePct } : {}),
  };
}

function* datesIn(p: Period, zone: string): Generator<string> {
  let d = DateTime.fromMillis(p.start, { zone }).startOf('day');
  while (d.toMillis() < p.end) {
    yield d.toISODate()!;
    d = d.plus({ days: 1 });
  }
}

const nextDay = (date: string) => DateTime.fromISO(date).plus({ days: 1 }).toISODate()!;

function approxMs(g: LedgerGranularity): number {
  return { '15min': 900_000, hour: 3_600_000, day: 86_400_000, month: 30 * 86_400_000, year: 365 * 86_400_000 }[g];
}
