import { Inject } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayConnection,
} from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import {
  LIVE_BATCH_MS,
  type ClientToServerEvents,
  type DeviceKpi,
  type FleetSnapshot,
  type Reading,
  type ServerToClientEvents,
} from '#contracts';
import { FleetRegistry } from '../fleet/fleet-registry.js';
import { TelemetryStore } from '../store/telemetry-store.js';
import { ReadingsBus } from '../bus/readings-bus.js';
import { LOGGER } from '../tokens.js';
import type { Logger } from '../logger.js';
import type { Stoppable } from '../lifecycle/shutdown.js';

type IoServer = Server<ClientToServerEvents, ServerToClientEvents>;
type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

const room = (plantId: string) => `plant:${plantId}`;

/**
 * Most items in one socket.io frame. A plant of 20,000 meters coalesced into one frame is ~2 MB of JSON, encoded in
 * one go every LIVE_BATCH_MS; in frames of this size, one per turn of the event loop, ingest runs between them.
 */
export const LIVE_FRAME_ITEMS = 1000;

/** the events sent as coalesced arrays (readings, KPIs) */
type ArrayEvent = 'readings' | 'kpis';

/**
 * Pushes live readings to consoles. One room per plant; a client joins the plants it asks for (all by default).
 * Readings are coalesced per device and flushed every LIVE_BATCH_MS, so a fast fleet cannot flood a browser.
 */
@WebSocketGateway({ cors: { origin: true } })
export class LiveGateway implements OnGatewayConnection, Stoppable {
  @WebSocketServer() private server!: IoServer;
  private pending = new Map<string, Map<string, Reading>>();
  private readonly timer = setInterval(() => this.flush(), LIVE_BATCH_MS);
  private closed = false;
  /** the latest KPIs of the given plants, for a joining console (set by detection, which sends the live ones) */
  kpiSnapshot?: (plantIds: string[]) => DeviceKpi[];

  constructor(
    private readonly fleet: FleetRegistry,
    @Inject(TelemetryStore) private readonly store: TelemetryStore,
    bus: ReadingsBus,
    @Inject(LOGGER) private readonly log: Logger,
  ) {
    bus.subscribe((rs) => rs.forEach((r) => this.publish(r)));
  }

  async handleConnection(@ConnectedSocket() socket: IoSocket): Promise<void> {
    await this.join(socket, undefined);
  }

  @SubscribeMessage('subscribe')
  async subscribe(@ConnectedSocket() socket: IoSocket, @MessageBody() req: { plantIds?: string[] }): Promise<void> {
    for (const r of socket.rooms) if (r.startsWith('plant:')) await socket.leave(r);
    await this.join(socket, Array.isArray(req?.plantIds) ? req.plantIds : undefined);
  }

  /** Queues a reading for the next batch to its plant's room. */
  publish(r: Reading): void {
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
      (this.server.to(room(plantId)).emit as (e: E, x: typeof frame) => void)(event, frame);
      if (at + LIVE_FRAME_ITEMS < items.length) setImmediate(send, at + LIVE_FRAME_ITEMS);
    };
    if (items.length) send(0);
  }

  /** called by the ShutdownCoordinator in its step (lifecycle/shutdown.ts) */
  stop(): void {
    this.closed = true;
    clearInterval(this.timer);
  }

  private flush(): void {
    if (this.pending.size === 0 || !this.server) return;
    const batches = this.pending;
    this.pending = new Map();
    for (const [plantId, byDevice] of batches) this.emitInFrames(plantId, 'readings', [...byDevice.values()]);
  }

  private async join(socket: IoSocket, plantIds: string[] | undefined): Promise<void> {
    const known = this.fleet.plants().map((p) => p.id);
    const ids = plantIds ? known.filter((id) => plantIds.includes(id)) : known;
    await socket.join(ids.map(room));
    // the store may be down (an outage, or not yet reachable since boot): the snapshot then lacks the last readings,
    // and live readings follow as usual; a rejection here would be unhandled and end the process
    const last = await this.store.latest().catch((e: Error) => {
      this.log.warn({ err: e.message }, 'snapshot without last readings: store unreachable');
      return [];
    });
    const latest = new Map(last.map((r) => [`${r.plantId}/${r.deviceId}`, r]));
    const snapshot: FleetSnapshot = {
      plants: this.fleet.plants().filter((p) => ids.includes(p.id)),
      devices: this.fleet
        .devices()
        .filter((d) => ids.includes(d.plantId))
        .map(({ id, plantId, name, class: cls }) => {
          const r = latest.get(`${plantId}/${id}`);
          // the newest reading without what the console does not show (sequence numbers, flags)
          const compact = r && { plantId, deviceId: id, class: cls, ts: r.ts, sim: r.sim, metrics: r.metrics };
          return { device: { id, plantId, name, class: cls }, latest: compact };
        }),
      kpis: this.kpiSnapshot?.(ids),
    };
    socket.emit('snapshot', snapshot);
  }
}
