import type { Reading } from '#contracts';
import { ReadingsBus } from '../bus/readings-bus.js';
import type { FleetRegistry } from '../fleet/fleet-registry.js';
import { createLogger } from '../logger.js';
import type { TelemetryStore } from '../store/telemetry-store.js';
import { LIVE_FRAME_ITEMS, LiveGateway } from './live.gateway.js';
import type { AuthService } from '../auth/auth.service.js';
import type { Access } from '../auth/access.js';
import type { AppConfig } from '../config/config.js';

describe('live frames', () => {
  it('sends a large coalesced batch in frames, giving the event loop back between them', async () => {
    const auth = { onRevoke: () => undefined } as unknown as AuthService;
    const live = new LiveGateway(
      {} as FleetRegistry,
      {} as TelemetryStore,
      new ReadingsBus(),
      createLogger('silent'),
      auth,
      {} as Access,
      {} as AppConfig,
    );
    const sent: Array<{ room: string; event: string; n: number; at: number }> = [];
    let turns = 0;
    const server = {
      sockets: { adapter: { rooms: new Map([['feed:p1', new Set(['s1'])]]) } },
      to: (room: string) => ({
        emit: (event: string, items: unknown[]) => sent.push({ room, event, n: items.length, at: turns }),
      }),
    };
    // one socket on the full feed (a summarised console alone would not have readings queued for the feed)
    Object.assign(live as unknown as object, { server, feedSockets: 1 });
    const readings = Array.from({ length: 2 * LIVE_FRAME_ITEMS + 500 }, (_, i): Reading => ({
      plantId: 'p1',
      deviceId: `m${i}`,
      class: 'motor',
      ts: i,
      metrics: { active_power: 1 },
    }));
    let ticking = true;
    const tick = () => {
      turns++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    live.emitInFrames('p1', 'readings', readings);
    // the frames go out on later turns of the event loop: wait for the third (a fixed 20 ms was too short on a busy
    // machine), then one turn more, in which no fourth may follow
    const turn = () => new Promise((r) => setImmediate(r));
    for (const deadline = Date.now() + 10_000; sent.length < 3 && Date.now() < deadline;) await turn();
    await turn();
    ticking = false;
    live.stop();
    expect(sent.map((s) => [s.room, s.event, s.n])).toEqual([
      ['feed:p1', 'readings', LIVE_FRAME_ITEMS],
      ['feed:p1', 'readings', LIVE_FRAME_ITEMS],
      ['feed:p1', 'readings', 500],
    ]);
    expect(sent[1].at).toBeGreaterThan(sent[0].at);
    expect(sent[2].at).toBeGreaterThan(sent[1].at);
  });
});
