import type { Client } from 'aedes';
import type { FleetFile } from '#contracts';
import { FleetRegistry } from '../fleet/fleet-registry.js';
import { hashSecretSync, verifySecret } from '../fleet/credentials.js';
import { createLogger } from '../logger.js';
import { Metrics } from '../metrics/metrics.js';
import { MqttAuth } from './mqtt-auth.js';

const SECRET = 'the-right-secret-123';
const fleet = (hash: string): FleetFile => ({
  plants: [{ id: 'p1', name: 'P1', region: '610100' }],
  devices: [
    {
      id: 'm1',
      plantId: 'p1',
      class: 'motor',
      name: 'm1',
      nameplate: { ratedKw: 55, ratedEfficiency: 94.6 },
      secretHash: hash,
    },
  ],
});

/** MqttAuth over a one-device fleet, counting the scrypt checks it runs. */
function authWith(verify: (secret: string, hash: string) => Promise<boolean> = verifySecret) {
  const registry = new FleetRegistry(fleet(hashSecretSync(SECRET)));
  let checks = 0;
  let t = 0;
  const auth = new MqttAuth(
    registry,
    true,
    new Metrics(),
    createLogger('silent'),
    () => undefined,
    (s, h) => (checks++, verify(s, h)),
    () => t,
  );
  const connect = (password: string) =>
    new Promise<{ ok: boolean; code?: number }>((resolve) =>
      auth.authenticate({ id: 'c' } as Client, 'p1/m1', Buffer.from(password), (err, ok) =>
        resolve({ ok: !!ok, code: (err as { returnCode?: number } | null)?.returnCode }),
      ),
    );
  return { connect, checks: () => checks, advance: (ms: number) => (t += ms) };
}

describe('MQTT CONNECT authentication', () => {
  it('checks a wrong secret once while it is retried, and still lets the right one in', async () => {
    const a = authWith();
    expect(await a.connect('wrong-secret-456')).toEqual({ ok: false, code: 4 });
    expect(await a.connect('wrong-secret-456')).toEqual({ ok: false, code: 4 });
    expect(await a.connect('wrong-secret-456')).toEqual({ ok: false, code: 4 });
    expect(a.checks()).toBe(1);
    expect(await a.connect(SECRET)).toEqual({ ok: true, code: undefined });
    expect(await a.connect(SECRET)).toEqual({ ok: true, code: undefined });
    expect(a.checks()).toBe(2); // the right secret is remembered too
    a.advance(11 * 60_000); // a wrong secret is remembered for ten minutes, then checked again
    expect(await a.connect('wrong-secret-456')).toEqual({ ok: false, code: 4 });
    expect(a.checks()).toBe(3);
  });

  it('runs at most two checks at once, and answers "server unavailable" when too many wait', async () => {
    let running = 0;
    let most = 0;
    const held: Array<() => void> = [];
    const a = authWith(async () => {
      most = Math.max(most, ++running);
      await new Promise<void>((r) => held.push(r));
      running--;
      return false;
    });
    const attempts = Array.from({ length: 1_003 }, (_, i) => a.connect(`wrong-${i}-secret`));
    expect(await attempts[1_002]).toEqual({ ok: false, code: 3 }); // 2 running + 1,000 waiting: the next is turned away
    while (held.length) {
      held.shift()!();
      await new Promise((r) => setImmediate(r));
    }
    expect((await Promise.all(attempts.slice(0, 1_002))).every((r) => r.code === 4)).toBe(true);
    expect(most).toBe(2);
  });
});
