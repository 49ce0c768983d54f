import { Inject, Optional } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import {
  LIVE_BATCH_MS,
  LiveViewSchema,
  SUMMARY_MS,
  type ClientToServerEvents,
  type DeviceKpi,
  type DeviceSpec,
  type FleetSnapshot,
  type Reading,
  type ServerToClientEvents,
} from '#contracts';
import { FleetRegistry } from '../fleet/fleet-registry.js';
import { TelemetryStore } from '../store/telemetry-store.js';
import { ReadingsBus } from '../bus/readings-bus.js';
import { CONFIG, LOGGER, PROCESS_ROLES } from '../tokens.js';
import type { Logger } from '../logger.js';
import { allowedOriginList, type AppConfig } from '../config/config.js';
import { ALL_ROLES, type ProcessRoles } from '../config/roles.js';
import { SharedRedis } from '../redis/redis.module.js';
import { KpiCache } from './kpi-cache.js';
import { LiveViews } from './live-views.js';
import { Metrics } from '../metrics/metrics.js';
import { AuthService, type Revocation } from '../auth/auth.service.js';
import { Access } from '../auth/access.js';
import { sessionFromCookie } from '../auth/cookies.js';
import { originAllowed } from '../auth/csrf.js';
import type { Principal } from '../auth/principal.js';
import type { Stoppable } from '../lifecycle/shutdown.js';

/** what the processes tell each other through the adapter (serverSideEmit) */
interface BetweenProcesses {
  revoked(r: Revocation): void;
  /** the fleet changed through another process's API: reload it from the shared store */
  fleetChanged(): void;
}
type IoServer = Server<ClientToServerEvents, ServerToClientEvents, BetweenProcesses>;
type IoSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  BetweenProcesses,
  { principal: Principal; summary?: boolean }
>;

/** every socket of a plant's scope: alerts and floods */
const room = (plantId: string) => `plant:${plantId}`;
/** the full feed, every reading and KPI of the plant (integrations; consoles beside other processes) */
const feedRoom = (plantId: string) => `feed:${plantId}`;
/** the summarised view's consoles: the plant's display states */
const summaryRoom = (plantId: string) => `summary:${plantId}`;

/**
 * Most items in one socket.io frame. A plant of 20,000 meters coalesced into one frame is ~2 MB of JSON, encoded in
 * one go every LIVE_BATCH_MS; in frames of this size, one per turn of the event loop, ingest runs between them.
 */
export const LIVE_FRAME_ITEMS = 1000;

/** the events sent as coalesced arrays (readings, KPIs) */
type ArrayEvent = 'readings' | 'kpis';

/**
 * Pushes live readings to consoles. One room per plant; a client joins the plants of its scope it asks for (all of
 * them by default). Readings are coalesced per device and flushed every LIVE_BATCH_MS, so a fast fleet cannot flood
 * a browser. The handshake is authenticated (a browser's session cookie, or `auth: {token}` for integrations) and
 * a browser's Origin must be the server's own or an allowed one; no CORS is granted (the console uses WebSocket).
 */
@WebSocketGateway({ cors: { origin: false } })
export class LiveGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, Stoppable {
  @WebSocketServer() private server!: IoServer;
  private pending = new Map<string, Map<string, Reading>>();
  private readonly timer = setInterval(() => this.flush(), LIVE_BATCH_MS);
  private readonly summaryTimer = setInterval(() => this.summarise(), SUMMARY_MS);
  /** the summarised view's latest values, visible devices and display states */
  private readonly views = new LiveViews();
  /** sockets on the full feed; none (and no other process): readings are not queued for it */
  private feedSockets = 0;
  /** whether a device has an active alert (set by the alerts, which know them) */
  alarmed: (plantId: string, deviceId: string) => boolean = () => false;
  private closed = false;
  /** the latest KPIs of the given plants, for a joining console (set by detection, which sends the live ones) */
  kpiSnapshot?: (plantIds: string[]) => DeviceKpi[];
  /** beside other processes: the latest KPIs in Redis, written by whichever process sends them */
  private readonly kpiCache?: KpiCache;

  constructor(
    private readonly fleet: FleetRegistry,
    @Inject(TelemetryStore) private readonly store: TelemetryStore,
    bus: ReadingsBus,
    @Inject(LOGGER) private readonly log: Logger,
    private readonly auth: AuthService,
    private readonly access: Access,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(PROCESS_ROLES) private readonly roles: ProcessRoles = ALL_ROLES,
    @Optional() redis?: SharedRedis,
    @Optional() private readonly metrics?: Metrics,
  ) {
    bus.subscribe((rs) => rs.forEach((r) => this.publish(r)));
    auth.onRevoke((r) => this.revoked(r));
    if (redis?.client) this.kpiCache = new KpiCache(redis.client);
  }

  afterInit(server: IoServer): void {
    // beside other processes (the Redis adapter): a session or token revoked in one process ends its sockets in all
    if (this.kpiCache) {
      server.on('revoked', (r) => {
        this.auth.forget(r);
        this.disconnectRevoked(r);
      });
      server.on(
        'fleetChanged',
        () => void this.fleet.reload().catch((e: Error) => this.log.error({ err: e.message }, 'fleet reload failed')),
      );
      this.fleet.onLocalChange(() => server.serverSideEmit('fleetChanged'));
    }
    // consoles connect to the api processes; the others have this server only to emit through the adapter
    if (!this.roles.api) {
      server.engine.opts.allowRequest = (_req, callback) => callback('consoles connect to the api processes', false);
      return;
    }
    const allowed = allowedOriginList(this.config);
    // engine.io asks this for every HTTP request and WebSocket upgrade; a page of a foreign origin is refused
    // before any socket exists (clients that are not browsers send no Origin and authenticate with a token)
    server.engine.opts.allowRequest = (req, callback) => {
      const origin = req.headers.origin;
      callback(null, origin === undefined || originAllowed(origin, req.headers.host, allowed));
    };
    server.use((socket: IoSocket, next) => {
      this.authenticate(socket).then(
        (p) => {
          if (!p) return next(new Error('UNAUTHENTICATED'));
          socket.data.principal = p;
          next();
        },
        (e: Error) => next(e),
      );
    });
  }

  private authenticate(socket: IoSocket): Promise<Principal | undefined> {
    const token: unknown = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (typeof token === 'string') return this.auth.tokenPrincipal(token);
    const sid = sessionFromCookie(socket.handshake.headers.cookie);
    return sid ? this.auth.sessionPrincipal(sid) : Promise.resolve(undefined);
  }

  private revoked(r: Revocation): void {
    this.disconnectRevoked(r);
    if (this.kpiCache) this.server?.serverSideEmit('revoked', r);
  }

  /** a session logged out, a token revoked, an account changed or deleted: its sockets end now */
  private disconnectRevoked(r: Revocation): void {
    if (!this.server) return;
    const hit = (p: Principal): boolean =>
      'username' in r
        ? p.username === r.username
        : 'tokenIds' in r
          ? p.via === 'token' && r.tokenIds.includes(p.credentialId)
          : p.via === 'session' && r.sessionIdHashes.includes(p.credentialId);
    for (const socket of this.server.sockets.sockets.values() as Iterable<IoSocket>)
      if (socket.data.principal && hit(socket.data.principal)) socket.disconnect(true);
  }

  async handleConnection(@ConnectedSocket() socket: IoSocket): Promise<void> {
    // a session or token that runs out while the socket is open ends it then, not at the next handshake
    const unwatch = this.auth.watchExpiry(socket.data.principal, (reason) => {
      socket.emit('expired', { reason });
      socket.disconnect(true);
    });
    socket.once('disconnect', unwatch);
    // the summarised view needs every reading in this process: beside other processes a console gets the full feed
    const asked = (socket.handshake.auth as { view?: unknown } | undefined)?.view === 'summary';
    socket.data.summary = asked && !this.kpiCache;
    if (!socket.data.summary) this.feedSockets++;
    await this.join(socket, undefined);
  }

  handleDisconnect(@ConnectedSocket() socket: IoSocket): void {
    if (socket.data.summary === false) this.feedSockets--;
    this.views.drop(socket.id);
  }

  /** The summarised view: the devices this socket shows now, each of a plant of its scope. */
  @SubscribeMessage('view')
  view(@ConnectedSocket() socket: IoSocket, @MessageBody() req: unknown): void {
    const parsed = LiveViewSchema.safeParse(req);
    if (!socket.data.summary || !parsed.success) {
      socket.emit('refused', { reason: 'INVALID', plantIds: [] });
      return;
    }
    const p = socket.data.principal;
    const outside = [...new Set(parsed.data.devices.map((d) => d.plantId))].filter((id) => !this.access.plant(p, id));
    if (outside.length) {
      socket.emit('refused', { reason: 'OUT_OF_SCOPE', plantIds: outside.slice(0, 100) });
      return;
    }
    const keys = parsed.data.devices.map((d) => `${d.plantId}/${d.deviceId}`);
    this.views.setView(socket.id, (frame) => this.sent(socket.emit('live', frame) ? 1 : 0, 'live'), keys);
  }

  @SubscribeMessage('subscribe')
  async subscribe(@ConnectedSocket() socket: IoSocket, @MessageBody() req: { plantIds?: string[] }): Promise<void> {
    const asked = Array.isArray(req?.plantIds) ? req.plantIds.filter((x) => typeof x === 'string') : undefined;
    const p = socket.data.principal;
    const outside = (asked ?? []).filter((id) => !this.access.plant(p, id));
    // admins asking for an unknown plant simply get nothing for it, as before
    if (outside.length && p.role !== 'admin') {
      socket.emit('refused', { reason: 'OUT_OF_SCOPE', plantIds: outside.slice(0, 100) });
      return;
    }
    for (const r of socket.rooms) if (/^(plant|feed|summary):/.test(r)) await socket.leave(r);
    await this.join(socket, asked);
  }

  /** Queues a reading for the next batch to its plant's room. */
  publish(r: Reading): void {
    this.views.reading(r);
    if (!this.feedSockets && !this.kpiCache) return;
    let plant = this.pending.get(r.plantId);
    if (!plant) this.pending.set(r.plantId, (plant = new Map()));
    const prev = plant.get(r.deviceId);
    if (!prev || prev.ts <= r.ts) plant.set(r.deviceId, r);
  }

  /** Sends an event to one plant's room now (alerts, KPIs, floods: the callers coalesce where needed). */
  emitToPlant<E extends keyof ServerToClientEvents>(
    plantId: string,
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void {
    this.server?.to(room(plantId)).emit(event, ...args);
  }

  /** Sends a coalesced array to one plant's room in frames of LIVE_FRAME_ITEMS, one frame per turn of the loop. */
  emitInFrames<E extends ArrayEvent>(plantId: string, event: E, items: Parameters<ServerToClientEvents[E]>[0]): void {
    const send = (at: number) => {
      if (!this.server || this.closed) return;
      const frame = items.slice(at, at + LIVE_FRAME_ITEMS) as Parameters<ServerToClientEvents[E]>[0];
      (this.server.to(feedRoom(plantId)).emit as (e: E, x: typeof frame) => void)(event, frame);
      this.sent(this.server.sockets.adapter.rooms.get(feedRoom(plantId))?.size ?? 0, event);
      if (at + LIVE_FRAME_ITEMS < items.length) setImmediate(send, at + LIVE_FRAME_ITEMS);
    };
    if (!items.length) return;
    if (event === 'kpis') for (const k of items as DeviceKpi[]) this.views.kpi(k);
    if (this.feedSockets || this.kpiCache) send(0);
    if (event === 'kpis')
      this.kpiCache?.write(plantId, items as DeviceKpi[]).catch((e: Error) => this.cacheFailed(e, 'not kept'));
  }

  private cacheWarned = 0;
  /** Redis away: at most one warning a minute, the live events themselves wait in the client for it */
  private cacheFailed(e: Error, what: string): void {
    if (Date.now() - this.cacheWarned < 60_000) return;
    this.cacheWarned = Date.now();
    this.log.warn({ err: e.message }, `latest KPIs ${what}: Redis unreachable`);
  }

  /** called by the ShutdownCoordinator in its step (lifecycle/shutdown.ts) */
  stop(): void {
    this.closed = true;
    clearInterval(this.timer);
    clearInterval(this.summaryTimer);
  }

  private flush(): void {
    if (!this.server) return;
    this.views.flush();
    if (this.pending.size === 0) return;
    const batches = this.pending;
    this.pending = new Map();
    for (const [plantId, byDevice] of batches) this.emitInFrames(plantId, 'readings', [...byDevice.values()]);
  }

  private async join(socket: IoSocket, plantIds: string[] | undefined): Promise<void> {
    const principal = socket.data.principal;
    const known = this.fleet
      .plants()
      .map((p) => p.id)
      .filter((id) => this.access.plant(principal, id));
    const ids = plantIds ? known.filter((id) => plantIds.includes(id)) : known;
    const summary = socket.data.summary === true;
    await socket.join(ids.flatMap((id) => [room(id), summary ? summaryRoom(id) : feedRoom(id)]));
    // the store may be down (an outage, or not yet reachable since boot): the snapshot then lacks the last readings,
    // and live readings follow as usual; a rejection here would be unhandled and end the process
    const last = await this.store.latest().catch((e: Error) => {
      this.log.warn({ err: e.message }, 'snapshot without last readings: store unreachable');
      return [];
    });
    const kpis = this.kpiCache
      ? await this.kpiCache.read(ids).catch((e: Error) => (this.cacheFailed(e, 'not in the snapshot'), undefined))
      : this.kpiSnapshot?.(ids);
    const plants = this.fleet.plants().filter((p) => ids.includes(p.id));
    const devices = this.fleet.devices().filter((d) => ids.includes(d.plantId));
    const card = ({ id, plantId, name, class: cls, area }: DeviceSpec) => ({
      id,
      plantId,
      name,
      class: cls,
      ...(area !== undefined ? { area } : {}),
    });
    if (summary) {
      // the readings and KPIs come for the devices the page shows (`view`); the states of all of them come here
      this.views.seed(last, kpis ?? []);
      const rev = this.fleet.revision;
      const summaries = plants.map((p) => this.views.summary(p.id, rev, this.order(p.id), this.alarmedKey, Date.now()));
      socket.emit('snapshot', { plants, devices: devices.map((d) => ({ device: card(d) })), summaries });
      return;
    }
    const latest = new Map(last.map((r) => [`${r.plantId}/${r.deviceId}`, r]));
    const snapshot: FleetSnapshot = {
      plants,
      devices: devices.map((d) => {
        const r = latest.get(`${d.plantId}/${d.id}`);
        // the newest reading without what the console does not show (sequence numbers, flags)
        const { plantId, id: deviceId, class: cls } = d;
        const compact = r && { plantId, deviceId, class: cls, ts: r.ts, sim: r.sim, metrics: r.metrics };
        return { device: card(d), latest: compact };
      }),
      kpis,
    };
    socket.emit('snapshot', snapshot);
  }

  /** counts packets sent to this process's sockets (a benchmark compares them with what a browser received) */
  private sent(n: number, event: string): void {
    if (n) this.metrics?.livePackets.inc({ event }, n);
  }

  private readonly alarmedKey = (key: string): boolean => {
    const at = key.indexOf('/');
    return this.alarmed(key.slice(0, at), key.slice(at + 1));
  };

  private orders = { rev: -1, byPlant: new Map<string, string[]>() };
  /** a plant's device ids in the snapshot's order (fleet.devices()), derived again when the fleet changed */
  private order(plantId: string): string[] {
    if (this.orders.rev !== this.fleet.revision) {
      const byPlant = new Map<string, string[]>();
      for (const d of this.fleet.devices()) {
        let ids = byPlant.get(d.plantId);
        if (!ids) byPlant.set(d.plantId, (ids = []));
        ids.push(d.id);
      }
      this.orders = { rev: this.fleet.revision, byPlant };
    }
    return this.orders.byPlant.get(plantId) ?? [];
  }

  /** Each plant some console summarises: its display states, when they changed since the last time. */
  private summarise(): void {
    if (!this.server || this.closed || this.kpiCache) return;
    const rooms = this.server.sockets.adapter.rooms;
    const now = Date.now();
    for (const p of this.fleet.plants()) {
      if (!rooms.get(summaryRoom(p.id))?.size) continue;
      const s = this.views.changedSummary(p.id, this.fleet.revision, this.order(p.id), this.alarmedKey, now);
      if (!s) continue;
      this.server.to(summaryRoom(p.id)).emit('summary', s);
      this.sent(rooms.get(summaryRoom(p.id))?.size ?? 0, 'summary');
    }
  }
}
