import {
  STATUS_ORDER,
  deviceStatus,
  stateCode,
  type DeviceKpi,
  type PlantSummary,
  type Reading,
  type Status,
} from '#contracts';

/** Where a socket's frames go (the gateway binds it to the socket). */
export type FrameSink = (frame: Buffer) => void;

interface View {
  sink: FrameSink;
  /** `plantId/deviceId` of the devices the page shows */
  keys: Set<string>;
}

const OPEN = Buffer.from('{"readings":[');
const MID = Buffer.from('],"kpis":[');
const CLOSE = Buffer.from(']}');
const COMMA = Buffer.from(',');

/**
 * The summarised view (libs/contracts live-view.ts): the newest reading and KPI of every device, the devices each
 * socket shows, and the plants' display states. On the ingest path `reading` is two map writes; every frame each
 * changed item a socket shows is serialised once, whichever sockets show it, and each socket's frame is a
 * concatenation of those bytes.
 */
export class LiveViews {
  private readonly latest = new Map<string, Map<string, Reading>>();
  private readonly kpis = new Map<string, DeviceKpi>();
  private changedReadings = new Set<string>();
  private changedKpis = new Set<string>();
  private readonly views = new Map<string, View>();
  /** per plant: the states last sent (with the fleet revision) */
  private readonly sent = new Map<string, string>();

  get viewers(): number {
    return this.views.size;
  }

  reading(r: Reading): void {
    let plant = this.latest.get(r.plantId);
    if (!plant) this.latest.set(r.plantId, (plant = new Map()));
    const prev = plant.get(r.deviceId);
    if (prev && prev.ts > r.ts) return;
    plant.set(r.deviceId, r);
    if (this.views.size) this.changedReadings.add(`${r.plantId}/${r.deviceId}`);
  }

  kpi(k: DeviceKpi): void {
    const key = `${k.plantId}/${k.deviceId}`;
    this.kpis.set(key, k);
    if (this.views.size) this.changedKpis.add(key);
  }

  /** What was known before this process heard anything (the store's newest readings, detection's KPIs). */
  seed(readings: readonly Reading[], kpis: readonly DeviceKpi[]): void {
    for (const r of readings) {
      const plant = this.latest.get(r.plantId);
      const prev = plant?.get(r.deviceId);
      if (!prev || prev.ts < r.ts) this.reading(r);
    }
    for (const k of kpis)
      if (!this.kpis.has(`${k.plantId}/${k.deviceId}`)) this.kpis.set(`${k.plantId}/${k.deviceId}`, k);
  }

  /** A socket shows these devices now: what it did not show before is sent at once (newest reading and KPI). */
  setView(socketId: string, sink: FrameSink, keys: string[]): void {
    const before = this.views.get(socketId)?.keys ?? new Set<string>();
    const view = { sink, keys: new Set(keys) };
    this.views.set(socketId, view);
    const added = keys.filter((k) => !before.has(k));
    const frame = this.frame(view, new Set(added), new Set(added), new Map());
    if (frame) sink(frame);
  }

  drop(socketId: string): void {
    this.views.delete(socketId);
  }

  /** Sends each socket what changed among the devices it shows since the last flush. */
  flush(): void {
    const readings = this.changedReadings;
    const kpis = this.changedKpis;
    this.changedReadings = new Set();
    this.changedKpis = new Set();
    if (!readings.size && !kpis.size) return;
    const bytes = new Map<string, Buffer>();
    for (const view of this.views.values()) {
      const frame = this.frame(view, readings, kpis, bytes);
      if (frame) view.sink(frame);
    }
  }

  /** The frame of `view`'s devices among the changed ones, or nothing; `bytes` caches each item's serialisation. */
  private frame(view: View, readings: Set<string>, kpis: Set<string>, bytes: Map<string, Buffer>): Buffer | undefined {
    const rs: Buffer[] = [];
    const ks: Buffer[] = [];
    for (const key of view.keys) {
      if (readings.has(key)) {
        const b = this.readingBytes(key, bytes);
        if (b) rs.push(b);
      }
      if (kpis.has(key)) {
        const k = this.kpis.get(key);
        let b = bytes.get(`k:${key}`);
        if (!b && k) bytes.set(`k:${key}`, (b = Buffer.from(JSON.stringify(k))));
        if (b) ks.push(b);
      }
    }
    if (!rs.length && !ks.length) return undefined;
    const join = (xs: Buffer[]) => xs.flatMap((x, i) => (i ? [COMMA, x] : [x]));
    return Buffer.concat([OPEN, ...join(rs), MID, ...join(ks), CLOSE]);
  }

  private readingBytes(key: string, bytes: Map<string, Buffer>): Buffer | undefined {
    const cached = bytes.get(key);
    if (cached) return cached;
    const at = key.indexOf('/');
    const r = this.latest.get(key.slice(0, at))?.get(key.slice(at + 1));
    if (!r) return undefined;
    // what the console shows of a reading (sequence numbers and quality flags stay on the server)
    const { plantId, deviceId, class: cls, ts, sim, metrics } = r;
    const b = Buffer.from(JSON.stringify({ plantId, deviceId, class: cls, ts, sim, metrics }));
    bytes.set(key, b);
    return b;
  }

  /** A plant's display states, one per device in `deviceIds`' order, as the console judges them (deviceStatus). */
  summary(
    plantId: string,
    rev: number,
    deviceIds: string[],
    alarmed: (key: string) => boolean,
    now: number,
  ): PlantSummary {
    const counts = Object.fromEntries(STATUS_ORDER.map((s) => [s, 0])) as Record<Status, number>;
    const plant = this.latest.get(plantId);
    let states = '';
    for (const id of deviceIds) {
      const key = `${plantId}/${id}`;
      const s = deviceStatus({ lastTs: plant?.get(id)?.ts, kpi: this.kpis.get(key), alarm: alarmed(key), now });
      counts[s]++;
      states += stateCode(s);
    }
    return { plantId, rev, states, counts };
  }

  /** The plant's summary when it differs from what this returned for it last time. */
  changedSummary(...args: Parameters<LiveViews['summary']>): PlantSummary | undefined {
    const s = this.summary(...args);
    const sig = `${s.rev}:${s.states}`;
    if (this.sent.get(s.plantId) === sig) return undefined;
    this.sent.set(s.plantId, sig);
    return s;
  }
}
