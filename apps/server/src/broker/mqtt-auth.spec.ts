import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from 'aedes';
import type { FleetFile, RejectReason } from '#contracts';
import { FleetRegistry } from '../fleet/fleet-registry.js';
import { hashSecretSync, verifySecret } from '../fleet/credentials.js';
import { createLogger } from '../logger.js';
import { Metrics } from '../metrics/metrics.js';
import { KnownGood } from './known-good.js';
import { MqttAuth, PER_SOURCE, PER_USERNAME } from './mqtt-auth.js';

const SECRET = 'the-right-secret-123';
const HASH = hashSecretSync(SECRET);
const motor = (id: string, c: { secretHash?: string; secret?: string }) => ({
  id,
  plantId: 'p1',
  class: 'motor' as const,
  name: id,
  nameplate: { ratedKw: 55, ratedEfficiency: 94.6 },
  ...c,
});
const fleet = (): FleetFile => ({
  plants: [{ id: 'p1', name: 'P1', region: '610100' }],
  devices: [motor('m1', { secretHash: HASH }), motor('m2', { secretHash: HASH }), motor('m3', { secret: SECRET })],
});

interface Result {
  ok: boolean;
  code?: number;
  reason?: RejectReason;
}

/** MqttAuth over a small fleet, counting the scrypt checks it runs; the clock is a number the test moves. */
function authWith(
  o: { verify?: (secret: string, hash: string) => Promise<boolean>; dir?: string; registry?: FleetRegistry } = {},
) {
  const registry = o.registry ?? new FleetRegistry(fleet());
  let checks = 0;
  let t = 0;
  const refused: RejectReason[] = [];
  const verify = o.verify ?? verifySecret;
  const knownGood = new KnownGood(o.dir);
  const auth = new MqttAuth(registry, new Metrics(), createLogger('silent'), {
    required: true,
    knownGood,
    onRefused: (_id, _user, reason) => refused.push(reason),
    verify: (s, h) => (checks++, verify(s, h)),
    now: () => t,
    checksAtOnce: 2,
  });
  const connect = (
    password: string,
    c: { username?: string; clientId?: string; source?: string; assigned?: boolean } = {},
  ): Promise<Result> => {
    const username = c.username ?? 'p1/m1';
    const client = { id: c.clientId ?? username, conn: { remoteAddress: c.source ?? '10.0.0.1' } } as unknown as Client;
    if (c.assigned) auth.connecting(client, '');
    return new Promise((resolve) =>
      auth.authenticate(client, username, Buffer.from(password), (err, ok) =>
        resolve({
          ok: !!ok,
          code: (err as { returnCode?: number } | null)?.returnCode,
          ...(ok ? {} : { reason: refused.at(-1) }),
        }),
      ),
    );
  };
  return { connect, checks: () => checks, advance: (ms: number) => (t += ms), registry, knownGood };
}

const OK = { ok: true, code: undefined };
const WRONG = { ok: false, code: 4, reason: 'BAD_CREDENTIALS' };
const THROTTLED = { ok: false, code: 3, reason: 'CONNECT_THROTTLED' };

describe('MQTT CONNECT authentication', () => {
  it('checks a wrong secret once while it is retried, and still lets the right one in', async () => {
    const a = authWith();
    for (let i = 0; i < 3; i++) expect(await a.connect('wrong-secret-456')).toEqual(WRONG);
    expect(a.checks()).toBe(1);
    expect(await a.connect(SECRET)).toEqual(OK);
    expect(await a.connect(SECRET)).toEqual(OK);
    expect(a.checks()).toBe(2); // the right secret is remembered too
    a.advance(11 * 60_000); // a wrong secret is remembered for ten minutes, then checked again
    expect(await a.connect('wrong-secret-456')).toEqual(WRONG);
    expect(a.checks()).toBe(3);
  });

  it('never runs scrypt for a plaintext secret of the fleet file', async () => {
    const a = authWith();
    expect(await a.connect(SECRET, { username: 'p1/m3' })).toEqual(OK);
    expect(await a.connect('wrong-secret-456', { username: 'p1/m3' })).toEqual(WRONG);
    expect(a.checks()).toBe(0);
  });

  it('binds the client id to the user name: its own, its own with a tag, or one the broker assigned', async () => {
    const a = authWith();
    expect(await a.connect(SECRET, { clientId: 'p1/m2' })).toEqual({
      ok: false,
      code: 2,
      reason: 'CLIENT_ID_REJECTED',
    });
    expect(await a.connect(SECRET, { clientId: 'p1/m2/x' })).toMatchObject({ reason: 'CLIENT_ID_REJECTED' });
    expect(await a.connect(SECRET, { clientId: 'm1' })).toMatchObject({ reason: 'CLIENT_ID_REJECTED' });
    expect(await a.connect(SECRET, { clientId: 'p1/m1/a/b' })).toMatchObject({ reason: 'CLIENT_ID_REJECTED' });
    expect(a.checks()).toBe(0); // refused before any secret check
    expect(await a.connect(SECRET, { clientId: 'p1/m1' })).toEqual(OK);
    expect(await a.connect(SECRET, { clientId: 'p1/m1/firmware-2' })).toEqual(OK);
    expect(await a.connect(SECRET, { clientId: 'aedes_8d0c', assigned: true })).toEqual(OK);
  });

  it('keeps verified secrets across a restart, bound to the hash: a rotated one is checked again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qw-auth-'));
    const first = authWith({ dir });
    expect(await first.connect(SECRET)).toEqual(OK);
    expect(first.checks()).toBe(1);
    first.knownGood.flush(); // as at shutdown (otherwise within a second)

    const again = authWith({ dir }); // a new process over the same data directory
    expect(await again.connect(SECRET)).toEqual(OK);
    expect(await again.connect('wrong-secret-456')).toEqual(WRONG);
    expect(again.checks()).toBe(1); // only the wrong one cost a check

    await again.registry.setSecretHash('p1/m1', hashSecretSync('rotated-secret-789'));
    expect(await again.connect(SECRET)).toEqual(WRONG);
    expect(await again.connect('rotated-secret-789')).toEqual(OK);
    expect(again.checks()).toBe(3);
  });

  it('limits distinct failures per source address: then refuses everything from it for a while', async () => {
    const a = authWith({ verify: async () => false });
    for (let i = 0; i < PER_SOURCE.burst; i++)
      await a.connect(`wrong-${i}`, { username: i % 2 ? `p1/ghost${i}` : `p1/ghost-${i}`, source: '10.9.9.9' });
    expect(await a.connect(SECRET, { username: 'p1/m3', source: '10.9.9.9' })).toEqual(THROTTLED);
    expect(await a.connect(SECRET, { username: 'p1/m3', source: '10.0.0.2' })).toEqual(OK); // other sources: fine
    const checks = a.checks();
    a.advance(PER_SOURCE.refillMs);
    expect(await a.connect('wrong-again', { username: 'p1/m2', source: '10.9.9.9' })).toEqual(WRONG);
    expect(await a.connect('wrong-again-2', { username: 'p1/m2', source: '10.9.9.9' })).toEqual(THROTTLED);
    expect(a.checks()).toBe(checks + 1);
  });

  it('limits distinct failures per user name, but never locks out a secret verified before', async () => {
    let right = false;
    const a = authWith({ verify: async (s, h) => right && verifySecret(s, h) });
    right = true;
    expect(await a.connect(SECRET, { source: '10.0.0.1' })).toEqual(OK); // m1 connected once: known good
    for (let i = 0; i < PER_USERNAME.burst; i++)
      expect(await a.connect(`wrong-${i}`, { source: `10.1.0.${i}` })).toEqual(WRONG);
    expect(await a.connect('wrong-next', { source: '10.2.0.1' })).toEqual(THROTTLED);
    expect(await a.connect(SECRET, { source: '10.2.0.2' })).toEqual(OK);
    // m2 was never verified: while its user name is limited, even its right secret waits
    for (let i = 0; i < PER_USERNAME.burst; i++)
      await a.connect(`wrong-${i}`, { username: 'p1/m2', source: `10.3.0.${i}` });
    expect(await a.connect(SECRET, { username: 'p1/m2', source: '10.4.0.1' })).toEqual(THROTTLED);
    a.advance(PER_USERNAME.refillMs);
    expect(await a.connect(SECRET, { username: 'p1/m2', source: '10.4.0.1' })).toEqual(OK);
  });

  it('runs at most two checks at once, clean ones first, and answers "server unavailable" when too many wait', async () => {
    let running = 0;
    let most = 0;
    const order: string[] = [];
    const held: Array<() => void> = [];
    const a = authWith({
      verify: async (s) => {
        most = Math.max(most, ++running);
        order.push(s);
        await new Promise<void>((r) => held.push(r));
        running--;
        return false;
      },
    });
    // m2 from 10.6.6.6 fails once: its later attempts are suspect and wait behind clean ones
    const first = a.connect('wrong-first', { username: 'p1/m2', source: '10.6.6.6' });
    held.shift()!();
    expect(await first).toEqual(WRONG);
    const attempts = Array.from({ length: 1_001 }, (_, i) =>
      i < 500
        ? a.connect(`wrong-${i}`, { username: 'p1/m2', source: '10.6.6.6' })
        : a.connect(`wrong-${i}`, { source: `10.7.${i >> 8}.${i & 255}` }),
    );
    const clean = a.connect('wrong-clean', { source: '10.8.0.1' });
    expect(await a.connect('one-too-many', { source: '10.8.0.2' })).toEqual(THROTTLED); // 2 running + 1,000 waiting
    while (held.length) {
      held.shift()!();
      await new Promise((r) => setImmediate(r));
    }
    expect((await Promise.all([...attempts, clean])).every((r) => r.code === 4)).toBe(true);
    expect(most).toBe(2);
    // every clean attempt was checked before any suspect one that was still waiting
    const firstSuspect = order.findIndex((s, i) => i > 2 && /^wrong-\d+$/.test(s) && Number(s.slice(6)) < 500);
    expect(order.indexOf('wrong-clean')).toBeLessThan(firstSuspect);
  });
});
