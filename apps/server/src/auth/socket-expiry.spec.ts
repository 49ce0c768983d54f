import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReadingsBus } from '../bus/readings-bus.js';
import type { AppConfig } from '../config/config.js';
import type { FleetRegistry } from '../fleet/fleet-registry.js';
import { LiveGateway } from '../live/live.gateway.js';
import { createLogger } from '../logger.js';
import { openStateDb, type StateDb } from '../state/state-db.js';
import type { TelemetryStore } from '../store/telemetry-store.js';
import type { Access } from './access.js';
import { AccountsStore } from './accounts.store.js';
import { AuthService } from './auth.service.js';
import type { Principal } from './principal.js';
import { checkInMs, type Timers } from './socket-expiry.js';

const T0 = 1_790_000_000_000;
const MIN = 60_000;
const HOUR = 60 * MIN;

/** a clock the test moves: timers due by then fire in order, each given time to finish its store round trip */
class TestClock implements Timers {
  private t = T0;
  private timers: Array<{ at: number; fn: () => void }> = [];
  now = () => this.t;
  after(ms: number, fn: () => void): () => void {
    const timer = { at: this.t + ms, fn };
    this.timers.push(timer);
    return () => (this.timers = this.timers.filter((x) => x !== timer));
  }
  get pending(): number {
    return this.timers.length;
  }
  async advanceTo(t: number): Promise<void> {
    for (;;) {
      const next = this.timers.filter((x) => x.at <= t).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.timers = this.timers.filter((x) => x !== next);
      this.t = next.at;
      next.fn();
      await new Promise((r) => setTimeout(r, 10));
    }
    this.t = t;
  }
}

/** a socket as the gateway sees it: what it was told, whether it was ended */
function fakeSocket(principal: Principal) {
  const told: unknown[] = [];
  const onDisconnect: Array<() => void> = [];
  const s = {
    data: { principal },
    handshake: { auth: {} },
    rooms: new Set<string>(),
    connected: true,
    join: () => Promise.resolve(),
    emit: (event: string, arg: unknown) => (event === 'snapshot' ? undefined : told.push([event, arg])),
    once: (event: string, fn: () => void) => event === 'disconnect' && onDisconnect.push(fn),
    disconnect: () => {
      s.connected = false;
      onDisconnect.forEach((fn) => fn());
    },
  };
  return { s, told };
}

describe('sockets end when their session or token does', () => {
  let state: StateDb;
  let auth: AuthService;
  let live: LiveGateway;
  let clock: TestClock;

  beforeEach(async () => {
    state = openStateDb({ engine: 'embedded', dataDir: mkdtempSync(join(tmpdir(), 'qw-expiry-')) });
    await state.migrate();
    const accounts = new AccountsStore(state);
    await accounts.insertUser(
      { username: 'ops', displayName: 'Ops', role: 'operator', scope: {}, passwordHash: 'x' },
      T0,
    );
    const config = { sessionIdleMinutes: 480, sessionMaxHours: 168 } as AppConfig;
    clock = new TestClock();
    auth = new AuthService(accounts, {} as FleetRegistry, config, createLogger('silent'), clock);
    const fleet = { plants: () => [], devices: () => [] } as unknown as FleetRegistry;
    const store = { latest: () => Promise.resolve([]) } as unknown as TelemetryStore;
    const log = createLogger('silent');
    live = new LiveGateway(fleet, store, new ReadingsBus(), log, auth, {} as Access, {} as AppConfig);
    live.stop();
  });
  afterEach(() => state.close());

  const connect = async (p: Principal) => {
    const socket = fakeSocket(p);
    await live.handleConnection(socket.s as never);
    return socket;
  };

  it('a session idle for 480 minutes: its open socket is told and ended then, not at the next handshake', async () => {
    const sid = await auth.openSession('ops', T0);
    const { s, told } = await connect((await auth.sessionPrincipal(sid, T0))!);
    await clock.advanceTo(T0 + 480 * MIN);
    expect(s.connected).toBe(true);
    await clock.advanceTo(T0 + 480 * MIN + 1);
    expect(s.connected).toBe(false);
    expect(told).toEqual([['expired', { reason: 'SESSION_EXPIRED' }]]);
    expect(clock.pending).toBe(0);
  });

  it('requests keep the session alive: the socket lives on until it is idle from the last one', async () => {
    const sid = await auth.openSession('ops', T0);
    const { s, told } = await connect((await auth.sessionPrincipal(sid, T0))!);
    await clock.advanceTo(T0 + 400 * MIN);
    expect(await auth.sessionPrincipal(sid, T0 + 400 * MIN)).toBeDefined(); // an HTTP request
    await clock.advanceTo(T0 + 880 * MIN);
    expect(s.connected).toBe(true);
    await clock.advanceTo(T0 + 880 * MIN + 1);
    expect(s.connected).toBe(false);
    expect(told).toEqual([['expired', { reason: 'SESSION_EXPIRED' }]]);
  });

  it('an active session still ends 168 hours after log-in, and its socket with it', async () => {
    const sid = await auth.openSession('ops', T0);
    const { s } = await connect((await auth.sessionPrincipal(sid, T0))!);
    for (let t = T0 + 400 * MIN; t < T0 + 168 * HOUR; t += 400 * MIN) {
      await clock.advanceTo(t);
      expect(await auth.sessionPrincipal(sid, t)).toBeDefined();
    }
    await clock.advanceTo(T0 + 168 * HOUR - 1);
    expect(s.connected).toBe(true);
    await clock.advanceTo(T0 + 168 * HOUR);
    expect(s.connected).toBe(false);
  });

  it("an API token's socket ends at the token's expiry; a socket that closed first is no longer watched", async () => {
    const { token } = await auth.createToken('ops', { name: 'i', role: 'operator', scope: {}, expiresInDays: 1 }, T0);
    const p = (await auth.tokenPrincipal(token, T0))!;
    const { s, told } = await connect(p);
    const other = await connect(p);
    other.s.disconnect();
    await clock.advanceTo(T0 + 24 * HOUR);
    expect(s.connected).toBe(false);
    expect(told).toEqual([['expired', { reason: 'TOKEN_EXPIRED' }]]);
    expect(other.told).toEqual([]);
    expect(clock.pending).toBe(0);
  });

  it('waits in steps setTimeout can take, and not at all for what never ends', () => {
    expect(checkInMs(T0 + 10, T0)).toBe(10);
    expect(checkInMs(T0 - 10, T0)).toBe(0);
    expect(checkInMs(T0 + 3650 * 24 * HOUR, T0)).toBe(2 ** 31 - 1);
    expect(checkInMs(null, T0)).toBeUndefined();
  });
});
