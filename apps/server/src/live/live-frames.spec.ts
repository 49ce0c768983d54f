import type { Reading } from '#contracts';
import { ReadingsBus } from '../bus/readings-bus.js';
import type { FleetRegistry } from '../fleet/fleet-registry.js';
import { createLogger } from '../logger.js';
import type { TelemetryStore } from '../store/telemetry-store.js';
import { LIVE_FRAME_ITEMS, LiveGateway } from './live.gateway.js';

describe('live frames', () => {
  it('sends a large coalesced batch in frames, giving the event loop back between them', async () => {
    const live = new LiveGateway({} as FleetRegistry, {} as TelemetryStore, new ReadingsBus(), createLogger('silent'));
    const sent: Array<{ room: string; event: string; n: number; at: number }> = [];
    let turns = 0;
    const server = {
      to: (room: string) => ({
        emit: (event: string, items: unknown[]) => sent.push({ room, event, n: items.length, at: turns }),
      }),
    };
    (live as unknown as { server: unknown }).server = server;
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
    await new Promise((r) => setTimeout(r, 20));
    ticking = false;
    live.stop();
    expect(sent.map((s) => [s.room, s.event, s.n])).toEqual([
      ['plant:p1', 'readings', LIVE_FRAME_ITEMS],
      ['plant:p1', 'readings', LIVE_FRAME_ITEMS],
      ['plant:p1', 'readings', 500],
    ]);
    expect(sent[1].at).toBeGreaterThan(sent[0].at);
    expect(sent[2].at).toBeGreaterThan(sent[1].at);
  });
});
